import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

const DEMO_CSV = new URL('../../../shared/data/demo-ledger.csv', import.meta.url).pathname;

describe('jinqiu ledger (command line)', { timeout: 240_000 }, () => {
  const tmp = tmpDir('jq-cli-');
  const env = { JINQIU_DATA_DIR: `${tmp.dir}/data` };
  afterAll(() => tmp.cleanup());

  it('imports with --json, then a bad file exits non-zero and changes nothing', async () => {
    const ok = await runCli(['ledger', 'import', DEMO_CSV, '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ imported: 60, updated: 0, rejected: [] });

    const bad = tmp.file('bad.csv', '姓名,出生日期\n张三,1956-13-01\n李四,1950-01-01\n');
    const res = await runCli(['ledger', 'import', bad, '--json'], env);
    expect(res.code).toBe(1);
    expect(res.json).toMatchObject({ imported: 0, applied: false, rejected: [{ row: 2 }] });

    const empty = await runCli(['ledger', 'import', tmp.file('empty.csv', ''), '--json'], env);
    expect(empty.code).not.toBe(0);
    expect(JSON.parse(empty.stderr.trim().split('\n').pop()!)).toMatchObject({ error: { code: 'FILE_UNREADABLE', userMessage: expect.stringContaining('空的') } });
  });

  it('previews with --dry-run --json, applies exactly that with --expect, and writes the template', async () => {
    const f = tmp.file('new.csv', '姓名,出生日期,镇（街道）\n周新人,1938.5,城关镇\n罗守仁,1938-09-04,交道镇\n');
    const preview = await runCli(['ledger', 'import', f, '--dry-run', '--json'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.json).toMatchObject({ dryRun: true, applied: false, imported: 1, newElders: [{ name: '周新人', birthDate: '1938-05', town: '城关街道' }], toComplete: [{ name: '周新人' }] });
    // 罗守仁 is in the ledger already (first test); the rest of 交道镇 is missing from this file, never deleted.
    expect(preview.json.missingCount).toBeGreaterThan(0);
    const applied = await runCli(['ledger', 'import', f, '--expect', preview.json.planId, '--json'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.json).toMatchObject({ applied: true, imported: 1, removed: 0 });
    const out = `${tmp.dir}/模板.xlsx`;
    const tpl = await runCli(['ledger', 'template', out, '--json'], env);
    expect(tpl.code, tpl.stderr).toBe(0);
    expect(tpl.json.towns).toContain('城关街道');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toContain('姓名');
  });

  it('exports a view to xlsx with --json', async () => {
    const out = `${tmp.dir}/out/独居.xlsx`;
    const res = await runCli(['ledger', 'export', '--view', '独居', out, '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json).toMatchObject({ view: '独居', file: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(out) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.actualRowCount).toBe(res.json.rows + 1);
    expect(res.json.rows).toBeGreaterThan(0);
  });

  it('says which variable is wrong, and exits 2 on bad usage', async () => {
    const cfg = await runCli(['ledger', 'export', `${tmp.dir}/x.xlsx`, '--json'], { ...env, JINQIU_HTTP_PORT: 'eighty' });
    expect(cfg.code).toBe(1);
    expect(cfg.stderr).toContain('JINQIU_HTTP_PORT');
    const usage = await runCli(['ledger', 'nosuch'], env);
    expect(usage.code).toBe(2);
  });
});
