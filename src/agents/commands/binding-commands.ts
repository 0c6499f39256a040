import { text } from '../../chat/message.ts';
import type { StaffCommand } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Db } from '../../db/types.ts';
import { issueBindingCode, issueStaffCode } from '../../people/binding.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { addStaff, roleOf } from '../../people/staff.ts';
import { STAFF_ROLE_LABEL, type StaffRole } from '../../chat/actor.ts';

/** /绑定码 <姓名> [关系] for elders and their family; /员工码 <姓名> [角色] [镇…] for staff (admins only). */

/** "李华 联络员 韦庄镇,冯原镇": who, as what (工作人员 by default), covering which towns. */
function staffRequest(args: string): { ref: string; role: StaffRole; towns: string[] } {
  const [ref = '', ...rest] = args.split(/[\s,，、;；]+/).filter(Boolean);
  let role: StaffRole = 'staff';
  const towns: string[] = [];
  for (const w of rest) {
    const r = roleOf(w);
    if (r) role = r;
    else towns.push(w);
  }
  return { ref, role, towns };
}
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
    help: '/员工码 李四 [工作人员|联络员|管理员] [韦庄镇,冯原镇] —— 给工作人员发绑定码，没有这个人就先添加（管理员）',
    intent: 'staff_bind_code',
    async run(ctx, args) {
      if (!args) return say('请写上工作人员的姓名或编号，比如：/员工码 李四；新同志写上角色和负责的镇：/员工码 李四 联络员 韦庄镇');
      const req = staffRequest(args);
      const out = await deps.db.transaction(async (tx) => {
        const first = await issueStaffCode(tx, { staffRef: req.ref, issuedBy: ctx.staff.staffId, now: ctx.now });
        if (first.ok || first.reason === 'ambiguous' || /^\d+$/.test(req.ref)) return { ...first, created: false };
        // Not on the staff list yet: an admin adds them here, with a role and the towns they cover.
        if (req.role !== 'admin' && !req.towns.length) return { ok: false as const, reason: 'needs_towns' as const, created: false };
        const id = await addStaff(tx, { name: req.ref, role: req.role, towns: req.role === 'admin' ? [] : req.towns });
        return { ...(await issueStaffCode(tx, { staffRef: String(id), issuedBy: ctx.staff.staffId, now: ctx.now })), created: true };
      });
      if (!out.ok) {
        if (out.reason === 'needs_towns') return say(`还没有${req.ref}这位工作人员。要添加的话，请写上角色和负责的镇，例如：/员工码 ${req.ref} 联络员 韦庄镇`);
        return say(out.reason === 'ambiguous' ? '有同名的工作人员，请用编号。' : `没有找到工作人员：${req.ref}`);
      }
      const added = out.created ? `已添加${STAFF_ROLE_LABEL[req.role]}${out.staffName}${req.role === 'admin' ? '（全县）' : `（负责${req.towns.join('、')}）`}。\n` : '';
      return say(`${added}给${out.staffName}的员工绑定码：${out.code}（3天内有效，只能用一次）。\n请本人在和我的私聊里发送：绑定 ${out.code}`);
    },
  };

  return [elderCode, staffCode];
}
