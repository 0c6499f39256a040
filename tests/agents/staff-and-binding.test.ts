import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';
import { readBindClues } from '../../src/agents/bind-request.ts';
import { takeAccountNotices } from '../../src/notices/outbox.ts';
import type { StaffSkill } from '../../src/chat/staff-command.ts';
import { text } from '../../src/chat/message.ts';

describe('readBindClues', () => {
  it.each([
    ['绑定 123456', { code: '123456' }],
    ['１２３４５６', { code: '123456' }],
    ['张建国 1234', { last4: '1234', nameGuess: '张建国' }],
    ['我是张建国，电话后四位是1234', { last4: '1234', nameGuess: '张建国', cue: true }],
    ['我是张建国的女儿，他手机尾号1234', { last4: '1234', relation: '女儿', nameGuess: '张建国' }],
    // Spoken digits (幺 = 1, 洞 = 0, 两 = 2), any order, dialect kin words.
    ['尾号幺两洞九 我是张建国屋里的女子', { last4: '1209', relation: '女儿' }],
    ['俺是张建国她儿 后四位六七二九', { last4: '6729', relation: '儿子' }],
    ['张建国的闺女，号码尾数２９８５', { last4: '2985', relation: '女儿' }],
    ['我外爷叫张建国 我是他外孙 尾号六幺四洞', { last4: '6140', relation: '外孙', impliedRelation: '外孙辈' }],
    ['额是张建国屋里的 他电话后四位六三洞二', { last4: '6302', relation: '老伴' }],
    // Two numbers: the one said as the elder's.
    ['我是张建国的儿子 我电话13619137745 他电话尾号1234', { last4: '1234', relation: '儿子' }],
  ])('%s', (input, expected) => {
    expect(readBindClues(input)).toMatchObject(expected);
  });
  it.each(['我住院花了3000块', '医药费报销比例是多少', '1', '2026年体检'])('not a binding: %s', (input) => {
    const c = readBindClues(input);
    // Digits may be read, but nothing says who or that it is about binding.
    expect(c === null || (!c.code && !c.relation && !c.cue && !c.nameGuess)).toBe(true);
  });
});

describe.each(testDbKinds)('staff commands and binding on %s', (kind) => {
  const s = useSeededDb(kind);

  it('lists, shows, takes and closes cases within the staff member\'s towns; the elder is told', async () => {
    const a = makeAgent(s.db);
    const zhangCase = (await a.say(`elder:${s.zhang}`, '我想立遗嘱，请律师帮帮忙')).caseId!;
    const liCase = (await a.say(`elder:${s.li}`, '一个人在家太孤单了')).caseId!;
    const wz = `staff:${s.weizhuangStaff}`;
    const list = await a.say(wz, '/案件');
    expect(texts(list)).toContain(zhangCase);
    expect(texts(list)).not.toContain(liCase);
    expect(texts(await a.say(`staff:${s.admin}`, '/案件'))).toContain(liCase);
    expect(texts(await a.say(wz, `/案件 ${liCase}`))).toContain('没有找到');

    // In a group the phone is masked; in private it is shown in full.
    const inGroup = await a.say(wz, `/案件 ${zhangCase.toLowerCase()}`, { chatKind: 'group', threadId: `group:${s.weizhuangGroup}` });
    expect(texts(inGroup)).toContain('138****1234');
    expect(texts(inGroup)).not.toContain('13812341234');
    expect(texts(await a.say(wz, `/案件 ${zhangCase}`))).toContain('13812341234');
    const audit = await s.db.query<{ actor: string; action: string; elder_ids: number[] }>(`SELECT actor, action, elder_ids::int[] AS elder_ids FROM audit_log WHERE action = 'case.view' ORDER BY id`);
    expect(audit.rows).toEqual([
      { actor: `staff:${s.weizhuangStaff}`, action: 'case.view', elder_ids: [s.zhang] },
      { actor: `staff:${s.weizhuangStaff}`, action: 'case.view', elder_ids: [s.zhang] },
    ]);

    expect(texts(await a.say(wz, `/接单 ${zhangCase}`))).toContain('孙干事');
    expect(texts(await a.say(wz, `/结案 ${zhangCase}`))).toContain('请写上办理结果');
    const closed = await a.say(wz, `/结案 ${zhangCase} 已请法律顾问上门，遗嘱已办好`);
    expect(texts(closed)).toContain('已告诉老人');
    const row = (await s.db.query<{ status: string; assignee_id: number }>(`SELECT status, assignee_id FROM cases WHERE number = $1`, [zhangCase])).rows[0]!;
    expect(row).toEqual({ status: 'closed', assignee_id: s.weizhuangStaff });
    const events = (await s.db.query<{ kind: string }>(`SELECT e.kind FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = $1 ORDER BY e.id`, [zhangCase])).rows.map((r) => r.kind);
    expect(events).toEqual(['created', 'notified', 'assigned', 'closed']);
    const acc = (await s.db.query<{ id: number }>(`SELECT id FROM channel_accounts WHERE external_id = $1`, [`elder:${s.zhang}`])).rows[0]!.id;
    const told = await takeAccountNotices(s.db, acc);
    expect(told.map((m) => (m.kind === 'text' ? m.text : '')).join('\n')).toMatch(/已经有工作人员接手[\s\S]*已经办好了[\s\S]*遗嘱已办好/);
    expect(texts(await a.say(wz, `/结案 ${zhangCase} 再结一次`))).toContain('之前已经办结');
  });

  it('staff skills are tried after the agent\'s own commands', async () => {
    const seen: string[] = [];
    const skill: StaffSkill = {
      name: 'ledger',
      intent: 'staff_ledger',
      async handle(ctx) {
        seen.push(ctx.msg.text);
        return /独居/.test(ctx.msg.text) ? { replies: [text('韦庄镇独居老干部 1 人')], intent: 'staff_ledger' } : null;
      },
    };
    const a = makeAgent(s.db, { staffSkills: [skill] });
    expect((await a.say(`staff:${s.weizhuangStaff}`, '/案件')).intent).toBe('staff_cases');
    expect((await a.say(`staff:${s.weizhuangStaff}`, '韦庄镇有哪些独居老干部')).intent).toBe('staff_ledger');
    expect((await a.say(`staff:${s.weizhuangStaff}`, '随便说点啥')).intent).toBe('staff_help');
    expect(seen).toEqual(['韦庄镇有哪些独居老干部', '随便说点啥']);
  });

  it('binds with a one-time code issued by staff', async () => {
    const a = makeAgent(s.db);
    const issued = texts(await a.say(`staff:${s.weizhuangStaff}`, '/绑定码 张建国'));
    const code = /(\d{6})/.exec(issued)![1]!;
    expect(texts(await a.say(`staff:${s.weizhuangStaff}`, '/绑定码 李秀英'))).toContain('不在您负责的镇');
    expect(texts(await a.say(`staff:${s.admin}`, '/绑定码 刘振华'))).toContain('同名');
    const tg = { channel: 'telegram' as const, threadId: '5001' };
    const before = await a.say('5001', '我想预约解忧室', tg);
    expect(before.caseId).toBeUndefined();
    const ok = await a.say('5001', `绑定 ${code}`, tg);
    expect(texts(ok)).toContain('绑定成功');
    const after = await a.say('5001', '我想预约解忧室', tg);
    expect(after.caseId).toBe('JY-2026-0001');
    // One time only.
    expect(texts(await a.say('5002', code, { channel: 'telegram', threadId: '5002' }))).toContain('没有对上');
    // Family code.
    const fam = /(\d{6})/.exec(texts(await a.say(`staff:${s.admin}`, '/绑定码 张建国 儿子')))![1]!;
    await a.say('6001', fam, { channel: 'wechat', threadId: '6001' });
    const acc = (await s.db.query(`SELECT kind, elder_id, relation FROM channel_accounts WHERE channel = 'wechat' AND external_id = '6001'`)).rows[0];
    expect(acc).toEqual({ kind: 'family', elder_id: s.zhang, relation: '儿子' });
  });

  it('an admin issues a staff code that binds a staff member\'s own account', async () => {
    const a = makeAgent(s.db);
    expect(texts(await a.say(`staff:${s.weizhuangStaff}`, '/员工码 周干事'))).toContain('只有管理员');
    const code = /(\d{6})/.exec(texts(await a.say(`staff:${s.admin}`, '/员工码 周干事')))![1]!;
    const tg = { channel: 'telegram' as const, threadId: '8001' };
    expect((await a.say('8001', '/案件', tg)).intent).not.toBe('staff_cases');
    expect(texts(await a.say('8001', `绑定 ${code}`, tg))).toContain('周干事同志');
    expect((await a.say('8001', '/案件', tg)).intent).toBe('staff_cases');
    const acc = (await s.db.query(`SELECT kind, staff_id, elder_id FROM channel_accounts WHERE channel = 'telegram' AND external_id = '8001'`)).rows[0];
    expect(acc).toEqual({ kind: 'staff', staff_id: s.jiaodaoStaff, elder_id: null });
  });

  it('binds with name and phone digits; three wrong tries lock it for a day', async () => {
    const a = makeAgent(s.db);
    const tg = { channel: 'telegram' as const, threadId: '7001' };
    expect(texts(await a.say('7001', '张建国 0000', tg))).toContain('还能试 2 次');
    expect(texts(await a.say('7001', '张建国 1111', tg))).toContain('还能试 1 次');
    const locked = texts(await a.say('7001', '张建国 2222', tg));
    // Until when (a day after the first of the three wrong tries), and whom to call.
    expect(locked).toContain('暂停一天');
    expect(locked).toContain('3月11日 10:00 以后');
    expect(locked).toContain('0913-6666666');
    // Even the right answer is refused while locked, and a number alone gets the same answer.
    expect(texts(await a.say('7001', '张建国 1234', tg))).toContain('暂停一天');
    expect(texts(await a.say('7001', '1234', tg))).toContain('暂停一天');
    a.advance(25 * 3600_000);
    expect(texts(await a.say('7001', '我是张建国的女儿，电话后四位1234', tg))).toContain('绑定成功');
    const acc = (await s.db.query(`SELECT kind, elder_id, relation FROM channel_accounts WHERE channel = 'telegram' AND external_id = '7001'`)).rows[0];
    expect(acc).toEqual({ kind: 'family', elder_id: s.zhang, relation: '女儿' });
    // Namesakes with different digits: the digits pick the person.
    expect(texts(await a.say('7002', '刘振华 2222', { channel: 'telegram', threadId: '7002' }))).toContain('绑定成功');
    // Over two messages, with spoken digits: who first, the number after.
    const t3 = { channel: 'telegram' as const, threadId: '7003' };
    const first = texts(await a.say('7003', '我是王德明屋里的女子', t3));
    expect(first).toContain('后四位');
    expect(first).not.toContain('王德明');
    expect(texts(await a.say('7003', '两两两两', t3))).toContain('绑定成功');
    const acc3 = (await s.db.query(`SELECT kind, elder_id, relation FROM channel_accounts WHERE channel = 'telegram' AND external_id = '7003'`)).rows[0];
    expect(acc3).toEqual({ kind: 'family', elder_id: s.wang, relation: '女儿' });
  });
});
