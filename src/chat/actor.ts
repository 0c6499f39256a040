import type { Channel } from './message.ts';

export type StaffRole = 'admin' | 'staff' | 'liaison';

/** How a role is named to people (CLI output, the simulator's identity list). */
export const STAFF_ROLE_LABEL: Record<StaffRole, string> = { admin: '管理员', staff: '工作人员', liaison: '联络员' };

/** Who is speaking, as proven by a binding (never by what they say). */
export interface Actor {
  kind: 'unknown' | 'elder' | 'family' | 'staff';
  channel: Channel;
  externalId: string;
  /** channel_accounts.id; null only for transient identities that have no row yet. */
  accountId: number | null;
  displayName?: string;
  /** For elder and family: the elder they are bound to. */
  elderId?: number;
  /** For staff. */
  staffId?: number;
  role?: StaffRole;
  /** Towns a non-admin staff member covers. */
  towns?: string[];
}

/** An elder, or a family member, proven to be bound to an elder: the people cases are opened for. */
export function isBound(actor: Actor): boolean {
  return (actor.kind === 'elder' || actor.kind === 'family') && !!actor.elderId;
}

export interface GroupInfo {
  id: number;
  kind: 'staff' | 'elder';
  towns: string[];
}
