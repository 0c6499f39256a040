import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatorServer, type SimulatorServer } from '../../src/bots/simulator/server.ts';
import { createLedgerImportSkill } from '../../src/ledgers/skills/import-skill.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { makeAgent } from '../agents/fixtures.ts';
import { silentLog } from './helpers/fake-agent.ts';
import { seedPeople } from './helpers/seed.ts';
import { webClient, type WebClient } from '../helpers/web-client.ts';

/** A staff member uploads the ledger on the simulator page: the real agent previews it, 确认导入 applies it. */
describe.each(testDbKinds)('ledger file sent in the simulator (%s)', (kind) => {
  let t: TestDb;
  let sim: SimulatorServer;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  beforeEach(async () => {
    web = undefined;
    t = await createTestDb(kind);
    people = await seedPeople(t.db);
    const { agent } = makeAgent(t.db, { staffSkills: [createLedgerImportSkill({ db: t.db })] });
    sim = await createSimulatorServer({ db: t.db, agent, config: { JINQIU_HTTP_HOST: '127.0.0.1', JINQIU_HTTP_PORT: 0 }, log: silentLog });
  });
  afterEach(async () => {
    await sim.close();
    await t.cleanup();
  });

  let web: WebClient | undefined;
  const post = async (identity: string, id: string, body: Record<string, unknown>) => {
    web ??= await webClient(sim.url);
    await web.post('/api/identity', { identity });
    return (await web.post('/api/messages', { id, identity, thread: 'private', text: '', ...body })).json as { status: string; intent?: string };
  };
  const botSaid = async (thread: string) => {
    web ??= await webClient(sim.url);
    const r = (await web.json(`/api/events?thread=${encodeURIComponent(thread)}&after=0`)) as { events: { authorId: string; items: { kind: string; text?: string }[] }[] };
    return r.events.filter((e) => e.authorId === 'bot').flatMap((e) => e.items.map((i) => i.text ?? '')).join('\n');
  };

  it('previews an uploaded xlsx for staff and imports it on 确认导入; an elder sending a file gets the kind answer', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('韦庄镇');
    ws.addRow(['姓名', '出生日期']);
    ws.addRow(['周新人', '1938-05-17']);
    const file = { base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), name: '韦庄镇台账.xlsx' };
    const staff = `staff:${people.staffId}`;
    expect(await post(staff, 'm1', { file })).toMatchObject({ status: 'answered', intent: 'staff_ledger_import_preview' });
    expect(await botSaid(staff)).toContain('新增的老人（1人）');
    const count = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM elders WHERE name = '周新人'`)).rows[0]!.n;
    expect(await count()).toBe(0);
    expect(await post(staff, 'm2', { text: '确认导入' })).toMatchObject({ intent: 'staff_ledger_import' });
    expect(await count()).toBe(1);
    const elder = `elder:${people.elderId}`;
    await post(elder, 'm3', { file });
    expect(await botSaid(elder)).toContain('收到您的文件');
    expect(await count()).toBe(1);
  });
});
