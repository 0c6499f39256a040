import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { readAudit } from '../../src/privacy/audit.ts';
import { elderIntentsDev, makeAgent, texts, useSeededDb } from './fixtures.ts';

describe.each(testDbKinds)('agent conversations on %s', (kind) => {
  const s = useSeededDb(kind);

  const caseRow = async (number: string) =>
    (await s.db.query<{ kind: string; subkind: string | null; elder_id: number; urgent: boolean; details: Record<string, string>; status: string }>(`SELECT * FROM cases WHERE number = $1`, [number])).rows[0]!;

  it('opens a numbered case before replying, fills details over turns, and tells the right staff group', async () => {
    const a = makeAgent(s.db);
    const r1 = await a.say(`elder:${s.zhang}`, '我老伴住院了');
    expect(r1.intent).toBe('life_event');
    expect(r1.caseId).toBe('SJ-2026-0001');
    expect(texts(r1)).toContain('SJ-2026-0001');
    expect(texts(r1)).toContain('哪个医院');
    const row = await caseRow('SJ-2026-0001');
    expect(row).toMatchObject({ kind: 'life_event', subkind: '住院', elder_id: s.zhang, urgent: false, status: 'open' });
    // Staff notice: the elder's town, masked phone, never the full number.
    const sent = await a.notices();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.towns).toEqual(['韦庄镇']);
    const notice = texts(sent[0]!);
    expect(notice).toContain('张建国');
    expect(notice).toContain('138****1234');
    expect(notice).not.toContain('13812341234');

    // The hospital with its ward answers the ward question too: next is when to call.
    const r2 = await a.say(`elder:${s.zhang}`, '县医院心内科');
    expect(r2.caseId).toBe('SJ-2026-0001');
    expect(texts(r2)).toContain('什么时候联系您方便');
    const r4 = await a.say(`elder:${s.zhang}`, '2');
    expect(texts(r4)).toContain('都记下了');
    const done = await caseRow('SJ-2026-0001');
    expect(done.details).toMatchObject({ hospital: '县医院心内科', time: '下午' });
    // The frame: the elder's wife, in hospital.
    expect((await s.db.query(`SELECT frame FROM cases WHERE number = 'SJ-2026-0001'`)).rows[0]!.frame).toMatchObject({ event: '住院', subject: 'spouse', who: '老伴' });
    expect(texts((await a.notices()).at(-1)!)).toContain('医院：县医院心内科');
    // The elder's name by name works too and shares the conversation.
    const r5 = await a.say('elder:张建国', '想找人聊聊');
    expect(r5.caseId).toBe('JY-2026-0001');
    const jy = await a.say('elder:张建国', '不说');
    expect(texts(jy)).toContain('周二下午来解忧室');
  });

  it('a story told as the answer to "what happened" stays with its case; a new need later opens another', async () => {
    const a = makeAgent(s.db);
    expect((await a.say(`elder:${s.wang}`, '想找人聊聊')).caseId).toBe('JY-2026-0001');
    const answer = await a.say(`elder:${s.wang}`, '老伴走了以后，一个人闷得慌');
    expect(answer.caseId).toBe('JY-2026-0001');
    expect((await caseRow('JY-2026-0001')).details.what).toBe('老伴走了以后，一个人闷得慌');
    // At the time question, a new event is not an answer.
    const fresh = await a.say(`elder:${s.wang}`, '哎呀我刚才摔了一跤');
    expect(fresh.caseId).toBe('SJ-2026-0001');
  });

  it('while a 丧偶 case waits for a time, "我住院了" opens its own 住院 case instead of being taken as the time', async () => {
    const a = makeAgent(s.db);
    const died = await a.say(`elder:${s.wang}`, '老伴走了，抚恤金怎么领？');
    expect(died.caseId).toBe('SJ-2026-0001');
    // A spouse's death is not the elder's: 丧偶, with the words of the moment.
    expect((await caseRow('SJ-2026-0001')).subkind).toBe('丧偶');
    expect(texts(died)).toContain('节哀');
    const hospital = await a.say(`elder:${s.wang}`, '我住院了，在县医院');
    expect(hospital.caseId).toBe('SJ-2026-0002');
    expect(await caseRow('SJ-2026-0002')).toMatchObject({ kind: 'life_event', subkind: '住院' });
    expect(Object.values((await caseRow('SJ-2026-0001')).details)).not.toContain('我住院了，在县医院');
  });

  it('the dev intent set through the whole agent: the intent, and a case exactly when one is due', async () => {
    const a = makeAgent(s.db);
    for (const [i, line] of elderIntentsDev().entries()) {
      const r = await a.say(`elder:${s.li}`, line.text, { threadId: `dev-${i}` });
      // A policy question this one-fact knowledge base cannot ground goes to a person, with a case.
      if (r.intent === 'policy_unknown') {
        expect(line.intent, line.text).toBe('policy');
        expect(r.caseId, line.text).toMatch(/^RG-/);
        continue;
      }
      expect(r.intent, line.text).toBe(line.intent);
      expect(!!r.caseId, line.text).toBe(line.case);
    }
  });

  it('an elder can ask how their own cases are going, and sees only their own', async () => {
    const a = makeAgent(s.db);
    await a.say(`elder:${s.li}`, '我想问问遗产怎么分');
    await a.say(`elder:${s.zhang}`, '想找人聊聊');
    await a.say(`staff:${s.admin}`, '/接单 JY-2026-0001');
    const r = await a.say(`elder:${s.zhang}`, '我的事办得怎么样了');
    expect(r.intent).toBe('status');
    expect(texts(r)).toContain('JY-2026-0001（解忧，3月10日登记）：处理中，由赵局长负责');
    expect(texts(r)).not.toContain('FL-2026-0001');
    // Asking after it opens nothing; the case notes the question and its group is reminded.
    expect((await s.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n).toBe(2);
    expect(texts((await a.notices()).at(-1)!)).toContain('【催办】诉求 JY-2026-0001');
    // By topic among several: "律师" finds the legal case of 李秀英, not anything of 张建国.
    const legal = await a.say(`elder:${s.li}`, '上次说请律师那个事 咋样了');
    expect(texts(legal)).toContain('FL-2026-0001');
    expect(legal.caseId).toBe('FL-2026-0001');
    const [read] = await readAudit(s.db, { action: 'case.own' });
    expect(read).toMatchObject({ actor: `elder:${s.zhang}`, elderIds: [Number(s.zhang)], rowCount: 1 });
  });

  it('numbers cases per kind and year, and each number is unique under concurrent turns', async () => {
    const a = makeAgent(s.db);
    const results = await Promise.all([s.zhang, s.li, s.wang].map((id) => a.say(`elder:${id}`, '想请律师帮我看看遗嘱')));
    expect(results.map((r) => r.caseId).sort()).toEqual(['FL-2026-0001', 'FL-2026-0002', 'FL-2026-0003']);
    a.setNow(new Date('2027-01-02T02:00:00Z'));
    expect((await a.say(`elder:${s.zhang}`, '我下楼梯摔伤了')).caseId).toBe('SJ-2027-0001');
  });

  it('danger: an urgent case at once, emergency numbers and the office phone, whatever else is said', async () => {
    const a = makeAgent(s.db);
    const r = await a.say(`elder:${s.li}`, '医药费怎么报销？唉，其实我不想活了');
    expect(r.intent).toBe('jieyou');
    expect(r.caseId).toMatch(/^JY-2026-\d{4}$/);
    expect(texts(r)).toContain('110');
    expect(texts(r)).toContain('120');
    expect(texts(r)).toContain('0913-6666666');
    expect((await caseRow(r.caseId!)).urgent).toBe(true);
    const alarms = await a.notices();
    expect(texts(alarms[0]!)).toContain('【紧急】');
    expect(alarms[0]!.towns).toEqual(['交道镇']);
    // A second alarm within half an hour joins the same case and alerts staff again.
    const again = await a.say(`elder:${s.li}`, '我摔倒了起不来');
    expect(again.caseId).toBe(r.caseId);
    expect(await a.notices()).toHaveLength(2);
    // Even an unbound person in danger reaches staff.
    const u = await a.say('unknown:x1', '有人让我把钱转到安全账户');
    expect(u.caseId).toMatch(/^FL-/);
    expect((await caseRow(u.caseId!)).elder_id).toBeNull();
  });

  it('three confused turns, or asking for a person, make a case', async () => {
    const a = makeAgent(s.db);
    expect((await a.say(`elder:${s.wang}`, '今天股票涨了吗')).intent).toBe('unknown');
    expect((await a.say(`elder:${s.wang}`, '给我放个电影')).caseId).toBeUndefined();
    const third = await a.say(`elder:${s.wang}`, '帮我订张车票');
    expect(third.caseId).toBe('RG-2026-0001');
    expect(texts(third)).toContain('工作人员');
    const human = await a.say(`elder:${s.zhang}`, '找人工');
    expect(human.caseId).toBe('RG-2026-0002');
    expect(human.intent).toBe('handoff');
    // Anywhere in a sentence, in everyday words.
    expect((await a.say(`elder:${s.li}`, '你叫个人给我打个电话吧')).caseId).toBe('RG-2026-0003');
  });

  it('numbered menus answer to digits', async () => {
    const a = makeAgent(s.db);
    const menu = await a.say(`elder:${s.zhang}`, '你能帮我做什么');
    expect(menu.intent).toBe('help');
    expect(texts(menu)).toMatch(/1\. 问政策[\s\S]*2\. 找人聊聊/);
    const two = await a.say(`elder:${s.zhang}`, '２');
    expect(two.caseId).toBe('JY-2026-0001');
    const policy = await a.say(`elder:${s.zhang}`, '离休干部医药费怎么报销');
    expect(policy.intent).toBe('policy');
    expect(texts(policy)).toContain('实报实销');
    expect(texts(policy)).toContain('依据：《关于离休干部医疗保障的规定》');
    // An ungrounded policy question from a bound elder reaches a person: a call-back case, no guessing.
    const nothing = await a.say(`elder:${s.zhang}`, '高龄补贴标准是多少');
    expect(nothing.intent).toBe('policy_unknown');
    expect(nothing.caseId).toBe('RG-2026-0001');
    expect(texts(nothing)).toContain('工作人员给您回电话');
  });

  it('unbound people get policy answers and the menu, nothing else', async () => {
    const a = makeAgent(s.db);
    const p = await a.say('unknown:u1', '离休干部住院医药费怎么报销');
    expect(texts(p)).toContain('实报实销');
    const jy = await a.say('unknown:u1', '一个人在家太孤单了');
    expect(jy.caseId).toBeUndefined();
    expect(texts(jy)).toContain('绑定');
    const menu = await a.say('unknown:u1', '菜单');
    expect(texts(menu)).not.toContain('解忧室，每周二');
    expect((await s.db.query(`SELECT 1 FROM cases`)).rowCount).toBe(0);
  });

  it('family members ask on behalf of their elder', async () => {
    const a = makeAgent(s.db);
    const r = await a.say(`family:${s.zhangDaughter}`, '我爸昨天摔了一跤，腿骨折了');
    expect(r.caseId).toBe('SJ-2026-0001');
    const row = await caseRow('SJ-2026-0001');
    expect(row.elder_id).toBe(s.zhang);
    expect(row.details.relation).toBe('女儿');
    expect(texts((await a.notices())[0]!)).toContain('家属代问（女儿）');
  });

  it('flood control: 20 a minute, then one polite word, then silence', async () => {
    const a = makeAgent(s.db);
    for (let i = 0; i < 20; i++) expect((await a.say(`elder:${s.zhang}`, '你好')).intent).toBe('greeting');
    const warn = await a.say(`elder:${s.zhang}`, '你好');
    expect(warn.intent).toBe('flood');
    expect(texts(warn)).toContain('一分钟');
    expect((await a.say(`elder:${s.zhang}`, '你好')).replies).toEqual([]);
    // Danger still gets through.
    expect((await a.say(`elder:${s.zhang}`, '救命')).caseId).toMatch(/^SJ-/);
    a.advance(61_000);
    expect((await a.say(`elder:${s.zhang}`, '你好')).intent).toBe('greeting');
  });

  it('in groups: quiet unless addressed, staff groups for staff only', async () => {
    const a = makeAgent(s.db);
    const g = { chatKind: 'group' as const, threadId: `group:${s.weizhuangGroup}` };
    expect((await a.say(`elder:${s.zhang}`, '/案件', g)).intent).toBe('ignored');
    expect((await a.say(`staff:${s.weizhuangStaff}`, '/案件', g)).intent).toBe('staff_cases');
    // In their own registered group staff need no @ for a /command; their chatter is left alone.
    expect((await a.say(`staff:${s.weizhuangStaff}`, '/案件', { ...g, mentionsBot: false })).intent).toBe('staff_cases');
    const chatter = await a.say(`staff:${s.weizhuangStaff}`, '收到，我下午过去', { ...g, mentionsBot: false });
    expect(chatter).toMatchObject({ intent: 'ignored', replies: [] });
    // An elder group is never answered unaddressed.
    expect((await a.say(`elder:${s.zhang}`, '大家好', { chatKind: 'group', threadId: `group:${s.elderGroup}`, mentionsBot: false })).intent).toBe('ignored');
  });
});
