import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editElder, markDeceased } from '../../src/ledgers/elder-edits.ts';
import { readAudit } from '../../src/privacy/audit.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';

describe.each(testDbKinds)('editing one elder (%s)', (kind) => {
  let t: TestDb;
  let id: number;
  beforeAll(async () => {
    t = await createTestDb(kind);
    id = (await t.db.query<{ id: number }>(`INSERT INTO elders (name, gender, birth_date, town, phone, widowed) VALUES ('贺建国', '男', '1936-02-03', '韦庄镇', '13812345678', false) RETURNING id`)).rows[0]!.id;
  });
  afterAll(() => t.cleanup());

  it('changes only what differs, and audits before and after', async () => {
    const r = await t.db.transaction((tx) => editElder(tx, id, { phone: '13900001111', widowed: false }, { actor: 'staff:3', channel: 'web', reason: '改电话' }));
    expect(r!.changed).toEqual([{ column: 'phone', before: '13812345678', after: '13900001111' }]);
    const audit = await readAudit(t.db, { action: 'elder.edit' });
    expect(audit.at(-1)).toMatchObject({ actor: 'staff:3', elderIds: [id], question: '改电话', query: { changed: [{ column: 'phone', before: '13812345678' }] } });
    const same = await t.db.transaction((tx) => editElder(tx, id, { phone: '13900001111' }, { actor: 'staff:3', channel: 'web' }));
    expect(same!.changed).toEqual([]);
    expect(await readAudit(t.db, { action: 'elder.edit' })).toHaveLength(1);
  });

  it('marks an elder 已故 with the date, and refuses a date that is not one', async () => {
    await expect(t.db.transaction((tx) => markDeceased(tx, id, '2026-11-31', { actor: 'cli', channel: 'cli' }))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    const r = await t.db.transaction((tx) => markDeceased(tx, id, '2026-11-29', { actor: 'cli', channel: 'cli' }));
    expect(r!.changed.map((c) => c.column)).toEqual(['status', 'death_date']);
    const row = (await t.db.query<{ status: string; d: string }>(`SELECT status, death_date::text AS d FROM elders WHERE id = $1`, [id])).rows[0];
    expect(row).toEqual({ status: '已故', d: '2026-11-29' });
    expect(await t.db.transaction((tx) => editElder(tx, 999999, { widowed: true }, { actor: 'cli', channel: 'cli' }))).toBeNull();
  });
});
