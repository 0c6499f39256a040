import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

const DEMO_CSV = new URL('../../../shared/data/demo-ledger.csv', import.meta.url).pathname;

describe('jinqiu audit --person / --staff', () => {
  const tmp = tmpDir('jq-audit-cli-');
  const env = { JINQIU_DATA_DIR: tmp.dir };
  afterAll(() => tmp.cleanup());

  it('finds the reads of one elder by name or id, and of one staff member, and says so when there is no such person', async () => {
    expect((await runCli(['ledger', 'import', DEMO_CSV, '--json'], env)).code).toBe(0);
    const q = await runCli(['ledger', 'query', '韦庄镇的老干部', '--json'], env);
    expect(q.code).toBe(0);
    const [first, second] = q.json.rows as { id: number; name: string }[];
    expect(first && second).toBeTruthy();
    // The operator speaks as one elder: that too is a read of that elder's data.
    expect((await runCli(['chat', '--as', `elder:${second!.id}`, '你好', '--json'], env)).code).toBe(0);

    const byName = await runCli(['audit', '--person', first!.name, '--json'], env);
    // The import that wrote the record names the elders it wrote, then the query that read them.
    expect(byName.json.entries.map((e: { action: string }) => e.action)).toEqual(['ledger.import', 'ledger.query']);
    expect(byName.json.entries[1]).toMatchObject({ actor: 'cli', question: '韦庄镇的老干部' });
    const byId = await runCli(['audit', '--person', String(second!.id), '--json'], env);
    expect(byId.json.entries.map((e: { action: string }) => e.action)).toEqual(['ledger.import', 'ledger.query', 'chat.as']);

    const nobody = await runCli(['audit', '--person', '没有这个人', '--json'], env);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('台账里没有叫“没有这个人”的老干部');
    const staff = await runCli(['audit', '--staff', '7', '--json'], env);
    expect(staff.json).toMatchObject({ entries: [], staff: { actors: ['staff:7'] } });
  }, 120_000);
});
