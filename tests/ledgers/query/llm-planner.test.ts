import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmQueryPlanner, LEDGER_QUERY_TOOL } from '../../../src/ledgers/query/llm-planner.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';
import { createTestDb, type TestDb } from '../../helpers/db.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../helpers/fake-openai.ts';
import { loadDemoLedger } from '../../helpers/ledger-fixture.ts';

const toolCall = (args: unknown) => ({
  tool_calls: [{ id: 'call_1', type: 'function', function: { name: LEDGER_QUERY_TOOL, arguments: typeof args === 'string' ? args : JSON.stringify(args) } }],
});

describe('LLM planner for ledger questions (fake OpenAI wire format)', () => {
  let t: TestDb;
  let fake: FakeOpenAI;
  let answer: unknown;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await loadDemoLedger(t.db);
    fake = await startFakeOpenAI({ chat: () => answer });
  });
  afterAll(async () => {
    await fake.close();
    await t.cleanup();
  });
  const config = () => ({ OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', OPENAI_CHAT_MODEL: 'qwen-test', OPENAI_TIMEOUT_MS: 5000 });

  it('is off without a configured chat model', () => {
    expect(createLlmQueryPlanner({ OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined, OPENAI_CHAT_MODEL: undefined, OPENAI_TIMEOUT_MS: 1 })).toBeNull();
  });

  it('uses a valid tool-call query for what the parser could not read, and never sends rows to the model', async () => {
    answer = toolCall({ filters: { towns: ['交道镇'], widowed: true }, output: 'count' });
    const service = new LedgerQueryService(t.db, { planner: createLlmQueryPlanner(config())! });
    const r = await service.ask('交道镇那些老伴不在身边很久的老同志统计个数', { today: '2026-12-01', scopeTowns: null });
    expect(r.query).toMatchObject({ output: 'count', filters: { towns: ['交道镇'], widowed: true, status: '在世' } });
    expect(r.total).toBeGreaterThan(0);
    expect(r.notUnderstood).toEqual([]);
    const sent = JSON.stringify(fake.requests.map((x) => x.body));
    expect(sent).toContain('交道镇那些老伴不在身边很久的老同志');
    expect(sent).toContain(LEDGER_QUERY_TOOL);
    for (const leak of ['罗守仁', '13308246281', '澄城县']) expect(sent).not.toContain(leak);
  });

  it('is not asked when the offline parser understood everything', async () => {
    const before = fake.requests.length;
    const service = new LedgerQueryService(t.db, { planner: createLlmQueryPlanner(config())! });
    const r = await service.ask('交道镇有多少老干部', { today: '2026-12-01', scopeTowns: null });
    expect(r.total).toBe(8);
    expect(fake.requests.length).toBe(before);
  });

  it('falls back to the parser when the model answers outside the schema, with SQL, or fails', async () => {
    const service = new LedgerQueryService(t.db, { planner: createLlmQueryPlanner(config())! });
    for (const bad of [
      toolCall({ filters: { towns: ['交道镇'] }, output: 'delete' }),
      toolCall({ filters: { sql: "1=1; DROP TABLE elders" } }),
      toolCall('{not json'),
      { content: '交道镇有8位' },
      500,
    ]) {
      answer = bad;
      const r = await service.ask('交道镇爱打麻将的老干部', { today: '2026-12-01', scopeTowns: null });
      expect(r.query.filters.towns).toEqual(['交道镇']);
      expect(r.notUnderstood).toEqual(['爱打麻将']);
    }
    const n = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM elders');
    expect(n.rows[0]!.n).toBe(60);
  });

  it('keeps the town scope even for a model-made query', async () => {
    answer = toolCall({ filters: { towns: ['韦庄镇'] } });
    const service = new LedgerQueryService(t.db, { planner: createLlmQueryPlanner(config())! });
    await expect(service.ask('韦庄镇那边打麻将的', { today: '2026-12-01', scopeTowns: ['交道镇'] })).rejects.toThrow(/scope/);
    // The town comes from the model alone here, so only the scope check on its query can refuse it.
    await expect(service.ask('那边打麻将的', { today: '2026-12-01', scopeTowns: ['交道镇'] })).rejects.toThrow(/scope/);
    answer = toolCall({ filters: {} });
    const r = await service.ask('那边打麻将的', { today: '2026-12-01', scopeTowns: ['交道镇'] });
    expect(new Set(r.rows.map((x) => x.town))).toEqual(new Set(['交道镇']));
  });
});
