import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../../helpers/db.ts';
import { ledgerEvalLines, loadDemoLedger } from '../../helpers/ledger-fixture.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';


const lines = ledgerEvalLines();

describe.each(testDbKinds)('ledger-queries.dev.jsonl on %s', (kind) => {
  let t: TestDb;
  let service: LedgerQueryService;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await loadDemoLedger(t.db);
    service = new LedgerQueryService(t.db);
  });
  afterAll(() => t.cleanup());

  it.each(lines.map((l) => [l.question, l] as const))('%s', async (_q, line) => {
    const res = await service.ask(line.question, { today: line.today, scopeTowns: null });
    expect(res.notUnderstood).toEqual([]);
    expect(res.total).toBe(line.total);
    if (line.expect === 'names') expect(res.rows.map((r) => r.name).sort()).toEqual([...(line.names ?? [])].sort());
    else expect(res.query.output).toBe('count');
  });
});
