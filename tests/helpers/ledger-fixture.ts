import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/types.ts';
import { importLedger } from '../../src/ledgers/import-ledger.ts';

export const DEMO_LEDGER_CSV = path.resolve(import.meta.dirname, '../../../shared/data/demo-ledger.csv');

/** Loads ../shared/data/demo-ledger.csv (60 invented elders) through the real importer. */
export async function loadDemoLedger(db: Db, file = DEMO_LEDGER_CSV): Promise<number> {
  const res = await importLedger(db, file, { today: '2026-12-01', actor: 'test' });
  if (!res.applied) throw new Error(`fixture import failed: ${JSON.stringify(res.rejected)}`);
  return res.imported + res.updated;
}

/** One line of ../shared/eval/ledger-queries.dev.jsonl. */
export interface LedgerEvalLine {
  question: string;
  expect: 'names' | 'count';
  total: number;
  today: string;
  names?: string[];
}

export function ledgerEvalLines(): LedgerEvalLine[] {
  return fs
    .readFileSync(path.resolve(import.meta.dirname, '../../../shared/eval/ledger-queries.dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LedgerEvalLine);
}
