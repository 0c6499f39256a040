// Follow-up chains: 2–4 messages of one staff member in one private chat, each step depending on the
// previous ones (narrowing, switching town, a person then his visits, a statistic then a chart, export).
// Oracles follow the conventions in oracle-lib.ts. Private chat: phones and addresses are shown unmasked.

import type { Elder } from './generate.ts';
import {
  age, ageBand, birthdaysBetween, birthdaysInMonth, caseElders, casesUntil, deceased, groupCount, hasCond, isOpen, living,
  names, nextWeek, notVisitedThisMonth, oldestFirst, person, visitsOf,
} from './oracle-lib.ts';
import type { Asker, ChainExpectation, Ledger, LedgerChain } from './oracle-lib.ts';

type O<T> = (L: Ledger, today: string) => T;
const names_ = (oracle: O<string[]>): ChainExpectation => ({ kind: 'names', oracle });
const count = (oracle: O<number>): ChainExpectation => ({ kind: 'count', oracle });
const value = (oracle: O<number>, tolerance = 0.1): ChainExpectation => ({ kind: 'value', oracle, tolerance });
const groups = (oracle: O<Record<string, number>>): ChainExpectation => ({ kind: 'groups', oracle });
const chart = (oracle: O<Record<string, number>>): ChainExpectation => ({ kind: 'chart', oracle });
const top = (oracle: O<string[]>): ChainExpectation => ({ kind: 'top', oracle });
const phones = (oracle: O<string[]>): ChainExpectation => ({ kind: 'phones', oracle });
const addresses = (oracle: O<string[]>): ChainExpectation => ({ kind: 'addresses', oracle });
const file = (oracle: O<string[]>): ChainExpectation => ({ kind: 'file', oracle });
const record = (oracle: O<string[]>): ChainExpectation => ({ kind: 'record', oracle });
const liaison = (...towns: string[]): Asker => ({ role: 'liaison', towns });

const DEC1 = '2026-12-01';
const NOV30 = '2026-11-30';

// the sets the chains narrow, as functions so each step restates its own answer
const zhAlone: O<Elder[]> = (L) => living(L, ['赵庄镇']).filter((e) => e.alone);
const zhAloneHard: O<Elder[]> = (L, t) => zhAlone(L, t).filter((e) => e.mobility === '行动不便');
const byTown = (es: Elder[]): Record<string, number> => groupCount(es, (e) => e.town);
const bedridden: O<Elder[]> = (L) => living(L).filter((e) => e.mobility === '卧床');
const ninety = (towns: string[]): O<Elder[]> => (L, t) => living(L, towns).filter((e) => age(e, t) >= 90);
const lixiuBranch: O<Elder[]> = (L) => living(L).filter((e) => e.partyMember && e.branch === '县直离休干部党支部');
const ckAlone: O<Elder[]> = (L) => living(L, ['城关街道']).filter((e) => e.alone);
const yaotouHard: O<Elder[]> = (L) => living(L, ['尧头镇']).filter((e) => e.mobility === '行动不便');
const oct15Birthdays: O<Elder[]> = (L, t) => birthdaysInMonth(L, t);
const zhaoNotVisited: O<Elder[]> = (L, t) => notVisitedThisMonth(L, t, ['赵庄镇']);
const jyOpen: O<Elder[]> = (L, t) => caseElders(L, casesUntil(L, t).filter((c) => c.kind === '解忧' && isOpen(c)));
const diabetes: O<Elder[]> = (L) => living(L).filter((e) => hasCond(e, '糖尿病'));
const nextMonthIn = (town: string): O<Elder[]> => (L, t) => birthdaysInMonth(L, t, 1, [town]);
const oldest10: O<Elder[]> = (L) => oldestFirst(living(L)).slice(0, 10);
const widowedWomen: O<Elder[]> = (L) => living(L).filter((e) => e.widowed && e.gender === '女');
const nextWeekBirthdays: O<Elder[]> = (L, t) => birthdaysBetween(L, ...nextWeek(t));
const anliHbp: O<Elder[]> = (L) => living(L, ['安里镇']).filter((e) => hasCond(e, '高血压'));
const thisYearDead: O<Elder[]> = (L, t) => deceased(L).filter((e) => (e.deathDate ?? '') >= `${t.slice(0, 4)}-01-01`);
const fwBed: O<Elder[]> = (L) => living(L, ['冯原镇', '王庄镇']).filter((e) => e.mobility === '卧床');
const hospital: O<Elder[]> = (L) => living(L).filter((e) => e.unit === '县医院');
const weizhuangParty: O<Elder[]> = (L) => living(L, ['韦庄镇']).filter((e) => e.partyMember);

export const chains: LedgerChain[] = [
  { id: 'H01', today: DEC1, steps: [
    { text: '赵庄镇哪些老干部独居', expect: names_((L, t) => names(zhAlone(L, t))) },
    { text: '其中行动不便的呢', expect: names_((L, t) => names(zhAloneHard(L, t))) },
    { text: '把他们的电话给我', expect: phones((L, t) => names(zhAloneHard(L, t))) },
    { text: '导出来', expect: file((L, t) => names(zhAloneHard(L, t))) },
  ] },
  { id: 'H02', today: DEC1, steps: [
    { text: '各镇老干部有多少人', expect: groups((L) => byTown(living(L))) },
    { text: '画个图', expect: chart((L) => byTown(living(L))) },
  ] },
  { id: 'H03', today: DEC1, steps: [
    { text: '查一下韦根元', expect: record((L) => [person(L, '韦根元').name]) },
    { text: '他最近的走访记录', expect: count((L, t) => visitsOf(L, person(L, '韦根元'), t).length) },
  ] },
  { id: 'H04', today: DEC1, steps: [
    { text: '冯原镇90岁以上的有几位', expect: count((L, t) => ninety(['冯原镇'])(L, t).length) },
    { text: '那王庄镇呢', expect: count((L, t) => ninety(['王庄镇'])(L, t).length) },
    { text: '把王庄镇的名单给我', expect: names_((L, t) => names(ninety(['王庄镇'])(L, t))) },
  ] },
  { id: 'H05', today: DEC1, steps: [
    { text: '县直离休干部党支部的党员有哪些', expect: names_((L, t) => names(lixiuBranch(L, t))) },
    { text: '这里面男的有几个', expect: count((L, t) => lixiuBranch(L, t).filter((e) => e.gender === '男').length) },
    { text: '女的呢', expect: count((L, t) => lixiuBranch(L, t).filter((e) => e.gender === '女').length) },
  ] },
  { id: 'H06', today: '2026-10-15', steps: [
    { text: '本月过生日的老干部', expect: names_((L, t) => names(oct15Birthdays(L, t))) },
    { text: '其中过农历生日的呢', expect: names_((L, t) => names(oct15Birthdays(L, t).filter((e) => e.lunarBirthday))) },
    { text: '他们家住哪', expect: addresses((L, t) => names(oct15Birthdays(L, t).filter((e) => e.lunarBirthday))) },
  ] },
  { id: 'H07', today: DEC1, steps: [
    { text: '卧床的老干部有多少', expect: count((L, t) => bedridden(L, t).length) },
    { text: '按镇分一下', expect: groups((L, t) => byTown(bedridden(L, t))) },
    { text: '画个柱状图', expect: chart((L, t) => byTown(bedridden(L, t))) },
  ] },
  { id: 'H08', today: DEC1, steps: [
    { text: '按年龄段统计一下老干部', expect: groups((L, t) => groupCount(living(L), (e) => ageBand(age(e, t)))) },
    { text: '做成图', expect: chart((L, t) => groupCount(living(L), (e) => ageBand(age(e, t)))) },
    { text: '把90岁以上的名单导出来', expect: file((L, t) => names(ninety([])(L, t))) },
  ] },
  { id: 'H09', today: DEC1, steps: [
    { text: '城关街道独居的老人', expect: names_((L, t) => names(ckAlone(L, t))) },
    { text: '这里面丧偶的有几个', expect: count((L, t) => ckAlone(L, t).filter((e) => e.widowed).length) },
    { text: '给我这几个丧偶的地址', expect: addresses((L, t) => names(ckAlone(L, t).filter((e) => e.widowed))) },
  ] },
  { id: 'H10', today: DEC1, steps: [
    { text: '查一下王建国', expect: record((L) => names(living(L).filter((e) => e.name === '王建国'))) },
    { text: '韦庄镇那个', expect: record((L) => [person(L, '王建国', '韦庄镇').name]) },
    { text: '他电话多少', expect: phones((L) => [person(L, '王建国', '韦庄镇').name]) },
  ] },
  { id: 'H11', today: DEC1, asker: liaison('尧头镇'), steps: [
    { text: '咱镇上行动不便的老干部', expect: names_((L, t) => names(yaotouHard(L, t))) },
    { text: '其中女的', expect: names_((L, t) => names(yaotouHard(L, t).filter((e) => e.gender === '女'))) },
    { text: '导出表格', expect: file((L, t) => names(yaotouHard(L, t).filter((e) => e.gender === '女'))) },
  ] },
  { id: 'H12', today: NOV30, asker: liaison('赵庄镇'), steps: [
    { text: '这个月还没走访的有哪些', expect: names_((L, t) => names(zhaoNotVisited(L, t))) },
    { text: '其中80岁以上的', expect: names_((L, t) => names(zhaoNotVisited(L, t).filter((e) => age(e, t) >= 80))) },
    { text: '电话发我，我挨个打', expect: phones((L, t) => names(zhaoNotVisited(L, t).filter((e) => age(e, t) >= 80))) },
  ] },
  { id: 'H13', today: DEC1, steps: [
    { text: '今年解忧的有几件', expect: count((L, t) => casesUntil(L, t).filter((c) => c.kind === '解忧').length) },
    { text: '还没办结的是哪几位', expect: names_((L, t) => names(jyOpen(L, t))) },
    { text: '他们的电话', expect: phones((L, t) => names(jyOpen(L, t))) },
  ] },
  { id: 'H14', today: DEC1, steps: [
    { text: '有糖尿病的老干部有多少', expect: count((L, t) => diabetes(L, t).length) },
    { text: '按镇统计一下', expect: groups((L, t) => byTown(diabetes(L, t))) },
    { text: '画图', expect: chart((L, t) => byTown(diabetes(L, t))) },
  ] },
  { id: 'H15', today: '2026-09-20', steps: [
    { text: '交道镇下个月过生日的', expect: names_((L, t) => names(nextMonthIn('交道镇')(L, t))) },
    { text: '那安里镇呢', expect: names_((L, t) => names(nextMonthIn('安里镇')(L, t))) },
    { text: '两个镇合起来导出来', expect: file((L, t) => names([...nextMonthIn('交道镇')(L, t), ...nextMonthIn('安里镇')(L, t)])) },
  ] },
  { id: 'H16', today: DEC1, steps: [
    { text: '年纪最大的10位老干部', expect: top((L, t) => names(oldest10(L, t))) },
    { text: '他们住哪', expect: addresses((L, t) => names(oldest10(L, t))) },
    { text: '导出', expect: file((L, t) => names(oldest10(L, t))) },
  ] },
  { id: 'H17', today: DEC1, steps: [
    { text: '同德厚的情况', expect: record((L) => [person(L, '同德厚').name]) },
    { text: '他的走访记录', expect: count((L, t) => visitsOf(L, person(L, '同德厚'), t).length) },
    { text: '他家地址发我', expect: addresses((L) => [person(L, '同德厚').name]) },
  ] },
  { id: 'H18', today: DEC1, steps: [
    { text: '韦庄镇党员有多少', expect: count((L, t) => weizhuangParty(L, t).length) },
    { text: '按党支部分一下', expect: groups((L, t) => groupCount(weizhuangParty(L, t), (e) => e.branch)) },
    { text: '画个饼图', expect: chart((L, t) => groupCount(weizhuangParty(L, t), (e) => e.branch)) },
  ] },
  { id: 'H19', today: DEC1, steps: [
    { text: '丧偶的女同志有多少', expect: count((L, t) => widowedWomen(L, t).length) },
    { text: '其中独居的', expect: names_((L, t) => names(widowedWomen(L, t).filter((e) => e.alone))) },
    { text: '导出来', expect: file((L, t) => names(widowedWomen(L, t).filter((e) => e.alone))) },
  ] },
  { id: 'H20', today: DEC1, steps: [
    { text: '按镇和性别统计老干部', expect: groups((L) => groupCount(living(L), (e) => `${e.town}·${e.gender}`)) },
    { text: '出个图', expect: chart((L) => groupCount(living(L), (e) => `${e.town}·${e.gender}`)) },
  ] },
  { id: 'H21', today: DEC1, steps: [
    { text: '下周过生日的', expect: names_((L, t) => names(nextWeekBirthdays(L, t))) },
    { text: '他们的电话', expect: phones((L, t) => names(nextWeekBirthdays(L, t))) },
    { text: '导出来发群里', expect: file((L, t) => names(nextWeekBirthdays(L, t))) },
  ] },
  { id: 'H22', today: DEC1, steps: [
    { text: '安里镇有高血压的老干部', expect: names_((L, t) => names(anliHbp(L, t))) },
    { text: '这里面男的有几个', expect: count((L, t) => anliHbp(L, t).filter((e) => e.gender === '男').length) },
    { text: '其中80岁以上的男同志名单', expect: names_((L, t) => names(anliHbp(L, t).filter((e) => e.gender === '男' && age(e, t) >= 80))) },
  ] },
  { id: 'H23', today: DEC1, steps: [
    { text: '今年去世的老干部', expect: names_((L, t) => names(thisYearDead(L, t))) },
    { text: '按镇统计', expect: groups((L, t) => byTown(thisYearDead(L, t))) },
  ] },
  { id: 'H24', today: DEC1, asker: liaison('冯原镇', '王庄镇'), steps: [
    { text: '我负责的镇卧床的有哪些', expect: names_((L, t) => names(fwBed(L, t))) },
    { text: '冯原镇的电话给我', expect: phones((L, t) => names(fwBed(L, t).filter((e) => e.town === '冯原镇'))) },
    { text: '把两个镇的全部导出来', expect: file((L, t) => names(fwBed(L, t))) },
  ] },
  { id: 'H25', today: DEC1, steps: [
    { text: '原单位是县医院的老干部', expect: names_((L, t) => names(hospital(L, t))) },
    { text: '其中党员', expect: names_((L, t) => names(hospital(L, t).filter((e) => e.partyMember))) },
    { text: '各在哪个支部，统计一下', expect: groups((L, t) => groupCount(hospital(L, t).filter((e) => e.partyMember), (e) => e.branch)) },
  ] },
  { id: 'H26', today: DEC1, steps: [
    { text: '城关街道有多少老干部', expect: count((L) => living(L, ['城关街道']).length) },
    { text: '平均年龄多少', expect: value((L, t) => { const es = living(L, ['城关街道']); return es.reduce((s, e) => s + age(e, t), 0) / es.length; }) },
    { text: '年纪最大的是谁', expect: top((L) => names(oldestFirst(living(L, ['城关街道'])).slice(0, 1))) },
  ] },
  { id: 'H27', today: NOV30, steps: [
    { text: '韦庄镇这个月没走访的独居老人', expect: names_((L, t) => names(notVisitedThisMonth(L, t, ['韦庄镇']).filter((e) => e.alone))) },
    { text: '那冯原镇呢', expect: names_((L, t) => names(notVisitedThisMonth(L, t, ['冯原镇']).filter((e) => e.alone))) },
    { text: '冯原镇这几个的地址', expect: addresses((L, t) => names(notVisitedThisMonth(L, t, ['冯原镇']).filter((e) => e.alone))) },
  ] },
  { id: 'H28', today: '2026-02-10', asker: liaison('韦庄镇'), steps: [
    { text: '咱镇上下周过生日的', expect: names_((L, t) => names(birthdaysBetween(L, ...nextWeek(t), ['韦庄镇']))) },
    { text: '雷振邦是农历生日吧，具体哪天', expect: record((L) => [person(L, '雷振邦').name]) },
  ] },
];
