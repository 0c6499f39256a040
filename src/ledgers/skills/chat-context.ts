import { z } from 'zod';
import type { Queryable } from '../../db/types.ts';
import { ledgerQuerySchema, type LedgerQuery } from '../query/schema.ts';

/**
 * What one staff member last asked the ledger in one chat (table ledger_chat_context): the query
 * behind the last answer, the person last looked up (or the same-name people to choose from), and an
 * edit waiting for "确认". Kept here rather than in the agent's conversation state because it is made
 * of ledger types (a LedgerQuery, elder ids, elder changes) the agent never needs to know; keyed by
 * staff member and chat, so two staff in one group each continue their own question.
 */
const pendingEditSchema = z.object({
  elderId: z.number().int(),
  name: z.string(),
  changes: z.record(z.string(), z.unknown()),
  summary: z.string(),
  reason: z.string(),
});
export type PendingEdit = z.infer<typeof pendingEditSchema>;

const stateSchema = z.object({
  query: z.unknown().optional(),
  elderId: z.number().int().optional(),
  candidates: z.array(z.number().int()).max(20).optional(),
  pendingEdit: pendingEditSchema.optional(),
});

export interface LedgerChatState {
  query?: LedgerQuery;
  elderId?: number;
  candidates?: number[];
  pendingEdit?: PendingEdit;
}

export interface ChatKey {
  staffId: number;
  channel: string;
  threadId: string;
}

/** A follow-up hours later is a new question: older context is not continued. */
export const CONTEXT_TTL_MS = 6 * 3600_000;

export async function loadChatContext(db: Queryable, key: ChatKey, now: Date): Promise<LedgerChatState> {
  const r = await db.query<{ state: unknown; updated_at: Date }>(
    `SELECT state, updated_at FROM ledger_chat_context WHERE staff_id = $1 AND channel = $2 AND thread_id = $3`,
    [key.staffId, key.channel, key.threadId],
  );
  const row = r.rows[0];
  if (!row || now.getTime() - new Date(row.updated_at).getTime() > CONTEXT_TTL_MS) return {};
  const parsed = stateSchema.safeParse(row.state);
  if (!parsed.success) return {};
  const q = parsed.data.query === undefined ? undefined : ledgerQuerySchema.safeParse(parsed.data.query);
  return {
    ...(q?.success ? { query: q.data } : {}),
    ...(parsed.data.elderId !== undefined ? { elderId: parsed.data.elderId } : {}),
    ...(parsed.data.candidates ? { candidates: parsed.data.candidates } : {}),
    ...(parsed.data.pendingEdit ? { pendingEdit: parsed.data.pendingEdit } : {}),
  };
}

export async function saveChatContext(db: Queryable, key: ChatKey, state: LedgerChatState, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO ledger_chat_context (staff_id, channel, thread_id, state, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (staff_id, channel, thread_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
    [key.staffId, key.channel, key.threadId, JSON.stringify(state), now],
  );
}

/** Merges into what is kept (the other parts stay). */
export async function updateChatContext(db: Queryable, key: ChatKey, now: Date, change: (s: LedgerChatState) => LedgerChatState): Promise<void> {
  const s = await loadChatContext(db, key, now);
  await saveChatContext(db, key, change(s), now);
}

export function chatKeyOf(ctx: { staff: { staffId: number }; msg: { channel: string; threadId: string } }): ChatKey {
  return { staffId: ctx.staff.staffId, channel: ctx.msg.channel, threadId: ctx.msg.threadId };
}
