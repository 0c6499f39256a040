import { z } from 'zod';
import type { Queryable } from '../db/types.ts';

/**
 * What the agent remembers about one person in one chat between turns: the question it is waiting
 * on (slot filling, a numbered menu), how many turns in a row it did not understand, and the flood
 * window. Stored as jsonb in `conversations`; anything unreadable starts fresh rather than failing.
 */
export const pendingSchema = z.discriminatedUnion('kind', [
  // subkind (住院, 病故 …) tells a second, different event from more detail about this one.
  z.object({
    kind: z.literal('slots'), caseNumber: z.string(), caseKind: z.string(), subkind: z.string().nullable(), slot: z.string(), remaining: z.array(z.string()),
    // The life event the case is about, so more of the same story is taken as detail, not as a new case.
    event: z.string().optional(), subject: z.string().optional(),
  }),
  z.object({ kind: z.literal('menu'), menu: z.string(), options: z.array(z.string()), note: z.string().optional() }),
  // A binding told over several messages: what was said so far.
  z.object({ kind: z.literal('bind'), name: z.string().optional(), relation: z.string().optional(), last4: z.string().optional() }),
]);
export type Pending = z.infer<typeof pendingSchema>;

/**
 * What the last answered turn was about: a case (asked after, or just opened) or a policy question.
 * An elliptical next message (那刚才说的那个…, 这两天好些咧) is read against it (follow-up.ts).
 */
export const topicSchema = z.object({ kind: z.enum(['case', 'policy']), caseNumber: z.string().optional(), caseKind: z.string().optional(), question: z.string().optional(), at: z.number() });
export type Topic = z.infer<typeof topicSchema>;

export const stateSchema = z.object({
  pending: pendingSchema.optional(),
  confused: z.number().int().nonnegative().default(0),
  flood: z.object({ windowStart: z.number(), count: z.number().int(), warned: z.boolean().default(false) }).optional(),
  lastIntent: z.string().optional(),
  topic: topicSchema.optional(),
});
export type ConversationState = z.infer<typeof stateSchema>;

export interface ConversationKey {
  channel: string;
  threadId: string;
  authorId: string;
}

/** Loads the state and locks the row for this turn, so two deliveries of one person's messages queue up. */
export async function loadState(tx: Queryable, key: ConversationKey): Promise<ConversationState> {
  await tx.query(
    `INSERT INTO conversations (channel, thread_id, author_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [key.channel, key.threadId, key.authorId],
  );
  const r = await tx.query<{ state: unknown }>(
    `SELECT state FROM conversations WHERE channel = $1 AND thread_id = $2 AND author_id = $3 FOR UPDATE`,
    [key.channel, key.threadId, key.authorId],
  );
  const parsed = stateSchema.safeParse(r.rows[0]?.state ?? {});
  return parsed.success ? parsed.data : { confused: 0 };
}

export async function saveState(tx: Queryable, key: ConversationKey, state: ConversationState): Promise<void> {
  await tx.query(
    `UPDATE conversations SET state = $4, updated_at = now() WHERE channel = $1 AND thread_id = $2 AND author_id = $3`,
    [key.channel, key.threadId, key.authorId, JSON.stringify(state)],
  );
}
