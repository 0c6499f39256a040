import path from 'node:path';
import type { Db } from '../db/types.ts';
import { setSetting } from '../db/settings.ts';
import { FileError, InputError } from '../kernel/errors.ts';
import { checkInputFile, ledgerInputLimits, type InputLimits } from '../kernel/input-file.ts';
import type { ElderInput } from './elder-fields.ts';
import { fieldForHeader, mapHeaders } from './header-map.ts';
import { readTable } from './read-table.ts';
import { validateRow } from './row-validator.ts';
import { removeDemoData } from './demo-ledger.ts';
import { writeAudit } from '../privacy/audit.ts';
import { refreshLedgerStatistics, upsertElders } from './elder-repo.ts';

export interface RejectedRow {
  row: number;
  reason: string;
}

export interface ImportResult {
  file: string;
  /** New elders written. */
  imported: number;
  /** Elders already in the ledger whose rows were updated. */
  updated: number;
  rejected: RejectedRow[];
  /** False when bad rows stopped an all-or-nothing import: nothing was written. */
  applied: boolean;
  ignoredColumns: string[];
  encoding?: string;
}

export interface ImportOptions {
  /** Write the good rows even when some are bad. */
  partial?: boolean;
  /** 'YYYY-MM-DD': bounds plausible birth dates. */
  today: string;
  /** Who imported, for the audit log ('cli', 'staff:3'). */
  actor?: string;
  /** Size caps checked before the file is parsed (config JINQIU_LEDGER_*); default ledgerInputLimits(). */
  limits?: InputLimits;
}

const looksLikeHeader = (cells: string[]) => cells.some((c) => fieldForHeader(c)?.column === 'name');

/**
 * Imports a 基本信息台账 sheet: every row is validated first; a file with any bad row writes nothing
 * (unless partial) and returns each bad row with its number and the reason in Chinese.
 */
export async function importLedger(db: Db, file: string, opts: ImportOptions): Promise<ImportResult> {
  // Only a regular file within the caps reaches the parser (symlinks, FIFOs, zip bombs are refused here).
  await checkInputFile(file, opts.limits ?? ledgerInputLimits());
  const label = path.basename(file);
  const table = await readTable(file, looksLikeHeader);
  if (!table.headers.length) throw new FileError(`${label}: no content`, '文件里没有内容。');
  const mapping = mapHeaders(table.headers);
  if (mapping.missingRequired.length) {
    throw new InputError(
      `${label}: required columns missing: ${mapping.missingRequired.join(', ')} (headers: ${table.headers.join(', ')})`,
      `表格缺少这几列：${mapping.missingRequired.join('、')}。请检查第${table.headerRow || 1}行的表头。`,
    );
  }
  if (mapping.duplicated.length) {
    throw new InputError(`${label}: duplicated columns ${mapping.duplicated.join(', ')}`, `表头有重复的列：${mapping.duplicated.join('、')}，请只保留一列。`);
  }
  if (!table.rows.length) throw new InputError(`${label}: header only, no rows`, '表格只有表头，没有老干部的信息。');

  const rejected: RejectedRow[] = [];
  const good: ElderInput[] = [];
  const firstSeen = new Map<string, number>();
  for (const r of table.rows) {
    const v = validateRow(mapping.columns, r.cells, opts.today);
    if (!v.ok) {
      rejected.push({ row: r.row, reason: v.reasons.join('；') });
      continue;
    }
    const key = v.elder.external_id ? `id:${v.elder.external_id}` : `${v.elder.name}|${v.elder.birth_date}`;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) {
      rejected.push({ row: r.row, reason: `与第${earlier}行是同一个人（${v.elder.name}，${v.elder.birth_date}），请删去重复的一行` });
      continue;
    }
    firstSeen.set(key, r.row);
    good.push(v.elder);
  }
  const base = { file: label, rejected, ignoredColumns: mapping.ignored, encoding: table.encoding };
  if ((rejected.length && !opts.partial) || !good.length) return { ...base, imported: 0, updated: 0, applied: false };

  const columns = [...mapping.columns.values()].map((f) => f.column);
  const result = await db.transaction(async (tx) => {
    // A real ledger replaces the invented one shown to newcomers, and the demo never comes back.
    await removeDemoData(tx);
    await setSetting(tx, 'demo', { disabled: true, reason: 'real import' });
    const up = await upsertElders(tx, good, columns);
    await refreshLedgerStatistics(tx);
    await writeAudit(tx, {
      actor: opts.actor ?? 'cli',
      action: 'ledger.import',
      channel: 'cli',
      query: { file: label, partial: !!opts.partial, rejected: rejected.length },
      rowCount: up.inserted + up.updated,
    });
    return up;
  });
  return { ...base, imported: result.inserted, updated: result.updated, applied: true };
}
