import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInputFile, knowledgeInputLimits, ledgerInputLimits, readInputFile } from '../../src/kernel/input-file.ts';
import { BIN, cliEnv } from '../helpers/cli.ts';
import { writeBigText, writeDocxBomb, writeLedgerXlsx, writeZip } from '../helpers/bomb-files.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { importLedger } from '../../src/ledgers/import-ledger.ts';
import type { Db } from '../../src/db/types.ts';

const PRELOAD = path.join(import.meta.dirname, '../helpers/max-rss.mjs');

interface Run {
  code: number;
  error?: { code: string; message: string; userMessage: string };
  json?: any;
  maxRssMb: number;
  ms: number;
}

/** `jinqiu …` in a child on a PGlite folder, with its peak resident memory. */
function jinqiu(args: string[], dataDir: string, timeoutMs = 60_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PRELOAD, BIN, ...args, '--json'], { env: cliEnv({ JINQIU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /JINQIU_MAX_RSS_KB=(\d+)/.exec(stderr);
      const errLine = stderr.split('\n').find((l) => l.startsWith('{"error"'));
      resolve({
        code: code ?? -1,
        ...(errLine ? { error: JSON.parse(errLine).error } : {}),
        ...(stdout.trim() ? { json: JSON.parse(stdout) } : {}),
        maxRssMb: rss ? Number(rss[1]) / 1024 : NaN,
        ms: Date.now() - started,
      });
    });
  });
}

describe('bounded inputs: each bomb shape is refused before parsing, in bounded memory, and the data folder stays unlocked', () => {
  const tmp = tmpDir('jq-bombs-');
  const data = path.join(tmp.dir, 'data');
  const lock = path.join(data, 'jinqiu.lock');
  let baseline: Run;

  beforeAll(async () => {
    await writeLedgerXlsx(tmp.file('一百万行.xlsx'), 1_000_000);
    await writeDocxBomb(tmp.file('炸弹.docx'), 300);
    writeBigText(tmp.file('大文本.txt'), 100);
    fs.symlinkSync('/etc/passwd', tmp.file('政策.txt'));
    execFileSync('mkfifo', [tmp.file('管道.txt')]);
    tmp.file('正常.txt', '# 离退休干部服务办法\n第一条 为做好离退休干部服务工作，制定本办法。\n第二条 本办法自发布之日起施行。\n');
    // The first run creates the database; later runs measure only what their input costs.
    baseline = await jinqiu(['kb', 'ingest', tmp.file('正常.txt')], data);
    expect(baseline.code).toBe(0);
    baseline = await jinqiu(['kb', 'list'], data);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  const bounded = (r: Run) => {
    process.stderr.write(`  peak ${Math.round(r.maxRssMb)} MB (baseline ${Math.round(baseline.maxRssMb)} MB), ${r.ms} ms\n`);
    expect(r.maxRssMb - baseline.maxRssMb).toBeLessThan(100);
    expect(fs.existsSync(lock)).toBe(false);
  };

  it('a 1,000,000-row xlsx', async () => {
    const file = path.join(tmp.dir, '一百万行.xlsx');
    expect(fs.statSync(file).size).toBeGreaterThan(25 * 1024 * 1024);
    const r = await jinqiu(['ledger', 'import', file], data);
    expect(r.code).not.toBe(0);
    expect(r.error?.userMessage).toMatch(/太大了.*没有导入/);
    bounded(r);
  });

  it('a 1 MB docx that expands to 300 MB, one whose central directory lies about it, a 100 MB text file, a symlink to /etc/passwd, a FIFO', async () => {
    const bomb = path.join(tmp.dir, '炸弹.docx');
    expect(fs.statSync(bomb).size).toBeLessThan(2 * 1024 * 1024);
    const liar = tmp.file('说谎.docx');
    await writeDocxBomb(liar, 300, (name, real) => (name === 'word/document.xml' ? 4096 : real));
    const files = [bomb, liar, '大文本.txt', '政策.txt', '管道.txt'].map((f) => path.resolve(tmp.dir, f));
    const r = await jinqiu(['kb', 'ingest', ...files], data, 30_000);
    expect(r.code).toBe(1);
    expect(r.json.documents).toEqual([]);
    expect(r.json.rejected.map((x: { file: string; userMessage: string }) => [path.basename(x.file), x.userMessage])).toEqual([
      ['炸弹.docx', expect.stringMatching(/解压后太大了（超过 16MB）/)],
      ['说谎.docx', expect.stringMatching(/打不开或已损坏/)],
      ['大文本.txt', expect.stringMatching(/太大了（100MB，最多 4.0MB）/)],
      ['政策.txt', expect.stringMatching(/是一个链接/)],
      ['管道.txt', expect.stringMatching(/不是普通文件/)],
    ]);
    bounded(r);
  }, 60_000);

  it('in a folder: the good file goes in, the link and the pipe are refused by name, nothing hangs', async () => {
    const folder = path.join(tmp.dir, 'folder');
    fs.mkdirSync(folder);
    fs.symlinkSync('/etc/passwd', path.join(folder, '链接.txt'));
    execFileSync('mkfifo', [path.join(folder, '管道.txt')]);
    fs.copyFileSync(path.join(tmp.dir, '正常.txt'), path.join(folder, '正常.txt'));
    const f = await jinqiu(['kb', 'ingest', folder], data, 30_000);
    expect(f.json.rejected.map((x: { file: string }) => path.basename(x.file)).sort()).toEqual(['管道.txt', '链接.txt']);
    expect(f.json.documents.map((d: { source: string }) => d.source)).toEqual(['正常.txt']);
    expect(fs.existsSync(lock)).toBe(false);
    // The ledger import takes the same checks.
    await expect(importLedger({} as Db, path.join(folder, '管道.txt'), { today: '2026-06-01' })).rejects.toMatchObject({ userMessage: expect.stringMatching(/不是普通文件/) });
    await expect(importLedger({} as Db, path.join(folder, '链接.txt'), { today: '2026-06-01' })).rejects.toMatchObject({ userMessage: expect.stringMatching(/是一个链接/) });
  }, 60_000);
});

describe('input file checks', () => {
  const tmp = tmpDir('jq-input-');
  afterAll(() => tmp.cleanup());

  it('counts zip entries and unzipped bytes from the central directory, and honours the caps', async () => {
    const f = tmp.file('many.xlsx');
    await writeZip(f, Array.from({ length: 30 }, (_, i) => ({ name: `xl/part${i}.xml`, pieces: () => ['<a/>'.repeat(1000)] })));
    expect(await checkInputFile(f, ledgerInputLimits())).toMatchObject({ zip: { entries: 30, unzippedBytes: 30 * 4000 } });
    await expect(checkInputFile(f, ledgerInputLimits({ JINQIU_ZIP_MAX_ENTRIES: 20 }))).rejects.toMatchObject({ userMessage: expect.stringMatching(/部件太多（30 个，最多 20 个）/) });
    await expect(checkInputFile(f, { maxBytes: 1e6, zip: { maxUnzippedBytes: 100_000, maxEntries: 100 } })).rejects.toMatchObject({ userMessage: expect.stringMatching(/解压后太大了/) });
    await expect(checkInputFile(f, ledgerInputLimits({ JINQIU_LEDGER_MAX_MB: 1 }))).resolves.toBeDefined();
  });

  it("a docx's pictures do not count against the text cap; its XML does", async () => {
    const f = tmp.file('pictures.docx');
    const photo = Buffer.alloc(3 * 1024 * 1024, 7);
    await writeZip(f, [
      { name: 'word/document.xml', pieces: () => ['<w:document/>'] },
      ...Array.from({ length: 8 }, (_, i) => ({ name: `word/media/image${i}.png`, pieces: () => [photo] })),
    ]);
    const limits = knowledgeInputLimits();
    expect((await readInputFile(f, limits)).length).toBe(fs.statSync(f).size);
    await expect(checkInputFile(f, ledgerInputLimits({ JINQIU_LEDGER_MAX_UNZIPPED_MB: 16 }))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('refuses what is not a regular file, and files over the size cap, without reading them', async () => {
    fs.symlinkSync('/etc/passwd', tmp.file('link.csv'));
    await expect(checkInputFile(tmp.file('link.csv'), ledgerInputLimits())).rejects.toMatchObject({ userMessage: expect.stringMatching(/链接/) });
    await expect(checkInputFile(tmp.dir, ledgerInputLimits())).rejects.toMatchObject({ message: expect.stringMatching(/a folder/) });
    await expect(checkInputFile('/dev/zero', ledgerInputLimits())).rejects.toMatchObject({ message: expect.stringMatching(/a device/) });
    await expect(checkInputFile(tmp.file('missing.csv'), ledgerInputLimits())).rejects.toMatchObject({ userMessage: expect.stringMatching(/找不到/) });
    const big = tmp.file('big.csv', Buffer.alloc(2 * 1024 * 1024 + 1, 0x41));
    await expect(readInputFile(big, ledgerInputLimits({ JINQIU_LEDGER_MAX_MB: 2 }))).rejects.toMatchObject({ userMessage: expect.stringMatching(/太大了（2.0MB，最多 2.0MB）/) });
  });
});
