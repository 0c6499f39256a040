import type { Channel, OutboundMessage } from '../chat/message.ts';
import type { SendTarget, Sender } from '../chat/sender.ts';
import type { Db, Queryable } from '../db/types.ts';
import type { NoticeOutbox } from '../chat/ports.ts';
import { staffGroupIdsFor } from '../people/groups.ts';

/**
 * The notice outbox (table staff_notices). A notice is a row first and a message second: the agent
 * writes it in the same transaction as the case, and a sender loop claims pending rows, sends them
 * and marks them sent or failed. Rows whose claim has gone stale (a crashed sender) are claimed again.
 */

type StoredMessage =
  | { kind: 'text'; text: string }
  | { kind: 'image' | 'file' | 'voice'; data: string; mimeType: string; filename?: string; caption?: string; durationSec?: number };

function store(messages: OutboundMessage[]): StoredMessage[] {
  return messages.map((m) => (m.kind === 'text' ? m : ({ ...m, data: m.data.toString('base64') } as StoredMessage)));
}

function restore(messages: StoredMessage[]): OutboundMessage[] {
  return messages.map((m) => (m.kind === 'text' ? m : ({ ...m, data: Buffer.from(m.data, 'base64') } as OutboundMessage)));
}

/** One row per staff group covering any of these towns (a group with no towns covers all). */
export async function enqueueStaffNotice(
  tx: Queryable,
  towns: string[] | null,
  messages: OutboundMessage[],
  opts: { caseId?: number | undefined; now?: Date } = {},
): Promise<number> {
  const ids = await staffGroupIdsFor(tx, towns);
  const targets: (number | null)[] = ids.length ? ids : [null];
  const body = JSON.stringify(store(messages));
  for (const groupId of targets) {
    await tx.query(
      `INSERT INTO staff_notices (target, group_id, towns, case_id, messages, available_at) VALUES ('group', $1, $2, $3, $4, $5)`,
      [groupId, towns, opts.caseId ?? null, body, opts.now ?? new Date()],
    );
  }
  return targets.length;
}

/** A notice to one person's private chat (e.g. "your case is closed"). */
export async function enqueueAccountNotice(tx: Queryable, accountId: number, messages: OutboundMessage[], opts: { caseId?: number; now?: Date } = {}): Promise<void> {
  await tx.query(
    `INSERT INTO staff_notices (target, account_id, case_id, messages, available_at) VALUES ('account', $1, $2, $3, $4)`,
    [accountId, opts.caseId ?? null, JSON.stringify(store(messages)), opts.now ?? new Date()],
  );
}

export interface ClaimedNotice {
  id: number;
  caseId: number | null;
  target: SendTarget;
  messages: OutboundMessage[];
  attempts: number;
}

/**
 * Claims up to `limit` notices ready to send, with their send target. Group notices written before
 * any staff group existed are first routed to the staff groups that exist now.
 */
export async function claimNotices(db: Db, opts: { limit?: number; leaseMs?: number; now?: Date; channel?: Channel } = {}): Promise<ClaimedNotice[]> {
  const now = opts.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (opts.leaseMs ?? 5 * 60_000));
  return db.transaction(async (tx) => {
    await tx.query(
      `WITH orphans AS (DELETE FROM staff_notices n WHERE target = 'group' AND group_id IS NULL AND status = 'pending'
         AND EXISTS (SELECT 1 FROM chat_groups WHERE kind = 'staff') RETURNING *)
       INSERT INTO staff_notices (target, group_id, towns, case_id, messages, available_at, created_at)
       SELECT 'group', g.id, o.towns, o.case_id, o.messages, o.available_at, o.created_at
         FROM orphans o CROSS JOIN chat_groups g WHERE g.kind = 'staff'`,
    );
    const claimed = await tx.query<{ id: number }>(
      `UPDATE staff_notices SET status = 'claimed', claimed_at = $1, attempts = attempts + 1
        WHERE id IN (
          SELECT n.id FROM staff_notices n
            LEFT JOIN chat_groups g ON g.id = n.group_id
            LEFT JOIN channel_accounts a ON a.id = n.account_id
           WHERE ((n.status = 'pending' AND n.available_at <= $1) OR (n.status = 'claimed' AND n.claimed_at < $2))
             AND (g.id IS NOT NULL OR (a.id IS NOT NULL AND NOT a.unreachable))
             AND ($4::text IS NULL OR COALESCE(g.channel, a.channel) = $4)
           ORDER BY n.available_at, n.id LIMIT $3 FOR UPDATE OF n SKIP LOCKED)
        RETURNING id`,
      [now, staleBefore, opts.limit ?? 20, opts.channel ?? null],
    );
    if (!claimed.rows.length) return [];
    const r = await tx.query<{
      id: number; case_id: number | null; messages: StoredMessage[]; attempts: number;
      channel: Channel; thread: string; chat_kind: 'private' | 'group';
    }>(
      `SELECT n.id, n.case_id, n.messages, n.attempts, COALESCE(g.channel, a.channel) AS channel,
              COALESCE(g.external_id, a.external_id) AS thread, CASE WHEN g.id IS NULL THEN 'private' ELSE 'group' END AS chat_kind
         FROM staff_notices n LEFT JOIN chat_groups g ON g.id = n.group_id LEFT JOIN channel_accounts a ON a.id = n.account_id
        WHERE n.id = ANY($1::bigint[]) ORDER BY n.available_at, n.id`,
      [claimed.rows.map((c) => c.id)],
    );
    return r.rows.map((row) => ({
      id: row.id,
      caseId: row.case_id,
      attempts: row.attempts,
      target: { channel: row.channel, threadId: row.thread, chatKind: row.chat_kind },
      messages: restore(row.messages),
    }));
  });
}

export async function markNoticeSent(q: Queryable, id: number, now = new Date()): Promise<void> {
  await q.query(`UPDATE staff_notices SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [id, now]);
}

/** A failed send: permanent failures stop; others wait (retryAfterMs, or a backoff) and go again. */
export async function markNoticeFailed(q: Queryable, id: number, reason: string, opts: { permanent?: boolean; retryAfterMs?: number; now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const r = await q.query<{ attempts: number }>(`SELECT attempts FROM staff_notices WHERE id = $1`, [id]);
  const attempts = r.rows[0]?.attempts ?? 1;
  const giveUp = opts.permanent || attempts >= 10;
  const wait = opts.retryAfterMs ?? Math.min(3600_000, 15_000 * 2 ** Math.max(0, attempts - 1));
  await q.query(
    `UPDATE staff_notices SET status = $2, last_error = $3, available_at = $4, claimed_at = NULL WHERE id = $1`,
    [id, giveUp ? 'failed' : 'pending', reason.slice(0, 500), new Date(now.getTime() + wait)],
  );
}

/** One pass of the sender loop: claim, send through the channel's Sender, record the outcome. */
export async function deliverNotices(db: Db, sender: Sender, opts: { limit?: number; channel?: Channel; now?: Date } = {}): Promise<{ sent: number; failed: number }> {
  const claimed = await claimNotices(db, opts);
  let sent = 0;
  let failed = 0;
  for (const n of claimed) {
    try {
      const outcome = await sender.send(n.target, n.messages);
      if (outcome.ok) {
        await markNoticeSent(db, n.id);
        sent++;
      } else {
        await markNoticeFailed(db, n.id, outcome.reason, { permanent: outcome.permanent, ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) });
        failed++;
      }
    } catch (e) {
      await markNoticeFailed(db, n.id, e instanceof Error ? e.message : String(e));
      failed++;
    }
  }
  return { sent, failed };
}

/** Pending notices for one account, taken at once (used by `jinqiu chat` to show what the bot would have sent). */
export async function takeAccountNotices(db: Db, accountId: number, now = new Date()): Promise<OutboundMessage[]> {
  const r = await db.query<{ messages: StoredMessage[] }>(
    `UPDATE staff_notices SET status = 'sent', sent_at = $2 WHERE target = 'account' AND account_id = $1 AND status = 'pending'
     RETURNING messages`,
    [accountId, now],
  );
  return r.rows.flatMap((row) => restore(row.messages));
}

/** The outbox behind the NoticeOutbox port: the one production uses, and the one tests use. */
export const noticeOutbox: NoticeOutbox = {
  async toStaff(tx, towns, messages, opts) {
    await enqueueStaffNotice(tx, towns, messages, opts ?? {});
  },
  async toAccount(tx, accountId, messages, opts) {
    await enqueueAccountNotice(tx, accountId, messages, opts ?? {});
  },
};
