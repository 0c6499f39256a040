import type { ChatContext } from '../../chat/ports.ts';
import type { Queryable } from '../../db/types.ts';
import { PermissionError } from '../../kernel/errors.ts';
import { todayIn } from '../../kernel/time.ts';
import { getStaff } from '../../people/staff.ts';

export interface StaffScope {
  staffId: number;
  name: string;
  role: 'admin' | 'staff' | 'liaison';
  /** null: every town (admin). */
  scopeTowns: string[] | null;
  /** For the audit log: 'staff:3'. */
  actor: string;
  channel: string;
  today: string;
}

/**
 * Only bound, active staff may read the ledgers, and (unless admin) only their towns. The role and
 * towns are read from the staff row, not trusted from the message.
 */
export async function requireStaff(db: Queryable, ctx: ChatContext, timeZone: string): Promise<StaffScope> {
  if (ctx.actor.kind !== 'staff' || !ctx.actor.staffId) throw new PermissionError(`actor ${ctx.actor.kind} is not bound staff`, '抱歉，台账只有绑定过的工作人员才能查看。');
  const s = await getStaff(db, ctx.actor.staffId);
  if (!s || !s.active) throw new PermissionError(`staff ${ctx.actor.staffId} missing or inactive`, '抱歉，您的工作人员账号已停用，不能查看台账。');
  return {
    staffId: s.id,
    name: s.name,
    role: s.role,
    scopeTowns: s.role === 'admin' ? null : s.towns,
    actor: `staff:${s.id}`,
    channel: ctx.msg.channel,
    today: todayIn(timeZone, ctx.now),
  };
}

/** "/查询 …" → ['查询', '…']; full-width slash and "@bot" suffixes accepted. */
export function command(text: string): { cmd: string; args: string } | null {
  const m = /^[/／]\s*([^\s@/]+)(?:@\S+)?\s*([\s\S]*)$/.exec(text.normalize('NFKC').trim());
  return m ? { cmd: m[1]!, args: m[2]!.trim() } : null;
}
