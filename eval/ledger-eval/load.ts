/**
 * Puts the generated ledger (eval/ledger/generate.ts) into a scratch database the way a bureau's data
 * gets there: the elders through the real importer (the CSV an office would upload), deaths with their
 * dates and staff through their owners' functions, visits through the visit log, and cases through the
 * case store (opened, taken up and closed on their own days).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../src/db/types.ts';
import { importLedger } from '../../src/ledgers/import-ledger.ts';
import { markDeceased } from '../../src/ledgers/elder-edits.ts';
import { recordVisit } from '../../src/ledgers/visits.ts';
import { addStaff } from '../../src/people/staff.ts';
import { assignCase, closeCase, createCase } from '../../src/cases/store.ts';
import { caseKindOfWord } from '../../src/cases/catalog.ts';
import { zonedInstant } from '../../src/kernel/zoned-time.ts';
import { addDays } from '../../src/kernel/time.ts';
import { BUREAU_STAFF, TOWN_LIAISON, TOWNS, type GeneratedLedger } from '../ledger/generate.ts';
import type { Asker } from '../ledger/oracle-lib.ts';

export const TIME_ZONE = 'Asia/Shanghai';

export interface LoadedLedger {
  elderIdByPhone: Map<string, number>;
  staffIdByName: Map<string, number>;
  /** The staff member who asks (an admin, or a liaison covering the asker's towns), created on first use. */
  askerId(asker: Asker | undefined): Promise<number>;
}

export async function loadGeneratedLedger(db: Db, L: GeneratedLedger): Promise<LoadedLedger> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jinqiu-eval-'));
  const file = path.join(dir, '台账.csv');
  fs.writeFileSync(file, L.toCsv(L.elders));
  try {
    const res = await importLedger(db, file, { today: '2026-12-01', actor: 'eval' });
    if (!res.applied) throw new Error(`eval ledger import failed: ${JSON.stringify(res.rejected.slice(0, 5))}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ids = await db.query<{ id: number; phone: string }>('SELECT id, phone FROM elders');
  const elderIdByPhone = new Map(ids.rows.map((r) => [r.phone, r.id]));
  const idOf = (phone: string) => {
    const id = elderIdByPhone.get(phone);
    if (id === undefined) throw new Error(`elder with phone ${phone} not imported`);
    return id;
  };

  const allTowns = Object.keys(TOWNS);
  const staffIdByName = new Map<string, number>();
  await db.transaction(async (tx) => {
    // The ledger sheet keeps the date of death in 备注; staff confirm it with the date.
    for (const e of L.elders)
      if (e.status === '已故' && e.deathDate) await markDeceased(tx, idOf(e.phone), e.deathDate, { actor: 'eval', channel: 'cli', reason: e.notes });
    for (const [town, name] of Object.entries(TOWN_LIAISON)) staffIdByName.set(name, await addStaff(tx, { name, role: 'liaison', towns: [town] }));
    for (const name of BUREAU_STAFF) staffIdByName.set(name, await addStaff(tx, { name, role: 'staff', towns: allTowns }));
  });

  await db.transaction(async (tx) => {
    for (const v of L.visits) {
      // "精神面貌好；身体状况稳定；…": the five checklist items in order.
      const [spirit, health, childrenCare, housing, meals] = v.notes.split('；');
      await recordVisit(tx, {
        elderId: idOf(v.elderPhone),
        staffId: staffIdByName.get(v.staff) ?? null,
        visitedOn: v.date,
        ...(spirit ? { spirit } : {}),
        ...(health ? { health } : {}),
        ...(childrenCare ? { childrenCare } : {}),
        ...(housing ? { housing } : {}),
        ...(meals ? { meals } : {}),
      });
    }
  });

  const townOf = new Map(L.elders.map((e) => [e.phone, e.town]));
  await db.transaction(async (tx) => {
    for (const c of L.cases) {
      const k = caseKindOfWord(c.kind)!;
      const opened = zonedInstant(c.openedOn, '10:00', TIME_ZONE);
      const handler = staffIdByName.get(TOWN_LIAISON[townOf.get(c.elderPhone) ?? ''] ?? '') ?? staffIdByName.get(BUREAU_STAFF[0]!)!;
      const row = await createCase(tx, {
        kind: k.kind,
        ...(k.subkind ? { subkind: k.subkind } : {}),
        elderId: idOf(c.elderPhone),
        accountId: null,
        summary: c.summary,
        actorTag: 'eval',
        now: opened,
        timeZone: TIME_ZONE,
        // The generated cases carry no deadline; the set's convention is that a case waits a week at most.
        dueAt: zonedInstant(addDays(c.openedOn, 7), '10:00', TIME_ZONE),
      });
      if (c.status === '处理中') await assignCase(tx, row.number, handler, zonedInstant(addDays(c.openedOn, 1), '09:00', TIME_ZONE));
      if (c.status === '已办结') await closeCase(tx, row.number, handler, '已办结', zonedInstant(c.closedOn ?? c.openedOn, '16:00', TIME_ZONE));
    }
  });

  const askers = new Map<string, number>();
  return {
    elderIdByPhone,
    staffIdByName,
    async askerId(asker) {
      const role = asker?.role ?? 'admin';
      const towns = role === 'admin' ? [] : (asker?.towns ?? allTowns);
      const key = `${role}:${towns.join(',')}`;
      const known = askers.get(key);
      if (known !== undefined) return known;
      const id = await db.transaction((tx) => addStaff(tx, { name: role === 'admin' ? '评测管理员' : '评测联络员', role, towns }));
      askers.set(key, id);
      return id;
    },
  };
}
