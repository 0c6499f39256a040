/**
 * Knowledge base speed: ingest time of the shipped corpus, and retrieval latency (p50/p95) over
 * 2,000 questions at 10,000 chunks, on PGlite and (when TEST_DATABASE_URL or DATABASE_URL names a
 * server) on a fresh PostgreSQL database that is dropped afterwards.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/open-database.ts';
import { createScratchDatabase } from '../src/db/scratch-database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Db } from '../src/db/types.ts';
import { chunkDocument } from '../src/knowledge/chunker.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/knowledge/default-knowledge.ts';
import { ingestPaths } from '../src/knowledge/ingest.ts';
import { createKnowledgeSearch } from '../src/knowledge/search.ts';
import { insertChunks, rebuildStats } from '../src/knowledge/store.ts';
import { toChineseNumber } from '../src/kernel/cn-numbers.ts';

const TARGET_CHUNKS = Number(process.env.BENCH_KB_CHUNKS ?? 10_000);
const QUESTIONS = Number(process.env.BENCH_KB_QUESTIONS ?? 2_000);
// PGlite (PostgreSQL compiled to WASM, one connection) is slower per query; on a busy machine
// BENCH_KB_QUESTIONS_PGLITE=500 keeps the whole bench within a couple of minutes.
const QUESTIONS_PGLITE = Number(process.env.BENCH_KB_QUESTIONS_PGLITE ?? QUESTIONS);
const progress = (msg: string) => process.stderr.write(`  knowledge: ${msg}\n`);
const here = path.dirname(fileURLToPath(import.meta.url));

/** A seeded generator so every run benches the same synthetic corpus and questions. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function corpusSentences(): string[] {
  const out: string[] = [];
  for (const f of fs.readdirSync(DEFAULT_KNOWLEDGE_DIR).filter((x) => x.endsWith('.txt'))) {
    const text = fs.readFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, f), 'utf8');
    for (const s of text.match(/[^。；\n]{8,}[。；]/gu) ?? []) out.push(s.replace(/^第[一二三四五六七八九十百零\d]+条[\s\u3000]*/u, ''));
  }
  return out;
}

/**
 * Extra regulations made of real corpus sentences recombined: realistic vocabulary and lengths.
 * Loaded in one transaction with one statistics recount at the end (a bulk load, not 94 ingests).
 */
async function addSyntheticChunks(db: Db, need: number): Promise<number> {
  const sentences = corpusSentences();
  const rand = rng(42);
  const pick = () => sentences[Math.floor(rand() * sentences.length)]!;
  let made = 0;
  await db.transaction(async (tx) => {
    for (let d = 0; made < need; d++) {
      const articles = Math.min(100, need - made);
      const lines = ['第一章 总则'];
      for (let a = 1; a <= articles; a++) lines.push(`第${toChineseNumber(a)}条 ${Array.from({ length: 1 + Math.floor(rand() * 3) }, pick).join('')}`);
      const text = lines.join('\n');
      const chunks = chunkDocument(text);
      const title = `合成测试规定第${d + 1}号`;
      const r = await tx.query<{ id: string }>(
        `INSERT INTO kb_documents (source, content_hash, format, title, chars, chunk_count) VALUES ($1, $2, 'txt', $3, $4, $5) RETURNING id`,
        [`synthetic-${d}.txt`, crypto.createHash('sha256').update(text).digest('hex'), title, text.length, chunks.length],
      );
      await insertChunks(tx, Number(r.rows[0]!.id), title, chunks, undefined, { stats: false });
      made += chunks.length;
    }
  });
  await rebuildStats(db);
  return made;
}

function questions(count: number): string[] {
  const files = [path.resolve(here, '../../shared/eval/policy-qa.dev.jsonl'), path.resolve(here, '../tests/knowledge/heldout-qa.jsonl')];
  const base = files.filter((f) => fs.existsSync(f)).flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { question: string }).question),
  );
  const words = ['抚恤金', '医药费', '护理费', '低保', '法律援助', '养老金', '丧葬费', '体检', '老年大学', '解忧室', '党员', '离休干部', '住院', '赡养', '再婚', '土葬'];
  const frames = ['%s怎么领？', '%s能报多少？', '老伴走了%s有吗', '%s找谁办', '我想问一下%s的标准', '%s归哪个部门管'];
  const rand = rng(7);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(i % 3 === 0 && base.length ? base[i % base.length]! : frames[Math.floor(rand() * frames.length)]!.replace('%s', words[Math.floor(rand() * words.length)]!));
  }
  return out;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (x: number) => Math.round(x * 100) / 100;

async function benchOn(db: Db): Promise<Record<string, unknown>> {
  await migrate(db);
  let t0 = performance.now();
  const report = await ingestPaths(db, [DEFAULT_KNOWLEDGE_DIR]);
  const ingestMs = performance.now() - t0;
  const corpusChunks = report.documents.reduce((a, d) => a + d.chunks, 0);
  t0 = performance.now();
  progress(`${db.kind}: corpus ingested in ${Math.round(ingestMs)} ms`);
  const synthetic = await addSyntheticChunks(db, TARGET_CHUNKS - corpusChunks);
  const bulkMs = performance.now() - t0;
  progress(`${db.kind}: ${synthetic} synthetic chunks loaded in ${Math.round(bulkMs)} ms`);
  const search = createKnowledgeSearch({ db });
  const qs = questions(db.kind === 'pglite' ? QUESTIONS_PGLITE : QUESTIONS);
  for (const q of qs.slice(0, 20)) await search.search(q); // warm-up: jieba dictionary, plan cache
  const times: number[] = [];
  let grounded = 0;
  for (const q of qs) {
    const s = performance.now();
    const r = await search.search(q);
    times.push(performance.now() - s);
    if (r.grounded) grounded++;
    if (times.length % 500 === 0) progress(`${db.kind}: ${times.length} questions`);
  }
  times.sort((a, b) => a - b);
  return {
    corpus: { documents: report.documents.length, chunks: corpusChunks, ingestMs: ms(ingestMs) },
    syntheticChunks: { chunks: synthetic, loadMs: ms(bulkMs) },
    retrieval: { chunks: corpusChunks + synthetic, questions: qs.length, p50Ms: ms(pct(times, 50)), p95Ms: ms(pct(times, 95)), meanMs: ms(times.reduce((a, b) => a + b, 0) / times.length), groundedShare: ms(grounded / qs.length) },
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const lite = await openDatabase({ dataDir: 'memory://' });
  try {
    out.pglite = await benchOn(lite);
  } finally {
    await lite.close();
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    out.postgres = { skipped: 'set TEST_DATABASE_URL (or DATABASE_URL) to bench on PostgreSQL' };
    return out;
  }
  const scratch = await createScratchDatabase(adminUrl, 'jinqiu_bench_kb');
  const db = await openDatabase({ url: scratch.url, poolSize: 4 });
  try {
    out.postgres = await benchOn(db);
  } finally {
    await db.close();
    await scratch.drop();
  }
  return out;
}
