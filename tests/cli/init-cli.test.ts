import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('jinqiu init (command line)', () => {
  const tmp = tmpDir('jq-init-');
  afterAll(() => tmp.cleanup());

  it('prepares a new folder once: database, demo, regulations; a second run changes nothing', async () => {
    const env = { JINQIU_DATA_DIR: path.join(tmp.dir, 'data') };
    const first = await runCli(['init', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json).toMatchObject({ demo: { seeded: true }, knowledge: { loaded: true } });
    expect(first.json.demo.elders).toBeGreaterThan(50);
    expect(first.json.knowledge.documents).toBeGreaterThan(10);
    expect(fs.existsSync(path.join(tmp.dir, 'data', 'jinqiu.lock'))).toBe(false);

    const again = await runCli(['init', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json).toEqual({ demo: { seeded: false, elders: 0, reason: 'already seeded' }, knowledge: { loaded: false } });

    const text = await runCli(['init'], env);
    expect(text.stdout).toContain('数据目录已就绪');
  }, 180_000);

  it('--no-demo leaves the ledger empty and keeps it so', async () => {
    const env = { JINQIU_DATA_DIR: path.join(tmp.dir, 'nodemo') };
    const r = await runCli(['init', '--no-demo', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.demo).toMatchObject({ seeded: false, reason: 'disabled' });
    const later = await runCli(['init', '--json'], env);
    expect(later.json.demo).toMatchObject({ seeded: false, reason: 'disabled' });
    const exp = await runCli(['ledger', 'export', path.join(tmp.dir, 'x.xlsx'), '--json'], env);
    expect(exp.json.rows).toBe(0);
  }, 180_000);

  it('JINQIU_NO_DEMO does what --no-demo does', async () => {
    const r = await runCli(['init', '--json'], { JINQIU_DATA_DIR: path.join(tmp.dir, 'envnodemo'), JINQIU_NO_DEMO: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.demo).toMatchObject({ seeded: false, reason: 'disabled' });
  }, 120_000);

  it('a malformed variable gives the usual JSON error, not a stack trace', async () => {
    const r = await runCli(['init', '--json'], { JINQIU_DATA_DIR: path.join(tmp.dir, 'badenv'), JINQIU_HTTP_PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr.trim())).toMatchObject({ error: { code: 'CONFIG_INVALID', message: expect.stringContaining('JINQIU_HTTP_PORT') } });
    expect(fs.existsSync(path.join(tmp.dir, 'badenv'))).toBe(false);
  }, 60_000);

  it('a folder that cannot hold a database fails start with one clear error and exit 1', async () => {
    const notADir = tmp.file('plain-file', 'x');
    const r = await runCli(['start', '--json'], { JINQIU_DATA_DIR: notADir, JINQIU_HTTP_PORT: '0' });
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.includes('"error"'));
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0]!).error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('plain-file') });
  }, 120_000);
});
