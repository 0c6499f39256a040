import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/types.ts';
import { isJinqiuError, InputError } from '../kernel/errors.ts';
import type { Logger } from '../kernel/logger.ts';
import { knowledgeInputLimits, readInputFile, type KnowledgeInputLimits } from '../kernel/input-file.ts';
import { chunkDocument } from './chunker.ts';
import { attachGlosses, readGlossFile, unmatchedLabels } from './glosses.ts';
import { extractMeta } from './document-meta.ts';
import { embeddingInput, ensureVectorIndex, type Embedder } from './embeddings.ts';
import { extractText, formatOf } from './extract-text.ts';
import { findBySource, saveDocument, type SaveStatus } from './store.ts';
import { INDEX_VERSION } from './index-text.ts';

export interface IngestedFile {
  file: string;
  source: string;
  status: SaveStatus;
  title: string;
  docNumber: string | null;
  chunks: number;
}

export interface IngestReport {
  documents: IngestedFile[];
  rejected: { file: string; reason: string; userMessage: string }[];
}

export interface IngestOptions {
  log?: Logger | undefined;
  embedder?: Embedder | null | undefined;
  /** Size caps checked before a file is parsed (config JINQIU_KB_*); default knowledgeInputLimits(). */
  limits?: KnowledgeInputLimits | undefined;
}

/** Files under the given paths that can be ingested; README files inside folders are documentation, not policy. */
export function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    // Inside folders links are not followed (a link to /etc/passwd is listed, then refused by the file check).
    const st = explicit ? fs.statSync(p, { throwIfNoEntry: false }) : fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) throw new InputError(`no such file or folder: ${p}`, `找不到文件或文件夹：${p}`);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (!name.startsWith('.')) walk(path.join(p, name), false);
    } else if (explicit || (formatOf(p) && !/^readme\b/i.test(path.basename(p)))) {
      out.push(path.resolve(p));
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** Ingests files one by one: each is added, replaced or left alone in its own transaction; bad files are reported, not fatal. */
export async function ingestPaths(db: Db, paths: string[], opts: IngestOptions = {}): Promise<IngestReport> {
  const report: IngestReport = { documents: [], rejected: [] };
  for (const file of collectFiles(paths)) {
    try {
      report.documents.push(await ingestFile(db, file, opts));
    } catch (e) {
      if (!isJinqiuError(e)) throw e;
      opts.log?.warn({ file, err: e.message }, 'knowledge file rejected');
      report.rejected.push({ file, reason: e.message, userMessage: e.userMessage });
    }
  }
  return report;
}

export async function ingestFile(db: Db, file: string, opts: IngestOptions = {}): Promise<IngestedFile> {
  // Only a regular file within the caps is read, through one open descriptor (symlinks, FIFOs, zip bombs refused).
  const limits = opts.limits ?? knowledgeInputLimits();
  const data = await readInputFile(file, formatOf(file) === 'pdf' || formatOf(file) === 'docx' ? limits : { ...limits, maxBytes: Math.min(limits.maxBytes, limits.maxTextBytes) });
  const source = path.basename(file);
  const glossFile = readGlossFile(file);
  const contentHash = crypto.createHash('sha256').update(INDEX_VERSION).update('\0').update(data).update('\0').update(glossFile?.raw ?? '').digest('hex');
  // Checked again inside saveDocument's transaction; this early check only skips extraction and embedding.
  const stored = await findBySource(db, source);
  if (stored?.contentHash === contentHash) return { file, source, status: 'unchanged', title: stored.title, docNumber: stored.docNumber, chunks: stored.chunks };
  const extracted = await extractText(file, data, limits);
  const meta = extractMeta(file, extracted.text, extracted.declaredTitle, extracted.meta);
  const chunks = attachGlosses(chunkDocument(extracted.text), glossFile?.glosses);
  const unknownArticles = glossFile ? unmatchedLabels(chunks, glossFile.glosses) : [];
  if (glossFile && (glossFile.rejected.length || unknownArticles.length)) {
    opts.log?.warn({ file: source, unreadableLines: glossFile.rejected, unknownArticles }, 'some glosses were not used');
  }
  if (!chunks.length) {
    throw new InputError(`${source}: no text found; nothing was written`, `文件《${source}》里没有可以读取的文字，没有导入。`);
  }
  let embeddings: { model: string; vectors: number[][] } | undefined;
  if (opts.embedder) {
    try {
      const vectors = await opts.embedder.embed(chunks.map((c) => embeddingInput(meta.title, c.path, c.text)));
      embeddings = { model: opts.embedder.model, vectors };
    } catch (e) {
      // Lexical search still works; syncEmbeddings fills the gap once the endpoint is back.
      opts.log?.warn({ file, err: (e as Error).message }, 'embeddings unavailable; document indexed for keyword search only');
    }
  }
  const { status } = await saveDocument(db, { source, contentHash, format: extracted.format, meta, chars: extracted.text.length, chunks, embeddings });
  if (embeddings?.vectors[0]) await ensureVectorIndex(db, embeddings.vectors[0].length);
  opts.log?.info({ file: source, status, chunks: chunks.length }, 'knowledge document ingested');
  return { file, source, status, title: meta.title, docNumber: meta.docNumber, chunks: chunks.length };
}
