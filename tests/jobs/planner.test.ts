import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { computeDue, displayText, planDay, CALL_NOTE } from '../../src/jobs/planner.ts';
import { updatePlan, listPlans } from '../../src/jobs/plans.ts';
import { addElder, addStaffGroup, env, statusCounts } from './fixtures.ts';
import { sendStaffDigest } from '../../src/jobs/staff-digest.ts';
import { campaignReports, resolveDelivery } from '../../src/jobs/report.ts';
import { noticeOutbox } from '../../src/notices/outbox.ts';

describe.each(testDbKinds)('planner (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
  });
  afterEach(async () => t.cleanup());

  it('lists every greeting of a day with channel or a call note, never the deceased', async () => {
    const zhang = await addElder(t.db, { name: '张建国', birth: '1946-06-19', account: 'telegram' });
    const li = await addElder(t.db, { name: '李秀英', birth: '1940-06-19', gender: '女' }); // no account
    const wang = await addElder(t.db, { name: '王德福', birth: '1938-06-19', account: 'family' });
    await addElder(t.db, { name: '赵去世', birth: '1930-06-19', status: '已故', account: 'telegram' });
    // 2026-06-19 is also 端午: everyone living gets the festival greeting too.
    const due = await computeDue(t.db, '2026-06-19', env);
    const birthdays = due.filter((d) => d.occasion === 'birthday');
    expect(birthdays.map((d) => d.elder!.name).sort()).toEqual(['张建国', '李秀英', '王德福'].sort());
    const z = birthdays.find((d) => d.elder!.id === zhang)!;
    expect(z).toMatchObject({ action: 'send', channel: 'telegram', via: 'elder' });
    expect(z.text).toMatch(/^张老，您好！今天是您的生日/);
    expect(z.sendAt.toISOString()).toBe('2026-06-19T00:30:00.000Z');
    expect(birthdays.find((d) => d.elder!.id === li)).toMatchObject({ action: 'call', channel: null, note: CALL_NOTE });
    const w = birthdays.find((d) => d.elder!.id === wang)!;
    expect(w).toMatchObject({ via: 'family', channel: 'wechat' });
    expect(w.text).toContain('麻烦您转告');
    expect(due.filter((d) => d.occasion === 'festival:端午')).toHaveLength(3);
    expect(due.some((d) => d.elder?.name === '赵去世')).toBe(false);
  });

  it('creates a 生日必到 task a week before a milestone birthday, once, for the staff of the town', async () => {
    const g1 = await addStaffGroup(t.db, '韦庄镇工作群', ['韦庄镇']);
    const g2 = await addStaffGroup(t.db, '冯原镇工作群', ['冯原镇']);
    await addElder(t.db, { name: '张建国', birth: '1946-03-15', town: '韦庄镇' }); // 80 on 2026-03-15
    await addElder(t.db, { name: '刘不整', birth: '1947-03-15', town: '韦庄镇' }); // 79: no task
    await addElder(t.db, { name: '陈无组', birth: '1936-03-15', town: '庄头镇' }); // 90; no group covers 庄头镇
    const r1 = await planDay(t.db, '2026-03-08', env);
    expect(r1.tasks).toBe(2);
    const r2 = await planDay(t.db, '2026-03-08', env);
    expect(r2.tasks).toBe(0);
    expect(r2.planned).toBe(0);
    const cases = await t.db.query<{ number: string; subkind: string; summary: string }>(`SELECT number, subkind, summary FROM cases ORDER BY id`);
    expect(cases.rows.map((c) => c.summary)).toEqual([expect.stringContaining('张建国80岁生日'), expect.stringContaining('陈无组90岁生日')]);
    const d = await t.db.query<{ group_id: number; body: string }>(`SELECT group_id, body FROM deliveries WHERE occasion = 'milestone' ORDER BY group_id`);
    expect(d.rows.map((r) => r.group_id)).toEqual([g1, g2]);
    expect(d.rows[0]!.body).toContain(cases.rows[0]!.number); // 韦庄镇: its own elder …
    expect(d.rows[0]!.body).toContain('陈无组'); // … and the one nobody covers
    expect(d.rows[1]!.body).not.toContain('张建国');
    expect(d.rows[1]!.body).toContain(cases.rows[1]!.number);
  });

  it('plans festivals, 送清凉, 送温暖 and staff reminders on their days', async () => {
    await addStaffGroup(t.db, '全县工作群');
    await addElder(t.db, { name: '张建国', birth: '1946-01-02', account: 'telegram', party: true });
    await addElder(t.db, { name: '非党员', birth: '1946-01-03', account: 'telegram', party: false });
    const occ = async (day: string) => (await computeDue(t.db, day, env)).map((d) => d.occasion);
    expect(await occ('2026-07-15')).toEqual(expect.arrayContaining(['song_liang']));
    expect(await occ('2026-02-07')).toEqual(expect.arrayContaining(['song_nuan'])); // 春节 2026-02-17 minus 10
    expect(await occ('2026-10-18')).toEqual(expect.arrayContaining(['festival:重阳']));
    expect((await computeDue(t.db, '2026-07-01', env)).filter((d) => d.occasion === 'festival:七一').map((d) => d.elder!.name)).toEqual(['张建国']);
    expect(await occ('2026-08-01')).not.toContain('festival:八一'); // off by default
    expect(await occ('2026-05-05')).toContain('reminder:阅文会');
    expect(await occ('2026-05-16')).toContain('reminder:一进两看三查');
    expect(await occ('2026-04-01')).toContain('reminder:年度体检');
    expect(await occ('2026-05-06')).toEqual([]);
  });

  it('lets staff change a plan: time, template and switching it off', async () => {
    await addElder(t.db, { name: '张建国', birth: '1946-06-20', account: 'telegram' });
    await updatePlan(t.db, 'birthday', { sendTime: '09:15', template: '{称呼}生日快乐！{单位}敬上', rule: { addressStyle: '老张' } }, 'staff:1');
    const [b] = await computeDue(t.db, '2026-06-20', env);
    expect(b!.text).toBe('老张生日快乐！县委老干部局敬上');
    expect(b!.sendAt.toISOString()).toBe('2026-06-20T01:15:00.000Z');
    await updatePlan(t.db, 'birthday', { enabled: false }, 'staff:1');
    expect(await computeDue(t.db, '2026-06-20', env)).toEqual([]);
    await expect(updatePlan(t.db, 'birthday', { sendTime: '25:00' }, 'staff:1')).rejects.toThrow();
    expect((await listPlans(t.db)).length).toBeGreaterThan(15);
  });

  it('writes each (recipient, occasion, date) once however often the day is planned', async () => {
    await addElder(t.db, { name: '张建国', birth: '1946-06-19', account: 'telegram' });
    await addElder(t.db, { name: '李秀英', birth: '1940-06-19' });
    const a = await planDay(t.db, '2026-06-19', env);
    const b = await planDay(t.db, '2026-06-19', env);
    expect(a.planned).toBe(4);
    expect(b.planned).toBe(0);
    expect(await statusCounts(t.db)).toEqual({ pending: 2, call: 2 });
    expect(a.toQueue).toHaveLength(2);
    await expect(
      t.db.query(`INSERT INTO deliveries (campaign_id, recipient, occasion, occasion_date, elder_id, body, send_at)
                  SELECT campaign_id, recipient, occasion, occasion_date, elder_id, body, send_at FROM deliveries LIMIT 1`),
    ).rejects.toThrow(/deliveries_once/);
  });

  it('puts the call list into the staff notice outbox once, in the same transaction', async () => {
    const g = await addStaffGroup(t.db, '韦庄镇工作群', ['韦庄镇']);
    await addElder(t.db, { name: '李秀英', birth: '1940-06-22', town: '韦庄镇' });
    await addElder(t.db, { name: '王德福', birth: '1940-06-22', town: '冯原镇' });
    await planDay(t.db, '2026-06-22', env);
    expect(await sendStaffDigest(t.db, noticeOutbox)).toBe(2);
    expect(await sendStaffDigest(t.db, noticeOutbox)).toBe(0);
    const n = await t.db.query<{ group_id: number; messages: { text?: string }[] }>(`SELECT group_id, messages FROM staff_notices ORDER BY id`);
    const texts = n.rows.map((r) => JSON.stringify(r.messages));
    expect(texts.some((x) => x.includes('李秀英') && x.includes('请电话问候'))).toBe(true);
    expect(n.rows.every((r) => r.group_id === g)).toBe(true); // nobody covers 冯原镇: the only group hears it
  });

  it('greets a lunar birthday on this year\'s solar date, and shows the visit task before it has a number', async () => {
    await addStaffGroup(t.db, '全县工作群');
    await addElder(t.db, { name: '孙农历', birth: '1941-08-02', lunar: true, account: 'telegram' }); // 1941 闰六月初十 → 2026-07-23, 85岁
    expect((await computeDue(t.db, '2026-08-02', env)).filter((d) => d.occasion === 'birthday')).toEqual([]);
    const [b] = (await computeDue(t.db, '2026-07-23', env)).filter((d) => d.occasion === 'birthday');
    expect(b!.elder!.name).toBe('孙农历');
    const [task] = (await computeDue(t.db, '2026-07-16', env)).filter((d) => d.occasion === 'milestone');
    expect(task).toMatchObject({ occasion: 'milestone', kind: 'visit_task' });
    expect(displayText(task!)).toContain('孙农历（85岁）');
    expect(displayText(task!)).toContain('（安排当天生成）');
  });

  it('lets staff settle uncertain and failed rows after checking, and counts them in the report', async () => {
    await addElder(t.db, { name: '张建国', birth: '1946-06-22', account: 'telegram' });
    await addElder(t.db, { name: '李秀英', birth: '1946-06-22', account: 'telegram' });
    await planDay(t.db, '2026-06-22', env);
    const ids = (await t.db.query<{ id: number }>(`SELECT id FROM deliveries ORDER BY id`)).rows.map((r) => r.id);
    await t.db.query(`UPDATE deliveries SET status = 'uncertain' WHERE id = $1`, [ids[0]]);
    await t.db.query(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [ids[1]]);
    expect((await campaignReports(t.db))[0]).toMatchObject({ uncertain: 1, failed: 1, sent: 0 });
    expect(await resolveDelivery(t.db, ids[0]!, 'sent', 'staff:1')).toEqual({ id: ids[0], status: 'sent' });
    expect(await resolveDelivery(t.db, ids[1]!, 'resend', 'staff:1')).toEqual({ id: ids[1], status: 'pending' });
    await expect(resolveDelivery(t.db, ids[0]!, 'resend', 'staff:1')).rejects.toThrow(/not uncertain/);
    expect((await campaignReports(t.db))[0]).toMatchObject({ uncertain: 0, failed: 0, sent: 1, pending: 1 });
  });
});
