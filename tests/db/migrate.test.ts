import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { migrate } from '../../src/db/migrate.ts';

describe.each(testDbKinds)('migrations on %s', (kind) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('applies every file once, records it, and creates the vector extension', async () => {
    t = await createTestDb(kind, { migrate: false });
    const first = await migrate(t.db);
    expect(first.applied[0]).toBe('001_extensions.sql');
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    const ext = await t.db.query(`SELECT extname FROM pg_extension WHERE extname = 'vector'`);
    expect(ext.rowCount).toBe(1);
    const rows = await t.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.rows.map((r) => r.name)).toEqual(first.applied);
    const v = await t.db.query<{ d: number }>(`SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector AS d`);
    expect(v.rows[0]?.d).toBe(1);
    // The embedded database keeps its buffer pool small (resident memory of `npm start`).
    if (kind === 'pglite') expect((await t.db.query(`SHOW shared_buffers`)).rows).toEqual([{ shared_buffers: '16MB' }]);
  });

  it('rolls back a failing migration whole and refuses an edited one', async () => {
    t = await createTestDb(kind, { migrate: false });
    const tmp = tmpDir('jq-mig-');
    try {
      tmp.file('001_a.sql', 'CREATE TABLE a (x int);');
      tmp.file('002_b.sql', 'CREATE TABLE b (x int); SELECT no_such_function();');
      await expect(migrate(t.db, tmp.dir)).rejects.toThrow(/002_b.sql failed/);
      const a = await t.db.query(`SELECT to_regclass('a') AS t`);
      expect(a.rows[0]).toEqual({ t: null });
      tmp.file('002_b.sql', 'CREATE TABLE b (x int);');
      expect((await migrate(t.db, tmp.dir)).applied).toEqual(['001_a.sql', '002_b.sql']);
      tmp.file('001_a.sql', 'CREATE TABLE a (x int, y int);');
      await expect(migrate(t.db, tmp.dir)).rejects.toThrow(/append-only/);
    } finally {
      tmp.cleanup();
    }
  });
});
