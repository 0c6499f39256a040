/**
 * The ledger evaluation: the generated 600-elder ledger with its visits and cases in a fresh database,
 * each question of eval/ledger/questions.ts asked through the service behind `jinqiu ledger query`
 * (judged on the CLI's JSON), each chain of eval/ledger/chains.ts sent turn by turn to the agent as a
 * staff member in a private chat (judged on the replies). Reported per part (dev, test) and category.
 * Failures are listed only for the dev part: the test part is for numbers, never for reading.
 */
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { openDatabase } from '../../src/db/open-database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Db } from '../../src/db/types.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { isJinqiuError } from '../../src/kernel/errors.ts';
import { createLedgerService, createServices, type AppContext } from '../../src/main.ts';
import { ledgerQueryJson } from '../../src/cli/ledger-query.ts';
import { formatResultText } from '../../src/ledgers/query/format.ts';
import type { InboundMessage, OutboundMessage } from '../../src/chat/message.ts';
import { zonedInstant } from '../../src/kernel/zoned-time.ts';
import { generateLedger, type Elder } from '../ledger/generate.ts';
import { questions } from '../ledger/questions.ts';
import { chains } from '../ledger/chains.ts';
import type { Asker, ChainExpectation, Ledger, LedgerQuestion } from '../ledger/oracle-lib.ts';
import { partOf, type Part } from '../split.ts';
import { loadGeneratedLedger, TIME_ZONE, type LoadedLedger } from './load.ts';
import {
  judgeCount, judgeGroups, judgeNames, judgeNotUnderstood, judgeTop, judgeValue, listedNames, shownFor, statedCount, statedGroups,
  statedValue, type CliAnswer, type ReadReply, type Verdict,
} from './judge.ts';

export interface LedgerEvalOptions {
  parts?: Part[];
  /** List the failures of the dev part (never of the test part). */
  verbose?: boolean;
  /** Only items whose id is listed (dev items only). */
  only?: string[];
  seed?: number;
}

interface Tally {
  total: number;
  correct: number;
}
const rate = (t: Tally) => ({ ...t, accuracy: t.total ? Math.round((1000 * t.correct) / t.total) / 1000 : null });

function scopeOf(asker: Asker | undefined): string[] | null {
  if (!asker || asker.role === 'admin') return null;
  return asker.towns?.length ? asker.towns : null;
}

/** One question as `jinqiu ledger query --json` answers it. */
async function askCli(ctx: AppContext, q: LedgerQuestion): Promise<CliAnswer> {
  try {
    const res = await ctx.ledger.ask(q.question, { today: q.today, scopeTowns: scopeOf(q.asker), defaultLimit: 1000 });
    const json = ledgerQueryJson(res) as unknown as CliAnswer;
    return { ...json, text: formatResultText(res, { masked: false, maxRows: 50 }) };
  } catch (e) {
    // A question about a town outside the asker's scope is refused: nobody is shown.
    if (isJinqiuError(e) && e.code === 'FORBIDDEN') return { query: null, total: 0, rows: [], notUnderstood: [], text: e.userMessage, refused: true };
    if (isJinqiuError(e)) return { query: null, total: 0, rows: [], notUnderstood: [], text: e.userMessage };
    throw e;
  }
}

function judgeQuestion(L: Ledger, q: LedgerQuestion, a: CliAnswer): Verdict {
  const e = q.expect;
  const isList = (a.query as { output?: string } | null)?.output !== 'stats';
  switch (e.kind) {
    case 'names':
      // All of them, unless the question asked for a number of them (最近一次, 前5位).
      if (a.rows.length < a.total && a.rows.length !== (a.query as { limit?: number } | null)?.limit) return { ok: false, detail: `names: only ${a.rows.length} of ${a.total} rows` };
      return judgeNames(a.rows.map((r) => r.name), e.oracle(L, q.today));
    case 'top':
      return judgeTop(a.rows.map((r) => r.name), e.oracle(L, q.today));
    case 'count':
      return isList || a.refused ? judgeCount(a.total, e.oracle(L, q.today)) : { ok: false, detail: 'count: answered with a statistic' };
    case 'value':
      return judgeValue(a.value, e.oracle(L, q.today), e.tolerance ?? 0.1);
    case 'groups':
      return judgeGroups(a.groups, e.oracle(L, q.today));
    case 'notUnderstood':
      return judgeNotUnderstood(a, e.words);
  }
}

async function readReplies(replies: OutboundMessage[]): Promise<ReadReply> {
  const text = replies.filter((r) => r.kind === 'text').map((r) => (r.kind === 'text' ? r.text : '')).join('\n');
  const files: Record<string, string>[][] = [];
  for (const r of replies) {
    if (r.kind !== 'file' || !r.filename.endsWith('.xlsx')) continue;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) continue;
    const header = ((ws.getRow(1).values as unknown[]) ?? []).map((v) => String(v ?? ''));
    const rows: Record<string, string>[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const vals = row.values as unknown[];
      const rec: Record<string, string> = {};
      header.forEach((h, i) => {
        if (h) rec[h] = vals[i] === null || vals[i] === undefined ? '' : String(vals[i]);
      });
      if (rec['姓名'] && !/^查询条件/.test(rec['姓名'])) rows.push(rec);
    });
    files.push(rows);
  }
  return { text, files, images: replies.filter((r) => r.kind === 'image').length };
}

function judgeStep(L: Ledger, today: string, e: ChainExpectation, r: ReadReply): Verdict {
  const byName = (names: string[]) => L.elders.filter((x) => names.includes(x.name));
  switch (e.kind) {
    case 'names':
      return judgeNames(listedNames(r), e.oracle(L, today));
    case 'top':
      return judgeTop(listedNames(r), e.oracle(L, today));
    case 'count':
      return judgeCount(statedCount(r), e.oracle(L, today));
    case 'value':
      return judgeValue(statedValue(r), e.oracle(L, today), e.tolerance ?? 0.1);
    case 'groups':
      return judgeGroups(statedGroups(r), e.oracle(L, today));
    case 'notUnderstood':
      return e.words.some((w) => r.text.includes(w)) && /没看懂|不明白|没有这|台账里没有|不清楚/.test(r.text) ? { ok: true } : { ok: false, detail: 'notUnderstood not said' };
    case 'phones': {
      const want = e.oracle(L, today);
      return judgeNames(shownFor(r, byName(want), (x: Elder) => x.phone), want);
    }
    case 'addresses': {
      const want = e.oracle(L, today);
      return judgeNames(shownFor(r, byName(want), (x: Elder) => x.address), want);
    }
    case 'file': {
      if (!r.files.length) return { ok: false, detail: 'no file' };
      return judgeNames(r.files.flatMap((rows) => rows.map((row) => row['姓名']!)), e.oracle(L, today));
    }
    case 'record': {
      const want = e.oracle(L, today);
      const missing = want.filter((n, i) => {
        const same = byName([n]);
        // The record (birth date) of one person, or each same-name person told apart (birth year).
        const shown = same.filter((x) => (want.length === 1 ? r.text.includes(x.birthDate) : r.text.includes(x.birthDate.slice(0, 4))));
        return !r.text.includes(n) || shown.length < want.slice(0, i + 1).filter((m) => m === n).length;
      });
      return missing.length ? { ok: false, detail: `record: not shown for ${missing.join(' ')}` } : { ok: true };
    }
    case 'chart': {
      if (!r.images) return { ok: false, detail: 'no chart' };
      return judgeGroups(statedGroups(r), e.oracle(L, today));
    }
  }
}

export interface LedgerEvalReport {
  seed: number;
  elders: number;
  parts: Record<string, { questions: ReturnType<typeof rate> & { byCategory: Record<string, ReturnType<typeof rate>> }; chains: { chains: number; chainsAllCorrect: number; steps: ReturnType<typeof rate> } }>;
  timing: { questions: number; p50_ms: number; p95_ms: number };
  failures?: { id: string; text: string; detail: string }[];
}

export async function runLedgerEval(opts: LedgerEvalOptions = {}): Promise<LedgerEvalReport> {
  const parts = opts.parts ?? ['dev', 'test'];
  const L = generateLedger(opts.seed);
  // Only the defaults: the deterministic brain, whatever model the environment may name.
  const config = loadConfig({ LOG_LEVEL: 'silent', JINQIU_DATA_DIR: 'memory://' });
  const log = createLogger('silent');
  const db: Db = await openDatabase({ dataDir: 'memory://' });
  let clock = new Date();
  try {
    await migrate(db);
    const loaded: LoadedLedger = await loadGeneratedLedger(db, L);
    const ctx: AppContext = { config, db, log, ledger: createLedgerService(db, config, log), close: () => db.close() };
    const failures: { id: string; text: string; detail: string }[] = [];
    const report: LedgerEvalReport['parts'] = {};
    const times: number[] = [];
    const want = (id: string, part: Part) => parts.includes(part) && (!opts.only || (part === 'dev' && opts.only.includes(id)));

    const perPart = new Map<Part, { q: Tally; cats: Map<string, Tally>; chains: number; chainsOk: number; steps: Tally }>();
    const slot = (p: Part) => {
      let s = perPart.get(p);
      if (!s) perPart.set(p, (s = { q: { total: 0, correct: 0 }, cats: new Map(), chains: 0, chainsOk: 0, steps: { total: 0, correct: 0 } }));
      return s;
    };

    for (const q of questions) {
      const part = partOf(q.id);
      if (!want(q.id, part)) continue;
      const t0 = performance.now();
      const a = await askCli(ctx, q);
      times.push(performance.now() - t0);
      let v: Verdict;
      try {
        v = judgeQuestion(L, q, a);
      } catch (e) {
        v = { ok: false, detail: `oracle failed: ${(e as Error).message}` };
      }
      const s = slot(part);
      s.q.total++;
      const c = s.cats.get(q.category) ?? { total: 0, correct: 0 };
      c.total++;
      if (v.ok) {
        s.q.correct++;
        c.correct++;
      } else if (part === 'dev' && opts.verbose) failures.push({ id: q.id, text: q.question, detail: `${v.detail ?? ''} | ${a.text.split('\n').slice(0, 3).join(' / ')}` });
      s.cats.set(q.category, c);
    }

    const services = await createServices(ctx, { now: () => clock });
    try {
      for (const ch of chains) {
        const part = partOf(ch.id);
        if (!want(ch.id, part)) continue;
        const staffId = await loaded.askerId(ch.asker);
        const thread = `eval-${ch.id}-${crypto.randomUUID().slice(0, 8)}`;
        const s = slot(part);
        s.chains++;
        let all = true;
        for (const [i, step] of ch.steps.entries()) {
          clock = new Date(zonedInstant(ch.today, '10:00', TIME_ZONE).getTime() + i * 60_000);
          const msg: InboundMessage = {
            id: crypto.randomUUID(),
            channel: 'cli',
            threadId: thread,
            chatKind: 'private',
            author: { id: `staff:${staffId}` },
            text: step.text,
            attachments: [],
            mentionsBot: true,
            receivedAt: clock,
          };
          const turn = await services.agent.handle(msg);
          const r = await readReplies(turn.replies);
          let v: Verdict;
          try {
            v = judgeStep(L, ch.today, step.expect, r);
          } catch (e) {
            v = { ok: false, detail: `oracle failed: ${(e as Error).message}` };
          }
          s.steps.total++;
          if (v.ok) s.steps.correct++;
          else {
            all = false;
            if (part === 'dev' && opts.verbose) failures.push({ id: `${ch.id}.${i + 1}`, text: step.text, detail: `${v.detail ?? ''} | ${r.text.split('\n').slice(0, 3).join(' / ')}` });
          }
        }
        if (all) s.chainsOk++;
      }
    } finally {
      await services.jobs.close();
    }

    for (const [p, s] of perPart)
      report[p] = {
        questions: { ...rate(s.q), byCategory: Object.fromEntries([...s.cats].sort().map(([k, t]) => [k, rate(t)])) },
        chains: { chains: s.chains, chainsAllCorrect: s.chainsOk, steps: rate(s.steps) },
      };
    const sorted = [...times].sort((a, b) => a - b);
    const pct = (p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) * 10) / 10;
    return {
      seed: L.seed,
      elders: L.elders.length,
      parts: report,
      timing: { questions: times.length, p50_ms: pct(50), p95_ms: pct(95) },
      ...(opts.verbose ? { failures } : {}),
    };
  } finally {
    await db.close();
  }
}
