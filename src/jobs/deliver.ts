import type { Queryable } from '../db/types.ts';
import type { Channel } from '../chat/message.ts';
import { text } from '../chat/message.ts';
import type { Sender, SendTarget } from '../chat/sender.ts';
import type { Logger } from '../kernel/logger.ts';
import { RetryableError, type AttemptInfo } from './runtime.ts';
import type { RateGate } from './rate-gate.ts';
import { createBatcher } from './batcher.ts';
import { markUnreachable } from '../people/accounts.ts';

export type DeliverOutcome = 'sent' | 'failed' | 'uncertain' | 'cancelled' | 'held' | 'skipped' | 'retry';

interface ClaimedRow {
  id: number;
  body: string;
  elder_id: number | null;
  group_id: number | null;
  account_id: number | null;
  elder_status: string | null;
  held: boolean;
  account_channel: Channel | null;
  account_external: string | null;
  account_unreachable: boolean | null;
  group_channel: Channel | null;
  group_external: string | null;
  route_channel: 'sms' | 'voice_call' | null;
  elder_phone: string | null;
  occasion: string;
  template_params: Record<string, string> | null;
}

const CLAIM_SQL = `WITH c AS (
       UPDATE deliveries SET status = 'sending', sending_at = now(), attempts = attempts + 1, updated_at = now()
       WHERE id = ANY($1::bigint[]) AND status = 'pending' RETURNING *)
     SELECT c.id, c.body, c.elder_id, c.group_id, c.account_id, e.status AS elder_status,
            c.channel AS route_channel, e.phone AS elder_phone, c.occasion, c.template_params,
            EXISTS (SELECT 1 FROM greeting_holds h WHERE h.elder_id = c.elder_id AND h.released_at IS NULL) AS held,
            a.channel AS account_channel, a.external_id AS account_external, a.unreachable AS account_unreachable,
            g.channel AS group_channel, g.external_id AS group_external
     FROM c LEFT JOIN elders e ON e.id = c.elder_id LEFT JOIN channel_accounts a ON a.id = c.account_id
            LEFT JOIN chat_groups g ON g.id = c.group_id`;

export interface DelivererDeps {
  db: Queryable;
  sender: Sender;
  log?: Logger | undefined;
  gate?: RateGate | undefined;
}

export type Deliverer = (id: number, attempt: AttemptInfo) => Promise<DeliverOutcome>;

/**
 * Sends delivery rows, each at most once. A row is moved to 'sending' (and committed) before the
 * sender is called; a row found already in 'sending' means a worker died between sending and
 * recording, so nobody knows whether the elder got it: it becomes 'uncertain' for staff to check,
 * and is never re-sent blindly. Claims and "sent" records of concurrent jobs share one statement.
 */
export function createDeliverer(deps: DelivererDeps): Deliverer {
  const { db } = deps;
  const claim = createBatcher<number, ClaimedRow>(async (ids) => {
    const r = await db.query<ClaimedRow>(CLAIM_SQL, [ids]);
    return new Map(r.rows.map((row) => [Number(row.id), row]));
  });
  const markSent = createBatcher<string, true>(async (keys) => {
    const rows = keys.map((k) => JSON.parse(k) as { id: number; mids: string[] | null });
    // 'uncertain' too: a slow send whose job was taken for dead still records the truth when it returns.
    await db.query(
      `UPDATE deliveries d SET status = 'sent', sent_at = now(), message_ids = u.mids, last_error = NULL, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, mids text[])
       WHERE d.id = u.id AND d.status IN ('sending', 'uncertain')`,
      [JSON.stringify(rows)],
    );
    return new Map(keys.map((k) => [k, true as const]));
  });
  return (id, attempt) => deliver(deps, id, attempt, claim, markSent);
}

async function deliver(
  deps: DelivererDeps,
  id: number,
  attempt: AttemptInfo,
  claim: (id: number) => Promise<ClaimedRow | undefined>,
  markSent: (key: string) => Promise<true | undefined>,
): Promise<DeliverOutcome> {
  const { db, sender } = deps;
  const row = await claim(id);
  if (!row) {
    const marked = await db.query(
      `UPDATE deliveries SET status = 'uncertain', last_error = 'worker stopped while sending', updated_at = now()
       WHERE id = $1 AND status = 'sending'`,
      [id],
    );
    if (marked.rowCount) {
      deps.log?.warn({ delivery: id }, 'delivery was left in sending state: marked uncertain, not re-sent');
      return 'uncertain';
    }
    return 'skipped';
  }

  // Things change between planning and the send time: someone passed away, an account was unbound or blocked.
  if (row.elder_id !== null && row.elder_status !== '在世') {
    await finish(db, id, 'cancelled', 'elder no longer living');
    return 'cancelled';
  }
  // A death reported after the row was planned: held until staff confirm or reject it, never sent.
  if (row.held) {
    await finish(db, id, 'held', 'greetings on hold: reported death awaiting confirmation');
    return 'held';
  }
  let target: SendTarget;
  if (row.group_id !== null && row.group_channel && row.group_external) {
    target = { channel: row.group_channel, threadId: row.group_external, chatKind: 'group' };
  } else if (row.account_channel && row.account_external && !row.account_unreachable) {
    target = { channel: row.account_channel, threadId: row.account_external, chatKind: 'private' };
  } else if (row.route_channel && row.elder_phone) {
    // SMS or a voice call: to the number in the ledger now, not the one it had when the day was planned.
    target = { channel: row.route_channel, threadId: row.elder_phone, chatKind: 'private' };
  } else {
    await finish(db, id, row.group_id !== null ? 'failed' : 'call', 'account no longer reachable');
    return row.group_id !== null ? 'failed' : 'skipped';
  }

  let outcome;
  try {
    // The rate limit is taken right before the send, so what is counted is what the platform sees. The
    // wait is short (at most the worker's concurrency times the spacing), so the row may sit in 'sending'.
    await deps.gate?.acquire(target.channel);
    // Elders' greetings say what they are for: channels that send only templates fill them from it.
    const context = row.elder_id !== null ? { purpose: 'greeting' as const, occasion: row.occasion, params: row.template_params ?? {} } : undefined;
    outcome = await sender.send(target, [text(row.body)], context);
  } catch (e) {
    outcome = { ok: false as const, permanent: false, reason: e instanceof Error ? e.message : String(e) };
  }

  if (outcome.ok) {
    await markSent(JSON.stringify({ id, mids: outcome.messageIds ?? null }));
    return 'sent';
  }
  if (outcome.permanent) {
    await finish(db, id, 'failed', `permanent: ${outcome.reason}`);
    if (row.account_id !== null) await markUnreachable(db, { accountId: row.account_id });
    deps.log?.warn({ delivery: id, reason: outcome.reason }, 'delivery failed permanently');
    return 'failed';
  }
  if (attempt.attemptsMade + 1 >= attempt.maxAttempts) {
    await finish(db, id, 'failed', `gave up after ${attempt.attemptsMade + 1} attempts: ${outcome.reason}`);
    return 'failed';
  }
  // Back to pending so the retry can claim it again; the runner waits (backoff or retry_after) first.
  await db.query(`UPDATE deliveries SET status = 'pending', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`, [id, outcome.reason]);
  throw new RetryableError(outcome.reason, outcome.retryAfterMs);
}

async function finish(db: Queryable, id: number, status: string, reason: string): Promise<void> {
  await db.query(`UPDATE deliveries SET status = $2, last_error = $3, updated_at = now() WHERE id = $1`, [id, status, reason]);
}
