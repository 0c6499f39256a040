import path from 'node:path';
import type { Config } from './config.ts';
import { openDatabase } from './db/open-database.ts';
import { migrate } from './db/migrate.ts';
import type { Db } from './db/types.ts';
import { createLogger, type Logger } from './logger.ts';

/**
 * The only place that wires concrete things together. Modules take their dependencies as
 * arguments; this file (and the CLI commands through it) decides which concrete ones they get.
 */
export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  close(): Promise<void>;
}

export async function openContext(config: Config, opts: { log?: Logger } = {}): Promise<AppContext> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: path.resolve(config.JINQIU_DATA_DIR) });
  try {
    const { applied } = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
  } catch (e) {
    await db.close();
    throw e;
  }
  return { config, db, log, close: () => db.close() };
}
