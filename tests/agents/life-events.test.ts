import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';
import { computeDue } from '../../src/jobs/planner.ts';

const planEnv = { tz: 'Asia/Shanghai', officeName: '县委老干部局' };

describe.each(testDbKinds)('life events and what follows on %s', (kind) => {
  const s = useSeededDb(kind);

  it('a discharge told while asking after the stay settles the stay and answers the question', async () => {
    const a = makeAgent(s.db);
    const elder = `elder:${s.zhang}`;
    const stay = await a.say(elder, '老伴住院了 在县医院');
    expect(stay.caseId).toBeTruthy();
    const r = await a.say(elder, '老伴出院都三天了 住院报销那个事 啥时候能有个信');
    expect(r.intent).toBe('status');
    expect(texts(r)).toContain('出院了就好');
    const rows = (await s.db.query<{ status: string; n: number }>(`SELECT status, count(*) OVER ()::int AS n FROM cases`)).rows;
    expect(rows).toEqual([{ status: 'closed', n: 1 }]);
  });
  const caseRow = async (number: string) =>
    (await s.db.query<{ kind: string; subkind: string; status: string; frame: Record<string, unknown>; ledger_change: string | null; ledger_status: string | null }>(`SELECT * FROM cases WHERE number = $1`, [number])).rows[0]!;
  const elder = async (id: number) => (await s.db.query<{ status: string; death_date: unknown; widowed: boolean }>(`SELECT status, death_date::text AS death_date, widowed FROM elders WHERE id = $1`, [id])).rows[0]!;
  const heldFor = async (id: number) => (await s.db.query(`SELECT 1 FROM greeting_holds WHERE elder_id = $1 AND released_at IS NULL`, [id])).rows.length > 0;
  // 2026-10-01 (国庆): every living elder is greeted unless held.
  const actionOn = async (id: number) => (await computeDue(s.db, '2026-10-01', planEnv)).find((d) => d.elder?.id === id)?.action ?? 'none';

  it('a daughter reports her father died: 病故 with the frame, greetings held at once, staff asked to confirm; /确认 marks 已故 with the date, audited', async () => {
    const a = makeAgent(s.db);
    const r = await a.say(`family:${s.zhangDaughter}`, '我爸今天早上走了，丧葬费找谁办');
    expect(r.intent).toBe('life_event');
    const row = await caseRow(r.caseId!);
    expect(row).toMatchObject({ kind: 'life_event', subkind: '病故', ledger_change: '已故', ledger_status: 'pending' });
    expect(row.frame).toMatchObject({ event: '病故', subject: 'elder', who: '爸', when: '今天早上', day: '2026-03-10' });
    const said = texts(r);
    expect(said).toContain('节哀');
    expect(said).toContain('丧葬费');
    expect(said).not.toMatch(/早日康复|生日快乐|多保重。$/);
    expect(await heldFor(s.zhang)).toBe(true);
    expect(await actionOn(s.zhang)).toBe('held');
    expect(await actionOn(s.li)).not.toBe('held');
    const notice = texts((await a.notices())[0]!);
    expect(notice).toContain('当事人：老人本人');
    expect(notice).toContain(`/确认 ${r.caseId} 2026-03-10`);
    expect(notice).toContain('问候已全部暂停');

    // Staff read the case in Chinese: no internal keys, no account ids.
    const wz = `staff:${s.weizhuangStaff}`;
    const detail = texts(await a.say(wz, `/案件 ${r.caseId}`));
    expect(detail).toContain('【待核实】');
    expect(detail).toContain('情况：当事人：老人本人');
    expect(detail).toContain('家属（女儿）');
    expect(detail).not.toMatch(/family-account|what：|time：|relation：|created|notified/);

    // A liaison may not change the ledger; staff may. The date comes from the report when not given.
    expect((await a.say(`staff:${s.jiaodaoStaff}`, `/确认 ${r.caseId}`)).intent).toBe('staff_confirm_denied');
    const ok = await a.say(wz, `/确认 ${r.caseId}`);
    expect(texts(ok)).toContain('2026-03-10 去世，台账已记为已故');
    expect(await elder(s.zhang)).toMatchObject({ status: '已故', death_date: '2026-03-10' });
    expect(await heldFor(s.zhang)).toBe(false);
    expect(await actionOn(s.zhang)).toBe('none');
    expect((await caseRow(r.caseId!)).ledger_status).toBe('confirmed');
    const audit = await s.db.query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_log WHERE action = 'elder.edit'`);
    expect(audit.rows).toEqual([{ actor: `staff:${s.weizhuangStaff}`, action: 'elder.edit' }]);
    expect(texts(await a.say(wz, `/确认 ${r.caseId} 2026-03-09`))).toContain('没有等待确认');
  });

  it('two people\'s news in one message are two cases: the spouse\'s death and the speaker\'s own stay', async () => {
    const a = makeAgent(s.db);
    const r = await a.say(`elder:${s.zhang}`, '额老伴夜儿个殁了 额这心口疼得不行 现在也在医院躺着哩');
    const rows = (await s.db.query<{ number: string; subkind: string; frame: { subject?: string } }>(`SELECT number, subkind, frame FROM cases ORDER BY id`)).rows;
    expect(rows.map((x) => [x.subkind, x.frame.subject])).toEqual([['丧偶', 'spouse'], ['住院', 'elder']]);
    expect(texts(r)).toContain('节哀');
    expect(texts(r)).toContain(`您住院的事也单独登记了，编号 ${rows[1]!.number}`);
    // Told again, the stay joins its case rather than opening a third.
    await a.say(`elder:${s.zhang}`, '下午');
    await a.say(`elder:${s.zhang}`, '额老伴殁了 额也住院了');
    expect((await s.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n).toBe(2);
  });

  it('a rejected death report resumes greetings and closes the case; the ledger is untouched', async () => {
    await s.db.query(`INSERT INTO channel_accounts (channel, external_id, kind, elder_id, relation, bound_at) VALUES ('telegram', 'son-of-li', 'family', $1, '儿子', now())`, [s.li]);
    const a = makeAgent(s.db);
    const tg = { channel: 'telegram' as const, threadId: 'son-of-li' };
    const r = await a.say('son-of-li', '俺大昨儿后半夜没了', tg);
    expect((await caseRow(r.caseId!)).frame).toMatchObject({ event: '病故', subject: 'elder', day: '2026-03-09' });
    expect(await actionOn(s.li)).toBe('held');
    const staff = `staff:${s.jiaodaoStaff}`;
    // Liaisons cannot confirm or reject; the admin can.
    expect((await a.say(staff, `/否认 ${r.caseId} 核实过`)).intent).toBe('staff_reject_denied');
    const admin = `staff:${s.admin}`;
    expect(texts(await a.say(admin, `/否认 ${r.caseId}`))).toContain('请写上核实的情况');
    const no = await a.say(admin, `/否认 ${r.caseId} 经电话核实老人健在，是误会`);
    expect(texts(no)).toContain('问候已恢复');
    expect(await actionOn(s.li)).toBe('send');
    expect(await elder(s.li)).toMatchObject({ status: '在世' });
    expect(await caseRow(r.caseId!)).toMatchObject({ status: 'closed', ledger_status: 'rejected' });
  });

  it('a spouse death is 丧偶 (not the elder\'s 病故, greetings go on); a remarriage clears it; a grandson\'s wedding changes nothing', async () => {
    const a = makeAgent(s.db);
    const died = await a.say(`elder:${s.wang}`, '我老伴前天去世了');
    expect(await caseRow(died.caseId!)).toMatchObject({ subkind: '丧偶', ledger_change: '丧偶' });
    expect((await caseRow(died.caseId!)).frame).toMatchObject({ subject: 'spouse' });
    expect(texts(died)).toContain('节哀');
    expect(await heldFor(s.wang)).toBe(false);
    expect(texts(await a.say(`staff:${s.weizhuangStaff}`, `/确认 ${died.caseId}`))).toContain('台账已记为丧偶');
    expect((await elder(s.wang)).widowed).toBe(true);

    const wedding = await a.say(`elder:${s.wang}`, '我孙子下个月结婚，给你们报个喜', { threadId: 'w2' });
    expect(wedding.caseId).toBeUndefined();
    expect(texts(wedding)).toContain('恭喜');

    const remarry = await a.say(`elder:${s.wang}`, '跟你们说个喜事，我打算跟邻村的老姐姐搭伙过日子了', { threadId: 'w3' });
    expect(await caseRow(remarry.caseId!)).toMatchObject({ subkind: '再婚', ledger_change: '再婚' });
    expect(texts(remarry)).toContain('恭喜');
    expect(texts(remarry)).not.toContain('节哀');
    expect(texts(await a.say(`staff:${s.weizhuangStaff}`, `/确认 ${remarry.caseId}`))).toContain('取消丧偶');
    expect((await elder(s.wang)).widowed).toBe(false);
  });

  it('出院 closes the open 住院 case and opens none; the same event told again joins its case', async () => {
    const a = makeAgent(s.db);
    const inHospital = await a.say(`family:${s.zhangDaughter}`, '我爸住院了，在县医院');
    expect(texts(inHospital)).toContain('早日康复');
    const again = await a.say(`family:${s.zhangDaughter}`, '我爸住院了，医生说要住一个礼拜', { threadId: 'other-thread' });
    expect(again.caseId).toBe(inHospital.caseId);
    const out = await a.say(`family:${s.zhangDaughter}`, '我爸今天出院了，谢谢你们');
    expect(out.caseId).toBe(inHospital.caseId);
    expect(texts(out)).not.toContain('哪个医院');
    expect(await caseRow(inHospital.caseId!)).toMatchObject({ status: 'closed', subkind: '住院' });
    expect((await caseRow(inHospital.caseId!)).frame).toMatchObject({ subject: 'elder', discharged: '2026-03-10' });
    expect((await s.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0]).toEqual({ n: 1 });
  });
});
