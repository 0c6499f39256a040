import { describe, expect, it } from 'vitest';
import { readLifeFrames, dayOf } from '../../src/agents/life-frame.ts';
import { speakerRole, type Speaker } from '../../src/agents/kinship.ts';

const TODAY = '2026-06-10'; // a Wednesday

function speaker(relation: string | null, elderGender: '男' | '女', isElder = false): Speaker {
  return { role: speakerRole(relation, isElder), elderGender, elderName: '张建国' };
}

const frame = (text: string, sp: Speaker) => readLifeFrames(text, sp, TODAY).frame;

type Relation = string | null;
type Gender = '男' | '女';
/** The frame a table row expects: [text, speaker relation (null = the elder), elder gender, event, subject]. */
const tells = (text: string, rel: Relation, g: Gender, event: string, subject: string) => {
  expect(frame(text, speaker(rel, g, rel === null))).toMatchObject({ event, subject });
};
/** A table row that tells no new event: [text, speaker relation, elder gender]. */
const tellsNothing = (text: string, rel: Relation, g: Gender) => {
  expect(frame(text, speaker(rel, g, rel === null))).toBeNull();
};

describe('life frame: who it happened to, relative to the bound elder', () => {
  it.each([
    // [text, speaker relation (null = the elder), elder gender, event, subject]
    ['我爸昨天走了', '儿子', '男', '病故', 'elder'],
    ['我妈昨天走了', '儿子', '男', '病故', 'spouse'],
    ['我妈昨天走了', '女儿', '女', '病故', 'elder'],
    ['俺婆今儿晌午没了', '孙子', '女', '病故', 'elder'],
    ['俺婆今儿晌午没了', '孙子', '男', '病故', 'spouse'],
    ['我外婆昨天去世了', '孙女', '男', '病故', 'other'],
    ['我外婆昨天去世了', '外孙女', '女', '病故', 'elder'],
    ['俺姑前天殁了', '侄子', '女', '病故', 'elder'],
    ['俺屋里人昨天后晌走了', '老伴', '女', '病故', 'elder'],
    ['掌柜的昨天殁了', null, '女', '病故', 'spouse'],
    ['老汉住院了', null, '女', '住院', 'spouse'],
    ['额今早在院里跌了一跤', null, '男', '摔伤', 'elder'],
    ['我住院了', '老伴', '男', '住院', 'spouse'],
    ['我住院了', '儿子', '男', '住院', 'other'],
    ['孙子住院了', null, '男', '住院', 'other'],
    ['我公公前天后半夜不在了', '儿媳', '男', '病故', 'elder'],
    ['我大昨儿黑了老了', '儿子', '男', '病故', 'elder'],
    ['张建国昨天住院了', '侄子', '男', '住院', 'elder'],
    // A brother's child: 伯/叔/姑 is the elder, 婶/姑父 the spouse; 姨夫 and 舅 are the mother's side.
    ['我姨夫住院了', '侄子', '男', '住院', 'other'],
    ['我婶子住院了', '侄子', '男', '住院', 'spouse'],
    ['我姑父住院了', '侄女', '女', '住院', 'spouse'],
    ['我舅昨天住院了', '外甥', '男', '住院', 'elder'],
    ['我舅妈昨天住院了', '外甥', '男', '住院', 'spouse'],
    ['俺妈走咧 今儿早起', '女儿', '女', '病故', 'elder'],
    ['老爷子没挺过来 昨晚上的事', '儿子', '男', '病故', 'elder'],
    ['额老汉在地里叫蛇咬了', null, '女', '意外', 'spouse'],
  ] as const)('%s (speaker %s, elder %s) → %s of %s', tells);

  it('reads when and where, and names the day when the words do', () => {
    expect(frame('我爸今天早上在县医院走了', speaker('儿子', '男'))).toMatchObject({ when: '今天早上', day: TODAY, where: '县医院' });
    expect(frame('我爱人上周三去世了', speaker(null, '男', true))).toMatchObject({ day: '2026-06-03' });
    expect(dayOf('大前天', TODAY)).toBe('2026-06-07');
    expect(dayOf('前几天', TODAY)).toBeUndefined();
  });

  it('the most serious recent event is the news; old losses are background; plans are marked', () => {
    expect(frame('俺婆没了 今儿晌午 在渭南住了半个月院 还是没缓过来', speaker('孙子', '女'))).toMatchObject({ event: '病故', subject: 'elder' });
    const r = readLifeFrames('老伴去年没了，今年想跟村里一个老姐姐再走一家', speaker(null, '男', true), TODAY);
    expect(r.frame).toMatchObject({ event: '再婚', subject: 'elder', planned: true });
    expect(r.background).toMatchObject([{ event: '病故', subject: 'spouse' }]);
    expect(readLifeFrames('老汉殁了这些年 额一个人 黑了睡不着', speaker(null, '女', true), TODAY).frame).toBeNull();
    // 明儿就出院 is part of the stay, not a discharge.
    expect(frame('额做了个手术 在渭南眼科医院住着 明儿就出院', speaker(null, '女', true))).toMatchObject({ event: '住院' });
    expect(frame('老汉出院了 回来了', speaker(null, '女', true))).toMatchObject({ event: '出院', subject: 'spouse' });
  });

  it('is not fooled by rules, money, visitors, missing people or other people\'s weddings', () => {
    const sp = speaker('儿子', '男');
    expect(frame('请问离休人员病故的一次性抚恤金怎么算', sp)).toBeNull();
    expect(frame('老干部去世以后家属能领啥', sp)).toBeNull();
    expect(frame('如果住院了医药费怎么报', sp)).toBeNull();
    expect(frame('我的钱没了', sp)).toBeNull();
    expect(frame('刚才来看我爸的人走了', sp)).toBeNull();
    expect(frame('我爸早上出去走了 到现在还没回来', sp)).toBeNull();
    expect(frame('我爸这两年老了很多', sp)).toBeNull();
    expect(frame('我孙子下个月结婚', speaker(null, '男', true))).toMatchObject({ event: '再婚', subject: 'other' });
  });
});

describe('life frame: more ways of telling', () => {
  it.each([
    // A kin word ending in 的 before what befell them (掌柜的头…, 屋里的腿…) is still the kin word.
    ['俺掌柜的头些年透析 前天后晌走咧 昨儿把人埋了', null, '女', '病故', 'spouse'],
    ['屋里的腿疼得下不了炕', null, '男', '生病', 'spouse'],
    // 我大 before his heart, his house, his blood pressure.
    ['我大心脏病犯了 住进县医院了', '儿子', '男', '住院', 'elder'],
    ['我大血压高得很 在卫生院打针哩', '女儿', '男', '生病', 'elder'],
    // A breath that did not come back; a sore that will not heal; a slip in the bath.
    ['我妈夜里一口气没缓过来 人就没了', '女儿', '女', '病故', 'elder'],
    ['老汉脚上长了个疮 天天去换药', null, '女', '生病', 'spouse'],
    ['我爸在院里滑到了 胯骨摔得疼', '儿子', '男', '摔伤', 'elder'],
    // How Guanzhong says a death without the word: 归天, 老百年, 闭眼 (with a time), left me and went.
    ['我妈昨天后晌归天了', '女儿', '女', '病故', 'elder'],
    ['我大昨黑老百年了', '儿子', '男', '病故', 'elder'],
    ['我妈今早上闭眼了', '女儿', '女', '病故', 'elder'],
    ['老伴撂下我走了 才三天', null, '男', '病故', 'spouse'],
    // Illness, stays and falls told by what one sees: 进了重症, 病床上躺着, 认不得人, 踩空, 溜下来.
    ['我爸进了重症 还没出来', '儿子', '男', '住院', 'elder'],
    ['俺妈还在病床上躺着 刀口疼', '女儿', '女', '住院', 'elder'],
    ['我爸脑子糊涂了 认不得人了', '儿子', '男', '生病', 'elder'],
    ['额下台阶踩空了 腿崴了', null, '女', '摔伤', 'elder'],
    ['我妈从炕上溜下来了 腰杆子疼', '女儿', '女', '摔伤', 'elder'],
  ] as const)('%s (%s) → %s %s', tells);

  it.each([
    // 走了 of someone who went somewhere and comes back is a trip.
    ['我妈走了 到西安我姐家住去了', '儿子', '男'],
    ['老汉走了 过两天就回来', null, '女'],
    // A loss years ago is not news.
    ['老伴走了三年了 额心里还是空落落的', null, '女'],
    // What nearly happened did not; eyes closed for a nap are no death.
    ['我爸差点没了 幸亏送得早 现在缓过来了', '儿子', '男'],
    ['额差点摔了 扶住墙了', null, '男'],
    ['我爸中午闭了眼睡了一会儿', '儿子', '男'],
    ['听说我大住院了 后来问了是谣传', '儿子', '男'],
    // A dream, an operation some years back, the time of an old stay: no news.
    ['额梦见额老汉殁了 吓醒了', null, '女'],
    ['我爸前两年做过手术 现在好好的', '儿子', '男'],
    ['老伴住院那会儿你们还来看过 谢谢你们', null, '男'],
  ] as const)('%s → no new event', tellsNothing);
});

describe('life frame: a fifth round of ways to tell (dialect times, in-laws, last breaths, paperwork)', () => {
  it.each([
    // The breath given up, the operating table not left alive, a winter not outlasted.
    ['我爸今早上把气断了', '儿子', '男', '病故', 'elder'],
    // Mourning dress put on is a death in the family; a breath not caught again.
    ['给我妈穿孝衫的事还没弄好 人今早上才走', '儿子', '女', '病故', 'elder'],
    ['我大昨黑里没缓过气', '儿子', '男', '病故', 'elder'],
    ['我妈在手术台上没下来 昨儿的事', '女儿', '女', '病故', 'elder'],
    ['老伴没熬过这个年 前天后晌走的', null, '男', '病故', 'spouse'],
    // 夜个 is Guanzhong for yesterday: a time that dates the 走了.
    ['我婆夜个后晌走了', '孙子', '女', '病故', 'elder'],
    // A child's in-laws, a relative's relative: family, but not the elder.
    ['俺亲家公前天殁了', null, '男', '病故', 'other'],
    ['我儿子的丈人昨天没了', null, '男', '病故', 'other'],
    // Still unconscious in intensive care is a stay, not a death.
    ['我爸在县医院重症监护室 到现在还没醒过来', '儿子', '男', '住院', 'elder'],
    // Checked in at a ward called by its short name; an operation set for later.
    ['我妈在二院住下了 大夫说要动手术', '女儿', '女', '住院', 'elder'],
    // The discharge papers done are the discharge.
    ['老汉今儿办完出院手续了', null, '女', '出院', 'spouse'],
    ['我在院里溜倒了 尻子跌得青了', null, '男', '摔伤', 'elder'],
    // Remarriage said as a step taken later, a partnership formed, the certificate pulled.
    ['俺妈后走了一步 跟南村一个老汉搭成伙了', '儿子', '女', '再婚', 'elder'],
    // A thief (贼娃子) is nobody's child: the theft is the household's.
    ['前儿个黑了贼娃子把额的存折掏走了', null, '男', '困难', 'elder'],
    ['管子冻裂了 额屋里没水喝', null, '女', '困难', 'elder'],
  ] as const)('%s (%s) → %s %s', tells);

  it.each([
    // 年时 is last year: old news. Moving into a care home is no hospital stay.
    ['老伴年时殁了 额现在一个人', null, '女'],
    ['我妈在养老院住下了 那达吃得好', '儿子', '女'],
    // A cataract told as the reason one cannot read is no news.
    ['额眼睛白内障 字看不清', null, '男'],
    // Burial clothes and a coffin made ready years ahead, as old people do: nobody died.
    ['老汉的寿衣早都备下了 他身体好着哩', null, '女'],
    ['我爸的棺材是他自己早些年就打好的', '儿子', '男'],
  ] as const)('%s → no new event', tellsNothing);

  it('夜个 names yesterday', () => {
    expect(dayOf('夜个后晌', TODAY)).toBe('2026-06-09');
  });
});

