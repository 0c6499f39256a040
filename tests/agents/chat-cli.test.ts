import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { seed, type Seed } from './fixtures.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/jinqiu.js');

/** `jinqiu chat` end to end: a real process per turn, state carried by the database between them. */
describe.each(testDbKinds)('jinqiu chat on %s', (kind) => {
  let env: Record<string, string>;
  let s: Seed;
  let t: TestDb | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    const base = { ...process.env, LOG_LEVEL: 'silent', JINQIU_NO_DEMO: '1' } as Record<string, string>;
    delete base.DATABASE_URL;
    delete base.OPENAI_BASE_URL;
    if (kind === 'postgres') {
      t = await createTestDb('postgres');
      s = await seed(t.db);
      env = { ...base, DATABASE_URL: t.url! };
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jq-chat-'));
      const db = await openDatabase({ dataDir: dir });
      await migrate(db);
      s = await seed(db);
      await db.close();
      env = { ...base, JINQIU_DATA_DIR: dir };
    }
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const chat = async (...args: string[]) => {
    const { stdout } = await run('node', [BIN, 'chat', ...args, '--json'], { env, timeout: 60_000 });
    return JSON.parse(stdout) as { replies: unknown[]; intent: string; caseId: string | null; notices?: unknown[] };
  };

  it('runs turns with state kept between calls, and staff see the case', async () => {
    const first = await chat('--as', 'elder:张建国', '我住院了');
    expect(first.intent).toBe('life_event');
    expect(first.caseId).toBe('SJ-2026-0001');
    expect(typeof first.replies[0]).toBe('string');
    expect(first.replies.join('\n')).toContain('哪个医院');
    const second = await chat('--as', `elder:${s.zhang}`, '渭南市中心医院');
    expect(second.caseId).toBe('SJ-2026-0001');
    expect(second.replies.join('\n')).toContain('床号');
    const staff = await chat('--as', `staff:${s.weizhuangStaff}`, '--group', String(s.weizhuangGroup), '/案件');
    expect(staff.intent).toBe('staff_cases');
    expect(staff.replies.join('\n')).toContain('SJ-2026-0001');
    expect((await chat('--as', `staff:${s.weizhuangStaff}`, '/结案 SJ-2026-0001 已到医院看望')).intent).toBe('staff_close');
    const later = await chat('--as', `elder:${s.zhang}`, '谢谢');
    expect(later.intent).toBe('greeting');
    expect(later.caseId).toBeNull();
    expect(String(later.notices)).toContain('已经办好了');
    expect((await chat('--as', 'unknown', '你好')).intent).toBe('greeting');
  }, 300_000);

  it('rejects an identity it cannot resolve with a usage error', async () => {
    await expect(run('node', [BIN, 'chat', '--as', 'elder:不存在的人', '你好', '--json'], { env })).rejects.toMatchObject({ code: 2 });
    await expect(run('node', [BIN, 'chat', '--as', 'boss', '你好', '--json'], { env })).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
