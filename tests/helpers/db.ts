import { openDatabase } from '../../src/db/open-database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createScratchDatabase } from '../../src/db/scratch-database.ts';
import type { Db } from '../../src/db/types.ts';

/** The machine's PostgreSQL, when CI (or a developer) gives one; PGlite always. */
const adminUrl = process.env.TEST_DATABASE_URL;

export type TestDbKind = 'pglite' | 'postgres';
export const testDbKinds: TestDbKind[] = adminUrl ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDb {
  db: Db;
  /** A connection string for the fresh database (postgres only), for code that opens its own. */
  url?: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated database: an in-memory PGlite, or a new database on the test server dropped afterwards. */
export async function createTestDb(kind: TestDbKind, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    if (opts.migrate !== false) await migrate(db);
    return { db, cleanup: () => db.close() };
  }
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const scratch = await createScratchDatabase(adminUrl, 'jinqiu_t');
  const url = scratch.url;
  const db = await openDatabase({ url, poolSize: 5 });
  if (opts.migrate !== false) await migrate(db);
  return {
    db,
    url,
    async cleanup() {
      await db.close();
      await scratch.drop();
    },
  };
}
