import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agents/create-agent.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { openContext } from '../../src/main.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('jinqiu staff / group (command line)', () => {
  const tmp = tmpDir('jq-staff-');
  const dataDir = path.join(tmp.dir, 'data');
  const env = { JINQIU_DATA_DIR: dataDir };
  afterAll(() => tmp.cleanup());

  it('adds the first admin with a one-time code that binds their own Telegram account', async () => {
    const add = await runCli(['staff', 'add', '王明', '--role', 'admin', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.json).toMatchObject({ name: '王明', role: 'admin', bindingCode: expect.stringMatching(/^\d{6}$/) });
    const refused = await runCli(['staff', 'add', '李华', '--role', 'staff', '--json'], env);
    expect(refused.code).toBe(2);
    const group = await runCli(['group', 'add', '--channel', 'telegram', '--id', '-100555', '--name', '老干部局工作群', '--json'], env);
    expect(group.json).toMatchObject({ channel: 'telegram', kind: 'staff' });

    const ctx = await openContext(loadConfig({ JINQIU_DATA_DIR: dataDir }), { log: createLogger('silent') });
    try {
      const agent = createAgent({ db: ctx.db, config: ctx.config, log: ctx.log, policy: { answer: async () => ({ answer: '', grounded: false, citations: [] }) } });
      const msg = (id: string, text: string) => ({ id, channel: 'telegram' as const, threadId: '777', chatKind: 'private' as const, author: { id: '777', name: 'wm' }, text, attachments: [], mentionsBot: true, receivedAt: new Date() });
      const before = await agent.handle(msg('1', '/案件'));
      expect(before.replies.map((r) => (r.kind === 'text' ? r.text : '')).join('')).not.toContain('JY-');
      const bound = await agent.handle(msg('2', add.json.bindingCode));
      expect(bound.replies.map((r) => (r.kind === 'text' ? r.text : '')).join('')).toContain('绑定成功');
      const acct = await ctx.db.query(`SELECT kind, staff_id FROM channel_accounts WHERE channel = 'telegram' AND external_id = '777'`);
      expect(acct.rows).toEqual([{ kind: 'staff', staff_id: add.json.id }]);
    } finally {
      await ctx.close();
    }
    const list = await runCli(['staff', 'list', '--json'], env);
    expect(list.json.staff).toEqual([expect.objectContaining({ name: '王明', accounts: 1 })]);
  }, 120_000);
});
