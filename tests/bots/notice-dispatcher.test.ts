import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueStaffNotice } from '../../src/notices/outbox.ts';
import { createSenders } from '../../src/bots/sending/create-senders.ts';
import { startNoticeDispatcher } from '../../src/bots/sending/notice-dispatcher.ts';
import { createSimulatorServer, type SimulatorServer } from '../../src/bots/simulator/server.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { webClient } from '../helpers/web-client.ts';

describe.each(testDbKinds)('staff notice dispatcher (%s)', (kind) => {
  let t: TestDb;
  let sim: SimulatorServer;
  beforeEach(async () => {
    t = await createTestDb(kind);
    sim = await createSimulatorServer({ db: t.db, agent: new FakeAgent(), config: { JINQIU_HTTP_HOST: '127.0.0.1', JINQIU_HTTP_PORT: 0 }, log: silentLog });
  });
  afterEach(async () => {
    await sim.close();
    await t.cleanup();
  });

  it('delivers case notices from the outbox to the staff group on the page, once', async () => {
    await enqueueStaffNotice(t.db, ['韦庄镇'], [{ kind: 'text', text: '【新诉求】JY-2026-0007 王秀兰 住院' }]);
    const sender = createSenders({ db: t.db, config: { WECHAT_SEND_INTERVAL_MS: 3000, WECHAT_DAILY_CAP: 10, JINQIU_TZ: 'Asia/Shanghai' }, web: sim.adapter });
    const d = startNoticeDispatcher({ db: t.db, sender, channels: ['web', 'telegram'], log: silentLog, idleMs: 50 });
    try {
      const deadline = Date.now() + 10_000;
      let events: any[] = [];
      const web = await webClient(sim.url);
      const staffId = (await t.db.query<{ id: string }>(`INSERT INTO staff (name, role) VALUES ('刘局长', 'admin') RETURNING id::text`)).rows[0]!.id;
      await web.post('/api/identity', { identity: `staff:${staffId}` });
      while (Date.now() < deadline) {
        events = ((await web.json('/api/events?thread=staff-group&after=0')) as { events: any[] }).events;
        if (events.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(events).toHaveLength(1);
      expect(events[0].notice).toBe(true);
      expect(events[0].items[0].text).toContain('JY-2026-0007');
      await new Promise((r) => setTimeout(r, 300));
      const r = await t.db.query<{ status: string }>('SELECT status FROM staff_notices');
      expect(r.rows).toEqual([{ status: 'sent' }]);
    } finally {
      await d.stop();
    }
  });

  it('idles without piling up listeners on its stop signal', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    const sender = createSenders({ db: t.db, config: { WECHAT_SEND_INTERVAL_MS: 3000, WECHAT_DAILY_CAP: 10, JINQIU_TZ: 'Asia/Shanghai' }, web: sim.adapter });
    const d = startNoticeDispatcher({ db: t.db, sender, channels: ['web'], log: silentLog, idleMs: 1 });
    try {
      await new Promise((r) => setTimeout(r, 500)); // dozens of idle passes
    } finally {
      await d.stop();
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
