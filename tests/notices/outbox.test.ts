import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from '../agents/fixtures.ts';
import { claimNotices, deliverNotices, enqueueStaffNotice, markNoticeFailed } from '../../src/notices/outbox.ts';
import type { Sender, SendTarget } from '../../src/chat/sender.ts';
import { text, type OutboundMessage } from '../../src/chat/message.ts';
import type { NoticeOutbox } from '../../src/chat/ports.ts';

describe.each(testDbKinds)('notice outbox on %s', (kind) => {
  const s = useSeededDb(kind);

  const pending = async () =>
    (await s.db.query<{ group_id: number | null; case_id: number | null; status: string }>(`SELECT group_id, case_id, status FROM staff_notices ORDER BY id`)).rows;

  it('writes the case notice in the case transaction, to the groups covering the town', async () => {
    const a = makeAgent(s.db);
    const r = await a.say(`elder:${s.zhang}`, '我老伴前天走了');
    const rows = await pending();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ group_id: s.weizhuangGroup, status: 'pending' });
    const c = (await s.db.query<{ id: number }>(`SELECT id FROM cases WHERE number = $1`, [r.caseId])).rows[0]!;
    expect(rows[0]!.case_id).toBe(c.id);

    const claimed = await claimNotices(s.db, { now: new Date() });
    expect(claimed).toHaveLength(1);
    expect(claimed[0]!.target).toEqual({ channel: 'telegram', threadId: '-100weizhuang', chatKind: 'group' });
    expect(texts(claimed[0]!)).toContain('138****1234');
    // Claimed rows are not handed out twice until the lease runs out.
    expect(await claimNotices(s.db, { now: new Date() })).toHaveLength(0);
    expect(await claimNotices(s.db, { now: new Date(Date.now() + 10 * 60_000) })).toHaveLength(1);
  });

  it('no case without its notice: a failing outbox write rolls the case back', async () => {
    const broken: NoticeOutbox = {
      toStaff: async () => {
        throw new Error('disk full');
      },
      toAccount: async () => {},
    };
    const a = makeAgent(s.db, { outbox: broken });
    const r = await a.say(`elder:${s.zhang}`, '一个人太孤单了');
    expect(r.intent).toBe('error');
    expect(texts(r)).toContain('0913-6666666');
    expect((await s.db.query(`SELECT 1 FROM cases`)).rowCount).toBe(0);
    expect((await s.db.query(`SELECT 1 FROM case_counters`)).rowCount).toBe(0);
  });

  it('delivers through a Sender, retries transient failures and stops on permanent ones', async () => {
    await enqueueStaffNotice(s.db, ['韦庄镇'], [text('一')]);
    await enqueueStaffNotice(s.db, ['交道镇'], [text('二')]);
    const calls: { target: SendTarget; messages: OutboundMessage[] }[] = [];
    const sender: Sender = {
      async send(target, messages) {
        calls.push({ target, messages });
        return target.threadId === '-100weizhuang' ? { ok: true } : { ok: false, permanent: false, reason: '429', retryAfterMs: 1000 };
      },
    };
    expect(await deliverNotices(s.db, sender)).toEqual({ sent: 1, failed: 1 });
    expect(await deliverNotices(s.db, sender)).toEqual({ sent: 0, failed: 0 });
    const later = await claimNotices(s.db, { now: new Date(Date.now() + 2000) });
    expect(later.map((n) => n.target.threadId)).toEqual(['-100jiaodao']);
    await markNoticeFailed(s.db, later[0]!.id, 'bot was blocked', { permanent: true });
    expect((await pending()).map((r) => r.status).sort()).toEqual(['failed', 'sent']);
  });

  it('a notice written before any staff group exists waits, then goes to the groups registered later', async () => {
    await s.db.query(`DELETE FROM chat_groups`);
    await enqueueStaffNotice(s.db, ['韦庄镇'], [text('紧急')]);
    expect(await pending()).toEqual([expect.objectContaining({ group_id: null })]);
    expect(await claimNotices(s.db)).toHaveLength(0);
    await s.db.query(`INSERT INTO chat_groups (channel, external_id, kind, towns) VALUES ('wechat', 'room1', 'staff', '{}')`);
    const claimed = await claimNotices(s.db);
    expect(claimed.map((c) => c.target)).toEqual([{ channel: 'wechat', threadId: 'room1', chatKind: 'group' }]);
  });
});
