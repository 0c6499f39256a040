import { text } from '../../chat/message.ts';
import type { StaffCommand, StaffContext } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Db, Queryable } from '../../db/types.ts';
import { normalizeCaseNumber } from '../../cases/catalog.ts';
import { decideLedgerChange, getCase, settleCase, type CaseView } from '../../cases/store.ts';
import { editElder, markDeceased } from '../../ledgers/elder-edits.ts';
import { parseDate } from '../../ledgers/parse-date.ts';
import { releaseGreetings } from '../../jobs/holds.ts';
import { addDays, todayIn } from '../../kernel/time.ts';

/**
 * Staff confirm or reject what a life event asks of the ledger, through the ledger's owner
 * (editElder / markDeceased, audited): /确认 SJ-2026-0003 2026-11-29 marks a reported death 已故 with
 * its date and cancels the held greetings; /确认 on a spouse's death sets 丧偶, on a remarriage clears
 * it; /否认 SJ-2026-0003 说明 rejects the report, closes the case and, for a death, resumes greetings.
 */
export interface LifeEventCommandDeps {
  db: Db;
  timeZone: string;
}

const say = (t: string, intent: string, caseId?: string): TurnResult => ({ replies: [text(t)], intent, ...(caseId ? { caseId } : {}) });

function inScope(ctx: StaffContext, c: CaseView): boolean {
  const towns = ctx.staff.towns;
  return towns === null || (c.elder_town !== null && towns.includes(c.elder_town));
}

/** 2026-11-29, 2026年11月29日, 11月29日, 11-29, 今天, 昨天, 前天: a calendar day, never in the future. */
function readDay(words: string, today: string): string | null | 'future' {
  const w = words.normalize('NFKC').trim();
  if (!w) return null;
  if (/^今天|^今日/.test(w)) return today;
  if (/^昨天|^昨日/.test(w)) return addDays(today, -1);
  if (/^前天/.test(w)) return addDays(today, -2);
  const short = /^(\d{1,2})[月\-/.](\d{1,2})日?/.exec(w);
  const full = parseDate(short ? `${today.slice(0, 4)}-${short[1]}-${short[2]}` : (w.split(/\s+/)[0] ?? ''));
  if (!full.ok) return null;
  // "12月30日" said on 1月2日 is last year's.
  let day = full.date;
  if (short && day > today) day = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
  return day > today ? 'future' : day;
}

export function createLifeEventCommands(deps: LifeEventCommandDeps): StaffCommand[] {
  const { db, timeZone } = deps;

  async function pendingCase(ctx: StaffContext, raw: string, intent: string): Promise<CaseView | TurnResult> {
    const number = normalizeCaseNumber(raw);
    if (!number) return say('请写上诉求编号，比如：/确认 SJ-2026-0003 2026-11-29', intent);
    const c = await getCase(db, number);
    if (!c || !c.elder_id || !inScope(ctx, c)) return say(`没有找到诉求 ${number}（或不在您负责的镇）。`, intent);
    if (c.ledger_status !== 'pending' || !c.ledger_change) {
      return say(`诉求 ${number} 没有等待确认的台账变更${c.ledger_status ? `（已${c.ledger_status === 'confirmed' ? '确认' : '否认'}）` : ''}。`, intent, number);
    }
    return c;
  }

  const confirm: StaffCommand = {
    name: '确认',
    aliases: ['核实'],
    minRole: 'staff',
    help: '/确认 SJ-2026-0003 2026-11-29 —— 核实老人去世（台账记为已故，问候取消）；老伴去世、再婚也用 /确认 编号',
    intent: 'staff_confirm',
    async run(ctx, args) {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
      const c = await pendingCase(ctx, m?.[1] ?? '', 'staff_confirm');
      if (!('id' in c)) return c;
      const rest = (m?.[2] ?? '').trim();
      const actor = ctx.staff.tag;
      const edit = { actor, channel: ctx.msg.channel, reason: `${ctx.msg.text.slice(0, 200)}（诉求 ${c.number}）` };
      const who = c.elder_name ?? '老人';
      if (c.ledger_change === '已故') {
        const today = todayIn(timeZone, ctx.now);
        const frameDay = typeof c.frame?.day === 'string' ? c.frame.day : null;
        const day = readDay(rest, today) ?? frameDay;
        if (day === 'future') return say('去世日期不能晚于今天，请核对。', 'staff_confirm', c.number);
        if (!day) return say(`请写上去世日期，比如：/确认 ${c.number} ${today}`, 'staff_confirm', c.number);
        const out = await db.transaction(async (tx: Queryable) => {
          await markDeceased(tx, c.elder_id!, day, edit);
          const rel = await releaseGreetings(tx, c.elder_id!, { outcome: 'deceased', by: actor, now: ctx.now });
          await decideLedgerChange(tx, c.number, 'confirmed', actor, `已故，${day}`, ctx.now);
          return rel;
        });
        return say(
          [
            `已确认：${who}于 ${day} 去世，台账已记为已故（已留痕）。`,
            `给老人的问候已全部取消${out.rows ? `（${out.rows} 条）` : ''}，以后也不会再发。`,
            '请安排上门吊唁慰问，协助家属办理丧葬费、一次性抚恤金等手续。',
          ].join('\n'),
          'staff_confirm',
          c.number,
        );
      }
      const widowed = c.ledger_change === '丧偶';
      await db.transaction(async (tx: Queryable) => {
        await editElder(tx, c.elder_id!, { widowed }, edit);
        await decideLedgerChange(tx, c.number, 'confirmed', actor, widowed ? '丧偶' : '再婚，取消丧偶', ctx.now);
      });
      return say(
        widowed ? `已确认：${who}的老伴去世，台账已记为丧偶（已留痕）。请安排上门慰问，多关心老人的生活。` : `已确认：${who}再婚，台账已取消丧偶（已留痕）。请按五必到上门道喜。`,
        'staff_confirm',
        c.number,
      );
    },
  };

  const reject: StaffCommand = {
    name: '否认',
    aliases: ['不属实'],
    minRole: 'staff',
    help: '/否认 SJ-2026-0003 经电话核实老人健在 —— 报告不属实：诉求办结，暂停的问候恢复',
    intent: 'staff_reject',
    async run(ctx, args) {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
      const c = await pendingCase(ctx, m?.[1] ?? '', 'staff_reject');
      if (!('id' in c)) return c;
      const note = (m?.[2] ?? '').trim();
      if (!note) return say(`请写上核实的情况，比如：/否认 ${c.number} 经电话核实老人健在`, 'staff_reject', c.number);
      const actor = ctx.staff.tag;
      const resumed = await db.transaction(async (tx: Queryable) => {
        await decideLedgerChange(tx, c.number, 'rejected', actor, note.slice(0, 300), ctx.now);
        const rel = c.ledger_change === '已故' ? await releaseGreetings(tx, c.elder_id!, { outcome: 'resumed', by: actor, now: ctx.now }) : null;
        await settleCase(tx, c.id, actor, `经核实不属实：${note.slice(0, 300)}`, ctx.now);
        return rel;
      });
      const tail = resumed ? `给${c.elder_name ?? '老人'}的问候已恢复${resumed.rows ? `（${resumed.rows} 条重新排上）` : ''}。` : '台账不变。';
      return say(`已记下：诉求 ${c.number} 报告不属实，已办结。${tail}`, 'staff_reject', c.number);
    },
  };

  return [confirm, reject];
}
