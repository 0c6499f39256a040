import { text } from '../../chat/message.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { ChatContext, StaffSkill } from '../../chat/ports.ts';
import type { Queryable } from '../../db/types.ts';
import { isJinqiuError } from '../../kernel/errors.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { namesInText } from '../elder-record.ts';
import { parseVisitDate, parseVisitFindings, recordVisit, visitItemLines, VISIT_ITEMS, VISIT_LABELS, type VisitFindings } from '../visits.ts';
import { lookupElder, lookupProblem, splitNamePlace } from './elder-lookup.ts';
import { command, requireStaff } from './staff-guard.ts';

export interface VisitSkillDeps {
  db: Queryable;
  timeZone: string;
}

export const VISIT_HELP = [
  '记录走访（一进两看三查）：',
  '/走访 张建国 精神好 健康一般 子女照顾好 住房安全 用餐正常 备注 需要助餐',
  '同名的老人请加上镇或村：/走访 张建国(韦庄镇) …',
  '也可以直接说：今天走访了张建国，精神不错，身体还行，子女很孝顺，住房安全，吃饭正常。',
].join('\n');

const PLAIN = /走访|看望|探望|家访|入户|上门看/;

/** /走访 … or a plain-words visit report naming an elder and at least two checklist items. */
export function createVisitSkill(deps: VisitSkillDeps): StaffSkill {
  return {
    name: 'visit',
    async handle(ctx: ChatContext): Promise<TurnResult | null> {
      const cmd = command(ctx.msg.text);
      const explicit = cmd?.cmd === '走访';
      if (cmd && !explicit) return null;
      const body = explicit ? cmd.args : ctx.msg.text.trim();
      if (!explicit && (!PLAIN.test(body) || countItems(parseVisitFindings(body)) < 2)) return null;
      const reply = (t: string, intent = 'staff_visit'): TurnResult => ({ replies: [text(t)], intent });
      if (ctx.actor.kind !== 'staff') return explicit ? reply('抱歉，只有工作人员可以记录走访。', 'staff_visit_denied') : null;
      if (explicit && !body) return reply(VISIT_HELP, 'staff_visit_help');
      let staff;
      try {
        staff = await requireStaff(deps.db, ctx, deps.timeZone);
      } catch (e) {
        if (isJinqiuError(e)) return reply(e.userMessage, 'staff_visit_denied');
        throw e;
      }

      let name: string | undefined;
      let place: string | undefined;
      let rest = body;
      if (explicit) {
        const first = /^(\S+)\s*([\s\S]*)$/.exec(body)!;
        ({ name, place } = splitNamePlace(first[1]!));
        rest = first[2]!;
        // "/走访 张建国 韦庄镇 精神好…": a bare place word right after the name.
        const p = /^([\u4e00-\u9fa5]{2,8}(?:镇|乡|街道|村|社区))\s+/.exec(rest);
        if (!place && p) {
          place = p[1];
          rest = rest.slice(p[0].length);
        }
      } else {
        name = (await namesInText(deps.db, body, staff.scopeTowns))[0];
        if (!name) return null;
      }
      const found = await lookupElder(deps.db, name!, place, staff.scopeTowns);
      if (found.kind !== 'one') return reply(lookupProblem(found, `/走访 ${name}(韦庄镇) 精神好 …`));
      const findings = parseVisitFindings(rest);
      if (countItems(findings) === 0 && !findings.notes) {
        // Free text with no checklist words is kept whole as notes rather than lost.
        if (rest.trim()) findings.notes = rest.trim().slice(0, 500);
        else return reply(`请写上走访情况，例如：/走访 ${name} 精神好 健康一般 子女照顾好 住房安全 用餐正常`);
      }
      const visitedOn = parseVisitDate(body, staff.today);
      const elder = found.elder;
      const id = await recordVisit(deps.db, { elderId: elder.id, staffId: staff.staffId, visitedOn, ...findings });
      await writeAudit(deps.db, { actor: staff.actor, action: 'visit.record', channel: staff.channel, query: { visitId: id }, question: ctx.msg.text.slice(0, 500), elderIds: [elder.id], rowCount: 1 });
      const missing = VISIT_ITEMS.filter((k) => !findings[k]).map((k) => VISIT_LABELS[k]);
      const lines = [
        `已记录 ${visitedOn} 对${elder.name}（${elder.town ?? ''}${elder.village ?? ''}）的走访：`,
        ...visitItemLines(findings),
        ...(missing.length ? [`（未填写：${missing.join('、')}）`] : []),
      ];
      return reply(lines.join('\n'));
    },
  };
}

function countItems(f: VisitFindings): number {
  return VISIT_ITEMS.filter((k) => f[k]).length;
}
