import type { Scanner } from './scanner.ts';
import type { GroupBy } from './schema.ts';

/**
 * Statistics words: what to group by (one or two keys, in the order they are said: 按镇和性别 →
 * 韦庄镇·男), and single numbers (平均年龄, 最大年龄, 占…的比例).
 */
const PLACE = '(?:乡镇|镇|街道|镇街|镇办)';
const VILLAGE = '(?:村|社区|村社区|村子)';
const SPLIT = '(?:来)?(?:统计|分组|汇总|划分|来看|分布|分一下|分开|分|列|排)?(?:一下)?';

const GROUP_WORDS: [RegExp, GroupBy][] = [
  [new RegExp(`(?:按|分|以)(?:照)?(?:各)?${PLACE}${SPLIT}|各(?:个)?${PLACE}|每个${PLACE}|哪个${PLACE}(?=[^，。？?]*(?:最多|最少|多|少))`), 'town'],
  [new RegExp(`(?:按|分)${VILLAGE}${SPLIT}|各(?:个)?${VILLAGE}|每个${VILLAGE}|哪个${VILLAGE}(?=[^，。？?]*(?:最多|最少|多|少))`), 'village'],
  [/(?:按|分)(?:离退休)?(?:类别|类型|种类)(?:统计|汇总|分)?|离休和退休各|离休退休各|离退休各|离休.退休分别|各类别|每类|各类(?!疾病|病)/, 'category'],
  [/(?:按|分|各)?年龄段(?:统计|分布|分)?|年龄分布|(?:按|分)(?:年龄|岁数)(?![\s一下]*(?:排|从|由|大小|先后))(?:统计|分组|分布|分)?|各年龄/, 'ageBand'],
  [/男女(?:各|比例|分别|人数)|(?:按|分)性别(?:统计|分布|分)?|性别(?:分布|比例)|男的女的|男的和女的|男同志和女同志各|男女老干部各/, 'gender'],
  [/(?:按|分)行动能力(?:统计|分布)?|行动能力(?:分布|统计)/, 'mobility'],
  [/(?:按|分)(?:是否)?党员(?:统计|分布)?|党员和非党员各/, 'partyMember'],
  [/(?:按|分|各)(?:个)?(?:党)?支部(?:统计|分一下|分|来)?|每个(?:党)?支部|(?:各)?在哪个(?:党)?支部|哪个(?:党)?支部(?=[^，。？?]*(?:最多|最少|统计|各))/, 'partyBranch'],
  [/每(?:一)?种(?:疾)?病|各(?:种|类)(?:疾)?病|(?:按|分)(?:疾)?病(?:种)?(?:统计|分)?|病种|(?:按|分)(?:身体状况|疾病)/, 'condition'],
  [/每(?:个|位)(?:工作人员|同志|干部|联络员)|各(?:个|位)?(?:工作人员|联络员)|(?:按|分)(?:工作人员|走访人|人)(?:统计)?/, 'staff'],
  [/(?:按|分)(?:办理)?状态/, 'caseStatus'],
  [/(?:按|分)(?:原)?(?:工作)?单位(?:统计|分)?|各(?:个)?(?:原)?(?:工作)?单位|每个单位/, 'formerUnit'],
  [/(?:按|分)(?:原)?职务(?:统计|分)?|各(?:种)?职务/, 'formerPost'],
  [/独居(?:的)?(?:和|与|跟)(?:非独居|不独居|不是独居)(?:的)?/, 'livesAlone'],
  [/丧偶(?:的)?(?:和|与|跟)(?:未丧偶|没丧偶|不是丧偶|有老伴)(?:的)?/, 'widowed'],
  [/(?:按|分)月(?:份)?(?:统计)?|每个月|各月|逐月|每月(?!两次|2次)/, 'month'],
];

/** A second key said after the first without 按 again: 按镇和性别, 按年龄段、镇. */
const SECOND: [RegExp, GroupBy][] = [
  [/(?:和|及|与|、|再按|再分)(?:各)?(?:性别|男女)/, 'gender'],
  [/(?:和|及|与|、|再按|再分)(?:各)?(?:年龄段|年龄|岁数)/, 'ageBand'],
  [new RegExp(`(?:和|及|与|、|再按|再分)(?:各)?${PLACE}`), 'town'],
  [new RegExp(`(?:和|及|与|、|再按|再分)(?:各)?${VILLAGE}`), 'village'],
  [/(?:和|及|与|、|再按|再分)(?:各)?(?:类别|离退休)/, 'category'],
  [/(?:和|及|与|、|再按|再分)(?:各)?(?:党)?支部/, 'partyBranch'],
  [/(?:和|及|与|、|再按|再分)(?:各)?行动能力/, 'mobility'],
];

/** The group keys said, in the order said (at most two). */
export function takeGroups(s: Scanner): GroupBy[] {
  const found: { at: number; by: GroupBy }[] = [];
  const first = GROUP_WORDS.some(([re]) => re.test(s.text));
  if (first)
    for (const [re, by] of SECOND) {
      const at = s.text.search(re);
      if (at < 0) continue;
      s.take(re, () => {});
      found.push({ at, by });
    }
  for (const [re, by] of GROUP_WORDS) {
    const at = s.text.search(re);
    if (at < 0) continue;
    s.take(re, () => {});
    found.push({ at, by });
  }
  const dims = [...new Set(found.sort((a, b) => a.at - b.at).map((x) => x.by))];
  return dims.slice(0, 2);
}

export type Measure = { fn: 'avg' | 'min' | 'max' | 'percent' };

const AGE_WORD = '(?:年龄|岁数|年纪|多大|几岁|多少岁)';

/**
 * 平均年龄 / 平均多大岁数 / 年龄的平均值 → avg; 最大年龄是多少 → max; 占…百分之多少 → percent.
 * 平均 before anything but age (平均工资) is left alone, so it is reported as not understood.
 */
export function takeMeasure(s: Scanner): Measure | undefined {
  let m: Measure | undefined;
  s.take(new RegExp(`平均(?:一下)?(?:的)?${AGE_WORD}(?:岁数|年龄)?|${AGE_WORD}(?:的)?平均(?:值|数)?|平均(?=[^，。？?工薪资金收]*${AGE_WORD})`), () => {
    m = { fn: 'avg' };
  });
  s.take(new RegExp(`(?:最大|最高)(?:的)?(?:年龄|岁数)(?:是)?(?:多少|几)(?:岁)?|(?:年龄|岁数|年纪)最(?:大|高)(?:的)?(?:是)?(?:多少|几)岁|最(?:大|高)(?:的)?(?:是)?(?:多少|几)岁`), () => {
    m = { fn: 'max' };
  });
  s.take(new RegExp(`(?:最小|最低)(?:的)?(?:年龄|岁数)(?:是)?(?:多少|几)(?:岁)?|(?:年龄|岁数|年纪)最(?:小|低)(?:的)?(?:是)?(?:多少|几)岁|最(?:小|低)(?:的)?(?:是)?(?:多少|几)岁`), () => {
    m = { fn: 'min' };
  });
  s.take(/(?:的)?(?:百分之多少|百分之几|多少比例|什么比例|比例|百分比|比重|占比|几成|多大比例)(?:是)?(?:多少)?/, () => {
    m = { fn: 'percent' };
  });
  return m;
}
