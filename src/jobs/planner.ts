import type { Db, Queryable } from '../db/types.ts';
import type { Channel } from '../chat/message.ts';
import { createCase, findCaseFor } from '../cases/store.ts';
import { addDays, parseYmd } from '../kernel/time.ts';
import { birthdayOn, describeDay, festivalsOfYear, festivalsOn, type FestivalName, type Ymd } from '../kernel/calendar.ts';
import { listPlans, type Plan } from './plans.ts';
import { livingElders, type ElderForPlan } from './recipients.ts';
import { reachableAccounts, type PhoneChannel, type Reach } from '../people/accounts.ts';
import { groupsForTown, staffGroups, type StaffGroup } from '../people/groups.ts';
import { addressOf, renderTemplate } from './templates.ts';
import { zonedInstant } from '../kernel/zoned-time.ts';
import { dueForVisit, type DueVisit } from '../ledgers/visits.ts';
import type { QueueItem } from './runtime.ts';
import { activeHolds, type ActiveHold } from './holds.ts';

export interface PlanEnv {
  tz: string;
  officeName: string;
  /** SMS and voice calls, when configured: elders without a chat account are greeted that way. */
  phoneChannels?: PhoneChannel[];
}

/** One greeting or reminder a day produces. */
export interface DueItem {
  planKey: string;
  occasion: string;
  title: string;
  kind: Plan['kind'];
  occasionDate: Ymd;
  recipient: string;
  elder?: { id: number; name: string; town: string | null };
  group?: { id: number; name: string | null };
  /**
   * 'send' through an account (or SMS / a voice call); 'call': no route, staff phone the elder instead;
   * 'held': the elder's greetings are on hold (a reported death awaiting staff confirmation): neither sent nor called.
   */
  action: 'send' | 'call' | 'held';
  channel: Channel | null;
  accountId: number | null;
  via: 'elder' | 'family' | 'group' | null;
  note?: string;
  sendAt: Date;
  text: string;
  /** Short values for templates (SMS, voice, 服务号 模板消息): 称呼, 姓名, 场合, 日期. */
  templateParams?: Record<string, string>;
  /** For milestone tasks: the elders the task is about (the case is created when the day is planned). */
  taskElders?: { id: number; name: string; town: string | null; age: number; birthday: Ymd }[];
}

/** Which elders a greeting plan addresses on `day` (with the birthday age where it matters). */
function greetingAudience(plan: Plan, day: Ymd, elders: ElderForPlan[]): { elder: ElderForPlan; age?: number; festival?: string }[] {
  const r = plan.rule;
  if (plan.key === 'birthday') {
    return elders.flatMap((e) => {
      if (!e.birthday_known) return [];
      const b = birthdayOn(day, e.birth_date, e.lunar_birthday);
      return b ? [{ elder: e, age: b.age }] : [];
    });
  }
  if (r.festival) {
    if (!festivalsOn(day).includes(r.festival as FestivalName)) return [];
    return elders.filter((e) => !r.partyMembersOnly || e.party_member === true).map((e) => ({ elder: e, festival: r.festival! }));
  }
  if (r.at === '初伏') return festivalsOn(day).includes('初伏') ? elders.map((e) => ({ elder: e, festival: '入伏' })) : [];
  if (r.daysBeforeSpringFestival !== undefined) {
    const target = addDays(day, r.daysBeforeSpringFestival);
    return festivalsOfYear(parseYmd(target).y).get('春节') === target ? elders.map((e) => ({ elder: e, festival: '春节' })) : [];
  }
  return [];
}

function reminderApplies(plan: Plan, day: Ymd): boolean {
  const { m, d } = parseYmd(day);
  const r = plan.rule;
  if (r.monthDays) return r.monthDays.includes(d);
  if (r.month !== undefined && r.day !== undefined) return r.month === m && r.day === d;
  return false;
}

export const CALL_NOTE = 'no account: staff to call';
export const HELD_NOTE = 'greetings on hold: reported death awaiting staff confirmation';

/** Text as staff should read it before the day is planned (the 生日必到 case number does not exist yet). */
export function displayText(item: DueItem): string {
  return item.text.replace(/\{任务号:\d+\}/g, '（安排当天生成）');
}

type ItemBase = Pick<DueItem, 'planKey' | 'occasion' | 'title' | 'kind' | 'occasionDate' | 'sendAt'>;

/**
 * One elder's greeting (a plan's or a 群发's): through the account that reaches them, with a line asking
 * a family member to pass it on when theirs is the only one, or on the call list when nobody is bound.
 */
export function elderItem(base: ItemBase, e: ElderForPlan, r: Reach | null, greeting: { address: string; body: string }, officeName: string, hold?: ActiveHold): DueItem {
  return {
    ...base,
    recipient: `elder:${e.id}`,
    elder: { id: e.id, name: e.name, town: e.town },
    action: hold ? 'held' : r ? 'send' : 'call',
    channel: r?.channel ?? null,
    accountId: r?.accountId ?? null,
    via: r?.via ?? null,
    ...(hold ? { note: HELD_NOTE } : r ? {} : { note: CALL_NOTE }),
    templateParams: { 称呼: greeting.address, 姓名: e.name, 场合: occasionWord(base.title), 日期: ymdWords(base.occasionDate) },
    text: r?.via === 'family' ? `您好！这是${officeName}给${greeting.address}（${e.name}）的问候，麻烦您转告：\n${greeting.body}` : greeting.body,
  };
}

/** '中秋节祝福' → '中秋节', '重阳节（老年节）祝福' → '重阳节': what a template says the greeting is for. */
function occasionWord(title: string): string {
  return title.replace(/[（(][^)）]*[)）]/g, '').replace(/(祝福|问候)$/u, '').trim() || title;
}

function ymdWords(day: Ymd): string {
  const { y, m, d } = parseYmd(day);
  return `${y}年${m}月${d}日`;
}

/** Everything `day` would produce, without writing or sending anything. */
export async function computeDue(db: Queryable, day: Ymd, env: PlanEnv): Promise<DueItem[]> {
  parseYmd(day);
  const plans = (await listPlans(db)).filter((p) => p.enabled);
  if (!plans.length) return [];
  const [elders, reach, groups, holds] = await Promise.all([livingElders(db), reachableAccounts(db, { phoneChannels: env.phoneChannels ?? [] }), staffGroups(db), activeHolds(db)]);
  const items: DueItem[] = [];
  for (const plan of plans) {
    const sendAt = zonedInstant(day, plan.sendTime, env.tz);
    const base = { planKey: plan.key, occasion: plan.key, title: plan.title, kind: plan.kind, occasionDate: day, sendAt };
    if (plan.kind === 'greeting') {
      for (const { elder: e, age, festival } of greetingAudience(plan, day, elders)) {
        const address = addressOf(e.name, plan.rule.addressStyle ?? '张老', e.gender);
        const body = renderTemplate(plan.template, { 称呼: address, 姓名: e.name, 年龄: age, 节日: festival, 单位: env.officeName, 日期: describeDay(day), 镇: e.town ?? '' });
        items.push(elderItem(base, e, reach.get(e.id) ?? null, { address, body }, env.officeName, holds.get(e.id)));
      }
    } else if (plan.kind === 'reminder') {
      if (!reminderApplies(plan, day)) continue;
      const body = renderTemplate(plan.template, { 单位: env.officeName, 日期: describeDay(day) });
      // 每月两次一进两看三查: each group is told whom of its towns is still due this month.
      const due = plan.rule.dueVisits ? await dueForVisit(db, { today: day, perMonth: plan.rule.dueVisits, towns: null }) : null;
      items.push(...groupItems(base, groups, (g) => (due ? `${body}\n${dueVisitLines(due.filter((e) => groupsForTown([g], e.town).length > 0 || !g.id), plan.rule.dueVisits!)}` : body)));
    } else {
      // No birthday visit is planned for an elder whose death was reported.
      items.push(...milestoneItems(plan, base, day, elders.filter((e) => !holds.has(e.id)), groups, env));
    }
  }
  return items;
}

/** "本月还要走访的（12位）：张建国（韦庄村，还没走访）、…" — the first 30 by need, then how many more. */
function dueVisitLines(due: DueVisit[], perMonth: number): string {
  if (!due.length) return `本月各位老人都已走访${perMonth}次，辛苦了。`;
  const shown = due.slice(0, 30).map((e) => `${e.name}（${e.village ?? e.town ?? ''}，${e.visits ? `已走访${e.visits}次` : '还没走访'}）`);
  return `本月还要走访的（${due.length}位，每月${perMonth}次）：${shown.join('、')}${due.length > 30 ? ` 等，完整名单可问“这个月还没走访的有哪些”` : ''}`;
}

function groupItems(base: ItemBase, groups: StaffGroup[], textFor: (g: StaffGroup) => string | null): DueItem[] {
  if (!groups.length) {
    return [{ ...base, recipient: 'group:none', action: 'call', channel: null, accountId: null, via: null, note: 'no staff group registered', text: textFor({ id: 0, name: null, channel: 'cli', externalId: '', towns: [] }) ?? '' }];
  }
  return groups.flatMap((g) => {
    const text = textFor(g);
    return text === null ? [] : [{ ...base, recipient: `group:${g.id}`, group: { id: g.id, name: g.name }, action: 'send' as const, channel: g.channel, accountId: null, via: 'group' as const, text }];
  });
}

/** 整寿 (80, 85 …) a week ahead: one task message per staff group, listing the elders in its towns. */
function milestoneItems(plan: Plan, base: ItemBase, day: Ymd, elders: ElderForPlan[], groups: StaffGroup[], env: PlanEnv): DueItem[] {
  const ages = plan.rule.ages ?? [80, 85, 90, 95, 100];
  const target = addDays(day, plan.rule.daysBefore ?? 7);
  const due = elders.flatMap((e) => {
    if (!e.birthday_known) return [];
    const b = birthdayOn(target, e.birth_date, e.lunar_birthday);
    return b && ages.includes(b.age) ? [{ id: e.id, name: e.name, town: e.town, age: b.age, birthday: target }] : [];
  });
  if (!due.length) return [];
  const line = (t: (typeof due)[number]) =>
    renderTemplate(plan.template, { 姓名: t.name, 称呼: addressOf(t.name), 年龄: t.age, 日期: describeDay(t.birthday), 镇: t.town ?? '', 单位: env.officeName, 任务号: `{任务号:${t.id}}` });
  // An elder whose town no group covers goes to every group rather than to nobody.
  const uncovered = (t: (typeof due)[number]) => groupsForTown(groups, t.town).length === 0;
  const covered = new Map(groups.map((g) => [g.id, due.filter((t) => uncovered(t) || groupsForTown([g], t.town).length > 0)]));
  // With no group registered, groupItems passes a stand-in that has no entry here: it lists everyone.
  const eldersOf = (g: StaffGroup) => covered.get(g.id) ?? due;
  const out = groupItems(base, groups, (g) => (eldersOf(g).length ? eldersOf(g).map(line).join('\n') : null));
  for (const it of out) it.taskElders = it.group ? covered.get(it.group.id)! : due;
  return out;
}

export interface PlanDayResult {
  day: Ymd;
  campaigns: number;
  planned: number;
  call: number;
  tasks: number;
  /** Pending deliveries of the day, for the queue (already-queued ones are ignored there by id). */
  toQueue: QueueItem[];
}

/**
 * Writes the day's campaigns and deliveries. Idempotent: every row has its unique key, so running it
 * again (another scheduler, the catch-up) adds only what is missing.
 */
export async function planDay(db: Db, day: Ymd, env: PlanEnv, now: Date = new Date()): Promise<PlanDayResult> {
  const items = await computeDue(db, day, env);
  const byPlan = new Map<string, DueItem[]>();
  for (const it of items) {
    if (it.recipient === 'group:none') continue;
    const list = byPlan.get(it.planKey);
    if (list) list.push(it);
    else byPlan.set(it.planKey, [it]);
  }
  let planned = 0;
  let tasks = 0;
  for (const [planKey, list] of byPlan) {
    await db.transaction(async (tx) => {
      const first = list[0]!;
      const c = await tx.query<{ id: number }>(
        `INSERT INTO campaigns (plan_key, title, occasion, occasion_date, send_at, audience, status, confirmed_by, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', 'system', now())
         ON CONFLICT (plan_key, occasion_date) WHERE plan_key IS NOT NULL DO UPDATE SET plan_key = EXCLUDED.plan_key
         RETURNING id`,
        [planKey, first.title, first.occasion, day, first.sendAt, JSON.stringify({ plan: planKey })],
      );
      const campaignId = c.rows[0]!.id;
      if (first.kind === 'visit_task') tasks += await createBirthdayTasks(tx, list, now, env.tz);
      planned += await insertDeliveries(tx, campaignId, list);
    });
  }
  const toQueue = await pendingDeliveries(db, { day });
  return { day, campaigns: byPlan.size, planned, call: items.filter((i) => i.action === 'call').length, tasks, toQueue };
}

/** The 生日必到 case for each elder, once per birthday, and its number written into the task text. */
async function createBirthdayTasks(tx: Queryable, list: DueItem[], now: Date, tz: string): Promise<number> {
  const numbers = new Map<number, string>();
  let created = 0;
  for (const it of list) {
    for (const t of it.taskElders ?? []) {
      if (numbers.has(t.id)) continue;
      let number = await findCaseFor(tx, { elderId: t.id, kind: 'life_event', subkind: '生日', detail: ['birthday', t.birthday] });
      if (!number) {
        const summary = `生日必到：${t.name}${t.age}岁生日（${describeDay(t.birthday)}），请上门看望`;
        const c = await createCase(tx, {
          kind: 'life_event',
          subkind: '生日',
          elderId: t.id,
          accountId: null,
          summary,
          details: { birthday: t.birthday, age: t.age, source: 'jobs:milestone' },
          actorTag: 'system',
          now,
          timeZone: tz,
          // Numbered in the birthday's year, not today's: a task planned in late December belongs to January.
          year: parseYmd(t.birthday).y,
          dueAt: zonedInstant(t.birthday, '18:00', tz),
        });
        number = c.number;
        created++;
      }
      numbers.set(t.id, number);
    }
    it.text = it.text.replace(/\{任务号:(\d+)\}/g, (_, id: string) => numbers.get(Number(id)) ?? '');
  }
  return created;
}

export async function insertDeliveries(tx: Queryable, campaignId: number, list: DueItem[]): Promise<number> {
  const r = await tx.query(
    `INSERT INTO deliveries (campaign_id, recipient, occasion, occasion_date, elder_id, group_id, account_id, via, body, send_at, status, channel, template_params)
     SELECT $1, u.recipient, u.occasion, u.occasion_date::date, u.elder_id, u.group_id, u.account_id, u.via, u.body, u.send_at, u.status, u.channel, u.params::jsonb
     FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::timestamptz[], $11::text[], $12::text[], $13::text[])
       AS u(recipient, occasion, occasion_date, elder_id, group_id, account_id, via, body, send_at, status, channel, params)
     ON CONFLICT (recipient, occasion, occasion_date) DO NOTHING`,
    [
      campaignId,
      list.map((i) => i.recipient),
      list.map((i) => i.occasion),
      list.map((i) => i.occasionDate),
      list.map((i) => i.elder?.id ?? null),
      list.map((i) => i.group?.id ?? null),
      list.map((i) => i.accountId),
      list.map((i) => i.via),
      list.map((i) => i.text),
      list.map((i) => i.sendAt),
      list.map((i) => (i.action === 'send' ? 'pending' : i.action)),
      // Only SMS and calls keep their channel here; a chat account's channel is the account's own.
      list.map((i) => (i.channel === 'sms' || i.channel === 'voice_call' ? i.channel : null)),
      list.map((i) => (i.templateParams ? JSON.stringify(i.templateParams) : null)),
    ],
  );
  return r.rowCount ?? 0;
}

/** Pending rows to (re-)queue: for one day, one campaign, or everything from `since`. */
export async function pendingDeliveries(db: Queryable, f: { day?: Ymd; campaignId?: number; since?: Ymd }): Promise<QueueItem[]> {
  const { rows } = await db.query<{ id: number; send_at: Date; channel: Channel | null }>(
    `SELECT d.id, d.send_at, coalesce(a.channel, g.channel, d.channel) AS channel
     FROM deliveries d LEFT JOIN channel_accounts a ON a.id = d.account_id LEFT JOIN chat_groups g ON g.id = d.group_id
     WHERE d.status = 'pending'
       AND ($1::date IS NULL OR d.occasion_date = $1) AND ($2::bigint IS NULL OR d.campaign_id = $2) AND ($3::date IS NULL OR d.occasion_date >= $3)
     ORDER BY d.send_at, d.id`,
    [f.day ?? null, f.campaignId ?? null, f.since ?? null],
  );
  // A row whose account vanished still goes through a queue: the worker then records it as a call.
  return rows.map((r) => ({ id: r.id, runAt: new Date(r.send_at), channel: r.channel ?? 'web' }));
}
