import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { computeDue, planDay, HELD_NOTE } from '../../src/jobs/planner.ts';
import { activeHolds, holdGreetings, releaseGreetings } from '../../src/jobs/holds.ts';
import { createDeliverer } from '../../src/jobs/deliver.ts';
import type { Sender } from '../../src/chat/sender.ts';
import { addElder, env } from './fixtures.ts';

/** A sender that records what it would have sent. */
function recordingSender(): Sender & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(target, messages) {
      sent.push(`${target.threadId}:${messages.map((m) => (m.kind === 'text' ? m.text : '')).join('')}`);
      return { ok: true, messageIds: [String(sent.length)] };
    },
  } as Sender & { sent: string[] };
}

const attempt = { attemptsMade: 0, maxAttempts: 3 };

describe.each(testDbKinds)('greeting holds (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => t.cleanup());

  const statuses = async (elderId: number) =>
    (await t.db.query<{ status: string }>(`SELECT status FROM deliveries WHERE elder_id = $1 ORDER BY id`, [elderId])).rows.map((r) => r.status);

  it('a hold pauses pending and call-list rows at once; the planner plans held rows; nothing is sent', async () => {
    const zhang = await addElder(t.db, { name: '张建国', birth: '1946-06-19', account: 'telegram' });
    const li = await addElder(t.db, { name: '李秀英', birth: '1940-06-19', gender: '女' }); // nobody bound: call list
    const wang = await addElder(t.db, { name: '王德福', birth: '1938-06-19', account: 'telegram' });
    // 2026-06-19: birthdays and 端午, already planned before the death is reported.
    await planDay(t.db, '2026-06-19', env);
    expect(await statuses(li)).toEqual(['call', 'call']);
    const now = new Date('2026-06-18T03:00:00Z');
    await t.db.transaction(async (tx) => {
      expect(await holdGreetings(tx, zhang, { reason: '家属报告老人去世', caseId: null, by: 'family-account:1', now })).toEqual({ created: true, paused: 2 });
      await holdGreetings(tx, li, { reason: '家属报告老人去世', caseId: null, by: 'family-account:2', now });
      // A second report joins the first.
      expect((await holdGreetings(tx, zhang, { reason: '又一次报告', caseId: null, by: 'family-account:3', now })).created).toBe(false);
    });
    expect(await statuses(zhang)).toEqual(['held', 'held']);
    expect(await statuses(li)).toEqual(['held', 'held']);
    expect([...(await activeHolds(t.db)).keys()].sort()).toEqual([zhang, li].sort());

    // What a day would produce shows the held elders as held (jobs due), not as send or call.
    const due = await computeDue(t.db, '2027-06-19', env);
    const byElder = (id: number) => due.filter((d) => d.elder?.id === id);
    expect(byElder(zhang).every((d) => d.action === 'held' && d.note === HELD_NOTE)).toBe(true);
    expect(byElder(li).every((d) => d.action === 'held')).toBe(true);
    expect(byElder(wang).every((d) => d.action === 'send')).toBe(true);
    // Planning a day writes held rows for them.
    await planDay(t.db, '2026-10-01', env);
    expect((await statuses(zhang)).at(-1)).toBe('held');

    // The deliverer never sends a held elder's row, even one that slipped in as pending.
    const sender = recordingSender();
    const deliver = createDeliverer({ db: t.db, sender });
    const slipped = (await t.db.query<{ id: number }>(`UPDATE deliveries SET status = 'pending' WHERE elder_id = $1 AND occasion = 'birthday' RETURNING id`, [zhang])).rows[0]!.id;
    expect(await deliver(Number(slipped), attempt)).toBe('held');
    const wangRow = (await t.db.query<{ id: number }>(`SELECT id FROM deliveries WHERE elder_id = $1 AND occasion = 'birthday'`, [wang])).rows[0]!.id;
    expect(await deliver(Number(wangRow), attempt)).toBe('sent');
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toContain('王老');
  });

  it('a rejected report puts the rows back where they were; a confirmed death cancels them', async () => {
    const zhang = await addElder(t.db, { name: '张建国', birth: '1946-06-19', account: 'telegram' });
    const li = await addElder(t.db, { name: '李秀英', birth: '1940-06-19', gender: '女' });
    await planDay(t.db, '2026-06-19', env);
    const now = new Date('2026-06-18T03:00:00Z');
    await t.db.transaction(async (tx) => {
      await holdGreetings(tx, zhang, { reason: '报告去世', caseId: null, by: 'x', now });
      await holdGreetings(tx, li, { reason: '报告去世', caseId: null, by: 'x', now });
    });
    await t.db.transaction(async (tx) => {
      expect(await releaseGreetings(tx, zhang, { outcome: 'resumed', by: 'staff:1', now })).toEqual({ released: true, rows: 2 });
      expect(await releaseGreetings(tx, li, { outcome: 'deceased', by: 'staff:1', now })).toEqual({ released: true, rows: 2 });
    });
    expect(await statuses(zhang)).toEqual(['pending', 'pending']);
    expect(await statuses(li)).toEqual(['cancelled', 'cancelled']);
    expect((await activeHolds(t.db)).size).toBe(0);
    const hist = await t.db.query<{ outcome: string; released_by: string }>(`SELECT outcome, released_by FROM greeting_holds ORDER BY elder_id`);
    expect(hist.rows.map((r) => r.outcome).sort()).toEqual(['deceased', 'resumed']);
    // After release the elder is greeted again (the one still living).
    const due = await computeDue(t.db, '2027-06-19', env);
    expect(due.filter((d) => d.elder?.id === zhang).every((d) => d.action === 'send')).toBe(true);
  });
});
