import type { Db, Queryable } from '../db/types.ts';
import { InputError } from '../kernel/errors.ts';
import type { LedgerQueryService } from '../ledgers/query/run.ts';
import type { Ymd } from '../kernel/calendar.ts';
import { parseAudience, resolveAudience, type Audience } from './audience.ts';
import { elderItem, insertDeliveries, pendingDeliveries, type DueItem, type PlanEnv } from './planner.ts';
import { livingElders } from './recipients.ts';
import { activeHolds } from './holds.ts';
import { reachableAccounts } from '../people/accounts.ts';
import { addressOf, renderTemplate } from './templates.ts';
import { parseSendTime } from './send-time.ts';
import type { QueueItem } from './runtime.ts';

/** Festival words a staff title may use; a 群发 for a festival shares its occasion, so nobody gets both. */
const FESTIVAL_TITLES: [RegExp, string][] = [
  [/春节|新春|过年/, '春节'], [/元宵/, '元宵'], [/清明/, '清明'], [/端午/, '端午'], [/七一|建党/, '七一'], [/八一|建军/, '八一'],
  [/七夕/, '七夕'], [/中秋/, '中秋'], [/国庆/, '国庆'], [/重阳|老年节/, '重阳'], [/元旦/, '元旦'], [/腊八/, '腊八'], [/小年/, '小年'],
];

function occasionForTitle(title: string): string | null {
  const f = FESTIVAL_TITLES.find(([re]) => re.test(title));
  return f ? `festival:${f[1]}` : null;
}

export interface Draft {
  title: string;
  sendAt: Date;
  day: Ymd;
  audience: Audience;
  body: string;
}

/** `端午节 明天9点 全体 <内容>` → a draft (nothing written yet). */
export async function parseCampaignCommand(
  db: Queryable,
  args: string,
  opts: { now: Date; tz: string; scopeTowns: string[] | null; ledger: LedgerQueryService },
): Promise<Draft> {
  const usage = '格式：/群发 标题 时间 对象 内容，例如“/群发 端午节 明天9点 全体 端午安康，祝您身体健康！”';
  const m = /^(\S+)\s+(\S+)\s+(\S+)\s+([\s\S]+)$/.exec(args.trim());
  if (!m) throw new InputError('campaign command incomplete', usage);
  const [, title, when, who, content] = m as unknown as [string, string, string, string, string];
  const t = parseSendTime(when, opts.now, opts.tz);
  if (!t) throw new InputError(`bad send time ${when}`, `没看懂发送时间“${when}”。可以写：现在、明天9点、6月19日上午10点。${usage}`);
  if (t.at.getTime() < opts.now.getTime() - 5 * 60_000) throw new InputError('send time in the past', `发送时间“${when}”已经过去了，请换一个时间。`);
  const body = content.trim();
  if (body.length < 4 || body.length > 500) throw new InputError('bad body length', '祝福内容请写 4 到 500 个字。');
  const audience = await parseAudience(db, who, { today: t.day, scopeTowns: opts.scopeTowns, ledger: opts.ledger });
  return { title, sendAt: t.at, day: t.day, audience, body };
}

/** The staff text for one elder: addressed by name unless the text already uses {称呼}. */
function campaignText(body: string, elder: { name: string }, address: string, officeName: string): string {
  const text = body.includes('{称呼}') ? body : `{称呼}，${body}`;
  return renderTemplate(text, { 称呼: address, 姓名: elder.name, 单位: officeName });
}

export interface Preview {
  campaignId: number;
  total: number;
  send: number;
  call: number;
  /** Elders whose greetings are on hold (a reported death): written as held, neither sent nor called. */
  held: number;
  /** Already greeted (or due to be) for this occasion that day: skipped, never sent twice. */
  alreadyCovered: number;
  sample: { elderId: number; name: string; town: string | null; action: 'send' | 'call' | 'held' }[];
  sampleText: string | null;
}

/** Recipients of a campaign as delivery items (not yet written). */
async function campaignItems(db: Queryable, c: CampaignRow, scopeTowns: string[] | null, env: PlanEnv): Promise<DueItem[]> {
  const ids = await resolveAudience(db, c.audience, { today: c.occasion_date, scopeTowns });
  const [elders, reach, holds] = await Promise.all([livingElders(db, ids), reachableAccounts(db, { phoneChannels: env.phoneChannels ?? [] }), activeHolds(db)]);
  const base = { planKey: '', occasion: c.occasion, title: c.title, kind: 'greeting' as const, occasionDate: c.occasion_date, sendAt: new Date(c.send_at) };
  return elders.map((e) => {
    const address = addressOf(e.name, '张老', e.gender);
    return elderItem(base, e, reach.get(e.id) ?? null, { address, body: campaignText(c.body ?? '', e, address, env.officeName) }, env.officeName, holds.get(e.id));
  });
}

interface CampaignRow {
  id: number;
  title: string;
  occasion: string;
  occasion_date: string;
  send_at: Date;
  audience: Audience;
  body: string | null;
  status: 'draft' | 'confirmed' | 'cancelled';
  created_by: string;
}

const CAMPAIGN_COLUMNS = 'id, title, occasion, occasion_date, send_at, audience, body, status, created_by';

async function getCampaign(db: Queryable, id: number): Promise<CampaignRow | null> {
  const { rows } = await db.query<CampaignRow>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Writes the draft and shows staff exactly who would get what; nothing is sent before confirm. */
export async function createDraft(db: Db, d: Draft, by: string, scopeTowns: string[] | null, env: PlanEnv): Promise<Preview> {
  const c = await db.transaction(async (tx) => {
    const r = await tx.query<{ id: number }>(
      `INSERT INTO campaigns (title, occasion, occasion_date, send_at, audience, body, status, created_by)
       VALUES ($1, 'pending', $2, $3, $4, $5, 'draft', $6) RETURNING id`,
      [d.title, d.day, d.sendAt, JSON.stringify(d.audience), d.body, by],
    );
    const cid = r.rows[0]!.id;
    // The occasion of a title that names no festival is the campaign's own id, known only after the insert.
    const u = await tx.query<CampaignRow>(`UPDATE campaigns SET occasion = $2 WHERE id = $1 RETURNING ${CAMPAIGN_COLUMNS}`, [cid, occasionForTitle(d.title) ?? `campaign:${cid}`]);
    return u.rows[0]!;
  });
  const items = await campaignItems(db, c, scopeTowns, env);
  const covered = await db.query<{ recipient: string }>(
    `SELECT recipient FROM deliveries WHERE occasion = $1 AND occasion_date = $2 AND recipient = ANY($3)`,
    [c.occasion, c.occasion_date, items.map((i) => i.recipient)],
  );
  const coveredSet = new Set(covered.rows.map((r) => r.recipient));
  const fresh = items.filter((i) => !coveredSet.has(i.recipient));
  return {
    campaignId: c.id,
    total: fresh.length,
    send: fresh.filter((i) => i.action === 'send').length,
    call: fresh.filter((i) => i.action === 'call').length,
    held: fresh.filter((i) => i.action === 'held').length,
    alreadyCovered: coveredSet.size,
    sample: fresh.slice(0, 8).map((i) => ({ elderId: i.elder!.id, name: i.elder!.name, town: i.elder!.town, action: i.action })),
    sampleText: fresh[0]?.text ?? null,
  };
}

/** Confirms a draft: its deliveries are written (each unique key once) and handed to the queue. */
export async function confirmCampaign(db: Db, id: number, by: string, scopeTowns: string[] | null, env: PlanEnv, now: Date = new Date()): Promise<{ planned: number; toQueue: QueueItem[]; call: number }> {
  const c = await getCampaign(db, id);
  if (!c) throw new InputError(`no campaign ${id}`, `没有找到第 ${id} 号群发。`);
  if (c.status !== 'draft') throw new InputError(`campaign ${id} is ${c.status}`, c.status === 'confirmed' ? `第 ${id} 号群发已经确认过了。` : `第 ${id} 号群发已取消。`);
  if (new Date(c.send_at).getTime() < now.getTime() - 60 * 60_000) throw new InputError('campaign expired', `第 ${id} 号群发的发送时间已过，请重新创建。`);
  const items = await campaignItems(db, c, scopeTowns, env);
  const planned = await db.transaction(async (tx) => {
    const upd = await tx.query(`UPDATE campaigns SET status = 'confirmed', confirmed_by = $2, confirmed_at = now() WHERE id = $1 AND status = 'draft'`, [id, by]);
    if (!upd.rowCount) throw new InputError(`campaign ${id} already confirmed`, `第 ${id} 号群发已经确认过了。`);
    return insertDeliveries(tx, id, items);
  });
  return { planned, toQueue: await pendingDeliveries(db, { campaignId: id }), call: items.filter((i) => i.action === 'call').length };
}

export async function cancelCampaign(db: Queryable, id: number, by: string): Promise<number> {
  const c = await db.query(`UPDATE campaigns SET status = 'cancelled', confirmed_by = $2 WHERE id = $1 AND status <> 'cancelled' RETURNING id`, [id, by]);
  if (!c.rowCount) throw new InputError(`no campaign ${id} to cancel`, `没有找到可以取消的第 ${id} 号群发。`);
  // Only what has not started sending is cancelled; sent greetings stay sent.
  const d = await db.query(`UPDATE deliveries SET status = 'cancelled', updated_at = now() WHERE campaign_id = $1 AND status IN ('pending', 'call')`, [id]);
  return d.rowCount ?? 0;
}

export async function latestDraft(db: Queryable, by: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM campaigns WHERE status = 'draft' AND created_by = $1 ORDER BY id DESC LIMIT 1`, [by]);
  return rows[0]?.id ?? null;
}
