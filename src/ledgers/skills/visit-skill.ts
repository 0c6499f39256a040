import { text } from '../../chat/message.ts';
import type { StaffCommand, StaffContext, StaffSkill } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Queryable } from '../../db/types.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { namesInText } from '../elder-record.ts';
import { parseVisitDate, parseVisitFindings, recordVisit, visitItemLines, VISIT_ITEMS, VISIT_LABELS, type VisitFindings } from '../visits.ts';
import { lookupElder, lookupProblem, readNamedElder } from './elder-lookup.ts';

export const VISIT_HELP = [
  '记录走访（一进两看三查）：',
  '/走访 张建国 精神好 健康一般 子女照顾好 住房安全 用餐正常 备注 需要助餐',
  '同名的老人请加上镇或村：/走访 张建国(韦庄镇) …',
  '也可以直接说：今天走访了张建国，精神不错，身体还行，子女很孝顺，住房安全，吃饭正常。',
].join('\n');

const PLAIN = /走访|看望|探望|家访|入户|上门看/;

const reply = (t: string): TurnResult => ({ replies: [text(t)], intent: 'staff_visit' });

function countItems(f: VisitFindings): number {
  return VISIT_ITEMS.filter((k) => f[k]).length;
}

/** /走访 … and a plain-words visit report naming an elder and at least two checklist items. */
export function createVisits(deps: { db: Queryable }): { command: StaffCommand; skill: StaffSkill } {
  async function record(ctx: StaffContext, body: string, who: { name: string; place?: string | undefined }, rest: string): Promise<TurnResult> {
    const { staff } = ctx;
    const found = await lookupElder(deps.db, who.name, who.place, staff.towns);
    if (found.kind !== 'one') return reply(lookupProblem(found, `/走访 ${who.name}(韦庄镇) 精神好 …`));
    const findings = parseVisitFindings(rest);
    if (countItems(findings) === 0 && !findings.notes) {
      // Free text with no checklist words is kept whole as notes rather than lost.
      if (rest.trim()) findings.notes = rest.trim().slice(0, 500);
      else return reply(`请写上走访情况，例如：/走访 ${who.name} 精神好 健康一般 子女照顾好 住房安全 用餐正常`);
    }
    const visitedOn = parseVisitDate(body, staff.today);
    const elder = found.elder;
    const id = await recordVisit(deps.db, { elderId: elder.id, staffId: staff.staffId, visitedOn, ...findings });
    await writeAudit(deps.db, { actor: staff.tag, action: 'visit.record', channel: ctx.msg.channel, query: { visitId: id }, question: ctx.msg.text.slice(0, 500), elderIds: [elder.id], rowCount: 1 });
    const missing = VISIT_ITEMS.filter((k) => !findings[k]).map((k) => VISIT_LABELS[k]);
    return reply(
      [
        `已记录 ${visitedOn} 对${elder.name}（${elder.town ?? ''}${elder.village ?? ''}）的走访：`,
        ...visitItemLines(findings),
        ...(missing.length ? [`（未填写：${missing.join('、')}）`] : []),
      ].join('\n'),
    );
  }

  const command: StaffCommand = {
    name: '走访',
    minRole: 'liaison',
    help: '/走访 张建国 精神好 健康一般 子女照顾好 住房安全 用餐正常 —— 记录一进两看三查',
    intent: 'staff_visit',
    async run(ctx, body) {
      if (!body) return { replies: [text(VISIT_HELP)], intent: 'staff_visit_help' };
      const { name, place, rest } = readNamedElder(body);
      return record(ctx, body, { name, place }, rest);
    },
  };

  const skill: StaffSkill = {
    name: 'visit',
    intent: 'staff_visit',
    help: ['今天走访了张建国，精神不错，身体还行，子女很孝顺'],
    async handle(ctx) {
      const body = ctx.msg.text.trim();
      if (!PLAIN.test(body) || countItems(parseVisitFindings(body)) < 2) return null;
      const name = (await namesInText(deps.db, body, ctx.staff.towns))[0];
      if (!name) return null;
      return record(ctx, body, { name }, body);
    },
  };

  return { command, skill };
}
