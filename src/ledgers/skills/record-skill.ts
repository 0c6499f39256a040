import { text } from '../../chat/message.ts';
import type { StaffCommand } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Queryable } from '../../db/types.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { formatElderRecord, loadElderRecord } from '../elder-record.ts';
import { lookupElder, lookupProblem, splitNamePlace } from './elder-lookup.ts';

/** /档案 张建国: one elder's full record, in private chat only (it holds every personal detail). */
export function createRecordCommand(deps: { db: Queryable }): StaffCommand {
  return {
    name: '档案',
    minRole: 'liaison',
    help: '/档案 张建国 —— 一位老人的完整档案（只在私聊里看）',
    intent: 'staff_record',
    privateOnly: '档案里有老人的全部个人信息，请私聊我查看：/档案 姓名',
    async run(ctx, args): Promise<TurnResult> {
      const reply = (t: string): TurnResult => ({ replies: [text(t)], intent: 'staff_record' });
      if (!args) return reply('请写上老人的姓名，例如：/档案 张建国');
      const [first = '', second] = args.split(/\s+/);
      const { name, place } = splitNamePlace(first);
      const found = await lookupElder(deps.db, name, place ?? second, ctx.staff.towns);
      if (found.kind !== 'one') return reply(lookupProblem(found, `/档案 ${name}(韦庄镇)`));
      const record = await loadElderRecord(deps.db, found.elder.id, ctx.staff.today);
      if (!record) return reply(`没有找到“${name}”。`);
      await writeAudit(deps.db, { actor: ctx.staff.tag, action: 'elder.view', channel: ctx.msg.channel, query: { elderId: found.elder.id }, question: ctx.msg.text.slice(0, 200), elderIds: [found.elder.id], rowCount: 1 });
      return reply(formatElderRecord(record));
    },
  };
}
