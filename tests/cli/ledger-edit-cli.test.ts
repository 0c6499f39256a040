import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { DEMO_LEDGER_CSV } from '../helpers/ledger-fixture.ts';

describe('jinqiu ledger edit / staff add in Chinese / ledger query value (command line)', { timeout: 240_000 }, () => {
  const tmp = tmpDir('jq-edit-');
  const env = { JINQIU_DATA_DIR: `${tmp.dir}/data` };
  afterAll(() => tmp.cleanup());

  it('changes a phone, marks 已故 with the date (greetings stop), and refuses what it cannot do', async () => {
    expect((await runCli(['ledger', 'import', DEMO_LEDGER_CSV, '--json'], env)).code).toBe(0);
    // 罗守仁 (born 1938-09-04, solar birthday) is greeted on 2027-09-04 while alive.
    const before = await runCli(['jobs', 'due', '--date', '2027-09-04', '--json'], env);
    expect(JSON.stringify(before.json)).toContain('罗守仁');

    const dry = await runCli(['ledger', 'edit', '罗守仁', '--phone', '13912345678', '--dry-run', '--json'], env);
    expect(dry.json).toMatchObject({ applied: false, changed: [{ column: 'phone', before: '13308246281', after: '13912345678' }] });
    const phone = await runCli(['ledger', 'edit', '罗守仁', '--phone', '13912345678', '--json'], env);
    expect(phone.code, phone.stderr).toBe(0);
    expect(phone.json).toMatchObject({ applied: true, elder: { name: '罗守仁' }, changed: [{ column: 'phone', before: '13308246281', after: '13912345678' }] });
    const q = await runCli(['ledger', 'query', '罗守仁的电话', '--json'], env);
    expect(q.json.rows[0]).toMatchObject({ name: '罗守仁', phone: '13912345678' });

    const noDate = await runCli(['ledger', 'edit', '罗守仁', '--status', '已故', '--json'], env);
    expect(noDate.code).toBe(2);
    const dead = await runCli(['ledger', 'edit', '罗守仁', '--status', '已故', '--death-date', '2026-11-30', '--json'], env);
    expect(dead.json.changed).toEqual(expect.arrayContaining([expect.objectContaining({ column: 'status', after: '已故' }), expect.objectContaining({ column: 'death_date', after: '2026-11-30' })]));
    const after = await runCli(['jobs', 'due', '--date', '2027-09-04', '--json'], env);
    expect(JSON.stringify(after.json)).not.toContain('罗守仁');
    const audit = await runCli(['audit', '--since', '2020-01-01', '--json'], env);
    expect(JSON.stringify(audit.json)).toContain('elder.edit');
    expect((await runCli(['ledger', 'edit', '没有这个人', '--phone', '13912345678', '--json'], env)).code).toBe(2);
  });

  it('adds staff with Chinese role names', async () => {
    const ok = await runCli(['staff', 'add', '李华', '--role', '联络员', '--towns', '韦庄镇,冯原镇', '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ name: '李华', role: 'liaison', towns: ['韦庄镇', '冯原镇'] });
    expect((await runCli(['staff', 'add', '王明', '--role', '管理员', '--json'], env)).json).toMatchObject({ role: 'admin' });
    expect((await runCli(['staff', 'add', '赵六', '--role', '厨师', '--json'], env)).code).toBe(2);
  });

  it('gives a single number as value, and says what it could not use', async () => {
    const avg = await runCli(['ledger', 'query', '全县老干部平均年龄多大', '--today', '2026-12-01', '--json'], env);
    expect(avg.json).toMatchObject({ query: { output: 'value' }, notUnderstood: [] });
    expect(avg.json.value).toBeGreaterThan(60);
    expect(avg.json.value).toBeLessThan(100);
    const wage = await runCli(['ledger', 'query', '老干部的平均工资是多少', '--json'], env);
    expect(wage.json.notUnderstood).toEqual(['平均工资']);
    expect(wage.json.total).toBe(0);
    const text = await runCli(['ledger', 'query', '老干部的平均工资是多少'], env);
    expect(text.stdout).toContain('平均工资');
  });
});
