import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { upsertAccount, wantsVoiceReply } from '../../src/people/accounts.ts';
import { voiceWish } from '../../src/agents/voice-preference.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';

describe('a wish about voice replies', () => {
  it.each([
    ['俺眼花了 你们发的字看不清 能不能发语音', 'on'],
    ['以后用语音回我', 'on'],
    ['别发语音了 打字就行', 'off'],
    ['发文字', 'off'],
    ['我能不能发语音', 'may_send'],
    ['我发了条语音你收到没', null],
    ['老伴住院了', null],
  ] as const)('%s → %s', (t, want) => expect(voiceWish(t)).toBe(want));
});

describe.each(testDbKinds)('voice replies on %s', (kind) => {
  const s = useSeededDb(kind);
  const tg = { channel: 'telegram' as const, threadId: '6101' };

  it('turns spoken replies on and off on the account, and only when replies can be spoken', async () => {
    await upsertAccount(s.db, 'telegram', '6101', { kind: 'elder', elderId: s.zhang });
    const mute = makeAgent(s.db);
    const no = await mute.say('6101', '字看不清 能不能发语音', tg);
    expect(texts(no)).toContain('发不了语音');
    expect(await wantsVoiceReply(s.db, 'telegram', '6101')).toBe(false);

    const a = makeAgent(s.db, { speechOut: async () => true });
    const on = await a.say('6101', '字看不清 能不能发语音', tg);
    expect(on.intent).toBe('voice_reply');
    expect(texts(on)).toContain('语音');
    expect(await wantsVoiceReply(s.db, 'telegram', '6101')).toBe(true);
    await a.say('6101', '别发语音了 打字就行', tg);
    expect(await wantsVoiceReply(s.db, 'telegram', '6101')).toBe(false);
    expect((await s.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n).toBe(0);
  });

  it('a voice message asked for someone else is not a setting: the news in it is heard', async () => {
    await upsertAccount(s.db, 'telegram', '6101', { kind: 'elder', elderId: s.zhang });
    const a = makeAgent(s.db, { speechOut: async () => true });
    const r = await a.say('6101', '我老伴住院了 给我儿子发个语音说一声', tg);
    expect(r.intent).toBe('life_event');
    expect(await wantsVoiceReply(s.db, 'telegram', '6101')).toBe(false);
  });
});
