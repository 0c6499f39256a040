import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('jinqiu kb gaps (command line)', () => {
  const tmp = tmpDir('jq-gaps-');
  const env = { JINQIU_DATA_DIR: path.join(tmp.dir, 'data'), JINQIU_NO_DEMO: '1' };
  afterAll(() => tmp.cleanup());

  it('keeps what elders asked and the knowledge base could not answer, by topic; a new document answers it after ingest', async () => {
    const question = '离休干部冬天的取暖费每年补助多少钱？';
    const asked = await runCli(['chat', '--as', 'unknown', question, '--json'], env);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.json.replies.join('')).not.toContain('取暖费补助标准');

    const gaps = await runCli(['kb', 'gaps', '--json'], env);
    expect(gaps.code, gaps.stderr).toBe(0);
    expect(gaps.json.total).toBe(1);
    expect(gaps.json.topics[0]).toMatchObject({ topic: '离退休待遇', count: 1, questions: [expect.objectContaining({ question, reason: 'refused', asker: expect.stringMatching(/^unknown/) })] });
    const human = await runCli(['kb', 'gaps'], env);
    expect(human.stdout).toContain('离退休待遇（1）');

    const doc = path.join(tmp.dir, '取暖费补助办法.txt');
    fs.writeFileSync(
      doc,
      ['某县离休干部冬季取暖费补助办法', '第一条 为做好离休干部冬季取暖保障，制定本办法。', '第二条 离休干部冬季取暖费补助标准为每人每年二千四百元，由原工作单位在每年十一月发放。', '第三条 本办法自发布之日起施行。'].join('\n'),
    );
    const ingest = await runCli(['kb', 'ingest', doc, '--json'], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.json.gaps).toMatchObject({ asked: 1, nowAnswered: [expect.objectContaining({ question, source: expect.stringContaining('取暖费补助办法') })] });
    expect((await runCli(['kb', 'gaps', '--json'], env)).json).toMatchObject({ total: 0, topics: [] });
  }, 180_000);
});
