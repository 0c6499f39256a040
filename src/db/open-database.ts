import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { PoolDb } from './pool-db.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Db } from './types.ts';

// DATE columns come back as 'YYYY-MM-DD' strings: a birth date is a calendar day, not an instant,
// and turning it into a JS Date would shift it by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts fit easily in a JS number here.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * PGlite's own start parameters (0.5.14, which pglite-pgvector pins), plus a smaller buffer pool:
 * the default 128 MB of shared_buffers is resident memory in the WASM heap, and an embedded bureau
 * ledger with its regulations fits in 16 MB many times over. Giving startParams replaces PGlite's
 * defaults, so they are repeated here.
 */
const PGLITE_START_PARAMS = [
  '--single', '-F', '-O', '-j',
  '-c', 'search_path=public',
  '-c', 'exit_on_error=false',
  '-c', 'log_checkpoints=false',
  '-c', 'max_worker_processes=0',
  '-c', 'max_parallel_workers=0',
  '-c', 'max_parallel_workers_per_gather=0',
  '-c', 'io_method=sync',
  '-c', 'max_parallel_maintenance_workers=0',
  '-c', 'shared_buffers=16MB',
];

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder, or 'memory://' for a throwaway in-memory database. */
  dataDir?: string;
  poolSize?: number;
}

function embeddedDir(dataDir: string): string {
  return dataDir.startsWith('memory://') ? dataDir : path.join(dataDir, 'pg');
}

/** True when the folder already holds an embedded database (PGlite has run initdb there). */
export function embeddedDatabaseExists(dataDir: string): boolean {
  return dataDir.startsWith('memory://') || fs.existsSync(path.join(embeddedDir(dataDir), 'PG_VERSION'));
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Db> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client dropped by the server is replaced on next use; nothing to do here.
    });
    await pool.query('SELECT 1');
    return new PoolDb('postgres', pool);
  }
  const dataDir = opts.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const pgDir = embeddedDir(dataDir);
  const lock = inMemory ? undefined : lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(pgDir, { extensions: { vector }, startParams: PGLITE_START_PARAMS });
    const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
    return new PoolDb('pglite', pool, async () => {
      await pglite.close();
      lock?.release();
    });
  } catch (e) {
    lock?.release();
    throw e;
  }
}
