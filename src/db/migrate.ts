import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { JinqiuError } from '../kernel/errors.ts';
import type { Db } from './types.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies migrations/*.sql in name order inside one transaction under an advisory lock, so two
 * processes starting together cannot both apply them. Applied files are append-only: an edited
 * one is an error rather than silently skipped.
 */
export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('jinqiu:migrations'))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows.map((r) => [r.name, r.checksum]),
    );
    const applied: string[] = [];
    for (const file of files) {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      const checksum = crypto.createHash('sha256').update(sql).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) {
          throw new JinqiuError('DB_MIGRATION_FAILED', `migration ${file} was changed after it was applied; migrations are append-only, add a new file instead`);
        }
        continue;
      }
      try {
        await tx.query(sql);
      } catch (e) {
        throw new JinqiuError('DB_MIGRATION_FAILED', `migration ${file} failed: ${(e as Error).message}`, { cause: e });
      }
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file, checksum]);
      applied.push(file);
    }
    return { applied };
  });
}
