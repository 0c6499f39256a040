import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRouter } from '../../../src/agents/staff-router.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';
import { readAudit } from '../../../src/privacy/audit.ts';
import { listVisits } from '../../../src/ledgers/visits.ts';
import { createLedgerStaffTools } from '../../../src/ledgers/skills/index.ts';
import { createTestDb, testDbKinds, type TestDb } from '../../helpers/db.ts';
import { loadDemoLedger } from '../../helpers/ledger-fixture.ts';
import { addStaff, chat, run, staffRouter, textOf, type Who } from '../../helpers/staff-chat.ts';

describe.each(testDbKinds)('走访 and 档案 on %s', (kind) => {
  let t: TestDb;
  let skills: StaffRouter;
  let admin: Who;
  let jiaodao: Who;
  const idOf = async (name: string, town: string) =>
    (await t.db.query<{ id: number }>('SELECT id FROM elders WHERE name = $1 AND town = $2', [name, town])).rows[0]!.id;

  beforeAll(async () => {
    t = await createTestDb(kind);
    await loadDemoLedger(t.db);
    // A second 黄惠敏 in another town, to make names ambiguous.
    await t.db.query(`INSERT INTO elders (name, gender, birth_date, town, village, phone) VALUES ('黄惠敏', '女', '1941-03-03', '韦庄镇', '韦庄村', '13900000000')`);
    await t.db.query(`INSERT INTO family_contacts (elder_id, name, relation, phone) SELECT id, '罗小梅', '女儿', '13700000001' FROM elders WHERE name = '罗守仁'`);
    await t.db.query(`INSERT INTO health_records (elder_id, checkup_date, findings) SELECT id, '2026-06-01', '肺部阴影，建议复查' FROM elders WHERE name = '罗守仁'`);
    skills = staffRouter(createLedgerStaffTools({ db: t.db, service: new LedgerQueryService(t.db) }));
    admin = await addStaff(t, '管理员', 'admin', []);
    jiaodao = await addStaff(t, '交道联络员', 'liaison', ['交道镇']);
  });
  afterAll(() => t.cleanup());

  it('records a /走访 checklist against the elder', async () => {
    const r = (await run(skills, chat('/走访 罗守仁 精神好 健康一般 子女照顾好 住房安全 用餐正常 备注 需要助餐', jiaodao)))!;
    expect(r.intent).toBe('staff_visit');
    expect(textOf(r.replies)).toContain('已记录 2026-12-01 对罗守仁');
    const visits = await listVisits(t.db, await idOf('罗守仁', '交道镇'));
    expect(visits[0]).toMatchObject({ visitedOn: '2026-12-01', spirit: '好', health: '一般', childrenCare: '好', housing: '安全', meals: '正常', notes: '需要助餐', staffName: '交道联络员' });
    const audit = await readAudit(t.db, { action: 'visit.record' });
    expect(audit.at(-1)).toMatchObject({ actor: `staff:${jiaodao.staffId}`, rowCount: 1 });
  });

  it('records a visit told in plain words, and ignores chat that is not one', async () => {
    const r = (await run(skills, chat('昨天走访了常天佑，精神不错，身体还行，女儿照顾得好，住房安全，吃饭正常', admin)))!;
    expect(r.intent).toBe('staff_visit');
    const visits = await listVisits(t.db, await idOf('常天佑', '寺前镇'));
    expect(visits[0]).toMatchObject({ visitedOn: '2026-11-30', spirit: '不错', health: '还行', housing: '安全', meals: '正常' });
    expect(await run(skills, chat('明天一起去走访吧', admin))).toBeNull();
  });

  it('asks which one when two elders share a name, and respects towns', async () => {
    const amb = (await run(skills, chat('/走访 黄惠敏 精神好', admin)))!;
    expect(textOf(amb.replies)).toContain('有 2 位叫“黄惠敏”');
    const ok = (await run(skills, chat('/走访 黄惠敏(韦庄镇) 精神好 健康好', admin)))!;
    expect(textOf(ok.replies)).toContain('韦庄镇韦庄村');
    // The 交道镇 liaison sees only their own 黄惠敏, so there is no ambiguity for them.
    const mine = (await run(skills, chat('/走访 黄惠敏 精神好', jiaodao)))!;
    expect(textOf(mine.replies)).toContain('交道镇樊家川村');
    const notMine = (await run(skills, chat('/走访 常天佑 精神好', jiaodao)))!;
    expect(textOf(notMine.replies)).toContain('没有找到');
    const elder = (await run(skills, chat('/走访 罗守仁 精神好', { kind: 'elder' })))!;
    expect(elder.intent).toBe('staff_visit_denied');
  });

  it('shows /档案 in private only, with contacts, check-ups and visits, and audits the view', async () => {
    const group = (await run(skills, chat('/档案 罗守仁', admin, { group: true })))!;
    expect(group.intent).toBe('staff_record_denied');
    expect(textOf(group.replies)).toContain('私聊');
    expect(textOf(group.replies)).not.toContain('13308246281');
    const r = (await run(skills, chat('/档案 罗守仁', jiaodao)))!;
    const body = textOf(r.replies);
    expect(body).toContain('【罗守仁的档案】');
    expect(body).toContain('13308246281');
    expect(body).toContain('澄城县交道镇交道村51号');
    expect(body).toContain('白东才');
    expect(body).toContain('罗小梅（女儿） 13700000001');
    expect(body).toContain('肺部阴影');
    expect(body).toMatch(/最近走访：\n\s+2026-12-01（交道联络员）\n\s+精神面貌：好/);
    const audit = await readAudit(t.db, { action: 'elder.view' });
    expect(audit.at(-1)).toMatchObject({ actor: `staff:${jiaodao.staffId}`, elderIds: [await idOf('罗守仁', '交道镇')], rowCount: 1 });
    const other = (await run(skills, chat('/档案 常天佑', jiaodao)))!;
    expect(textOf(other.replies)).toContain('没有找到');
    const unknown = (await run(skills, chat('/档案 罗守仁', { kind: 'unknown' })))!;
    expect(unknown.intent).toBe('staff_record_denied');
  });
});
