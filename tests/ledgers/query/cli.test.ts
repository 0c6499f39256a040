import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tmpDir } from '../../helpers/tmp.ts';
import { DEMO_LEDGER_CSV, ledgerEvalLines } from '../../helpers/ledger-fixture.ts';
import { startFakeOpenAI } from '../../helpers/fake-openai.ts';
import { LEDGER_QUERY_TOOL } from '../../../src/ledgers/query/llm-planner.ts';

const lines = ledgerEvalLines();

// Every dev line through the real command, as the acceptance checks run it.
describe('jinqiu ledger query / jinqiu audit (command line)', () => {
  const tmp = tmpDir('jq-lq-');
  const env = { JINQIU_DATA_DIR: `${tmp.dir}/data`, JINQIU_NO_DEMO: '1' };
  beforeAll(async () => {
    const r = await runCli(['ledger', 'import', DEMO_LEDGER_CSV, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it.each(lines.map((l) => [l.question, l] as const))('%s', async (_q, line) => {
    const r = await runCli(['ledger', 'query', line.question, '--today', line.today, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['query', 'total', 'rows', 'notUnderstood']));
    expect(r.json.total).toBe(line.total);
    if (line.expect === 'names') expect(r.json.rows.map((x: { name: string }) => x.name).sort()).toEqual([...(line.names ?? [])].sort());
    for (const row of r.json.rows) expect(row).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String) }));
  });

  it('reports what it did not understand, and rejects a bad --today', async () => {
    const r = await runCli(['ledger', 'query', '交道镇爱打麻将的老干部', '--today', '2026-12-01', '--json'], env);
    expect(r.json.notUnderstood).toEqual(['爱打麻将']);
    const bad = await runCli(['ledger', 'query', '独居老人', '--today', '12/01/2026', '--json'], env);
    expect(bad.code).toBe(2);
  });

  it('answers with the same service as chat: the LLM planner when a model is configured', async () => {
    const fake = await startFakeOpenAI({
      chat: () => ({ tool_calls: [{ id: 'c1', type: 'function', function: { name: LEDGER_QUERY_TOOL, arguments: JSON.stringify({ filters: { towns: ['交道镇'], widowed: true }, output: 'count' }) } }] }),
    });
    try {
      const llm = { ...env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', OPENAI_CHAT_MODEL: 'qwen-test' };
      const r = await runCli(['ledger', 'query', '交道镇那些老伴不在身边很久的老同志统计个数', '--today', '2026-12-01', '--json'], llm);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.query).toMatchObject({ output: 'count', filters: { towns: ['交道镇'], widowed: true } });
      expect(r.json.notUnderstood).toEqual([]);
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('lists the queries in the audit log since a day', async () => {
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const r = await runCli(['audit', '--since', since, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const queries = r.json.entries.filter((e: { action: string }) => e.action === 'ledger.query');
    expect(queries.length).toBeGreaterThanOrEqual(lines.length);
    expect(queries[0]).toMatchObject({ actor: 'cli', channel: 'cli', query: { filters: expect.any(Object) }, rowCount: expect.any(Number) });
    const future = await runCli(['audit', '--since', '2999-01-01', '--json'], env);
    expect(future.json).toEqual({ entries: [] });
    const bad = await runCli(['audit', '--since', 'yesterday', '--json'], env);
    expect(bad.code).toBe(2);
  });
});
