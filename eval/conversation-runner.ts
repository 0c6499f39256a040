/**
 * Plays eval/conversations (multi-turn conversations written apart from the code) through the real
 * agent: the fixture ledger imported into a scratch database, the shipped knowledge, the
 * deterministic brain. Each conversation starts from a clean slate (no cases, no conversation state,
 * no bindings), its actor bound as the item says, its setup cases opened, and the 国庆 greetings of
 * the year planned (so "greetings paused" is checked on real pending rows as well as on what a
 * future day would produce).
 *
 * What a turn did ("act") is read from what changed, not from the reply's wording:
 *   bind / bind_fail: the account got bound / a binding try was recorded and it is still unbound;
 *   danger: a new urgent case; handoff: a new 找人工 case; refuse: the knowledge base could not ground
 *   the question (intent policy_unknown); case: any other new case;
 *   otherwise the intent: policy, status, smalltalk (greeting), slot (a detail added to an open case).
 */
import fs from 'node:fs';
import pino from 'pino';
import type { Db } from '../src/db/types.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { importLedger } from '../src/ledgers/import-ledger.ts';
import { ensureDefaultKnowledge } from '../src/knowledge/default-knowledge.ts';
import { createPolicyAnswerer } from '../src/knowledge/policy-answerer.ts';
import { createAgent } from '../src/agents/create-agent.ts';
import type { Agent } from '../src/chat/turn.ts';
import type { InboundMessage } from '../src/chat/message.ts';
import { upsertAccount } from '../src/people/accounts.ts';
import { createCase } from '../src/cases/store.ts';
import { caseKindOfWord } from '../src/cases/catalog.ts';
import { computeDue, planDay } from '../src/jobs/planner.ts';
import { addDays, todayIn } from '../src/kernel/time.ts';
import { birthdayOn } from '../src/kernel/calendar.ts';
import { partOf, type Part } from './split.ts';

export interface Expect {
  act?: string;
  case?: { kind: string; subject?: string };
  replyAny?: string[][];
  replyNot?: string[];
  bound?: { as: 'elder' | 'family'; elder: string; relation?: string };
  triesLeft?: number;
  locked?: boolean;
}

export interface Conversation {
  id: string;
  category: string;
  situation: string;
  actor: { kind: 'elder' | 'family' | 'unknown'; elder?: string; relation?: string };
  setup?: { openCases?: { kind: string; daysAgo: number; summary: string }[] };
  turns: { text: string; expect?: Expect }[];
  after?: { cases?: number; noCaseKinds?: string[]; greetingsPaused?: boolean; pendingLedger?: string[]; closedCaseKinds?: string[] };
}

export interface Check {
  type: string;
  ok: boolean;
  /** What was expected and what happened, for the dev part's failure list. */
  detail?: string;
}

export interface ConversationResult {
  id: string;
  part: Part;
  category: string;
  ok: boolean;
  checks: Check[];
  transcript: { text: string; replies: string[]; act: string; intent: string; caseId?: string }[];
}

export function readConversations(file: string): Conversation[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Conversation);
}

/** The eval's case kinds, from a case row: the frame's event when the case has one. */
export function evalKind(c: { kind: string; subkind: string | null; frame?: { event?: string } | null }): string {
  if (c.kind === 'life_event' && c.frame?.event) return c.frame.event;
  switch (c.kind) {
    case 'jieyou':
      return '解忧';
    case 'legal':
      return '法律咨询';
    case 'handoff':
      return '找人工';
    case 'help':
      return '帮扶';
    default:
      return c.subkind === '丧偶' ? '病故' : (c.subkind ?? '五必到');
  }
}

const TZ = 'Asia/Shanghai';
/** The conversations happen on a fixed day, so 今天/昨天 and the planned festival are the same every run. */
export const EVAL_START = new Date('2026-06-10T02:00:00Z');
const FESTIVAL_DAY = '2026-10-01';

interface CaseLite {
  id: number;
  number: string;
  kind: string;
  subkind: string | null;
  status: string;
  urgent: boolean;
  frame: { event?: string; subject?: string } | null;
  ledger_change: string | null;
  ledger_status: string | null;
}

async function hasColumn(db: Db, table: string, column: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [table, column]);
  return r.rows.length > 0;
}

export interface EvalEnv {
  db: Db;
  agent: Agent;
  elders: Map<string, { id: number; birth_date: string; lunar_birthday: boolean }>;
  caseColumns: { frame: boolean; ledger: boolean };
  close(): Promise<void>;
}

export async function prepareEvalEnv(ledgerFile: string, opts: { db?: Db } = {}): Promise<EvalEnv> {
  const db = opts.db ?? (await openDatabase({ dataDir: 'memory://' }));
  await migrate(db);
  const log = pino({ level: 'silent' });
  // Only what the eval needs: no model endpoint, so the deterministic brain answers as on a bare machine.
  const config = loadConfig({ JINQIU_DATA_DIR: 'memory://', JINQIU_TZ: TZ, LOG_LEVEL: 'silent' });
  await ensureDefaultKnowledge(db, log, { embedder: null });
  const imp = await importLedger(db, ledgerFile, { today: todayIn(TZ, EVAL_START), actor: 'eval' });
  if (!imp.applied || imp.rejected.length) throw new Error(`eval ledger rejected rows: ${JSON.stringify(imp.rejected)}`);
  const policy = createPolicyAnswerer({ db, config, log, embedder: null, chat: null });
  let clock = EVAL_START.getTime();
  const agent = createAgent({ db, config, log, policy, brain: 'deterministic', now: () => new Date((clock += 60_000)), floodLimit: 10_000 });
  const rows = await db.query<{ id: number; name: string; birth_date: string | Date; lunar_birthday: boolean }>(`SELECT id, name, birth_date, lunar_birthday FROM elders`);
  const elders = new Map(rows.rows.map((r) => [r.name, { id: r.id, birth_date: typeof r.birth_date === 'string' ? r.birth_date.slice(0, 10) : r.birth_date.toISOString().slice(0, 10), lunar_birthday: r.lunar_birthday }]));
  const caseColumns = { frame: await hasColumn(db, 'cases', 'frame'), ledger: await hasColumn(db, 'cases', 'ledger_change') };
  return { db, agent, elders, caseColumns, close: () => db.close() };
}

/** Everything a conversation may have left behind; the ledger itself is never changed by a conversation. */
async function clean(db: Db): Promise<void> {
  const tables = ['case_events', 'staff_notices', 'deliveries', 'campaigns', 'cases', 'case_counters', 'conversations', 'binding_attempts', 'binding_codes', 'channel_accounts'];
  if (await tableExists(db, 'greeting_holds')) tables.unshift('greeting_holds');
  await db.query(`TRUNCATE ${tables.join(', ')} CASCADE`);
}

const tableCache = new Map<string, boolean>();
async function tableExists(db: Db, t: string): Promise<boolean> {
  if (!tableCache.has(t)) tableCache.set(t, (await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = $1`, [t])).rows.length > 0);
  return tableCache.get(t)!;
}

async function casesOf(env: EvalEnv): Promise<CaseLite[]> {
  const cols = ['id', 'number', 'kind', 'subkind', 'status', 'urgent'];
  cols.push(env.caseColumns.frame ? 'frame' : 'NULL::jsonb AS frame');
  cols.push(env.caseColumns.ledger ? 'ledger_change, ledger_status' : 'NULL::text AS ledger_change, NULL::text AS ledger_status');
  const r = await env.db.query<CaseLite>(`SELECT ${cols.join(', ')} FROM cases ORDER BY id`);
  return r.rows.map((c) => ({ ...c, id: Number(c.id) }));
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
}

function actOf(intent: string, newCases: CaseLite[], boundNow: boolean, boundBefore: boolean, triesDelta: number, detailDelta: number): string {
  if (boundNow && !boundBefore) return 'bind';
  if ((triesDelta > 0 || intent === 'bind_fail') && !boundNow) return 'bind_fail';
  if (newCases.some((c) => c.urgent)) return 'danger';
  if (intent === 'policy_unknown') return 'refuse';
  if (newCases.some((c) => c.kind === 'handoff')) return 'handoff';
  if (newCases.length) return 'case';
  if (intent === 'policy') return 'policy';
  if (intent === 'status') return 'status';
  if (intent === 'greeting' || intent === 'smalltalk') return 'smalltalk';
  if (intent === 'handoff') return 'handoff';
  if (detailDelta > 0 || intent === 'slot') return 'slot';
  return intent;
}

function nextBirthday(e: { birth_date: string; lunar_birthday: boolean }, from: string): string | null {
  for (let i = 1; i <= 400; i++) {
    const d = addDays(from, i);
    if (birthdayOn(d, e.birth_date, e.lunar_birthday)) return d;
  }
  return null;
}

/** Nothing will be sent to the elder or put on a call list: no open delivery row, no greeting planned on a future day. */
async function greetingsPaused(env: EvalEnv, elder: { id: number; birth_date: string; lunar_birthday: boolean }): Promise<boolean> {
  const open = await count(env.db, `SELECT count(*)::int AS n FROM deliveries WHERE elder_id = $1 AND status IN ('pending', 'sending', 'call', 'sent')`, [elder.id]);
  if (open) return false;
  const days = [FESTIVAL_DAY, nextBirthday(elder, todayIn(TZ, EVAL_START))].filter((d): d is string => !!d);
  for (const day of days) {
    const due = await computeDue(env.db, day, { tz: TZ, officeName: '县委老干部局' });
    if (due.some((i) => i.elder?.id === elder.id && (i.action === 'send' || i.action === 'call'))) return false;
  }
  return true;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export async function runConversation(env: EvalEnv, conv: Conversation): Promise<ConversationResult> {
  const { db, agent } = env;
  await clean(db);
  const checks: Check[] = [];
  const transcript: ConversationResult['transcript'] = [];
  const elder = conv.actor.elder ? env.elders.get(conv.actor.elder) : undefined;
  if (conv.actor.kind !== 'unknown' && !elder) throw new Error(`${conv.id}: elder ${conv.actor.elder} not in the eval ledger`);
  const externalId = `eval-${conv.id}`;
  if (conv.actor.kind === 'elder') await upsertAccount(db, 'telegram', externalId, { kind: 'elder', elderId: elder!.id, displayName: conv.actor.elder! });
  else if (conv.actor.kind === 'family') await upsertAccount(db, 'telegram', externalId, { kind: 'family', elderId: elder!.id, relation: conv.actor.relation ?? null });
  for (const s of conv.setup?.openCases ?? []) {
    const k = caseKindOfWord(s.kind) ?? { kind: 'handoff' };
    const at = new Date(EVAL_START.getTime() - s.daysAgo * 86_400_000);
    await createCase(db, { kind: k.kind, subkind: k.subkind, elderId: elder?.id ?? null, accountId: null, summary: s.summary, actorTag: 'system', now: at, timeZone: TZ });
  }
  await planDay(db, FESTIVAL_DAY, { tz: TZ, officeName: '县委老干部局' }, EVAL_START);
  const setupIds = new Set((await casesOf(env)).map((c) => c.id));

  for (const [i, turn] of conv.turns.entries()) {
    const before = await casesOf(env);
    const known = new Set(before.map((c) => c.id));
    const acc = await db.query<{ id: number; kind: string; elder_id: number | null }>(`SELECT id, kind, elder_id FROM channel_accounts WHERE channel = 'telegram' AND external_id = $1`, [externalId]);
    const boundBefore = !!acc.rows[0]?.elder_id;
    const tries0 = await count(db, `SELECT count(*)::int AS n FROM binding_attempts`);
    const details0 = await count(db, `SELECT count(*)::int AS n FROM case_events WHERE kind IN ('detail', 'note')`);
    const msg: InboundMessage = { id: `${conv.id}-${i}`, channel: 'telegram', threadId: externalId, chatKind: 'private', author: { id: externalId, name: '用户' }, text: turn.text, attachments: [], mentionsBot: true, receivedAt: new Date() };
    const r = await agent.handle(msg, { forBot: true, addressed: true });
    const replies = r.replies.map((m) => (m.kind === 'text' ? m.text : `[${m.kind}]`));
    const reply = replies.join('\n');
    const after = await casesOf(env);
    const newCases = after.filter((c) => !known.has(c.id));
    const accAfter = await db.query<{ kind: string; elder_id: number | null; relation: string | null }>(`SELECT kind, elder_id, relation FROM channel_accounts WHERE channel = 'telegram' AND external_id = $1`, [externalId]);
    const a = accAfter.rows[0];
    const triesDelta = (await count(db, `SELECT count(*)::int AS n FROM binding_attempts`)) - tries0;
    const detailDelta = (await count(db, `SELECT count(*)::int AS n FROM case_events WHERE kind IN ('detail', 'note')`)) - details0;
    const act = actOf(r.intent, newCases, !!a?.elder_id, boundBefore, triesDelta, detailDelta);
    transcript.push({ text: turn.text, replies, act, intent: r.intent, ...(r.caseId ? { caseId: r.caseId } : {}) });
    const e = turn.expect ?? {};
    const tag = `turn ${i + 1}`;
    if (e.act) checks.push({ type: 'act', ok: act === e.act, detail: `${tag}: expected ${e.act}, got ${act} (${r.intent})` });
    if (e.case) {
      // The case this turn is about: a new one, else the one it updated (出院 updates the 住院 case).
      const touched = newCases[0] ?? after.find((c) => c.number === r.caseId) ?? null;
      const kind = touched ? (e.case.kind === '出院' && !newCases.length && touched.frame?.event !== '出院' ? touched.frame?.event ?? null : evalKind(touched)) : null;
      const discharge = e.case.kind === '出院' && !newCases.length && touched && (touched.status === 'closed' || touched.frame?.event === '出院');
      checks.push({ type: 'case.kind', ok: e.case.kind === '出院' ? !!discharge : kind === e.case.kind, detail: `${tag}: expected ${e.case.kind}, got ${touched ? `${evalKind(touched)} ${touched.number}${newCases.length ? '' : ' (existing)'}` : 'no case'}` });
      if (e.case.subject) {
        const subject = touched?.frame?.subject ?? null;
        checks.push({ type: 'case.subject', ok: subject === e.case.subject, detail: `${tag}: expected ${e.case.subject}, got ${subject}` });
      }
    }
    for (const any of e.replyAny ?? []) checks.push({ type: 'replyAny', ok: any.some((s) => reply.includes(s)), detail: `${tag}: none of ${any.join('/')} in reply` });
    if (e.replyNot?.length) {
      const bad = e.replyNot.filter((s) => reply.includes(s));
      checks.push({ type: 'replyNot', ok: bad.length === 0, detail: `${tag}: reply has ${bad.join('/')}` });
    }
    if (e.bound) {
      const want = env.elders.get(e.bound.elder)?.id;
      const ok = !!a && a.elder_id !== null && Number(a.elder_id) === want && a.kind === e.bound.as && (!e.bound.relation || a.relation === e.bound.relation);
      checks.push({ type: 'bound', ok, detail: `${tag}: expected ${e.bound.as} of ${e.bound.elder}${e.bound.relation ? `/${e.bound.relation}` : ''}, got ${a ? `${a.kind} ${a.elder_id ?? '-'} ${a.relation ?? ''}` : 'no account'}` });
    }
    if (e.triesLeft !== undefined) {
      const failures = await count(db, `SELECT count(*)::int AS n FROM binding_attempts WHERE NOT ok`);
      const saysLeft = new RegExp(`(?:${e.triesLeft}|${'零一两三'[e.triesLeft] ?? e.triesLeft}) ?次`).test(reply);
      checks.push({ type: 'triesLeft', ok: 3 - failures === e.triesLeft && saysLeft, detail: `${tag}: expected ${e.triesLeft} tries left (said in the reply), ${3 - failures} left` });
    }
    if (e.locked !== undefined) {
      const failures = await count(db, `SELECT count(*)::int AS n FROM binding_attempts WHERE NOT ok`);
      const locked = failures >= 3 && !a?.elder_id;
      checks.push({ type: 'locked', ok: locked === e.locked, detail: `${tag}: expected locked=${e.locked}, got ${locked}` });
    }
  }

  const final = await casesOf(env);
  const created = final.filter((c) => !setupIds.has(c.id));
  const af = conv.after ?? {};
  if (af.cases !== undefined) checks.push({ type: 'after.cases', ok: created.length === af.cases, detail: `expected ${af.cases} new cases, got ${created.length} (${created.map((c) => evalKind(c)).join(', ')})` });
  if (af.noCaseKinds !== undefined) {
    const wrong = created.map((c) => evalKind(c)).filter((k) => af.noCaseKinds!.includes(k));
    checks.push({ type: 'after.noCaseKinds', ok: wrong.length === 0, detail: `expected no new case of [${af.noCaseKinds.join(', ')}], got [${wrong.join(', ')}]` });
  }
  if (af.greetingsPaused !== undefined && elder) {
    const paused = await greetingsPaused(env, elder);
    checks.push({ type: 'after.greetingsPaused', ok: paused === af.greetingsPaused, detail: `expected paused=${af.greetingsPaused}, got ${paused}` });
  }
  if (af.pendingLedger !== undefined) {
    const pending = [...new Set(final.filter((c) => c.ledger_status === 'pending' && c.ledger_change).map((c) => c.ledger_change!))];
    checks.push({ type: 'after.pendingLedger', ok: sameSet(pending, af.pendingLedger), detail: `expected [${af.pendingLedger.join(', ')}], got [${pending.join(', ')}]` });
  }
  if (af.closedCaseKinds !== undefined) {
    const closed = final.filter((c) => c.status === 'closed').map((c) => evalKind(c));
    checks.push({ type: 'after.closedCaseKinds', ok: sameSet([...new Set(closed)], af.closedCaseKinds), detail: `expected [${af.closedCaseKinds.join(', ')}], got [${closed.join(', ')}]` });
  }
  return { id: conv.id, part: partOf(conv.id), category: conv.category, ok: checks.every((c) => c.ok), checks, transcript };
}

interface Rate {
  passed: number;
  total: number;
  rate: number;
}
const rate = (passed: number, total: number): Rate => ({ passed, total, rate: total ? +(passed / total).toFixed(3) : 0 });

export function summarize(results: ConversationResult[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of ['dev', 'test'] as const) {
    const rs = results.filter((r) => r.part === part);
    if (!rs.length) continue;
    const checks = rs.flatMap((r) => r.checks);
    const byCategory: Record<string, Rate> = {};
    for (const cat of [...new Set(rs.map((r) => r.category))].sort()) {
      const c = rs.filter((r) => r.category === cat);
      byCategory[cat] = rate(c.filter((r) => r.ok).length, c.length);
    }
    const byCheck: Record<string, Rate> = {};
    for (const type of [...new Set(checks.map((c) => c.type))].sort()) {
      const c = checks.filter((x) => x.type === type);
      byCheck[type] = rate(c.filter((x) => x.ok).length, c.length);
    }
    out[part] = { conversations: rate(rs.filter((r) => r.ok).length, rs.length), checks: rate(checks.filter((c) => c.ok).length, checks.length), byCategory, byCheck };
  }
  return out;
}
