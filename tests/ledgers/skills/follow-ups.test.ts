import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/chat/message.ts';
import type { StaffRouter } from '../../../src/agents/staff-router.ts';
import { readAudit } from '../../../src/privacy/audit.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';
import { createLedgerStaffTools } from '../../../src/ledgers/skills/index.ts';
import { createTestDb, type TestDb } from '../../helpers/db.ts';
import { loadDemoLedger } from '../../helpers/ledger-fixture.ts';
import { decodePng } from '../../helpers/png.ts';
import { addStaff, chat, run, staffRouter, textOf, type Who } from '../../helpers/staff-chat.ts';

async function fileNames(replies: OutboundMessage[]): Promise<string[]> {
  const f = replies.find((r) => r.kind === 'file');
  if (f?.kind !== 'file') return [];
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(f.data as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.worksheets[0]!.eachRow((row, n) => {
    const v = String(row.getCell(1).value ?? '');
    if (n > 1 && v && !v.startsWith('查询条件')) out.push(v);
  });
  return out;
}

const listed = (t: string) => [...t.matchAll(/^\d+\. ([^｜]+)｜/gm)].map((m) => m[1]!);

describe('ledger follow-ups, look-ups and edits in chat', () => {
  let t: TestDb;
  let router: StaffRouter;
  let admin: Who;
  let liaison: Who;
  const say = async (text: string, who: Who, group = false) => (await run(router, chat(text, who, { group })))!;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    await loadDemoLedger(t.db);
    router = staffRouter(createLedgerStaffTools({ db: t.db, service: new LedgerQueryService(t.db) }));
    admin = await addStaff(t, '管理员', 'admin', []);
    liaison = await addStaff(t, '交道联络员', 'liaison', ['交道镇', '寺前镇']);
  });
  afterAll(() => t.cleanup());

  const ids = async (where: string) => (await t.db.query<{ name: string; phone: string }>(`SELECT name, phone FROM elders WHERE status = '在世' AND ${where} ORDER BY name`)).rows;

  it('narrows the previous answer, swaps one condition, and counts it again', async () => {
    const first = textOf((await say('行动不便的老干部有哪些', admin)).replies);
    expect(listed(first).sort()).toEqual((await ids(`mobility = '行动不便'`)).map((r) => r.name));
    const narrowed = textOf((await say('其中男的呢', admin)).replies);
    expect(listed(narrowed).sort()).toEqual((await ids(`mobility = '行动不便' AND gender = '男'`)).map((r) => r.name));
    const swapped = textOf((await say('女的呢', admin)).replies);
    expect(listed(swapped).sort()).toEqual((await ids(`mobility = '行动不便' AND gender = '女'`)).map((r) => r.name));
    const counted = textOf((await say('一共多少位', admin)).replies);
    expect(counted).toContain(`共 ${(await ids(`mobility = '行动不便' AND gender = '女'`)).length} 位`);
  });

  it("gives the same people's phones (masked in a group), their file, and a chart of a statistic", async () => {
    await say('交道镇独居的老人', admin);
    const phones = textOf((await say('把他们的电话给我', admin)).replies);
    const people = await ids(`town = '交道镇' AND lives_alone`);
    for (const p of people) expect(phones).toContain(p.phone);
    const file = (await say('导出来', admin)).replies;
    expect((await fileNames(file)).sort()).toEqual(people.map((p) => p.name));
    await say('交道镇独居的老人', admin, true);
    const masked = textOf((await say('把他们的电话给我', admin, true)).replies);
    for (const p of people) expect(masked).not.toContain(p.phone);
    const stats = textOf((await say('患病的老干部按镇统计', admin)).replies);
    expect(stats).toMatch(/交道镇：\d+ 位/);
    const pie = await say('画个饼图', admin);
    const img = pie.replies.find((r) => r.kind === 'image');
    expect(img?.kind === 'image' && decodePng(img.data).width).toBe(800);
  });

  it('looks up one person with visits and open cases, tells same names apart, and answers about "him"', async () => {
    const card = textOf((await say('查一下罗守仁', admin)).replies);
    expect(card).toContain('【罗守仁的档案】');
    expect(card).toContain('13308246281');
    expect(card).toContain('未办结的诉求');
    const phone = textOf((await say('他住在哪', admin)).replies);
    expect(phone).toContain('澄城县交道镇交道村51号');
    const twins = await t.db.query<{ name: string }>(`SELECT name FROM elders GROUP BY name HAVING count(*) > 1 LIMIT 1`);
    if (twins.rows[0]) {
      const name = twins.rows[0].name;
      const both = textOf((await say(`查一下${name}`, admin)).replies);
      expect(both).toMatch(/有 \d 位叫/);
      const town = (await t.db.query<{ town: string }>(`SELECT town FROM elders WHERE name = $1 ORDER BY id LIMIT 1`, [name])).rows[0]!.town;
      expect(textOf((await say(`${town}那个`, admin)).replies)).toContain(`【${name}的档案】`);
    }
  });

  it("states a liaison's scope", async () => {
    const r = textOf((await say('90岁以上的有几位', liaison)).replies);
    expect(r).toContain('您负责的交道镇、寺前镇中');
    const n = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM elders WHERE status = '在世' AND town IN ('交道镇', '寺前镇') AND birth_date <= '1936-12-01'`)).rows[0]!.n;
    expect(r).toContain(`共 ${n} 位`);
  });

  it('edits only after 确认, audited; 取消 leaves the record; groups are told to use a private chat', async () => {
    const ask = textOf((await say('/修改 罗守仁 电话 13912345678', admin)).replies);
    expect(ask).toContain('回复“确认”');
    expect((await ids(`name = '罗守仁'`))[0]!.phone).toBe('13308246281');
    expect(textOf((await say('确认', admin)).replies)).toContain('已修改');
    expect((await ids(`name = '罗守仁'`))[0]!.phone).toBe('13912345678');
    expect((await readAudit(t.db, { action: 'elder.edit' })).at(-1)).toMatchObject({ actor: `staff:${admin.staffId}` });
    await say('罗守仁已经去世了，11月28号', admin);
    expect(textOf((await say('取消', admin)).replies)).toContain('没有修改');
    expect((await ids(`name = '罗守仁'`)).length).toBe(1);
    await say('罗守仁已经去世了，11月28号', admin);
    expect(textOf((await say('确认', admin)).replies)).toContain('已停止给这位老人发送问候');
    const dead = await t.db.query(`SELECT status, to_char(death_date, 'YYYY-MM-DD') AS d FROM elders WHERE name = '罗守仁'`);
    expect(dead.rows[0]).toEqual({ status: '已故', d: '2026-11-28' });
    expect(textOf((await say('/修改 常天佑 卧床', admin, true)).replies)).toContain('私聊');
  });
});
