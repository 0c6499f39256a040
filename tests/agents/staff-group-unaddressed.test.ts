import { describe, expect, it } from 'vitest';
import { createLedgerStaffTools } from '../../src/ledgers/skills/index.ts';
import { createLedgerImportSkill } from '../../src/ledgers/skills/import-skill.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { createMessageHandler } from '../../src/bots/message-handler.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';

describe.each(testDbKinds)('staff asking in their group without @ on %s', (kind) => {
  const s = useSeededDb(kind, 'file');

  it('a ledger question the parser fully understands is answered; chatter and half-understood lines are not', async () => {
    const tools = createLedgerStaffTools({ db: s.db, service: new LedgerQueryService(s.db) });
    const a = makeAgent(s.db, { staffCommands: tools.commands, staffSkills: tools.skills });
    const g = { chatKind: 'group' as const, threadId: `group:${s.weizhuangGroup}`, mentionsBot: false };
    const q = await a.say(`staff:${s.weizhuangStaff}`, '韦庄镇有几位老干部？', g);
    expect(q.intent).toMatch(/^staff_ledger/);
    // 张建国, 王德明 and one 刘振华 live in 韦庄镇.
    expect(texts(q)).toMatch(/(?<!\d)3\s*(?:位|人)/);
    expect((await a.say(`staff:${s.weizhuangStaff}`, '好的，明天我去看看老张', g)).replies).toEqual([]);
  });

  it('leaves files staff share in their group alone, and asks for a private chat when a ledger file is addressed to the bot', async () => {
    const a = makeAgent(s.db, { staffSkills: [createLedgerImportSkill({ db: s.db })] });
    const file = { kind: 'file' as const, name: '台账.xlsx', data: Buffer.from('PK') };
    const g = { chatKind: 'group' as const, threadId: `group:${s.weizhuangGroup}`, attachments: [file] };
    expect((await a.say(`staff:${s.weizhuangStaff}`, '', { ...g, mentionsBot: false })).replies).toEqual([]);
    const asked = await a.say(`staff:${s.weizhuangStaff}`, '', { ...g, mentionsBot: true });
    expect(asked.intent).toBe('staff_ledger_import_denied');
    expect(texts(asked)).toContain('请在私聊里把文件发给我');
  });

  it('the channel handler lets unaddressed lines through only in a registered staff group', async () => {
    const seen: string[] = [];
    const handle = createMessageHandler({
      db: s.db,
      agent: { handle: async (m) => (seen.push(m.threadId), { replies: [], intent: 'ignored' }) },
      log: createLogger('silent'),
      voiceFormat: 'ogg-opus',
    });
    const base = { channel: 'telegram' as const, chatKind: 'group' as const, author: { id: '9' }, text: '韦庄镇有几位老干部', attachments: [], mentionsBot: false, receivedAt: new Date() };
    await handle({ ...base, id: 'u1', threadId: '-100weizhuang' }, async () => {});
    await handle({ ...base, id: 'u2', threadId: '-100elders' }, async () => {});
    await handle({ ...base, id: 'u3', threadId: '-100unknown' }, async () => {});
    expect(seen).toEqual(['-100weizhuang']);
  });
});
