import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { getSetting, setSetting } from '../db/settings.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import { syncEmbeddings, type Embedder } from './embeddings.ts';
import { ingestPaths, type IngestReport } from './ingest.ts';
import { readGlossFile } from './glosses.ts';
import { INDEX_VERSION } from './index-text.ts';

/** knowledge/default at the repository root: the public texts shipped as the default knowledge base. */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/default/', import.meta.url));

const SETTINGS_KEY = 'knowledge.default';

function defaultFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Loads knowledge/default on first start, and again only when the shipped files change. One
 * settings row remembers the hash of the set, so a normal start costs one query. Documents an
 * operator removed stay removed until the shipped set itself changes.
 */
export async function ensureDefaultKnowledge(db: Db, log?: Logger, opts: { dir?: string; embedder?: Embedder | null } = {}): Promise<{ loaded: boolean; report?: IngestReport }> {
  const dir = opts.dir ?? DEFAULT_KNOWLEDGE_DIR;
  const files = defaultFiles(dir);
  const hash = crypto.createHash('sha256').update(INDEX_VERSION).update('\0');
  // A document's glosses are part of what is shipped: a changed gloss file loads the set again.
  for (const f of files) hash.update(path.basename(f)).update('\0').update(fs.readFileSync(f)).update('\0').update(readGlossFile(f)?.raw ?? '');
  const digest = hash.digest('hex');
  const stored = await getSetting<{ hash?: string }>(db, SETTINGS_KEY);
  if (stored?.hash === digest) {
    await backfillEmbeddings(db, opts.embedder, log);
    return { loaded: false };
  }
  const report = await ingestPaths(db, files, { log, embedder: opts.embedder });
  await setSetting(db, SETTINGS_KEY, { hash: digest, files: files.length });
  const added = report.documents.filter((d) => d.status !== 'unchanged').length;
  log?.info({ files: files.length, added, rejected: report.rejected.length }, 'default knowledge loaded');
  await backfillEmbeddings(db, opts.embedder, log);
  return { loaded: true, report };
}

/** Chunks stored while the endpoint was down (or before one was configured) get their vectors; one query when none are missing. */
async function backfillEmbeddings(db: Db, embedder: Embedder | null | undefined, log?: Logger): Promise<void> {
  if (!embedder) return;
  try {
    await syncEmbeddings(db, embedder, log);
  } catch (e) {
    log?.warn({ err: (e as Error).message }, 'embeddings endpoint unavailable; knowledge answers from keyword search for now');
  }
}
