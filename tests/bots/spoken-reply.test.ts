import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { silentLog } from './helpers/fake-agent.ts';
import { createMessageHandler } from '../../src/bots/message-handler.ts';
import type { Agent } from '../../src/chat/turn.ts';
import { policyReply } from '../../src/agents/policy-reply.ts';

describe('a voice reply reads what the turn says to speak', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await t.db.query(`INSERT INTO channel_accounts (channel, external_id, voice_reply) VALUES ('telegram', '42', true)`);
  });
  afterAll(() => t.cleanup());

  it('speaks the plain answer and the source of a policy answer, never the quoted article', async () => {
    const article = '原文：“' + '赡养人应当履行对老年人经济上供养、生活上照料和精神上慰藉的义务。'.repeat(8) + '”';
    const answer = policyReply({
      answer: `子女要在经济上供养、生活上照料，还要常去看望。\n${article}\n出处：《中华人民共和国老年人权益保障法》第十四条。`,
      grounded: true,
      citations: [],
      spoken: '子女要在经济上供养、生活上照料，还要常去看望。依据《老年人权益保障法》第十四条。',
    });
    const agent: Agent = { handle: async () => ({ replies: [answer, { kind: 'text', text: '还有别的要问吗？' }], intent: 'policy' }) };
    const spoken: string[] = [];
    const handle = createMessageHandler({
      db: t.db,
      agent,
      log: silentLog,
      speaker: { speak: async (s) => (spoken.push(s), Promise.reject(new Error('no audio in this test'))) },
      voiceFormat: 'mp3',
    });
    const sent: unknown[] = [];
    const msg = { id: 'v1', channel: 'telegram' as const, threadId: '42', chatKind: 'private' as const, author: { id: '42' }, text: '儿子不来看我怎么办', attachments: [], mentionsBot: true, receivedAt: new Date() };
    const out = await handle(msg, async (m) => void sent.push(...m));
    expect(out.status).toBe('answered');
    expect(spoken).toHaveLength(1);
    expect(spoken[0]).toContain('依据《老年人权益保障法》第十四条');
    expect(spoken[0]).toContain('还有别的要问吗');
    expect(spoken[0]).not.toContain('原文');
    // The chat still shows the whole answer, quotation and source.
    expect(JSON.stringify(sent)).toContain('原文');
  });
});
