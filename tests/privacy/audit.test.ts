import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, writeAudit } from '../../src/privacy/audit.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';

describe.each(testDbKinds)('audit log on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t.cleanup());

  it('writes who, when, the query and the row count, and reads them back by time, actor and action', async () => {
    await t.db.query(`INSERT INTO audit_log (at, actor, action, row_count) VALUES ('2026-11-26T17:00:00Z', 'staff:9', 'ledger.query', 1)`);
    await writeAudit(t.db, { actor: 'staff:3', action: 'ledger.query', channel: 'telegram', query: { filters: { towns: ['韦庄镇'] } }, question: '韦庄镇的老干部', elderIds: [1, 2], rowCount: 2 });
    await writeAudit(t.db, { actor: 'staff:3', action: 'elder.view', channel: 'telegram', query: { elderId: 1 }, elderIds: [1], rowCount: 1 });
    const since = await readAudit(t.db, { since: '2026-11-27' });
    // 17:00Z on 11-26 is already 11-27 in Shanghai: the office's day counts.
    expect(since.map((e) => e.actor)).toEqual(['staff:3', 'staff:3']);
    const shanghai = await readAudit(t.db, { since: '2026-11-27', timeZone: 'Asia/Shanghai' });
    expect(shanghai.map((e) => e.actor)).toEqual(['staff:9', 'staff:3', 'staff:3']);
    const q = await readAudit(t.db, { actor: 'staff:3', action: 'ledger.query' });
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ channel: 'telegram', question: '韦庄镇的老干部', elderIds: [1, 2], rowCount: 2, query: { filters: { towns: ['韦庄镇'] } } });
    expect(Date.parse(q[0]!.at)).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(await readAudit(t.db, { until: '2000-01-01' })).toEqual([]);
  });
});
