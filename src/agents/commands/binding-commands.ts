import { text } from '../../chat/message.ts';
import type { StaffCommand } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Db } from '../../db/types.ts';
import { issueBindingCode, issueStaffCode } from '../../people/binding.ts';
import { writeAudit } from '../../privacy/audit.ts';

/** /绑定码 <姓名> [关系] for elders and their family; /员工码 <姓名> for staff (admins only). */
const say = (t: string): TurnResult => ({ replies: [text(t)], intent: 'staff_bind_code' });

const RELATION = /^(\S+?)(?:的)?\s*(儿子|女儿|儿媳|女婿|孙子|孙女|老伴|爱人|家属|亲属|侄子|侄女|外甥)?$/;

export function createBindingCommands(deps: { db: Db }): StaffCommand[] {
  const elderCode: StaffCommand = {
    name: '绑定码',
    minRole: 'liaison',
    help: '/绑定码 张三 —— 给老人发绑定码（家属：/绑定码 张三 女儿）',
    intent: 'staff_bind_code',
    async run(ctx, args) {
      const pm = RELATION.exec(args);
      if (!pm) return say('请写上老人的姓名，比如：/绑定码 张三；家属用：/绑定码 张三 女儿');
      const relation = pm[2] ?? null;
      const out = await deps.db.transaction((tx) =>
        issueBindingCode(tx, { elderRef: pm[1]!, kind: relation ? 'family' : 'elder', relation, staffId: ctx.staff.staffId, towns: ctx.staff.towns, now: ctx.now }),
      );
      // A code names the elder (or lists namesakes with their town and village): audited as a read.
      const seen = out.ok ? [out.elderId] : (out.candidates ?? []).map((c) => c.id);
      if (seen.length) {
        await writeAudit(deps.db, { actor: ctx.staff.tag, action: out.ok ? 'binding.code' : 'binding.code.candidates', channel: ctx.msg.channel, query: { elderRef: pm[1], relation, private: ctx.isPrivate }, question: ctx.msg.text.slice(0, 200), elderIds: seen.map(Number), rowCount: seen.length });
      }
      if (!out.ok) {
        return say(
          out.reason === 'ambiguous'
            ? `有几位同名的老人，请用台账编号：${out.candidates!.map((c) => `/绑定码 ${c.id}（${c.town ?? ''}${c.village ?? ''}）`).join('；')}`
            : out.reason === 'out_of_scope'
              ? '这位老人不在您负责的镇，请找对应镇的同志。'
              : `台账里没有找到 ${pm[1]}，请核对姓名。`,
        );
      }
      const who = relation ? `${out.elderName}的${relation}` : out.elderName;
      return say(`给${who}的绑定码：${out.code}（3天内有效，只能用一次）。\n请对方在和我的私聊里发送：绑定 ${out.code}`);
    },
  };

  const staffCode: StaffCommand = {
    name: '员工码',
    minRole: 'admin',
    help: '/员工码 李四 —— 给工作人员发绑定码（管理员）',
    intent: 'staff_bind_code',
    async run(ctx, args) {
      if (!args) return say('请写上工作人员的姓名或编号，比如：/员工码 李四');
      const out = await deps.db.transaction((tx) => issueStaffCode(tx, { staffRef: args, issuedBy: ctx.staff.staffId, now: ctx.now }));
      if (!out.ok) return say(out.reason === 'ambiguous' ? '有同名的工作人员，请用编号。' : `没有找到工作人员：${args}`);
      return say(`给${out.staffName}的员工绑定码：${out.code}（3天内有效，只能用一次）。\n请本人在和我的私聊里发送：绑定 ${out.code}`);
    },
  };

  return [elderCode, staffCode];
}
