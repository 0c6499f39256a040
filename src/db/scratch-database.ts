import crypto from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  /** Drops it (closing whatever is still connected). */
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A throwaway database on a PostgreSQL server, for tests and benchmarks that must not touch anyone
 * else's data. The name is random and made only of [a-z0-9_], so it is safe to put in the DDL.
 */
export async function createScratchDatabase(adminUrl: string, prefix = 'jinqiu_scratch'): Promise<ScratchDatabase> {
  const name = `${prefix.replace(/[^a-z0-9_]/g, '')}_${crypto.randomBytes(5).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: () => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
