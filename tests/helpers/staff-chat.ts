import type { ChatContext } from '../../src/chat/ports.ts';
import type { StaffCommand, StaffSkill } from '../../src/chat/staff-command.ts';
import { createStaffRouter, type StaffRouter } from '../../src/agents/staff-router.ts';
import type { OutboundMessage } from '../../src/chat/message.ts';
import type { TestDb } from './db.ts';

/** Builds staff (or other) chat turns for StaffSkill tests without the whole agent. */
export interface Who {
  kind?: 'staff' | 'elder' | 'unknown';
  staffId?: number;
  role?: 'admin' | 'staff' | 'liaison';
  towns?: string[];
}

let seq = 0;
export function chat(text: string, who: Who, opts: { group?: boolean; now?: Date } = {}): ChatContext {
  const group = opts.group ?? false;
  const now = opts.now ?? new Date('2026-12-01T02:00:00Z');
  const n = who.staffId ?? 0;
  return {
    actor: {
      kind: who.kind ?? 'staff', channel: 'web', externalId: `u${n}`, accountId: null,
      ...(who.staffId ? { staffId: who.staffId } : {}), ...(who.role ? { role: who.role } : {}), ...(who.towns ? { towns: who.towns } : {}),
    },
    msg: {
      id: `m${++seq}`, channel: 'web', threadId: group ? 'g1' : `p${n}`, chatKind: group ? 'group' : 'private',
      author: { id: `u${n}` }, text, attachments: [], mentionsBot: true, receivedAt: now,
    },
    ...(group ? { group: { id: 1, kind: 'staff' as const, towns: [] } } : {}),
    isPrivate: !group,
    now,
  };
}

export async function addStaff(t: TestDb, name: string, role: 'admin' | 'staff' | 'liaison', towns: string[], active = true): Promise<Who> {
  const r = await t.db.query<{ id: number }>('INSERT INTO staff (name, role, towns, active) VALUES ($1, $2, $3, $4) RETURNING id', [name, role, towns, active]);
  return { kind: 'staff', staffId: r.rows[0]!.id, role, towns };
}

/** The agent's own staff router over these commands and skills, as the agent builds it. */
export function staffRouter(tools: { commands?: StaffCommand[]; skills?: StaffSkill[] }): StaffRouter {
  return createStaffRouter({ commands: tools.commands ?? [], skills: tools.skills ?? [], timeZone: 'Asia/Shanghai' });
}

export async function run(router: StaffRouter, ctx: ChatContext) {
  return router.route(ctx);
}

export const textOf = (replies: OutboundMessage[]) =>
  replies.filter((r): r is Extract<OutboundMessage, { kind: 'text' }> => r.kind === 'text').map((r) => r.text).join('\n');
