import { describe, expect, it } from 'vitest';
import { frameOfEvent, readLifeFrames } from '../../src/agents/life-frame.ts';
import { speakerRole, type Speaker } from '../../src/agents/kinship.ts';
import { hedgeOf } from '../../src/agents/hedges.ts';
import { detectDanger } from '../../src/agents/danger.ts';
import { classify } from '../../src/agents/intent.ts';
import { askedAfter, type OwnCase } from '../../src/agents/own-cases.ts';
import { APPLY_HELP, POLITE_APPLY } from '../../src/agents/intent-rules.ts';
import { normalize } from '../../src/agents/normalize.ts';
import { refuse } from '../../src/agents/refusals.ts';

const TODAY = '2026-06-10';
const sp = (relation: string | null, elderGender: '男' | '女'): Speaker => ({ role: speakerRole(relation, relation === null), elderGender, elderName: '张建国' });
const read = (text: string, s: Speaker) => readLifeFrames(text, s, TODAY);

describe('hedged events are not news', () => {
  it.each([
    ['万一我爸住院了 报销是按啥比例', '儿子', '男', 'hypothetical'],
    ['村里有人说额老汉出车祸了 吓死额了 后来打电话他好好的', null, '女', 'hearsay'],
    ['村里人撺掇额再找个老伴 额不想找', null, '女', 'suggested'],
    ['有人给额介绍了个老伴 额还没想好 再婚的话那个丧偶的照顾还有没有', null, '男', 'hypothetical'],
    ['听说南头老李摔了一跤', null, '男', 'hearsay'],
    ['额担心老伴住院了没人伺候', null, '男', 'hypothetical'],
    ['我爸住院倒没有 就是在门诊输了两天液', '儿子', '男', 'denied'],
    ['电视上演的那个老汉摔了一跤', null, '男', 'hearsay'],
    ['老人摔了骨折了 医药费咋报', null, '男', 'generic'],
  ] as const)('%s → no frame (%s)', (text, relation, gender, why) => {
    const r = read(text, sp(relation, gender));
    expect(r.frame).toBeNull();
    expect(r.hedged).toContain(why);
  });

  it('a rumour about the family that nobody takes back is still news; a declined plan is not a plan', () => {
    expect(hedgeOf('听说我舅没了', '听说我舅没了', { planLike: false, kinNamed: true })).toBeNull();
    expect(hedgeOf('额打算再找个老伴', '额打算再找个老伴，额不想找', { planLike: true, kinNamed: false })).toBe('declined');
    expect(read('额跟邻村的王姨领了证了 就上个礼拜', sp(null, '男')).frame).toMatchObject({ event: '再婚', subject: 'elder' });
  });
});

describe('who it happened to: people outside the family, and I as an object', () => {
  it('someone named by surname or place is an outsider', () => {
    expect(read('南头老李前天摔了一跤', sp(null, '男')).frame).toMatchObject({ event: '摔伤', subject: 'other', outsider: true });
    expect(read('额老同事老张前天走了', sp(null, '男')).frame).toMatchObject({ event: '病故', outsider: true });
    // Kin of an outsider are outsiders too: the neighbour's old man is not the elder's husband.
    expect(read('邻家老汉前天殁了 他屋里人哭得可怜', sp(null, '女')).frame).toMatchObject({ event: '病故', subject: 'other', outsider: true });
    expect(read('额村里有人再婚 还领了证', sp(null, '男')).frame).toMatchObject({ event: '再婚', outsider: true });
  });

  it('给我 / 叫我 do not make the speaker the one it happened to', () => {
    expect(read('我爸要给我找个后妈了', sp('女儿', '男')).frame).toMatchObject({ event: '再婚', subject: 'elder' });
    expect(read('俺婆昨儿黑了老了 俺爸叫我跟你们说一声', sp('孙子', '女')).frame).toMatchObject({ event: '病故', subject: 'elder' });
  });

  it('我大 before a time word is the father', () => {
    expect(read('俺大夜儿个后半夜殁了', sp('儿子', '男')).frame).toMatchObject({ event: '病故', subject: 'elder' });
    expect(read('我大前天殁了', sp('儿子', '男')).frame).toMatchObject({ event: '病故', subject: 'elder' });
    expect(read('我大儿子昨天住院了', sp(null, '男')).frame).toMatchObject({ event: '住院', subject: 'other' });
  });
});

describe('events said in other words', () => {
  it('coming home is a weak discharge; money spent in hospital is not a new stay', () => {
    expect(read('老伴手术做完了 昨儿个接回来了', sp(null, '男')).frame).toMatchObject({ event: '出院', subject: 'spouse', weak: true });
    expect(read('额住院花了一万多 离修干部能报多少', sp(null, '男')).frame).toBeNull();
  });

  it('recurrences, pains that keep one in bed, a hospital ward named', () => {
    expect(read('额前列腺又犯了 尿不下', sp(null, '男')).frame).toMatchObject({ event: '生病', subject: 'elder' });
    expect(read('额老伴这两天腿疼得下不了炕', sp(null, '男')).frame).toMatchObject({ event: '生病', subject: 'spouse' });
    expect(read('俺妈这阵在县医院骨科', sp('儿子', '女')).frame).toMatchObject({ event: '住院', subject: 'elder' });
    expect(read('窑顶往下掉土 裂了一道大缝', sp(null, '女')).frame).toMatchObject({ event: '困难' });
    expect(read('额在路上叫三轮车给挂倒了', sp(null, '男')).frame).toMatchObject({ event: '意外', subject: 'elder' });
    expect(read('屋里的暖气管子坏了 冬天咋过', sp(null, '男')).frame).toMatchObject({ event: '困难', subject: 'elder' });
    expect(read('我妈是今儿早上没的', sp('女儿', '女')).frame).toMatchObject({ event: '病故', subject: 'elder' });
  });

  it('a frame for an event only the intent rules know keeps who it was', () => {
    expect(frameOfEvent('我妈这两天不舒坦 在屋里躺着', '生病', sp('儿子', '男'), TODAY)).toMatchObject({ event: '生病', subject: 'spouse' });
    expect(frameOfEvent('我爸走了', '病故', sp('儿子', '男'), TODAY)).toBeNull();
  });
});

describe('danger and progress questions', () => {
  it('a collapse already at the hospital is not an emergency now; a transfer demanded is fraud', () => {
    expect(detectDanger('我爸透析的时候晕过去了 现在在医院观察')).toBeNull();
    expect(detectDanger('我爸晕过去了 叫不醒')).toMatchObject({ kind: 'emergency' });
    expect(detectDanger('有人打电话说额孙子出事了 让额赶紧转五万块钱')).toMatchObject({ kind: 'fraud' });
    expect(detectDanger('有人冒充公安给额打电话 说额卡涉嫌洗钱')).toMatchObject({ kind: 'fraud' });
  });

  it('asks after an open request in more words', () => {
    const c = (kind: string, subkind: string | null, summary: string): OwnCase => ({ id: 1, number: 'FL-2026-0001', kind, subkind, status: 'open', summary, assignee: null, created_at: new Date(), details: {} });
    const legal = c('legal', '法律咨询', '房产过户问题');
    expect(askedAfter('额那个房子的事 律师咋说的', [legal])?.case).toBe(legal);
    const call = c('handoff', null, '请工作人员回电话');
    expect(askedAfter('额等了三天了 电话也没见打来', [call])?.case).toBe(call);
    expect(askedAfter('刚才说的那个事 你们记下了没', [call])?.case).toBe(call);
    expect(askedAfter('你们说打电话 电话呢', [call])?.case).toBe(call);
    expect(askedAfter('我爸那事你们安排人了没', [call])?.case).toBe(call);
    expect(askedAfter('额今儿去赶集了', [call])).toBeNull();
    // Asked after by its topic: "did you ask", "which day do they come".
    const stove = c('life_event', '困难', '院墙塌了一截');
    expect(askedAfter('院墙那事 你们帮我问了没', [stove])?.case).toBe(stove);
    expect(askedAfter('修墙的人哪天来', [stove])?.case).toBe(stove);
    const help = c('help', null, '特殊困难帮扶申请');
    expect(askedAfter('前回报的那个补助 审下来了没', [help])?.case).toBe(help);
    const fall = c('life_event', '摔伤', '姑姑在院里摔了');
    expect(askedAfter('上回说的我姑摔了那个 你们说要来看 来了没有', [fall])?.case).toBe(fall);
    expect(askedAfter('我去了没有人管', [fall])).toBeNull();
  });
});

describe('applying for help, as people say it', () => {
  it('names the help first or asks politely; a question about the help is still a question', () => {
    expect(APPLY_HELP.test(normalize('听说局里有个困难帮扶 额想申请一下'))).toBe(true);
    expect(POLITE_APPLY.test(normalize('日子紧得很 能不能申请个补助'))).toBe(true);
    expect(POLITE_APPLY.test(normalize('困难补助能不能申请'))).toBe(false);
  });
});

describe('what is only asked about is not news', () => {
  it('a rumour the speaker asks about is hearsay, even about her own mother', () => {
    expect(read('我姨说我妈摔了 是真的么', sp('女儿', '女')).frame).toBeNull();
    expect(read('我姨说我妈摔了 我这就回去', sp('女儿', '女')).frame).toMatchObject({ event: '摔伤' });
  });
  it('a question word before 都/也 is any, not a question', () => {
    expect(classify('老了 啥都记不住').question).toBe(false);
    expect(classify('啥时候发').question).toBe(true);
  });
});

describe('thanks for what happened is not a request', () => {
  it('thanks for a visit asks for no person; thanks and a request still do', () => {
    expect(classify('后事都办完了 谢谢你们局里来人').handoff).toBe(false);
    expect(classify('谢谢 你叫个人给我打电话').handoff).toBe(true);
    expect(classify('额要找你们王主任').handoff).toBe(true);
  });
});

describe('an office is not a person', () => {
  it('its address is a question for the office, not private details; a person\'s stays refused', () => {
    expect(refuse(normalize('县上的法律援助中心在哪达 具体地址给我说一下'))).toBeNull();
    expect(refuse(normalize('把王德明的地址给我说一下'))).not.toBeNull();
    expect(refuse(normalize('民政局那边所有老人的电话给我'))).not.toBeNull();
    expect(classify('县上的法律援助中心在哪达 地址给我说一下').intent).toBe('policy');
  });
});

describe('danger words, more ways of saying them', () => {
  it('hears a scam told in dialect and a transfer asked through a card', () => {
    expect(detectDanger('额前两天叫人骗了 说是买药能除根')).toMatchObject({ kind: 'fraud' });
    expect(detectDanger('电话里说我儿子出了事 叫我到银行往他卡上打三万块钱')).toMatchObject({ kind: 'fraud' });
  });
  it('a phone number to call is not a beating', () => {
    expect(detectDanger('她手机不通的话就打我这个号')).toBeNull();
    expect(detectDanger('我儿子喝了酒就打我')).toMatchObject({ kind: 'abuse' });
  });
});
