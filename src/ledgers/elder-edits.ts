import type { Queryable } from '../db/types.ts';
import { InputError } from '../kernel/errors.ts';
import { isCalendarDay } from '../kernel/time.ts';
import { writeAudit } from '../privacy/audit.ts';

/**
 * Changing one elder's record outside an import: a staff edit from chat or the command line, or a
 * life event staff confirmed (已故 with the date, 丧偶 after a spouse's death, 丧偶 cleared after a
 * remarriage). Every change is audited with what it was before; greetings follow the ledger at send
 * time, so an elder marked 已故 is greeted no more from that moment.
 */
export interface ElderChanges {
  phone?: string | null;
  address?: string | null;
  mobility?: '好' | '行动不便' | '卧床';
  lives_alone?: boolean;
  widowed?: boolean;
  health?: string | null;
  emergency_contact?: string | null;
  emergency_phone?: string | null;
  status?: '在世' | '已故';
  death_date?: string | null;
}

export const EDITABLE_COLUMNS = ['phone', 'address', 'mobility', 'lives_alone', 'widowed', 'health', 'emergency_contact', 'emergency_phone', 'status', 'death_date'] as const;
export type EditableColumn = (typeof EDITABLE_COLUMNS)[number];

export interface EditedElder {
  id: number;
  name: string;
  /** Only the columns that really changed, as they were and as they are now. */
  changed: { column: EditableColumn; before: unknown; after: unknown }[];
}

export interface EditContext {
  /** 'staff:3', 'cli' */
  actor: string;
  channel: string;
  /** The words that asked for it, kept in the audit log. */
  reason?: string;
}

function check(changes: ElderChanges): void {
  if (changes.death_date !== undefined && changes.death_date !== null && !isCalendarDay(changes.death_date))
    throw new InputError(`bad death date ${changes.death_date}`, '去世日期的格式不对，应为 2026-11-30 这样的日期。');
  if (changes.phone && !/^[\d\-\s+()（）]{7,20}$/.test(changes.phone)) throw new InputError(`bad phone ${changes.phone}`, '电话号码的格式不对，请核对。');
  if (changes.status === '在世' && changes.death_date) throw new InputError('alive with a death date', '在世的老人不应有去世日期。');
}

/** Applies the changes in the caller's transaction and audits them; unknown elder → null. */
export async function editElder(tx: Queryable, elderId: number, changes: ElderChanges, ctx: EditContext): Promise<EditedElder | null> {
  check(changes);
  const columns = EDITABLE_COLUMNS.filter((c) => changes[c] !== undefined);
  const before = await tx.query<Record<string, unknown> & { id: number; name: string }>(
    `SELECT id, name, ${EDITABLE_COLUMNS.join(', ')} FROM elders WHERE id = $1 FOR UPDATE`,
    [elderId],
  );
  const row = before.rows[0];
  if (!row) return null;
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
  const changed = columns
    .map((column) => ({ column, before: norm(row[column]), after: changes[column] ?? null }))
    .filter((c) => String(c.before ?? '') !== String(c.after ?? ''));
  if (changed.length) {
    // Column names come from EDITABLE_COLUMNS, never from input.
    const sets = changed.map((c, i) => `${c.column} = $${i + 2}`).join(', ');
    await tx.query(`UPDATE elders SET ${sets}, updated_at = now() WHERE id = $1`, [elderId, ...changed.map((c) => c.after)]);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'elder.edit',
      channel: ctx.channel,
      query: { changed },
      question: ctx.reason?.slice(0, 500) ?? null,
      elderIds: [elderId],
      rowCount: 1,
    });
  }
  return { id: row.id, name: row.name, changed };
}

/** Staff confirmed a death: 已故 with the date (greetings stop from this moment). */
export function markDeceased(tx: Queryable, elderId: number, deathDate: string, ctx: EditContext): Promise<EditedElder | null> {
  return editElder(tx, elderId, { status: '已故', death_date: deathDate }, ctx);
}
