import { text } from '../../chat/message.ts';
import type { NoticeOutbox } from '../../chat/ports.ts';
import type { StaffCommand, StaffContext } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Db } from '../../db/types.ts';
import { STATUS_LABEL, caseKindText, normalizeCaseNumber } from '../../cases/catalog.ts';
import { assignCase, caseEvents, closeCase, getCase, listOpenCases, type CaseView } from '../../cases/store.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { phoneForStaff } from '../../privacy/masking.ts';
import { caseClosedForElder } from '../replies.ts';
import { detailLine, frameText } from '../frame-text.ts';
import { slotSpec } from '../../cases/catalog.ts';
import type { Queryable } from '../../db/types.ts';

/** How each kind of case event reads for staff. */
const EVENT_LABEL: Record<string, string> = {
  created: '登记',
  notified: '通知工作群',
  detail: '补充',
  note: '补充',
  update: '更新',
  assigned: '接单',
  closed: '办结',
  asked: '询问进度',
  greetings_held: '暂停问候',
  ledger_confirmed: '确认台账变更',
  ledger_rejected: '否认（不属实）',
};

function eventText(kind: string, note: string | null, c: CaseView): string {
  const label = EVENT_LABEL[kind] ?? '记录';
  if (!note) return label;
  if (kind === 'notified') return note === 'all' ? '已通知全部工作群' : `已通知${note}工作群`;
  if (kind === 'greetings_held') return `给老人的问候已全部暂停${Number(note) ? `（${note} 条）` : ''}`;
  if (kind === 'detail') {
    // Stored as "slot: value"; staff read the slot's label.
    const m = /^([a-z_]+): ([\s\S]*)$/.exec(note);
    if (m) return `补充 ${detailLine(m[1]!, m[2]!, slotSpec(c.kind, c.subkind, m[1]!)?.label) ?? m[2]!}`.slice(0, 90);
  }
  return `${label}：${note.slice(0, 80)}`;
}

/** 'elder:12' → 老人本人, 'family-account:77' → 家属（女儿）, 'staff:3' → 孙干事, 'system' → 系统. */
async function actorNames(q: Queryable, tags: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const staffIds = new Set<number>();
  const accountIds = new Set<number>();
  for (const t of new Set(tags)) {
    const [kind, id] = t.split(':');
    if (kind === 'elder') out.set(t, '老人本人');
    else if (kind === 'staff' && Number(id)) staffIds.add(Number(id));
    else if (kind === 'family-account' && Number(id)) accountIds.add(Number(id));
    else if (kind === 'unknown-account') out.set(t, '未绑定用户');
    else if (t === 'cli') out.set(t, '命令行');
    else out.set(t, '系统');
  }
  if (staffIds.size) {
    const r = await q.query<{ id: number; name: string }>(`SELECT id, name FROM staff WHERE id = ANY($1::bigint[])`, [[...staffIds]]);
    for (const row of r.rows) out.set(`staff:${row.id}`, row.name);
  }
  if (accountIds.size) {
    const r = await q.query<{ id: number; relation: string | null }>(`SELECT id, relation FROM channel_accounts WHERE id = ANY($1::bigint[])`, [[...accountIds]]);
    for (const row of r.rows) out.set(`family-account:${row.id}`, `家属${row.relation ? `（${row.relation}）` : ''}`);
  }
  for (const t of tags) if (!out.has(t)) out.set(t, t.startsWith('staff:') ? '工作人员' : t.startsWith('family-account:') ? '家属' : '系统');
  return out;
}

/**
 * /案件, /案件 <编号>, /接单 <编号>, /结案 <编号> <说明>. Non-admin staff see and act on cases of their
 * towns only (and cases with no elder). Group chats get masked phones; private chats the full number.
 */
export interface CaseCommandDeps {
  db: Db;
  outbox: NoticeOutbox;
  timeZone: string;
}

const say = (t: string, intent: string, caseId?: string): TurnResult => ({ replies: [text(t)], intent, ...(caseId ? { caseId } : {}) });

function inScope(ctx: StaffContext, c: CaseView): boolean {
  const towns = ctx.staff.towns;
  return towns === null || c.elder_id === null || (c.elder_town !== null && towns.includes(c.elder_town));
}

function fmtTime(d: Date | null, tz: string): string {
  if (!d) return '';
  return new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(d));
}

function line(c: CaseView, tz: string): string {
  const who = c.elder_name ? `${c.elder_name}（${c.elder_town ?? '镇未登记'}）` : '未绑定用户';
  return `${c.urgent ? '【紧急】' : ''}${c.ledger_status === 'pending' ? '【待核实】' : ''}${c.number} ${caseKindText(c.kind, c.subkind)} ${who} ${STATUS_LABEL[c.status]}${c.assignee_name ? `（${c.assignee_name}）` : ''} ${fmtTime(c.created_at, tz)}`;
}

export function createCaseCommands(deps: CaseCommandDeps): StaffCommand[] {
  const { db, timeZone } = deps;

  async function detail(ctx: StaffContext, c: CaseView): Promise<string> {
    const phone = ctx.isPrivate ? (c.elder_phone ?? '（无）') : phoneForStaff(c.elder_phone);
    // Reading a case shows an elder's details: audited like any ledger read.
    if (c.elder_id) {
      await writeAudit(db, {
        actor: ctx.staff.tag,
        action: 'case.view',
        channel: ctx.msg.channel,
        query: { case: c.number, private: ctx.isPrivate },
        question: ctx.msg.text.slice(0, 200),
        elderIds: [c.elder_id],
        rowCount: 1,
      });
    }
    const events = await caseEvents(db, c.id);
    const names = await actorNames(db, events.map((e) => e.actor));
    const details = Object.entries(c.details)
      .map(([k, v]) => detailLine(k, v, slotSpec(c.kind, c.subkind, k)?.label))
      .filter((l): l is string => !!l);
    const frame = frameText(c.frame);
    const pendingLedger =
      c.ledger_status === 'pending' && c.ledger_change
        ? `待核实：台账${c.ledger_change === '再婚' ? '取消丧偶' : `记为${c.ledger_change}`}。核实后发 /确认 ${c.number}${c.ledger_change === '已故' ? ' 去世日期' : ''}；不属实发 /否认 ${c.number} 说明`
        : c.ledger_status
          ? `台账变更（${c.ledger_change}）：${c.ledger_status === 'confirmed' ? '已确认' : '已否认'}`
          : null;
    return [
      line(c, timeZone),
      `电话：${phone}`,
      `内容：${c.summary}`,
      ...(frame ? [`情况：${frame}`] : []),
      ...(pendingLedger ? [pendingLedger] : []),
      ...(details.length ? ['补充：', ...details.map((d) => `  ${d}`)] : []),
      '经过：',
      ...events.map((e) => `  ${fmtTime(e.at, timeZone)} ${names.get(e.actor) ?? '系统'} ${eventText(e.kind, e.note, c)}`),
    ].join('\n');
  }

  async function findInScope(ctx: StaffContext, raw: string): Promise<CaseView | string> {
    const number = normalizeCaseNumber(raw);
    if (!number) return '请写上诉求编号，比如：JY-2026-0001';
    const c = await getCase(db, number);
    if (!c || !inScope(ctx, c)) return `没有找到诉求 ${number}（或不在您负责的镇）。`;
    return c;
  }

  const cases: StaffCommand = {
    name: '案件',
    aliases: ['诉求'],
    minRole: 'liaison',
    help: '/案件 —— 看待处理的诉求；/案件 JY-2026-0001 看一件的详情',
    intent: 'staff_case',
    async run(ctx, args) {
      if (args) {
        const c = await findInScope(ctx, args);
        return typeof c === 'string' ? say(c, 'staff_case') : say(await detail(ctx, c), 'staff_case', c.number);
      }
      const list = await listOpenCases(db, ctx.staff.towns);
      // The list names elders and their towns: a read of personal data like any other.
      const elderIds = [...new Set(list.flatMap((c) => (c.elder_id === null ? [] : [Number(c.elder_id)])))];
      if (elderIds.length) {
        await writeAudit(db, { actor: ctx.staff.tag, action: 'case.list', channel: ctx.msg.channel, query: { open: true, towns: ctx.staff.towns, private: ctx.isPrivate }, question: ctx.msg.text.slice(0, 200), elderIds, rowCount: list.length });
      }
      const body = list.length ? [`待处理诉求 ${list.length} 件：`, ...list.map((c) => line(c, timeZone))].join('\n') : '目前没有待处理的诉求。';
      return say(body, 'staff_cases');
    },
  };

  const assign: StaffCommand = {
    name: '接单',
    minRole: 'liaison',
    help: '/接单 JY-2026-0001 —— 由我来办',
    intent: 'staff_assign',
    async run(ctx, args) {
      const c = await findInScope(ctx, args);
      if (typeof c === 'string') return say(c, 'staff_assign');
      const row = await db.transaction(async (tx) => {
        const r = await assignCase(tx, c.number, ctx.staff.staffId, ctx.now);
        if (r?.account_id) await deps.outbox.toAccount(tx, r.account_id, [text(`您的事（编号 ${r.number}）已经有工作人员接手，会尽快联系您。`)], { caseId: r.id, now: ctx.now });
        return r;
      });
      if (!row) return say(`诉求 ${c.number} 已经办结，不能再接。`, 'staff_assign', c.number);
      return say(`好的，诉求 ${c.number} 由${ctx.staff.name || '您'}负责。办完请发：/结案 ${c.number} 办理结果`, 'staff_assign', c.number);
    },
  };

  const close: StaffCommand = {
    name: '结案',
    minRole: 'liaison',
    help: '/结案 JY-2026-0001 已电话回访 —— 办结并告诉老人',
    intent: 'staff_close',
    async run(ctx, args) {
      const parts = /^(\S+)\s*([\s\S]*)$/.exec(args);
      const c = await findInScope(ctx, parts?.[1] ?? '');
      if (typeof c === 'string') return say(c, 'staff_close');
      const note = (parts?.[2] ?? '').trim();
      if (!note) return say(`请写上办理结果，比如：/结案 ${c.number} 已电话回访，老人情况稳定`, 'staff_close', c.number);
      const row = await db.transaction(async (tx) => {
        const r = await closeCase(tx, c.number, ctx.staff.staffId, note.slice(0, 500), ctx.now);
        if (r?.account_id) await deps.outbox.toAccount(tx, r.account_id, [text(caseClosedForElder(r.number, note.slice(0, 200)))], { caseId: r.id, now: ctx.now });
        return r;
      });
      if (!row) return say(`诉求 ${c.number} 之前已经办结了。`, 'staff_close', c.number);
      return say(`诉求 ${c.number} 已办结${row.account_id ? '，已告诉老人' : ''}。`, 'staff_close', c.number);
    },
  };

  return [cases, assign, close];
}

