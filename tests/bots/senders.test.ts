import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiter, type Clock } from '../../src/bots/sending/rate-limiter.ts';
import { createTelegramSender } from '../../src/bots/sending/telegram-sender.ts';
import { createWechatSender } from '../../src/bots/sending/wechat-sender.ts';
import { createSenders } from '../../src/bots/sending/create-senders.ts';
import type { OutboundMessage } from '../../src/chat/message.ts';
import type { SendOutcome, SendTarget } from '../../src/chat/sender.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';

/** Time that passes only when someone sleeps. */
function fakeClock(start = Date.UTC(2026, 5, 1, 2, 0, 0)): Clock & { t: number } {
  const c = { t: start, now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
  return c;
}

/** An adapter that records when each send happened, and fails on request. */
function recordingAdapter(clock: Clock) {
  const log: { at: number; target: SendTarget; messages: OutboundMessage[] }[] = [];
  const failures: SendOutcome[] = [];
  return {
    log,
    failures,
    accountId: () => 'wxid_bot',
    async deliver(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
      log.push({ at: clock.now(), target, messages });
      return failures.shift() ?? { ok: true, messageIds: [String(log.length)] };
    },
  };
}

const hi: OutboundMessage[] = [{ kind: 'text', text: '中秋快乐' }];
const priv = (id: string): SendTarget => ({ channel: 'telegram', threadId: id, chatKind: 'private' });

describe('rate limiter', () => {
  it('keeps to every limit named and serves callers in order', async () => {
    const clock = fakeClock(0);
    const l = new RateLimiter(clock);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await l.acquire([{ key: 'a', max: 1, windowMs: 1000 }]);
      times.push(clock.now());
    }
    expect(times).toEqual([0, 1000, 2000]);
  });

  it('waits for the strictest of several limits, and a caller queued first is served first', async () => {
    const clock = fakeClock(0);
    const l = new RateLimiter(clock);
    const total = { key: 'total', max: 2, windowMs: 1000, spacingMs: 100 };
    const served: [string, number][] = [];
    const take = (who: string, chat: string) => l.acquire([total, { key: chat, max: 1, windowMs: 1000 }]).then(() => void served.push([who, clock.now()]));
    await Promise.all([take('x1', 'x'), take('x2', 'x'), take('y1', 'y'), take('z1', 'z')]);
    // x2 waits a second for chat x; y1, queued behind it, then meets the spacing; z1 the total of 2 a second.
    expect(served).toEqual([['x1', 0], ['x2', 1000], ['y1', 1100], ['z1', 2000]]);
  });
});

describe.each(testDbKinds)('senders (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('Telegram: 25/s in total, 1/s per chat, 20/min per group', async () => {
    const clock = fakeClock(0);
    const a = recordingAdapter(clock);
    const s = createTelegramSender({ db: t.db, adapter: a, clock });
    for (let i = 0; i < 30; i++) await s.send(priv(String(i)), hi);
    expect(a.log.filter((x) => x.at < 1000)).toHaveLength(25);
    await s.send(priv('0'), hi);
    await s.send(priv('0'), hi);
    const chat0 = a.log.filter((x) => x.target.threadId === '0').map((x) => x.at);
    for (let i = 1; i < chat0.length; i++) expect(chat0[i]! - chat0[i - 1]!).toBeGreaterThanOrEqual(1000);
    const g: SendTarget = { channel: 'telegram', threadId: '-100', chatKind: 'group' };
    const start = clock.now();
    for (let i = 0; i < 21; i++) await s.send(g, hi);
    const gt = a.log.filter((x) => x.target.threadId === '-100').map((x) => x.at - start);
    expect(gt[19]).toBeLessThan(60_000);
    expect(gt[20]).toBeGreaterThanOrEqual(60_000);
  });

  it('Telegram: a 429 pauses every send for retry_after; a blocked person is skipped', async () => {
    const clock = fakeClock(0);
    const a = recordingAdapter(clock);
    const s = createTelegramSender({ db: t.db, adapter: a, clock });
    a.failures.push({ ok: false, permanent: false, reason: 'Too Many Requests', retryAfterMs: 7000 });
    const first = await s.send(priv('1'), hi);
    expect(first).toMatchObject({ ok: false, retryAfterMs: 7000 });
    await s.send(priv('2'), hi);
    expect(a.log[1]!.at).toBeGreaterThanOrEqual(7000);
    await t.db.query(`INSERT INTO channel_accounts (channel, external_id, unreachable) VALUES ('telegram', '3', true)`);
    expect(await s.send(priv('3'), hi)).toMatchObject({ ok: false, permanent: true });
    expect(a.log.map((x) => x.target.threadId)).not.toContain('3');
  });

  const wxPrivate = (id: string): SendTarget => ({ channel: 'wechat', threadId: id, chatKind: 'private' });

  it('WeChat: spaced sends with jitter and a daily cap that survives a restart', async () => {
    const clock = fakeClock(Date.UTC(2026, 5, 1, 2, 0, 0)); // 10:00 in Shanghai
    const a = recordingAdapter(clock);
    const make = () => createWechatSender({ db: t.db, adapter: a, clock, random: () => 1, policy: { intervalMs: 3000, dailyCap: 3, timeZone: 'Asia/Shanghai' } });
    const s = make();
    await Promise.all([s.send(wxPrivate('a'), hi), s.send(wxPrivate('b'), hi)]);
    expect(a.log[1]!.at - a.log[0]!.at).toBe(4500);
    await make().send(wxPrivate('c'), hi);
    const capped = await make().send(wxPrivate('d'), hi);
    expect(capped).toMatchObject({ ok: false, permanent: false, reason: 'daily_cap' });
    // 07:00 tomorrow in Shanghai is 21 hours after 10:00 today (4.5 s of spacing have passed since).
    expect((capped as { retryAfterMs: number }).retryAfterMs).toBe(21 * 3600_000 - (clock.t - Date.UTC(2026, 5, 1, 2, 0, 0)));
    expect(a.log).toHaveLength(3);
  });

  it('WeChat: keeps private greetings out of quiet hours but lets staff-room notices through', async () => {
    const clock = fakeClock(Date.UTC(2026, 5, 1, 15, 30, 0)); // 23:30 in Shanghai
    const a = recordingAdapter(clock);
    const s = createWechatSender({ db: t.db, adapter: a, clock, policy: { intervalMs: 3000, dailyCap: 100, timeZone: 'Asia/Shanghai' } });
    const out = await s.send(wxPrivate('a'), hi);
    expect(out).toMatchObject({ ok: false, reason: 'quiet_hours', retryAfterMs: 7.5 * 3600_000 });
    expect(await s.send({ channel: 'wechat', threadId: 'room@chatroom', chatKind: 'group' }, hi)).toMatchObject({ ok: true });
    expect(a.log).toHaveLength(1);
  });

  it('WeChat: a frequency warning stops proactive sending until tomorrow', async () => {
    const clock = fakeClock(Date.UTC(2026, 5, 1, 2, 0, 0));
    const a = recordingAdapter(clock);
    const s = createWechatSender({ db: t.db, adapter: a, clock, policy: { intervalMs: 3000, dailyCap: 100, timeZone: 'Asia/Shanghai' } });
    a.failures.push({ ok: false, permanent: false, reason: 'frequency: 操作过于频繁' });
    expect(await s.send(wxPrivate('a'), hi)).toMatchObject({ ok: false, reason: expect.stringMatching(/^stopped_for_today/) });
    expect(await s.send(wxPrivate('b'), hi)).toMatchObject({ ok: false, reason: expect.stringMatching(/^stopped_for_today/) });
    expect(a.log).toHaveLength(1);
    clock.t += 24 * 3600_000;
    expect(await s.send(wxPrivate('b'), hi)).toMatchObject({ ok: true });
  });

  it('routes by channel; the web channel puts notices on the page; a channel not running says so', async () => {
    const pushed: string[] = [];
    const s = createSenders({ db: t.db, config: { WECHAT_SEND_INTERVAL_MS: 3000, WECHAT_DAILY_CAP: 10, JINQIU_TZ: 'Asia/Shanghai' }, web: { pushNotice: (thread) => void pushed.push(thread) } });
    expect(await s.send({ channel: 'web', threadId: 'staff-group', chatKind: 'group' }, hi)).toEqual({ ok: true });
    expect(pushed).toEqual(['staff-group']);
    expect(await s.send(priv('1'), hi)).toMatchObject({ ok: false, permanent: false });
  });
});
