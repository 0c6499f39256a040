/**
 * Foundation numbers: cold `jinqiu start` until the simulator page answers (first start on an empty
 * folder, which seeds the demo and loads the default knowledge, and a second start), RSS after start
 * and after a round of elder and staff messages, and a 10,000-row xlsx import on PGlite (and
 * PostgreSQL when BENCH_DATABASE_URL/TEST_DATABASE_URL is set). It builds dist/ first, as `npm ci`
 * does, so the numbers are those of `npm ci && npm start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { openDatabase } from '../src/db/open-database.ts';
import { createScratchDatabase } from '../src/db/scratch-database.ts';
import { migrate } from '../src/db/migrate.ts';
import { webClient } from '../tests/helpers/web-client.ts';
import { importLedger } from '../src/ledgers/import-ledger.ts';
import { generateDemoElders } from '../src/ledgers/demo-ledger.ts';
import { ELDER_FIELDS } from '../src/ledgers/elder-fields.ts';
import { freePort } from '../tests/helpers/cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const ELDER_QUESTIONS = ['多大年纪算老年人？', '离休干部医药费怎么报销', '老伴走了能领多少钱', '我想找人说说话', '取暖费什么时候发'];
const STAFF_QUESTIONS = ['本县独居老干部有多少人？', '各镇患病人数', '90岁以上的老人名单', '下周过生日的老人'];

/** The simulator's own API: elder questions in private, ledger questions (tables, a chart) in the staff group. */
async function exercise(url: string): Promise<number> {
  const web = await webClient(url);
  const ids = (await web.json('/api/identities')) as { identities: { id: string; kind: string }[] };
  const elder = ids.identities.find((i) => i.kind === 'elder')!.id;
  const staff = ids.identities.find((i) => i.kind === 'staff')!.id;
  let answered = 0;
  const send = async (identity: string, thread: string, text: string, n: number) => {
    const r = await web.post('/api/messages', { id: `bench-${n}`, identity, thread, text });
    if ((r.json as { status?: string } | null)?.status === 'answered') answered++;
  };
  let n = 0;
  for (const q of ELDER_QUESTIONS) await send(elder, 'private', q, n++);
  for (const q of STAFF_QUESTIONS) await send(staff, 'group', q, n++);
  return answered;
}

async function timeStart(dataDir: string, opts: { exercise?: boolean } = {}): Promise<{ ms: number; rssMb: number; rssAfter5sMb: number; rssAfterUseMb?: number; answered?: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/jinqiu.js'), 'start'], {
    env: { ...process.env, JINQIU_DATA_DIR: dataDir, JINQIU_HTTP_PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '', TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '', OPENAI_BASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}`);
      if (performance.now() - t0 > 120_000) throw new Error('start did not answer within 120 s');
      const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - t0;
    const rss = rssMb(child.pid!);
    await new Promise((r) => setTimeout(r, 5000));
    const after5s = rssMb(child.pid!);
    const result = { ms: Math.round(ms), rssMb: Math.round(rss), rssAfter5sMb: Math.round(after5s) };
    if (!opts.exercise) return result;
    const answered = await exercise(`http://127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 2000));
    return { ...result, answered, rssAfterUseMb: Math.round(rssMb(child.pid!)) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/**
 * A county workbook as clerks make it: two sheets (half the elders each), a title row, a two-row
 * header with merged parents (联系方式 over 联系电话/紧急联系电话), and a footer with the count.
 */
export async function writeXlsx(file: string, n: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const fields = ELDER_FIELDS.filter((f) => !['phone', 'emergency_phone'].includes(f.column));
  const elders = generateDemoElders(n, '2026-12-01', 7);
  const half = Math.ceil(n / 2);
  for (const [name, part] of [['离休退休干部（一）', elders.slice(0, half)], ['离休退休干部（二）', elders.slice(half)]] as const) {
    const ws = wb.addWorksheet(name);
    const width = fields.length + 2;
    ws.addRow(['澄城县离退休干部基本信息台账']);
    ws.addRow([...fields.map((f) => f.header), '联系方式', null]);
    ws.addRow([...fields.map(() => null), '联系电话', '紧急联系电话']);
    ws.mergeCells(1, 1, 1, width);
    fields.forEach((_, i) => ws.mergeCells(2, i + 1, 3, i + 1));
    ws.mergeCells(2, width - 1, 2, width);
    for (const e of part) {
      const rec = e as unknown as Record<string, unknown>;
      ws.addRow([...fields.map((f) => (typeof rec[f.column] === 'boolean' ? (rec[f.column] ? '是' : '否') : (rec[f.column] ?? null))), e.phone ?? null, e.emergency_phone ?? null]);
    }
    ws.addRow([`合计：${part.length}人`]);
    ws.addRow(['填表人：', null, null, '审核人：']);
  }
  await wb.xlsx.writeFile(file);
}

async function timeImport(file: string, url?: string): Promise<{ ms: number; dryRunMs: number; imported: number }> {
  const scratch = url ? await createScratchDatabase(url, 'jinqiu_bench_import') : undefined;
  const db = await openDatabase(scratch ? { url: scratch.url } : { dataDir: 'memory://' });
  try {
    await migrate(db);
    const t0 = performance.now();
    const res = await importLedger(db, file, { today: '2026-12-01' });
    const ms = Math.round(performance.now() - t0);
    if (!res.applied) throw new Error(`bench import not applied: ${JSON.stringify(res.rejected.slice(0, 3))} ${JSON.stringify(res.questions)}`);
    // The preview of the same file against the full ledger: every row matched and compared.
    const t1 = performance.now();
    await importLedger(db, file, { today: '2026-12-01', dryRun: true });
    return { ms, dryRunMs: Math.round(performance.now() - t1), imported: res.imported };
  } finally {
    await db.close();
    await scratch?.drop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jq-bench-'));
  try {
    const first = await timeStart(path.join(tmp, 'data'));
    const second = await timeStart(path.join(tmp, 'data'), { exercise: true });
    const xlsx = path.join(tmp, 'ledger-10000.xlsx');
    await writeXlsx(xlsx, 10_000);
    const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    const pglite = await timeImport(xlsx);
    const pg = pgUrl ? await timeImport(xlsx, pgUrl) : undefined;
    return {
      startFirstMs: first.ms,
      startSecondMs: second.ms,
      rssAfterStartMb: first.rssMb,
      rssAfterStart5sMb: first.rssAfter5sMb,
      rssSecondStartMb: second.rssMb,
      rssSecondStart5sMb: second.rssAfter5sMb,
      rssAfterNineMessagesMb: second.rssAfterUseMb,
      messagesAnswered: second.answered,
      import10kTwoSheetXlsxPgliteMs: pglite.ms,
      preview10kTwoSheetXlsxPgliteMs: pglite.dryRunMs,
      ...(pg ? { import10kTwoSheetXlsxPostgresMs: pg.ms, preview10kTwoSheetXlsxPostgresMs: pg.dryRunMs } : {}),
      targets: { startMs: 8000, importMs: 10000, rssMb: 300 },
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
