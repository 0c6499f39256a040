import type pg from 'pg';
import type { Db, Queryable } from './types.ts';

/** A Db over a node-postgres pool: the same code path for PostgreSQL and for PGlite's pg adapter. */
export class PoolDb implements Db {
  constructor(
    readonly kind: Db['kind'],
    private readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  query: Queryable['query'] = (text, params) => this.pool.query(text, params as unknown[]);

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Queryable = { query: (text, params) => client.query(text, params as unknown[]) };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.onClose();
  }
}
