// Evaluation items for ledger questions asked in plain Chinese by county clerks.
// Each oracle computes its answer from the generated ledger (generate.ts) with the helpers and under the
// conventions stated in oracle-lib.ts; none of this depends on the system under test.

import type { Elder } from './generate.ts';
import {
  age, ageBand, birthdaysBetween, birthdaysInMonth, caseElders, casesUntil, conditions, deceased, elderOfCase,
  elderOfVisit, groupCount, hasCond, isOpen, lastVisit, living, lunarBirth, mean, monthRange, names, nextWeek, notVisitedBetween,
  notVisitedThisMonth, oldestFirst, overdue, person, thisWeek, turningAge, visitedElders, visitsBetween, visitsOf, youngestFirst,
  zhengShou,
} from './oracle-lib.ts';
import type { Asker, Expectation, Ledger, LedgerQuestion, QuestionCategory } from './oracle-lib.ts';

const DEC1 = '2026-12-01';
const NOV30 = '2026-11-30';
const FEB10 = '2026-02-10'; // a week before the 2026 lunar new year (2026-02-17)
const SEP20 = '2026-09-20'; // a Sunday
const OCT15 = '2026-10-15';

const N = (oracle: (L: Ledger, today: string) => string[]): Expectation => ({ kind: 'names', oracle });
const C = (oracle: (L: Ledger, today: string) => number): Expectation => ({ kind: 'count', oracle });
const V = (oracle: (L: Ledger, today: string) => number, tolerance = 0.1): Expectation => ({ kind: 'value', oracle, tolerance });
const G = (oracle: (L: Ledger, today: string) => Record<string, number>): Expectation => ({ kind: 'groups', oracle });
const TOP = (oracle: (L: Ledger, today: string) => string[]): Expectation => ({ kind: 'top', oracle });
const NU = (...words: string[]): Expectation => ({ kind: 'notUnderstood', words });
const liaison = (...towns: string[]): Asker => ({ role: 'liaison', towns });

const items: Omit<LedgerQuestion, 'id'>[] = [];
function add(category: QuestionCategory, question: string, today: string, expect: Expectation, asker?: Asker): void {
  items.push(asker ? { question, today, asker, category, expect } : { question, today, category, expect });
}

const isLunarMonth = (e: Elder, m: number): boolean => e.lunarBirthday && Math.abs(lunarBirth(e).month) === m;
const cancer = (e: Elder): boolean => hasCond(e, '肺癌', '胃癌');
const byTownGender = (e: Elder): string => `${e.town}·${e.gender}`;

// ---------------------------------------------------------------- birthdays
add('birthday', '这个月过生日的老干部有哪些', DEC1, N((L, t) => names(birthdaysInMonth(L, t))));
add('birthday', '下个月有哪些老同志过生日', DEC1, N((L, t) => names(birthdaysInMonth(L, t, 1))));
add('birthday', '本月过生日的一共多少人', FEB10, C((L, t) => birthdaysInMonth(L, t).length));
add('birthday', '韦庄镇这个月谁过生日', FEB10, N((L, t) => names(birthdaysInMonth(L, t, 0, ['韦庄镇']))));
add('birthday', '过农历生日的老干部里，这个月过生日的是哪些人', FEB10,
  N((L, t) => names(birthdaysInMonth(L, t).filter((e) => e.lunarBirthday))));
add('birthday', '12月10号到20号过生日的有谁', DEC1, N((L) => names(birthdaysBetween(L, '2026-12-10', '2026-12-20'))));
add('birthday', '下周过生日的老干部', DEC1, N((L, t) => names(birthdaysBetween(L, ...nextWeek(t)))));
add('birthday', '下周有谁过生日？要准备蛋糕', FEB10, N((L, t) => names(birthdaysBetween(L, ...nextWeek(t)))));
add('birthday', '今年过整寿的老干部名单', '2026-03-02', N((L, t) => names(zhengShou(L, t))));
add('birthday', '今年过八十大寿的有几位', '2026-03-02', C((L, t) => zhengShou(L, t, [80]).length));
add('birthday', '今年九十大寿的老人有哪些', '2026-05-06', N((L, t) => names(zhengShou(L, t, [90]))));
add('birthday', '今年谁过百岁生日', '2026-01-05', N((L, t) => names(zhengShou(L, t, [100]))));
add('birthday', '满八十岁的老干部有多少', DEC1, C((L, t) => living(L).filter((e) => age(e, t) >= 80).length));
add('birthday', '满九十岁的女同志有哪些', DEC1, N((L, t) => names(living(L).filter((e) => e.gender === '女' && age(e, t) >= 90))));
add('birthday', '冯原镇下个月过生日的老干部', SEP20, N((L, t) => names(birthdaysInMonth(L, t, 1, ['冯原镇']))));
add('birthday', '农历生日在腊月的老干部有哪些', DEC1, N((L) => names(living(L).filter((e) => isLunarMonth(e, 12)))));
add('birthday', '过农历生日的有多少人', DEC1, C((L) => living(L).filter((e) => e.lunarBirthday).length));
add('birthday', '国庆节那几天（10月1日到7日）过生日的有谁', SEP20, N((L) => names(birthdaysBetween(L, '2026-10-01', '2026-10-07'))));
add('birthday', '春节前后，2月14号到2月24号过生日的老同志', FEB10, N((L) => names(birthdaysBetween(L, '2026-02-14', '2026-02-24'))));
add('birthday', '城关街道本月过生日的男同志', OCT15, N((L, t) => names(birthdaysInMonth(L, t, 0, ['城关街道']).filter((e) => e.gender === '男'))));
add('birthday', '这个月过生日的离休干部', '2026-06-05', N((L, t) => names(birthdaysInMonth(L, t).filter((e) => e.category === '离休'))));
add('birthday', '这周有谁过生日', '2026-06-10', N((L, t) => names(birthdaysBetween(L, ...thisWeek(t)))));
add('birthday', '今天有老干部过生日吗', '2026-11-12', N((L, t) => names(birthdaysBetween(L, t, t))));
add('birthday', '明天过生日的是谁', '2026-07-22', N((L, t) => { const [a] = nextDay(t); return names(birthdaysBetween(L, a, a)); }));
add('birthday', '下个月过八十大寿的有哪些', SEP20,
  N((L, t) => names(birthdaysInMonth(L, t, 1).filter((e) => turningAge(e, t) === 80))));
add('birthday', '王庄镇今年过整寿的有哪几位', '2026-04-01', N((L, t) => names(zhengShou(L, t, [80, 90, 100], ['王庄镇']))));
add('birthday', '农历正月过生日的老干部', FEB10, N((L) => names(living(L).filter((e) => isLunarMonth(e, 1)))));
add('birthday', '12月份过生日的党员有多少', DEC1, C((L, t) => birthdaysInMonth(L, t).filter((e) => e.partyMember).length));
add('birthday', '下周过生日的按镇分一下', '2026-06-05', G((L, t) => groupCount(birthdaysBetween(L, ...nextWeek(t)), (e) => e.town)));
add('birthday', '我这两个镇下个月过生日的有谁', NOV30, N((L, t) => names(birthdaysInMonth(L, t, 1, ['韦庄镇', '冯原镇']))),
  liaison('韦庄镇', '冯原镇'));
add('birthday', '这个月谁过阴历生日', DEC1, N((L, t) => names(birthdaysInMonth(L, t).filter((e) => e.lunarBirthday))));
add('birthday', '本月过生日的90岁以上老人，要上门祝寿', '2026-08-03',
  N((L, t) => names(birthdaysInMonth(L, t).filter((e) => age(e, t) >= 90))));
add('birthday', '下个月过生日的有多少人', '2026-01-08', C((L, t) => birthdaysInMonth(L, t, 1).length));
add('birthday', '2月25号到28号过生日的有哪几位', FEB10, N((L) => names(birthdaysBetween(L, '2026-02-25', '2026-02-28'))));
add('birthday', '6月21号到30号过生日的有谁', '2026-06-05', N((L) => names(birthdaysBetween(L, '2026-06-21', '2026-06-30'))));
add('birthday', '咱镇上这个月过生日的', OCT15, N((L, t) => names(birthdaysInMonth(L, t, 0, ['尧头镇']))), liaison('尧头镇'));

// ---------------------------------------------------------------- statistics
add('statistics', '全县现在一共有多少老干部', DEC1, C((L) => living(L).length));
add('statistics', '各镇老干部人数统计一下', DEC1, G((L) => groupCount(living(L), (e) => e.town)));
add('statistics', '按镇和性别统计人数', DEC1, G((L) => groupCount(living(L), byTownGender)));
add('statistics', '各镇90岁以上的各有几位', DEC1, G((L, t) => groupCount(living(L).filter((e) => age(e, t) >= 90), (e) => e.town)));
add('statistics', '按年龄段统计：70-79、80-89、90岁以上', DEC1, G((L, t) => groupCount(living(L), (e) => ageBand(age(e, t)))));
add('statistics', '按党支部统计党员人数', DEC1, G((L) => groupCount(living(L).filter((e) => e.partyMember), (e) => e.branch)));
add('statistics', '老干部的平均年龄是多少', DEC1, V((L, t) => mean(living(L).map((e) => age(e, t)))));
add('statistics', '女同志平均多大岁数', DEC1, V((L, t) => mean(living(L).filter((e) => e.gender === '女').map((e) => age(e, t)))));
add('statistics', '年纪最大的5位老干部', DEC1, TOP((L) => names(oldestFirst(living(L)).slice(0, 5))));
add('statistics', '最年轻的3位是谁', DEC1, TOP((L) => names(youngestFirst(living(L)).slice(0, 3))));
add('statistics', '年纪最大的老干部多少岁', DEC1, V((L, t) => Math.max(...living(L).map((e) => age(e, t))), 0));
add('statistics', '离休干部的平均年龄', DEC1, V((L, t) => mean(living(L).filter((e) => e.category === '离休').map((e) => age(e, t)))));
add('statistics', '男女各有多少人', DEC1, G((L) => groupCount(living(L), (e) => e.gender)));
add('statistics', '独居老人各镇分别有几个', DEC1, G((L) => groupCount(living(L).filter((e) => e.alone), (e) => e.town)));
add('statistics', '卧床的老干部每个镇有多少', DEC1, G((L) => groupCount(living(L).filter((e) => e.mobility === '卧床'), (e) => e.town)));
add('statistics', '按行动能力统计人数', DEC1, G((L) => groupCount(living(L), (e) => e.mobility)));
add('statistics', '党员占全部老干部的百分之多少', DEC1,
  V((L) => (100 * living(L).filter((e) => e.partyMember).length) / living(L).length, 0.5));
add('statistics', '患高血压的有多少人', DEC1, C((L) => living(L).filter((e) => hasCond(e, '高血压')).length));
add('statistics', '身体状况统计一下，每种病各有多少人', DEC1, G((L) => {
  const out: Record<string, number> = {};
  for (const e of living(L)) for (const c of conditions(e)) out[c] = (out[c] ?? 0) + 1;
  return out;
}));
add('statistics', '按原工作单位统计人数', DEC1, G((L) => groupCount(living(L), (e) => e.unit)));
add('statistics', '丧偶的按镇统计', DEC1, G((L) => groupCount(living(L).filter((e) => e.widowed), (e) => e.town)));
add('statistics', '韦庄镇年纪最大的是谁', DEC1, TOP((L) => names(oldestFirst(living(L, ['韦庄镇'])).slice(0, 1))));
add('statistics', '城关街道老干部平均年龄', DEC1, V((L, t) => mean(living(L, ['城关街道']).map((e) => age(e, t)))));
add('statistics', '今年去世了几位老干部', DEC1, C((L, t) => deceased(L).filter((e) => (e.deathDate ?? '') >= `${t.slice(0, 4)}-01-01`).length));
add('statistics', '已故的老干部按镇统计一下', DEC1, G((L) => groupCount(deceased(L), (e) => e.town)));
add('statistics', '90岁以上的男同志和女同志各几位', DEC1, G((L, t) => groupCount(living(L).filter((e) => age(e, t) >= 90), (e) => e.gender)));
add('statistics', '离休、退休各多少人', DEC1, G((L) => groupCount(living(L), (e) => e.category)));
add('statistics', '韦庄镇各村老干部人数', DEC1, G((L) => groupCount(living(L, ['韦庄镇']), (e) => e.village)));
add('statistics', '100岁以上的有几个', DEC1, C((L, t) => living(L).filter((e) => age(e, t) >= 100).length));
add('statistics', '冯原镇各年龄段人数', DEC1, G((L, t) => groupCount(living(L, ['冯原镇']), (e) => ageBand(age(e, t)))));
add('statistics', '不是党员的老干部有多少', DEC1, C((L) => living(L).filter((e) => !e.partyMember).length));
add('statistics', '县直退休干部第二党支部有多少党员', DEC1,
  C((L) => living(L).filter((e) => e.partyMember && e.branch === '县直退休干部第二党支部').length));
add('statistics', '年纪最大的10位女同志', DEC1, TOP((L) => names(oldestFirst(living(L).filter((e) => e.gender === '女')).slice(0, 10))));
add('statistics', '各镇党员人数', DEC1, G((L) => groupCount(living(L).filter((e) => e.partyMember), (e) => e.town)));
add('statistics', '男同志平均年龄', DEC1, V((L, t) => mean(living(L).filter((e) => e.gender === '男').map((e) => age(e, t)))));
add('statistics', '患糖尿病的按镇统计', DEC1, G((L) => groupCount(living(L).filter((e) => hasCond(e, '糖尿病')), (e) => e.town)));
add('statistics', '韦庄镇和冯原镇各有多少老干部', DEC1, G((L) => groupCount(living(L, ['韦庄镇', '冯原镇']), (e) => e.town)));
add('statistics', '按年龄段和性别统计', DEC1, G((L, t) => groupCount(living(L), (e) => `${ageBand(age(e, t))}·${e.gender}`)));
add('statistics', '我们镇老干部按村统计一下', DEC1, G((L) => groupCount(living(L, ['冯原镇']), (e) => e.village)), liaison('冯原镇'));
add('statistics', '咱这两个镇的平均年龄', DEC1, V((L, t) => mean(living(L, ['交道镇', '寺前镇']).map((e) => age(e, t)))),
  liaison('交道镇', '寺前镇'));
add('statistics', '我负责的几个镇按性别统计', DEC1, G((L) => groupCount(living(L, ['安里镇', '庄头镇', '赵庄镇']), (e) => e.gender)),
  liaison('安里镇', '庄头镇', '赵庄镇'));

// ---------------------------------------------------------------- filters
add('filter', '交道镇有高血压或者糖尿病的老干部', DEC1, N((L) => names(living(L, ['交道镇']).filter((e) => hasCond(e, '高血压', '糖尿病')))));
add('filter', '除了城关街道，其他镇90岁以上的老人有哪些', DEC1,
  N((L, t) => names(living(L).filter((e) => e.town !== '城关街道' && age(e, t) >= 90))));
add('filter', '独居又行动不便的老干部', DEC1, N((L) => names(living(L).filter((e) => e.alone && e.mobility === '行动不便'))));
add('filter', '王庄镇丧偶的女同志', DEC1, N((L) => names(living(L, ['王庄镇']).filter((e) => e.widowed && e.gender === '女'))));
add('filter', '离休的党员有哪些', DEC1, N((L) => names(living(L).filter((e) => e.category === '离休' && e.partyMember))));
add('filter', '卧床的老干部名单', DEC1, N((L) => names(living(L).filter((e) => e.mobility === '卧床'))));
add('filter', '冯原镇退休干部里不是党员的', DEC1,
  N((L) => names(living(L, ['冯原镇']).filter((e) => e.category === '退休' && !e.partyMember))));
add('filter', '原来在县医院工作的老同志', DEC1, N((L) => names(living(L).filter((e) => e.unit === '县医院'))));
add('filter', '原职务是校长的有哪些', DEC1, N((L) => names(living(L).filter((e) => e.post === '校长'))));
add('filter', '患冠心病并且独居的', DEC1, N((L) => names(living(L).filter((e) => hasCond(e, '冠心病') && e.alone))));
add('filter', '80岁以上独居的老干部', DEC1, N((L, t) => names(living(L).filter((e) => age(e, t) >= 80 && e.alone))));
add('filter', '韦庄镇老干部党支部的党员名单', DEC1,
  N((L) => names(living(L).filter((e) => e.partyMember && e.branch === '韦庄镇老干部党支部'))));
add('filter', '90岁以上、没有登记疾病、行动也好的老人', DEC1,
  N((L, t) => names(living(L).filter((e) => age(e, t) >= 90 && e.health === '' && e.mobility === '好'))));
add('filter', '有阿尔茨海默病的老干部', DEC1, N((L) => names(living(L).filter((e) => hasCond(e, '阿尔茨海默病')))));
add('filter', '需要助餐服务的老人', DEC1, N((L) => names(living(L).filter((e) => e.needs.includes('助餐')))));
add('filter', '既丧偶又独居的男同志', DEC1, N((L) => names(living(L).filter((e) => e.widowed && e.alone && e.gender === '男'))));
add('filter', '原单位是县检察院的女同志', DEC1, N((L) => names(living(L).filter((e) => e.unit === '县检察院' && e.gender === '女'))));
add('filter', '不是党员的离休干部', DEC1, N((L) => names(living(L).filter((e) => e.category === '离休' && !e.partyMember))));
add('filter', '尧头镇和赵庄镇行动不便的', DEC1, N((L) => names(living(L, ['尧头镇', '赵庄镇']).filter((e) => e.mobility === '行动不便'))));
add('filter', '75岁以下的女党员', DEC1, N((L, t) => names(living(L).filter((e) => age(e, t) < 75 && e.gender === '女' && e.partyMember))));
add('filter', '90到95岁之间的男同志', DEC1, N((L, t) => names(living(L).filter((e) => e.gender === '男' && age(e, t) >= 90 && age(e, t) <= 95))));
add('filter', '退休前是镇长或者党委书记的', DEC1, N((L) => names(living(L).filter((e) => e.post === '镇长' || e.post === '党委书记'))));
add('filter', '患癌症的老干部', DEC1, N((L) => names(living(L).filter(cancer))));
add('filter', '住在城关街道东关社区的老干部', DEC1, N((L) => names(living(L, ['城关街道']).filter((e) => e.village === '东关社区'))));
add('filter', '1930年以前出生的', DEC1, N((L) => names(living(L).filter((e) => e.birthDate < '1930-01-01'))));
add('filter', '今年去世的老干部有哪些', DEC1, N((L, t) => names(deceased(L).filter((e) => (e.deathDate ?? '') >= `${t.slice(0, 4)}-01-01`))));
add('filter', '有帕金森病或者脑梗后遗症的', DEC1, N((L) => names(living(L).filter((e) => hasCond(e, '帕金森病', '脑梗后遗症')))));
add('filter', '我们镇卧床和行动不便的都列出来', DEC1, N((L) => names(living(L, ['王庄镇']).filter((e) => e.mobility !== '好'))), liaison('王庄镇'));
add('filter', '咱几个镇的独居老人', DEC1, N((L) => names(living(L, ['交道镇', '寺前镇']).filter((e) => e.alone))), liaison('交道镇', '寺前镇'));

// ---------------------------------------------------------------- visits
add('visits', '韦庄镇这个月还没走访的老干部', NOV30, N((L, t) => names(notVisitedThisMonth(L, t, ['韦庄镇']))));
add('visits', '11月份一共走访了多少次', DEC1, C((L, t) => visitsBetween(L, '2026-11-01', '2026-11-30', t).length));
add('visits', '上个月走访了多少位老干部', DEC1, C((L, t) => { const [a, b] = monthRange(t, -1); return visitedElders(L, visitsBetween(L, a, b, t)).length; }));
add('visits', '党怀仁最近一次是谁去走访的', DEC1, N((L, t) => { const v = lastVisit(L, person(L, '党怀仁'), t); return v ? [v.staff] : []; }));
add('visits', '常丽华今年走访过几次', DEC1, C((L, t) => visitsOf(L, person(L, '常丽华'), t).length));
add('visits', '张敏11月走访了哪些老干部', DEC1,
  N((L, t) => names(visitedElders(L, visitsBetween(L, '2026-11-01', '2026-11-30', t).filter((v) => v.staff === '张敏')))));
add('visits', '党小龙这个月走访了几次', '2026-10-31', C((L, t) => { const [a, b] = monthRange(t); return visitsBetween(L, a, b, t).filter((v) => v.staff === '党小龙').length; }));
add('visits', '独居老人里本月还没走访的', NOV30, N((L, t) => names(notVisitedThisMonth(L, t).filter((e) => e.alone))));
add('visits', '卧床的老干部这个月没去看过的有哪些', '2026-10-31', N((L, t) => names(notVisitedThisMonth(L, t).filter((e) => e.mobility === '卧床'))));
add('visits', '城关街道从6月到现在一次都没走访过的', DEC1, N((L, t) => names(notVisitedBetween(L, '2026-06-01', t, t, ['城关街道']))));
add('visits', '各镇11月走访次数', DEC1, G((L, t) => groupCount(visitsBetween(L, '2026-11-01', '2026-11-30', t), (v) => elderOfVisit(L, v).town)));
add('visits', '每个工作人员走访了多少次', DEC1, G((L, t) => groupCount(L.visits.filter((v) => v.date <= t), (v) => v.staff)));
add('visits', '9月份走访了多少次', '2026-10-08', C((L, t) => visitsBetween(L, '2026-09-01', '2026-09-30', t).length));
add('visits', '11月走访时发现情绪低落的老人', DEC1,
  N((L, t) => names(visitedElders(L, visitsBetween(L, '2026-11-01', '2026-11-30', t).filter((v) => v.notes.includes('情绪低落'))))));
add('visits', '90岁以上的老干部这个月没走访的', NOV30, N((L, t) => names(notVisitedThisMonth(L, t).filter((e) => age(e, t) >= 90))));
add('visits', '10月份寺前镇走访了哪些人', '2026-11-05',
  N((L, t) => names(visitedElders(L, visitsBetween(L, '2026-10-01', '2026-10-31', t)).filter((e) => e.town === '寺前镇'))));
add('visits', '咱镇上这个月还有谁没走访', NOV30, N((L, t) => names(notVisitedThisMonth(L, t, ['庄头镇']))), liaison('庄头镇'));

// ---------------------------------------------------------------- cases
add('cases', '今年解忧的一共多少件', DEC1, C((L, t) => casesUntil(L, t).filter((c) => c.kind === '解忧' && c.openedOn >= '2026-01-01').length));
add('cases', '还没办结的诉求是哪些老干部的', DEC1, N((L, t) => names(caseElders(L, casesUntil(L, t).filter(isOpen)))));
add('cases', '超过一周还没处理的诉求', DEC1, N((L, t) => names(caseElders(L, overdue(L, t)))));
add('cases', '法律咨询今年有几件', DEC1, C((L, t) => casesUntil(L, t).filter((c) => c.kind === '法律咨询').length));
add('cases', '各类诉求各多少件', DEC1, G((L, t) => groupCount(casesUntil(L, t), (c) => c.kind)));
add('cases', '城关街道还有几件诉求没办完', DEC1, C((L, t) => casesUntil(L, t, ['城关街道']).filter(isOpen).length));
add('cases', '今年住过院的老干部有哪些', DEC1, N((L, t) => names(caseElders(L, casesUntil(L, t).filter((c) => c.kind === '住院')))));
add('cases', '11月新收了多少件诉求', DEC1, C((L, t) => casesUntil(L, t).filter((c) => c.openedOn.startsWith('2026-11')).length));
add('cases', '按镇统计今年的诉求', DEC1, G((L, t) => groupCount(casesUntil(L, t), (c) => elderOfCase(L, c).town)));
add('cases', '正在处理中的诉求有几件', DEC1, C((L, t) => casesUntil(L, t).filter((c) => c.status === '处理中').length));
add('cases', '待处理的解忧是谁的', DEC1, N((L, t) => names(caseElders(L, casesUntil(L, t).filter((c) => c.kind === '解忧' && c.status === '待处理')))));
add('cases', '遇到意外的老干部有哪几位', DEC1, N((L, t) => names(caseElders(L, casesUntil(L, t).filter((c) => c.kind === '意外')))));
add('cases', '9月底以前收的诉求还有没办结的吗', DEC1,
  N((L, t) => names(caseElders(L, casesUntil(L, t).filter((c) => c.openedOn <= '2026-09-30' && isOpen(c))))));
add('cases', '咱镇上还有没办完的事吗', DEC1, N((L, t) => names(caseElders(L, casesUntil(L, t, ['庄头镇']).filter(isOpen)))), liaison('庄头镇'));

// ---------------------------------------------------------------- look-ups of one person
add('lookup', '查一下常丽华', DEC1, N((L) => [person(L, '常丽华').name]));
add('lookup', '韦根元的情况', DEC1, N((L) => [person(L, '韦根元').name]));
add('lookup', '党跃进的电话是多少', DEC1, N((L) => [person(L, '党跃进').name]));
add('lookup', '韦庄镇王建国的联系电话', DEC1, N((L) => [person(L, '王建国', '韦庄镇').name]));
add('lookup', '查一下李秀英', DEC1, N((L) => names(living(L).filter((e) => e.name === '李秀英'))));
add('lookup', '白玉兰住在哪里', DEC1, N((L) => [person(L, '白玉兰').name]));
add('lookup', '同德厚的紧急联系人是谁', DEC1, N((L) => [person(L, '同德厚').name]));
add('lookup', '王勇的信息', DEC1, N((L) => [person(L, '王勇').name]));
add('lookup', '焦淑贞老人身体怎么样', DEC1, N((L) => [person(L, '焦淑贞').name]));
add('lookup', '冀福全是哪个支部的', DEC1, N((L) => [person(L, '冀福全').name]));
add('lookup', '屈桂香的生日是哪天', DEC1, N((L) => [person(L, '屈桂香').name]));
add('lookup', '冯原镇杨华的情况', DEC1, N((L) => [person(L, '杨华', '冯原镇').name]));
add('lookup', '电话13089482116是哪位老干部', DEC1, N((L) => names(L.elders.filter((e) => e.phone === '13089482116'))));
add('lookup', '庄头镇张振华的资料', DEC1, N((L) => [person(L, '张振华', '庄头镇').name]));

// ---------------------------------------------------------------- fields the ledger does not have
add('notUnderstood', '老干部的平均工资是多少', DEC1, NU('工资'));
add('notUnderstood', '退休金最高的是谁', DEC1, NU('退休金'));
add('notUnderstood', '把常丽华的身份证号发我', DEC1, NU('身份证'));
add('notUnderstood', '血型是O型的老干部有哪些', DEC1, NU('血型'));
add('notUnderstood', '党龄超过60年的老党员', DEC1, NU('党龄'));
add('notUnderstood', '大专以上学历的有几个', DEC1, NU('学历'));
add('notUnderstood', '籍贯是山东的老干部', DEC1, NU('籍贯'));
add('notUnderstood', '少数民族的老干部有谁', DEC1, NU('民族'));
add('notUnderstood', '各镇老干部的养老金总额', DEC1, NU('养老金'));
add('notUnderstood', '查一下韦根元的银行卡号', DEC1, NU('银行卡'));
add('notUnderstood', '身高一米八以上的老同志', DEC1, NU('身高'));
add('notUnderstood', '参加工作满40年的有哪些', DEC1, NU('参加工作', '工龄'));
add('notUnderstood', '谁的微信号能加一下', DEC1, NU('微信'));
add('notUnderstood', '咱镇上老干部的医保卡号给我列一下', DEC1, NU('医保卡'), liaison('韦庄镇'));

// ---------------------------------------------------------------- group-chat colloquial
add('colloquial', '咱镇上读居的老人有几个', DEC1, C((L) => living(L, ['韦庄镇']).filter((e) => e.alone).length), liaison('韦庄镇'));
add('colloquial', '卫庄镇离修的老领导有哪些', DEC1, N((L) => names(living(L, ['韦庄镇']).filter((e) => e.category === '离休'))));
add('colloquial', '给我拉个单子，冯原镇八十岁往上的', DEC1, N((L, t) => names(living(L, ['冯原镇']).filter((e) => age(e, t) >= 80))));
add('colloquial', '帮忙统计一下各镇丧偶的女同志', DEC1, G((L) => groupCount(living(L).filter((e) => e.widowed && e.gender === '女'), (e) => e.town)));
add('colloquial', '那个谁，寺前镇的，一百岁那个老爷子叫啥来着', DEC1,
  N((L, t) => names(living(L, ['寺前镇']).filter((e) => e.gender === '男' && age(e, t) >= 100))));
add('colloquial', '俺们镇这个月有谁过生日', '2026-03-12', N((L, t) => names(birthdaysInMonth(L, t, 0, ['尧头镇']))), liaison('尧头镇'));
add('colloquial', '离休的老领导里躺床上的有几个', DEC1, C((L) => living(L).filter((e) => e.category === '离休' && e.mobility === '卧床').length));
add('colloquial', '城关那边一个人住的老人家给列一下', DEC1, N((L) => names(living(L, ['城关街道']).filter((e) => e.alone))));
add('colloquial', '王庄有几个九十多岁的老党员', DEC1, C((L, t) => living(L, ['王庄镇']).filter((e) => e.partyMember && age(e, t) >= 90 && age(e, t) <= 99).length));
add('colloquial', '麻烦查下尧头那个姓白的老太太电话', DEC1, N((L) => names(living(L, ['尧头镇']).filter((e) => e.gender === '女' && e.name.startsWith('白')))));
add('colloquial', '下礼拜谁过生日啊', SEP20, N((L, t) => names(birthdaysBetween(L, ...nextWeek(t)))));
add('colloquial', '卫庄那边行动不便的，这月还有谁没去看过', NOV30,
  N((L, t) => names(notVisitedThisMonth(L, t, ['韦庄镇']).filter((e) => e.mobility === '行动不便'))));
add('colloquial', '咱这几个镇一共多少老干部', DEC1, C((L) => living(L, ['交道镇', '寺前镇']).length), liaison('交道镇', '寺前镇'));
add('colloquial', '高血压跟糖尿病都有的有谁', DEC1, N((L) => names(living(L).filter((e) => hasCond(e, '高血压') && hasCond(e, '糖尿病')))));
add('colloquial', '谁家是一个人住还躺床上的', DEC1, N((L) => names(living(L).filter((e) => e.alone && e.mobility === '卧床'))));
add('colloquial', '老伴没了的男同志，安里的', DEC1, N((L) => names(living(L, ['安里镇']).filter((e) => e.widowed && e.gender === '男'))));
add('colloquial', '八十五往上的按镇给我分一下', DEC1, G((L, t) => groupCount(living(L).filter((e) => age(e, t) >= 85), (e) => e.town)));
add('colloquial', '今年满八十的那批人给我列个名单', '2026-01-20', N((L, t) => names(zhengShou(L, t, [80]))));
add('colloquial', '离修干部里女的有几个', DEC1, C((L) => living(L).filter((e) => e.category === '离休' && e.gender === '女').length));
add('colloquial', '卫庄镇有几个卧床的', DEC1, C((L) => living(L, ['韦庄镇']).filter((e) => e.mobility === '卧床').length));
add('colloquial', '上个月张敏跑了几家', DEC1, C((L, t) => { const [a, b] = monthRange(t, -1); return visitedElders(L, visitsBetween(L, a, b, t).filter((v) => v.staff === '张敏')).length; }));
add('colloquial', '那个叫韦根元的老爷子最近谁去看过', DEC1, N((L, t) => { const v = lastVisit(L, person(L, '韦根元'), t); return v ? [v.staff] : []; }));
add('colloquial', '有没有九十岁以上还一个人住的', DEC1, N((L, t) => names(living(L).filter((e) => age(e, t) >= 90 && e.alone))));
add('colloquial', '给我弄个表，庄头镇全部老干部', DEC1, N((L) => names(living(L, ['庄头镇']))));
add('colloquial', '还有几件解忧的没弄完', DEC1, C((L, t) => casesUntil(L, t).filter((c) => c.kind === '解忧' && isOpen(c)).length));
add('colloquial', '冯原那边有没有读居的老党员', DEC1, N((L) => names(living(L, ['冯原镇']).filter((e) => e.alone && e.partyMember))));
add('colloquial', '老干部里头患癌的有几个', DEC1, C((L) => living(L).filter(cancer).length));
add('colloquial', '俺们这两个镇本月过生日的拉个单子', FEB10, N((L, t) => names(birthdaysInMonth(L, t, 0, ['王庄镇', '赵庄镇']))),
  liaison('王庄镇', '赵庄镇'));
add('colloquial', '咱镇上离修的有谁', DEC1, N((L) => names(living(L, ['赵庄镇']).filter((e) => e.category === '离休'))), liaison('赵庄镇'));
add('colloquial', '冯原镇有几个卧床的', DEC1, C((L) => living(L, ['韦庄镇']).filter((e) => e.town === '冯原镇' && e.mobility === '卧床').length),
  liaison('韦庄镇'));
add('colloquial', '咱镇九十以上的老人帮忙统计下男的女的各几个', DEC1,
  G((L, t) => groupCount(living(L, ['城关街道']).filter((e) => age(e, t) >= 90), (e) => e.gender)), liaison('城关街道'));
add('colloquial', '我们镇丧偶的老同志都有谁', DEC1, N((L) => names(living(L, ['安里镇']).filter((e) => e.widowed))), liaison('安里镇'));

function nextDay(t: string): [string] {
  const d = new Date(Date.parse(t + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);
  return [d];
}

export const questions: LedgerQuestion[] = items.map((q, i) => ({ id: `Q${String(i + 1).padStart(3, '0')}`, ...q }));
