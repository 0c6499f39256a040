import { text, type OutboundMessage } from '../chat/message.ts';
import type { Queryable } from '../db/types.ts';
import type { AgentEnv } from './deps.ts';
import { actorTag } from '../people/actor.ts';
import { addCaseDetail, addCaseEvent, createCase, getCase, mergeCaseFrame, recentUrgentCase, settleCase, type CaseRow, type LedgerChange } from '../cases/store.ts';
import { detailsNotice, newCaseNotice, repeatAlarmNotice, type ElderBrief } from './case-notice.ts';
import { holdGreetings } from '../jobs/holds.ts';
import { type Actor } from '../chat/actor.ts';
import { slotSpec } from '../cases/catalog.ts';
import { caseQuotaAllows, latestCaseOfAccount } from '../cases/case-quota.ts';
import { accountRelation } from '../people/accounts.ts';
import { LEDGER_EVENTS } from './life-lexicon.ts';

/**
 * Opening and updating cases on behalf of the person speaking. The elder of a case is always the
 * actor's own binding (never a name from the message), and the staff notice is written in the
 * same transaction as the case.
 */
export interface OpenCaseInput {
  kind: string;
  subkind?: string | null | undefined;
  urgent?: boolean;
  summary: string;
  details?: Record<string, string>;
  /** The words the person used, quoted to staff. */
  text: string;
  /** A life event as understood (who, what, when, where). */
  frame?: Record<string, unknown> | null;
  /** A ledger change staff must confirm (已故, 丧偶, 再婚). */
  ledgerChange?: LedgerChange | null;
  /** Hold every greeting to the elder at once, in the same transaction (a reported death). */
  holdGreetings?: string;
  /** More lines for the staff notice (what staff must confirm, what was paused). */
  noticeLines?: (c: CaseRow) => string[];
}

async function elderBrief(q: Queryable, elderId: number | null | undefined): Promise<ElderBrief | null> {
  if (!elderId) return null;
  const r = await q.query<ElderBrief>(`SELECT id, name, town, village, phone FROM elders WHERE id = $1`, [elderId]);
  return r.rows[0] ?? null;
}

async function relationOf(q: Queryable, actor: Actor): Promise<string | null> {
  if (actor.kind !== 'family' || !actor.accountId) return null;
  return accountRelation(q, actor.accountId);
}

/** Tells the staff groups of the elder's town (every group when there is no elder or town). */
type NotifyStaff = (elder: ElderBrief | null, messages: OutboundMessage[], caseId: number) => Promise<void>;

/** Runs `fn` in one transaction, with the staff notices it writes in the same one. */
async function withStaffNotices<T>(env: AgentEnv, fn: (tx: Queryable, notify: NotifyStaff) => Promise<T>): Promise<T> {
  return env.db.transaction((tx) =>
    fn(tx, (elder, messages, caseId) => env.outbox.toStaff(tx, elder?.town ? [elder.town] : null, messages, { caseId })),
  );
}

/** A case opened, or (`capped`) the latest case of an account over its quota, which the words joined. */
export type OpenedCase = CaseRow & { capped?: boolean };

/**
 * Past the account's case quota the words join its latest case as a note, and staff are not
 * notified again. Words of danger and deaths (a ledger change, held greetings) always open their
 * own case: both already join a recent one of the same kind before coming here.
 */
async function overQuota(env: AgentEnv, tx: Queryable, actor: Actor, input: OpenCaseInput, now: Date): Promise<OpenedCase | null> {
  if (!actor.accountId || input.urgent || input.ledgerChange || input.holdGreetings) return null;
  const quota = { perHour: env.limits.casesPerHour, perDay: env.limits.casesPerDay };
  if (await caseQuotaAllows(tx, actor.accountId, now, quota)) return null;
  const latest = await latestCaseOfAccount(tx, actor.accountId);
  if (!latest) return null;
  await addCaseEvent(tx, latest.id, actorTag(actor), 'note', `（同一账号诉求过多，未另立新案）${input.text.slice(0, 400)}`, now);
  return { ...latest, capped: true };
}

export async function openCase(env: AgentEnv, actor: Actor, input: OpenCaseInput, now: Date): Promise<OpenedCase> {
  let capped = false;
  const row = await withStaffNotices(env, async (tx, notify): Promise<OpenedCase> => {
    const joined = await overQuota(env, tx, actor, input, now);
    if (joined) {
      capped = true;
      return joined;
    }
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
      frame: input.frame ?? null,
      ledgerChange: input.ledgerChange ?? null,
    });
    if (input.holdGreetings && elder) {
      const h = await holdGreetings(tx, elder.id, { reason: input.holdGreetings, caseId: c.id, by: actorTag(actor), now });
      await addCaseEvent(tx, c.id, 'system', 'greetings_held', `${h.paused}`, now);
    }
    await notify(elder, [text([newCaseNotice(c, elder, actor, relation, input.text), ...(input.noticeLines?.(c) ?? [])].join('\n'))], c.id);
    await addCaseEvent(tx, c.id, 'system', 'notified', elder?.town ?? 'all', now);
    return c;
  });
  if (capped) env.log.warn({ case: row.number, account: actor.accountId }, 'case quota reached: joined the latest case');
  else env.log.info({ case: row.number, kind: row.kind, urgent: row.urgent, account: actor.accountId }, 'case opened');
  return row;
}

/** A second alarm from the same account within half an hour joins the open urgent case. */
export async function joinRecentUrgent(env: AgentEnv, actor: Actor, message: string, now: Date): Promise<CaseRow | null> {
  if (!actor.accountId) return null;
  return withStaffNotices(env, async (tx, notify) => {
    const c = await recentUrgentCase(tx, actor.accountId!, now);
    if (!c) return null;
    await addCaseEvent(tx, c.id, actorTag(actor), 'note', message.slice(0, 500), now);
    await notify(await elderBrief(tx, c.elder_id), [text(repeatAlarmNotice(c.number, message))], c.id);
    return c;
  });
}

/** Records slot answers; when `finished`, staff get everything gathered in one notice. */
export async function recordDetail(env: AgentEnv, actor: Actor, number: string, slot: string, value: string, finished: boolean, now: Date): Promise<void> {
  await withStaffNotices(env, async (tx, notify) => {
    const c = await addCaseDetail(tx, number, slot, value, actorTag(actor), now);
    if (!c || !finished) return;
    // Only the asked slots go to staff; nothing else from the details object.
    const details = Object.entries(c.details)
      .map(([k, v]) => ({ spec: slotSpec(c.kind, c.subkind, k), v }))
      .filter((d): d is { spec: NonNullable<typeof d.spec>; v: unknown } => !!d.spec && typeof d.v === 'string')
      .map((d) => ({ label: d.spec.label, value: String(d.v) }));
    if (!details.length) return;
    await notify(await elderBrief(tx, c.elder_id), [text(detailsNotice(c.number, details))], c.id);
  });
}

/** A person asks after a case: the case notes it and its staff group is reminded. */
export async function remindStaff(env: AgentEnv, actor: Actor, c: { id: number; number: string; elder_id: number | null }, message: string, now: Date): Promise<void> {
  await withStaffNotices(env, async (tx, notify) => {
    await addCaseEvent(tx, c.id, actorTag(actor), 'asked', message.slice(0, 500), now);
    await notify(await elderBrief(tx, c.elder_id), [text(`【催办】诉求 ${c.number}：${actor.kind === 'family' ? '家属' : '老人'}在问进度。\n原话：${message.slice(0, 200)}\n请尽快联系。`)], c.id);
  });
}

/**
 * More said about a case the talk is about (how the illness goes, what the neighbour did now): kept
 * on the case and told to its staff. Only a case of the speaker's own elder that is still open;
 * returns its number, or null when there is no such case.
 */
export async function addToCase(env: AgentEnv, actor: Actor, number: string, message: string, now: Date): Promise<string | null> {
  if (!actor.elderId) return null;
  return withStaffNotices(env, async (tx, notify) => {
    const c = await getCase(tx, number);
    if (!c || Number(c.elder_id) !== Number(actor.elderId) || c.status === 'closed') return null;
    await addCaseEvent(tx, c.id, actorTag(actor), 'note', message.slice(0, 500), now);
    await notify(await elderBrief(tx, c.elder_id), [text(`【补充】诉求 ${c.number}：${actor.kind === 'family' ? '家属' : '老人'}又说：\n${message.slice(0, 200)}`)], c.id);
    return c.number;
  });
}

/** More news about an open case (the same event told again, a discharge); closes it when the news settles it. */
export async function updateCase(
  env: AgentEnv,
  actor: Actor,
  c: { id: number; number: string; elder_id: number | null },
  u: { frame?: Record<string, unknown>; note: string; close?: boolean; notice: string },
  now: Date,
): Promise<void> {
  await withStaffNotices(env, async (tx, notify) => {
    await mergeCaseFrame(tx, c.id, u.frame ?? {}, actorTag(actor), u.note, now);
    if (u.close) await settleCase(tx, c.id, actorTag(actor), u.note, now);
    await notify(await elderBrief(tx, c.elder_id), [text(u.notice)], c.id);
  });
}

/**
 * The speaker corrects who a case just opened is about. The frame takes the new person; a death or a
 * remarriage (the ledger hangs on who it was), or a case with no frame, gets the correction as a note
 * for staff, who settle it.
 * Staff are told 【更正】 either way. Only the speaker's own elder's open case.
 */
export async function correctCase(env: AgentEnv, actor: Actor, number: string, who: { subject: string; who?: string }, message: string, now: Date): Promise<{ number: string; applied: boolean } | null> {
  if (!actor.elderId) return null;
  return withStaffNotices(env, async (tx, notify) => {
    const c = await getCase(tx, number);
    if (!c || Number(c.elder_id) !== Number(actor.elderId) || c.status === 'closed') return null;
    const event = (c.frame as { event?: string } | null)?.event;
    const applied = !!event && !LEDGER_EVENTS.has(event);
    if (applied) await mergeCaseFrame(tx, c.id, { subject: who.subject, who: who.who ?? null }, actorTag(actor), `更正：${message.slice(0, 480)}`, now);
    else await addCaseEvent(tx, c.id, actorTag(actor), 'note', `更正：${message.slice(0, 480)}`, now);
    await notify(await elderBrief(tx, c.elder_id), [text(`【更正】诉求 ${c.number}：${actor.kind === 'family' ? '家属' : '老人'}说刚才说错了：\n${message.slice(0, 200)}${applied ? '' : '\n（涉及台账，请核实后再确认）'}`)], c.id);
    return { number: c.number, applied };
  });
}
