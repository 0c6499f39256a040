import { describe, expect, it } from 'vitest';
import { createMessageHandler } from '../../src/bots/message-handler.ts';
import type { InboundMessage } from '../../src/chat/message.ts';
import type { Db, Queryable } from '../../src/db/types.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, useSeededDb } from '../agents/fixtures.ts';

/** A Db that counts the statements that look up chat groups, inside transactions too. */
function counting(db: Db): { db: Db; groupLookups: () => number } {
  let n = 0;
  const wrap = <Q extends Queryable>(q: Q): Q =>
    new Proxy(q, {
      get(target, prop, recv) {
        if (prop === 'query') {
          return (text: string, params?: unknown[]) => {
            if (/FROM chat_groups/.test(text)) n++;
            return target.query(text, params);
          };
        }
        if (prop === 'transaction') return <T>(fn: (tx: Queryable) => Promise<T>) => (target as unknown as Db).transaction((tx) => fn(wrap(tx)));
        return Reflect.get(target, prop, recv);
      },
    });
  return { db: wrap(db), groupLookups: () => n };
}

describe.each(testDbKinds)('whether a message is for the bot (%s)', (kind) => {
  const s = useSeededDb(kind);

  const groupMsg = (id: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
    id, channel: 'telegram', threadId: '-100weizhuang', chatKind: 'group', author: { id: '8200' }, text: '/案件', attachments: [], mentionsBot: false, receivedAt: new Date(), ...over,
  });

  it('is decided once per message, and the agent is told instead of asking again', async () => {
    await s.db.query(`INSERT INTO channel_accounts (channel, external_id, kind, staff_id, bound_at) VALUES ('telegram', '8200', 'staff', $1, now())`, [s.weizhuangStaff]);
    const c = counting(s.db);
    const a = makeAgent(c.db);
    const handle = createMessageHandler({ db: c.db, agent: a.agent, log: createLogger('silent'), voiceFormat: 'ogg-opus' });
    const out = await handle(groupMsg('a1'), async () => {});
    expect(out.status).toBe('answered');
    expect(out.status === 'answered' && out.turn?.intent).toBe('staff_cases');
    expect(c.groupLookups()).toBe(1);
  });

  it('fetches no voice from a group that is not the bot\'s business', async () => {
    const c = counting(s.db);
    const a = makeAgent(c.db);
    const handle = createMessageHandler({ db: c.db, agent: a.agent, log: createLogger('silent'), voiceFormat: 'ogg-opus' });
    let downloads = 0;
    const loadVoice = async () => (downloads++, { data: Buffer.from('OggS'), mimeType: 'audio/ogg' });
    expect((await handle(groupMsg('v1', { threadId: '-100elders', text: '' }), async () => {}, loadVoice)).status).toBe('ignored');
    expect((await handle(groupMsg('v2', { threadId: '-100nobody', text: '', mentionsBot: true }), async () => {}, loadVoice)).status).toBe('ignored');
    expect(downloads).toBe(0);
    expect(c.groupLookups()).toBe(2);
  });
});
