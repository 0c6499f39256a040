import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { planDay } from '../../src/jobs/planner.ts';
import { addElder, addStaffGroup, env as planEnv } from './fixtures.ts';

describe('jinqiu jobs (command line)', () => {
  const tmp = tmpDir('jq-jobs-cli-');
  const dataDir = path.join(tmp.dir, 'data');
  const env = { JINQIU_DATA_DIR: dataDir, JINQIU_NO_DEMO: '1' };
  afterAll(() => tmp.cleanup());

  beforeAll(async () => {
    const db = await openDatabase({ dataDir });
    try {
      await migrate(db);
      await addStaffGroup(db, '全县工作群');
      await addElder(db, { name: '张建国', birth: '1946-06-20', account: 'telegram' });
      await addElder(db, { name: '李秀英', birth: '1941-06-20', gender: '女' });
      await addElder(db, { name: '赵已故', birth: '1936-06-20', status: '已故', account: 'telegram' });
      await planDay(db, '2026-06-20', planEnv);
    } finally {
      await db.close();
    }
  });

  it('lists what a day would produce, with channel or a call note, never the deceased', async () => {
    const res = await runCli(['jobs', 'due', '--date', '2026-06-20', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json).toMatchObject({ date: '2026-06-20', total: 2, send: 1, call: 1 });
    expect(res.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ occasion: 'birthday', recipient: expect.objectContaining({ type: 'elder', name: '张建国' }), channel: 'telegram', action: 'send' }),
        expect.objectContaining({ occasion: 'birthday', recipient: expect.objectContaining({ name: '李秀英' }), channel: 'no account: staff to call', action: 'call' }),
      ]),
    );
    const reminders = await runCli(['jobs', 'due', '--date', '2026-06-05', '--json'], env);
    expect(reminders.json.items).toEqual([expect.objectContaining({ occasion: 'reminder:阅文会', recipient: expect.objectContaining({ type: 'group', name: '全县工作群' }) })]);
  });

  it('reports per campaign and rejects a bad date', async () => {
    const res = await runCli(['jobs', 'report', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json.campaigns).toEqual([expect.objectContaining({ title: '生日祝福', occasionDate: '2026-06-20', total: 2, pending: 1, toCall: 1, sent: 0, failed: 0 })]);
    const bad = await runCli(['jobs', 'due', '--date', '2026-02-30', '--json'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('INPUT_INVALID');
  });
});
