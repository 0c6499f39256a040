import crypto from 'node:crypto';
import path from 'node:path';
import type { Db, Queryable } from '../db/types.ts';
import { setSetting } from '../db/settings.ts';
import { InputError } from '../kernel/errors.ts';
import { checkInputFile, ledgerInputLimits, type InputLimits } from '../kernel/input-file.ts';
import { removeDemoData } from './demo-ledger.ts';
import { writeAudit } from '../privacy/audit.ts';
import { insertElders, refreshLedgerStatistics, updateElders, upsertEmergencyContacts } from './elder-repo.ts';
import { DEFAULT_LIMITS, readBook, type RawBook, type ReadLimits } from './read-table.ts';
import { loadTownBook, rememberTownAnswers, TownMatcher, VillageMatcher } from './places.ts';
import { collectRows, type FileElder, type RejectedRow, type SkippedRow, type TownQuestion } from './import-rows.ts';
import { diffWithLedger, missingFromFile, type ChangedElder, type MissingElder } from './import-diff.ts';
import { showBirth } from './parse-date.ts';
import type { ElderInput } from './elder-fields.ts';

export type { RejectedRow } from './import-rows.ts';

/** How many entries of each list a report carries; the counts are always complete. */
export const LIST_CAP = 200;

export interface ImportResult {
  file: string;
  /** True for --dry-run: what would change, nothing written. */
  dryRun: boolean;
  /** False when nothing was written (a dry run, or bad rows or open questions stopped an all-or-nothing import). */
  applied: boolean;
  /** Same file, same ledger, same answers → same id: apply exactly what was previewed with expectPlan. */
  planId: string;
  /** New elders (written, or that would be). */
  imported: number;
  /** Elders already in the ledger whose fields change. */
  updated: number;
  /** Elders in the file and the ledger with nothing to change. */
  unchanged: number;
  newElders: { sheet?: string; row: number; name: string; birthDate: string; town: string | null; village: string | null }[];
  changed: ChangedElder[];
  /** Living elders of the file's towns that the file does not name; removed only with removeMissing. */
  missing: MissingElder[];
  missingCount: number;
  removed: number;
  rejected: RejectedRow[];
  rejectedCount: number;
  /** Town names that are on nobody's list: staff say whether each is a new town or another's misspelling. */
  questions: TownQuestion[];
  /** Elders whose birth date has only the month: no birthday greeting until staff add the day. */
  toComplete: { sheet?: string; row: number; name: string; birthDate: string }[];
  toCompleteCount: number;
  newVillages: { town: string | null; village: string }[];
  skipped: SkippedRow[];
  sheets: { name: string; headerRows: number[]; people: number; town?: string; category?: string; fileRows: number }[];
  skippedSheets: { name: string; why: string }[];
  /** Rows (or lines) the file holds, and how they were read: every one is accounted for. */
  rows: { file: number; read: number; people: number; blank: number; footer: number; sample: number; header: number; title: number; broken: number };
  ignoredColumns: string[];
  /** Recognised and not stored (身份证号). */
  droppedColumns: string[];
  warnings: string[];
  /** Invented demo elders the import removes (the first real import). */
  demoRemoved: number;
  encoding?: string;
}

export interface ImportOptions {
  /** Write the good rows even when some are bad (rows held by a town question are left out). */
  partial?: boolean;
  /** 'YYYY-MM-DD': bounds plausible birth dates. */
  today: string;
  /** Who imported, for the audit log ('cli', 'staff:3'). */
  actor?: string;
  channel?: string;
  /** Only report what would change. */
  dryRun?: boolean;
  /** Apply only if the plan is still the one previewed (its planId). */
  expectPlan?: string;
  /** Delete the living elders of the file's towns that the file leaves out. */
  removeMissing?: boolean;
  /** Answers to town questions: names that are new towns, and misspellings of known towns. */
  newTowns?: string[];
  townAliases?: Record<string, string>;
  /** Towns the importer may write (a liaison's); null or absent for all. */
  scopeTowns?: string[] | null;
  /** Rows and columns a file may hold. */
  limits?: ReadLimits;
  /** Size caps checked before the file is parsed (config JINQIU_LEDGER_*); default ledgerInputLimits(). */
  fileLimits?: InputLimits;
}

const cap = <T>(xs: T[]) => xs.slice(0, LIST_CAP);

function planIdOf(parts: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

interface Plan {
  result: ImportResult;
  inserts: ElderInput[];
  updates: { id: number; elder: ElderInput }[];
  missing: MissingElder[];
  answers: { newTowns: string[]; aliases: Record<string, string> };
}

async function buildPlan(q: Queryable, file: string, book: RawBook, opts: ImportOptions): Promise<Plan> {
  const answers = { newTowns: opts.newTowns ?? [], aliases: opts.townAliases ?? {} };
  const towns = new TownMatcher(await loadTownBook(q), answers);
  const rows = collectRows(file, book, towns, await VillageMatcher.load(q), { today: opts.today, scopeTowns: opts.scopeTowns ?? null });
  const diff = await diffWithLedger(q, rows.elders);
  const rejected = [...rows.rejected, ...diff.rejected];
  if (opts.partial) {
    for (const [name, held] of rows.held) for (const h of held) rejected.push({ ...(h.sheet ? { sheet: h.sheet } : {}), row: h.row, reason: `镇（街道）“${name}”不在全县的名单里` });
  }
  rejected.sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.row - b.row);
  const fileTowns = rows.elders.some((e) => !e.elder.town) ? null : [...new Set(rows.elders.map((e) => e.elder.town!))];
  const scope = opts.scopeTowns ? (fileTowns ?? opts.scopeTowns).filter((t) => opts.scopeTowns!.includes(t)) : fileTowns;
  const missing = await missingFromFile(q, scope, diff.matchedIds);
  const demo = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM elders WHERE demo');
  const written = [...diff.inserts, ...diff.updates];
  const toComplete = written.filter((e) => e.elder.birth_precision === 'month');
  const at = (e: FileElder) => (e.sheet ? { sheet: e.sheet, row: e.row } : { row: e.row });
  const planId = planIdOf({
    inserts: diff.inserts.map((e) => e.elder),
    updates: diff.updates.map((u) => [u.id, u.changes]),
    missing: opts.removeMissing ? missing.map((m) => m.id) : [],
    rejected,
    questions: rows.questions.map((x) => [x.name, x.rows]),
    partial: !!opts.partial,
  });
  const result: ImportResult = {
    file: path.basename(file),
    dryRun: !!opts.dryRun,
    applied: false,
    planId,
    imported: diff.inserts.length,
    updated: diff.updates.length,
    unchanged: diff.unchanged,
    newElders: cap(diff.inserts).map((e) => ({ ...at(e), name: e.elder.name, birthDate: showBirth(e.elder.birth_date, e.elder.birth_precision), town: e.elder.town ?? null, village: e.elder.village ?? null })),
    changed: cap(diff.updates).map((u) => ({ ...at(u), id: u.id, name: u.elder.name, changes: u.changes })),
    missing: cap(missing),
    missingCount: missing.length,
    removed: 0,
    rejected: cap(rejected),
    rejectedCount: rejected.length,
    questions: opts.partial ? [] : rows.questions,
    toComplete: cap(toComplete).map((e) => ({ ...at(e), name: e.elder.name, birthDate: showBirth(e.elder.birth_date, 'month') })),
    toCompleteCount: toComplete.length,
    newVillages: cap(rows.newVillages),
    skipped: cap(rows.skipped),
    sheets: rows.sheets,
    skippedSheets: rows.skippedSheets,
    rows: { file: rows.counts.fileRows, read: rows.counts.readRows, people: rows.counts.people, blank: rows.counts.blank, footer: rows.counts.footer, sample: rows.counts.sample, header: rows.counts.header, title: rows.counts.title, broken: rows.counts.broken },
    ignoredColumns: rows.ignoredColumns,
    droppedColumns: rows.droppedColumns,
    warnings: rows.warnings,
    demoRemoved: demo.rows[0]!.n,
    ...(book.encoding ? { encoding: book.encoding } : {}),
  };
  return { result, inserts: diff.inserts.map((e) => e.elder), updates: diff.updates.map((u) => ({ id: u.id, elder: u.elder })), missing, answers };
}

/** Writes elders grouped by the columns each row gives (sheets of one file may have different columns). */
async function writeGrouped(tx: Queryable, rows: { id?: number; elder: ElderInput }[], insert: boolean): Promise<number[]> {
  const groups = new Map<string, { id?: number; elder: ElderInput }[]>();
  for (const r of rows) {
    const cols = [...new Set(['name', 'birth_date', ...Object.keys(r.elder)])].sort().join(',');
    groups.set(cols, [...(groups.get(cols) ?? []), r]);
  }
  const ids: number[] = [];
  for (const [key, group] of groups) {
    const cols = key.split(',');
    if (insert) ids.push(...(await insertElders(tx, group.map((g) => g.elder), cols)));
    else await updateElders(tx, group.map((g) => ({ id: g.id!, elder: g.elder })), cols.filter((c) => c !== 'external_id' || group.some((g) => g.elder.external_id)));
    const withIds = insert ? group.map((g, i) => ({ id: ids[ids.length - group.length + i]!, elder: g.elder })) : group.map((g) => ({ id: g.id!, elder: g.elder }));
    if (cols.includes('emergency_contact')) await upsertEmergencyContacts(tx, withIds);
  }
  return ids;
}

/**
 * Imports a 基本信息台账 (.xlsx with one or more sheets, or .csv). With dryRun it only reports what
 * would change; otherwise everything is planned again inside the transaction and written at once,
 * or nothing is: any bad row or open town question stops the whole file unless partial. Elders the
 * file leaves out are listed, and deleted only with removeMissing.
 */
export async function importLedger(db: Db, file: string, opts: ImportOptions): Promise<ImportResult> {
  // Only a regular file within the caps reaches the parser (symlinks, FIFOs, zip bombs are refused here).
  await checkInputFile(file, opts.fileLimits ?? ledgerInputLimits());
  const label = path.basename(file);
  const book = await readBook(file, opts.limits ?? DEFAULT_LIMITS);
  if (opts.dryRun) {
    const plan = await buildPlan(db, file, book, opts);
    // A preview shows what the ledger holds today (old values, who is missing): a read like any other.
    await writeAudit(db, {
      actor: opts.actor ?? 'cli',
      action: 'ledger.import.preview',
      channel: opts.channel ?? 'cli',
      query: { file: label, planId: plan.result.planId },
      elderIds: [...plan.updates.map((u) => u.id), ...plan.missing.map((m) => m.id)],
      rowCount: plan.result.updated + plan.result.missingCount,
    });
    return plan.result;
  }
  return db.transaction(async (tx) => {
    const plan = await buildPlan(tx, file, book, opts);
    const r = plan.result;
    if (opts.expectPlan && opts.expectPlan !== r.planId) {
      throw new InputError(`${label}: plan ${r.planId} is not the previewed ${opts.expectPlan}`, '预览之后台账或文件有了变动，这次没有导入。请重新预览一遍，确认后再导入。');
    }
    const blocked = (!opts.partial && (r.rejectedCount > 0 || r.questions.length > 0)) || (r.imported + r.updated + (opts.removeMissing ? r.missingCount : 0) === 0 && r.unchanged === 0);
    // Nothing written: the counts say so, the lists still show what the file holds.
    if (blocked) return { ...r, imported: 0, updated: 0 };
    // A real ledger replaces the invented one shown to newcomers, and the demo never comes back.
    await removeDemoData(tx);
    await setSetting(tx, 'demo', { disabled: true, reason: 'real import' });
    await rememberTownAnswers(tx, plan.answers.newTowns, plan.answers.aliases);
    const newIds = await writeGrouped(tx, plan.inserts.map((elder) => ({ elder })), true);
    await writeGrouped(tx, plan.updates, false);
    let removed = 0;
    if (opts.removeMissing && plan.missing.length) {
      const del = await tx.query('DELETE FROM elders WHERE id = ANY($1::bigint[])', [plan.missing.map((m) => m.id)]);
      removed = del.rowCount ?? 0;
    }
    await refreshLedgerStatistics(tx);
    await writeAudit(tx, {
      actor: opts.actor ?? 'cli',
      action: 'ledger.import',
      channel: opts.channel ?? 'cli',
      query: { file: label, partial: !!opts.partial, rejected: r.rejectedCount, planId: r.planId, removed, ...(removed ? { removedNames: plan.missing.slice(0, 500).map((m) => `${m.name}（${m.town ?? ''}）`) } : {}) },
      elderIds: [...newIds, ...plan.updates.map((u) => u.id)],
      rowCount: r.imported + r.updated,
    });
    return { ...r, applied: true, removed };
  });
}
