import { text } from '../../chat/message.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { ChatContext, StaffSkill } from '../../chat/ports.ts';
import type { Queryable } from '../../db/types.ts';
import { isJinqiuError } from '../../kernel/errors.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { formatElderRecord, loadElderRecord } from '../elder-record.ts';
import { lookupElder, lookupProblem, splitNamePlace } from './elder-lookup.ts';
import { command, requireStaff } from './staff-guard.ts';

export interface RecordSkillDeps {
  db: Queryable;
  timeZone: string;
}

/** /档案 张建国: one elder's full record, in private chat only (it holds every personal detail). */
export function createRecordSkill(deps: RecordSkillDeps): StaffSkill {
  return {
    name: 'elder_record',
    async handle(ctx: ChatContext): Promise<TurnResult | null> {
      const cmd = command(ctx.msg.text);
      if (cmd?.cmd !== '档案') return null;
      const reply = (t: string, intent = 'staff_record'): TurnResult => ({ replies: [text(t)], intent });
      if (ctx.actor.kind !== 'staff') return reply('抱歉，档案只有工作人员可以查看。', 'staff_record_denied');
      let staff;
      try {
        staff = await requireStaff(deps.db, ctx, deps.timeZone);
      } catch (e) {
        if (isJinqiuError(e)) return reply(e.userMessage, 'staff_record_denied');
        throw e;
      }
      if (!ctx.isPrivate) return reply(`档案里有老人的全部个人信息，请私聊我查看：/档案 ${cmd.args || '姓名'}`, 'staff_record_denied');
      if (!cmd.args) return reply('请写上老人的姓名，例如：/档案 张建国');
      const [first = '', second] = cmd.args.split(/\s+/);
      const { name, place } = splitNamePlace(first);
      const found = await lookupElder(deps.db, name, place ?? second, staff.scopeTowns);
      if (found.kind !== 'one') return reply(lookupProblem(found, `/档案 ${name}(韦庄镇)`));
      const record = await loadElderRecord(deps.db, found.elder.id, staff.today);
      if (!record) return reply(`没有找到“${name}”。`);
      await writeAudit(deps.db, { actor: staff.actor, action: 'elder.view', channel: staff.channel, query: { elderId: found.elder.id }, question: ctx.msg.text.slice(0, 200), elderIds: [found.elder.id], rowCount: 1 });
      return reply(formatElderRecord(record));
    },
  };
}
