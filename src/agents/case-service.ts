import { text, type OutboundMessage } from '../bots/message.ts';
import type { Queryable } from '../db/types.ts';
import type { AgentEnv } from './deps.ts';
import { actorTag } from './actor.ts';
import { addCaseDetail, addCaseEvent, createCase, getCase, recentUrgentCase, type CaseRow } from './cases.ts';
import { detailsNotice, newCaseNotice, repeatAlarmNotice, type ElderBrief } from './case-notice.ts';
import { enqueueStaffNotice } from './notices.ts';
import { isTransactionalNotifier, type Actor } from './ports.ts';
import { slotSpec } from './slots.ts';

/**
 * Opening and updating cases on behalf of the person speaking. The elder of a case is always the
 * actor's own binding (never a name from the message), and the staff notice is written in the
 * same transaction as the case when the notifier allows it; otherwise it is sent after commit and
 * falls back to the outbox if sending fails.
 */
export interface OpenCaseInput {
  kind: string;
  subkind?: string | null | undefined;
  urgent?: boolean;
  summary: string;
  details?: Record<string, string>;
  /** The words the person used, quoted to staff. */
  text: string;
}

async function elderBrief(q: Queryable, elderId: number | undefined): Promise<ElderBrief | null> {
  if (!elderId) return null;
  const r = await q.query<ElderBrief>(`SELECT id, name, town, village, phone FROM elders WHERE id = $1`, [elderId]);
  return r.rows[0] ?? null;
}

async function relationOf(q: Queryable, actor: Actor): Promise<string | null> {
  if (actor.kind !== 'family' || !actor.accountId) return null;
  const r = await q.query<{ relation: string | null }>(`SELECT relation FROM channel_accounts WHERE id = $1`, [actor.accountId]);
  return r.rows[0]?.relation ?? null;
}

async function notifyStaff(env: AgentEnv, tx: Queryable, towns: string[] | null, messages: OutboundMessage[], caseId: number, after: (() => Promise<void>)[]): Promise<void> {
  const n = env.notifier;
  if (isTransactionalNotifier(n)) {
    await n.notifyIn(tx, towns, messages, { caseId });
    return;
  }
  after.push(async () => {
    try {
      await n.notify(towns, messages);
    } catch (e) {
      env.log.error({ err: e, caseId }, 'staff notifier failed; notice kept in the outbox');
      await enqueueStaffNotice(env.db, towns, messages, { caseId });
    }
  });
}

async function runAfter(after: (() => Promise<void>)[]): Promise<void> {
  for (const f of after) await f();
}

export async function openCase(env: AgentEnv, actor: Actor, input: OpenCaseInput, now: Date): Promise<CaseRow> {
  const after: (() => Promise<void>)[] = [];
  const row = await env.db.transaction(async (tx) => {
    const elder = await elderBrief(tx, actor.elderId);
    const relation = await relationOf(tx, actor);
    const c = await createCase(tx, {
      kind: input.kind,
      subkind: input.subkind ?? undefined,
      urgent: input.urgent ?? false,
      elderId: elder?.id ?? null,
      accountId: actor.accountId,
      summary: input.summary,
      details: { ...(input.details ?? {}), ...(relation ? { relation } : {}) },
      actorTag: actorTag(actor),
      now,
      timeZone: env.timeZone,
    });
    const notice = [text(newCaseNotice(c, elder, actor, relation, input.text))];
    await notifyStaff(env, tx, elder?.town ? [elder.town] : null, notice, c.id, after);
    await addCaseEvent(tx, c.id, 'system', 'notified', elder?.town ?? 'all', now);
    return c;
  });
  await runAfter(after);
  env.log.info({ case: row.number, kind: row.kind, urgent: row.urgent, account: actor.accountId }, 'case opened');
  return row;
}

/** A second alarm from the same account within half an hour joins the open urgent case. */
export async function joinRecentUrgent(env: AgentEnv, actor: Actor, message: string, now: Date): Promise<CaseRow | null> {
  if (!actor.accountId) return null;
  const after: (() => Promise<void>)[] = [];
  const row = await env.db.transaction(async (tx) => {
    const c = await recentUrgentCase(tx, actor.accountId!, now);
    if (!c) return null;
    await addCaseEvent(tx, c.id, actorTag(actor), 'note', message.slice(0, 500), now);
    const elder = await elderBrief(tx, c.elder_id ?? undefined);
    await notifyStaff(env, tx, elder?.town ? [elder.town] : null, [text(repeatAlarmNotice(c.number, message))], c.id, after);
    return c;
  });
  await runAfter(after);
  return row;
}

/** Records slot answers; when `finished`, staff get everything gathered in one notice. */
export async function recordDetail(env: AgentEnv, actor: Actor, number: string, slot: string, value: string, finished: boolean, now: Date): Promise<void> {
  const after: (() => Promise<void>)[] = [];
  await env.db.transaction(async (tx) => {
    const c = await addCaseDetail(tx, number, slot, value, actorTag(actor), now);
    if (!c || !finished) return;
    // Only the asked slots go to staff; nothing else from the details object.
    const details = Object.entries(c.details)
      .map(([k, v]) => ({ spec: slotSpec(c.kind, c.subkind, k), v }))
      .filter((d): d is { spec: NonNullable<typeof d.spec>; v: unknown } => !!d.spec && typeof d.v === 'string')
      .map((d) => ({ label: d.spec.label, value: String(d.v) }));
    if (!details.length) return;
    const elder = await elderBrief(tx, c.elder_id ?? undefined);
    await notifyStaff(env, tx, elder?.town ? [elder.town] : null, [text(detailsNotice(c.number, details))], c.id, after);
  });
  await runAfter(after);
}

export { getCase };
