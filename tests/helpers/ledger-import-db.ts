import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { createTestDb, type TestDbKind, type TestDb } from './db.ts';
import { tmpDir } from './tmp.ts';

/**
 * The ledger import tests' setting: one fresh database per describe block, emptied of elders before
 * each test, and a temp folder for the files they write; both removed afterwards.
 */
export function useLedgerImportDb(kind: TestDbKind, prefix: string): { readonly db: Db; tmp: ReturnType<typeof tmpDir>; count(where?: string): Promise<number> } {
  let t: TestDb;
  const tmp = tmpDir(prefix);
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t.cleanup();
    tmp.cleanup();
  });
  beforeEach(async () => {
    await t.db.query('TRUNCATE elders, family_contacts, settings, audit_log RESTART IDENTITY CASCADE');
  });
  return {
    get db() {
      return t.db;
    },
    tmp,
    count: async (where = 'true') => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM elders WHERE ${where}`)).rows[0]!.n,
  };
}
