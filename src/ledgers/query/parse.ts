import type { Gazetteer } from './gazetteer.ts';
import { parseChineseNumber } from '../../kernel/cn-numbers.ts';
import { NUMBER_RE } from './numerals.ts';
import { FIELD_WORDS, HEALTH_SYNONYMS } from './vocabulary.ts';
import { bestNeedsTerm, candidateNames, compileGazetteer, escapeRe, leftovers, Scanner } from './scanner.ts';
import { takeAgeAndBirthdays, type ParseState } from './parse-time.ts';
import type { GroupBy, LedgerField, LedgerFilters, LedgerQueryInput } from './schema.ts';

const N = NUMBER_RE;

/**
 * Question in plain Chinese → LedgerQuery, offline. Each recogniser consumes the words it
 * understood; whatever is left after removing filler words is reported in notUnderstood, so a
 * filter is never silently dropped.
 */

export interface ParseOptions {
  today: string;
  gazetteer: Gazetteer;
  /** Which of these candidate strings are names of elders (a DB lookup); optional. */
  lookupNames?: (candidates: string[]) => Promise<string[]>;
}

export interface ParseResult {
  query: LedgerQueryInput;
  notUnderstood: string[];
  /** What was recognised (for deciding whether a chat message is a ledger question at all). */
  recognized: string[];
  /** How strongly this reads as a ledger question (a chat router decides with it). */
  signals: { filters: number; outputWord: boolean; subjectWord: boolean; fieldWord: boolean };
}

/** A filter plus a word of list/count/field/subject, or subject plus output, or statistics. */
export function looksLikeLedgerQuestion(p: ParseResult): boolean {
  const s = p.signals;
  return (s.filters > 0 && (s.outputWord || s.subjectWord || s.fieldWord)) || (s.subjectWord && s.outputWord) || p.query.output === 'stats';
}

export async function parseQuestion(question: string, opts: ParseOptions): Promise<ParseResult> {
  const g = opts.gazetteer;
  const today = opts.today;
  const q = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const s = new Scanner(q);
  const f: LedgerFilters = { status: '在世' };
  const fields = new Set<LedgerField>();
  const st: ParseState = { f, fields, sort: undefined };
  let output: 'list' | 'count' | 'stats' | undefined;
  let groupBy: GroupBy | undefined;
  let view: '患病' | '丧偶' | '独居' | undefined;
  let limit: number | undefined;
  let outputWord = false;
  let fieldWord = false;
  const subjectWord = /台账|老干部|老同志|老人|老年人|干部|名单|花名册|老领导/.test(q);
  const num = (raw: string | undefined) => (raw === undefined ? null : parseChineseNumber(raw));
  const addHealth = (terms: string[]) => {
    f.health = [...(f.health ?? []), terms];
    fields.add('health');
  };

  // Statistics first: "按镇统计…人数" is statistics, not a plain count.
  const groupWords: [RegExp, GroupBy][] = [
    [/(?:按|分|以)(?:乡镇|镇|街道|镇街)(?:统计|分组|汇总|划分|来看|分布)?|各(?:个)?(?:乡镇|镇|街道|镇街)|每个(?:乡镇|镇|街道)|哪个(?:乡镇|镇|街道)/, 'town'],
    [/(?:按|分)(?:村|社区|村社区)(?:统计|分组|汇总|来看|分布)?|各(?:个)?(?:村|社区)|每个(?:村|社区)|哪个(?:村|社区)/, 'village'],
    [/(?:按|分)(?:类别|类型)(?:统计|汇总)?|离休和退休各|离休退休各|离退休各|离休.退休分别|各类别/, 'category'],
    [/(?:按|分|各)?年龄段(?:统计|分布)?|年龄分布|(?:按|分)年龄(?:统计|分组|分布)|各年龄/, 'ageBand'],
    [/男女(?:各|比例|分别|人数)|(?:按|分)性别(?:统计|分布)?|性别(?:分布|比例)/, 'gender'],
    [/(?:按|分)行动能力(?:统计|分布)?|行动能力(?:分布|统计)/, 'mobility'],
    [/(?:按|分)(?:是否)?党员(?:统计|分布)?|党员和非党员各/, 'partyMember'],
  ];
  for (const [re, by] of groupWords)
    s.take(re, () => {
      groupBy ??= by;
    });
  if (groupBy) {
    output = 'stats';
    s.take(/最多|最少|多少|分别/, () => {});
  }

  // The 患病/丧偶/独居 ledgers by name.
  s.take(/(患病|病人|丧偶|独居)(?:老干部|老同志|人员)?(?:台账|名单|花名册)/, (m) => {
    view = m[1] === '丧偶' ? '丧偶' : m[1] === '独居' ? '独居' : '患病';
    if (view === '患病') fields.add('health');
    outputWord = true;
  });

  // Places and organisations named in the ledger, longest first (交道镇老干部党支部 before 交道镇).
  const cg = compileGazetteer(g);
  if (cg.branchRe)
    s.take(cg.branchRe, (m) => {
      f.partyBranch = m[0];
      fields.add('partyBranch');
    });
  s.take(/(?:(?![是哪个的在有])[\u4e00-\u9fa5]){2,12}?党支部/, (m) => {
    f.partyBranch = m[0];
    fields.add('partyBranch');
  });
  if (cg.unitRe)
    s.take(cg.unitRe, (m) => {
      f.formerUnit = cg.unitForms.get(m[0]) ?? m[0];
      fields.add('formerUnit');
    });
  if (cg.placeRe)
    s.take(cg.placeRe, (m) => {
      const p = cg.placeForms.get(m[0]);
      if (p?.town) f.towns = [...new Set([...(f.towns ?? []), p.town])];
      if (p?.village) f.villages = [...new Set([...(f.villages ?? []), p.village])];
    });
  if (cg.villageShortRe)
    s.take(cg.villageShortRe, (m) => {
      const v = cg.villageShort.get(m[0]);
      if (v) f.villages = [...new Set([...(f.villages ?? []), v])];
    });
  if (cg.townShortRe)
    s.take(cg.townShortRe, (m) => {
      const t = cg.townShort.get(m[0]);
      if (t) f.towns = [...new Set([...(f.towns ?? []), t])];
    });

  if (cg.postRe)
    s.take(cg.postRe, (m) => {
      f.formerPost = m[0].replace(/^(当过|任过|原任|原)/, '');
      fields.add('formerPost');
    });

  s.take(/(?:原|从|在)?([^\u0001的当过是在原从老中和及里有哪些]{1,10}?(?:局|委|办|院|所|站|学校|中学|小学|供销社|厂|公司|银行|(?<!干)部|中心|医院|政府|法院))(?=退休|离休|工作)|(?:原|从)([^\u0001的当过是在原从老中和及里有哪些]{1,10}?(?:局|委|办|院|所|站|学校|中学|小学|供销社|厂|公司|银行|(?<!干)部|中心|医院|政府|法院))(?=的|$)/, (m) => {
    f.formerUnit = m[1] ?? m[2];
    fields.add('formerUnit');
  });

  // 独居或丧偶: either ledger, not both.
  const VIEW_WORD = '(独居|丧偶|患病|生病)';
  const OR = '(?:的)?(?:或者|或|还是)(?:是)?';
  s.take(new RegExp(`${VIEW_WORD}${OR}${VIEW_WORD}(?:${OR}${VIEW_WORD})?`), (m) => {
    const words = m.slice(1).filter((x): x is string => !!x).map((x) => (x === '生病' ? '患病' : x) as '独居' | '丧偶' | '患病');
    if (new Set(words).size < 2) return false;
    f.anyOfViews = [...new Set(words)];
    if (words.includes('患病')) fields.add('health');
  });

  // Family situation before status: 老伴去世 is 丧偶, not 已故.
  s.take(/(?:不是|非|没有|未)(?:丧偶)|有老伴|老伴(?:健在|还在)|配偶健在/, () => {
    f.widowed = false;
  });
  s.take(/丧偶|老伴(?:已经|已)?(?:去世|过世|走了|不在了|病故|离世)|配偶(?:已经|已)?(?:去世|过世|亡故|离世)|没有老伴|没老伴|鳏寡|鳏居|寡居/, () => {
    f.widowed = true;
  });
  s.take(/(?:不是|非|不)独居|(?:和|跟|与)(?:子女|儿女|孩子|家人|老伴)(?:一起)?(?:同住|住|生活)|有人同住/, () => {
    f.livesAlone = false;
  });
  s.take(/独居|一个人(?:住|居住|生活|过)|一人(?:居住|独住|生活)|独自(?:居住|生活|一人)|自己一个人住|自己住|孤寡|独身/, () => {
    f.livesAlone = true;
  });

  // Health: named conditions, then "患病" in general.
  for (const [re, terms] of HEALTH_SYNONYMS)
    s.take(re, (m) => {
      addHealth([...new Set([...terms, ...(cg.healthWords.get(m[0]) ?? [])])]);
    });
  if (cg.healthRe)
    s.take(cg.healthRe, (m) => {
      addHealth(cg.healthWords.get(m[0]) ?? [m[0]]);
    });
  s.take(/(?:身体|健康)(?:状况)?(?:良好|健康|很好|好的|不错)|(?:没有|没)(?:病|疾病)|健康的|无病/, () => {
    f.ill = false;
    fields.add('health');
  });
  s.take(/患病|有病|生病|病人|病号|身体不好|身体差|有疾病|慢性病/, (m) => {
    f.ill = true;
    fields.add('health');
  });
  s.take(/(?:患有|患上了?|得了|得过|患)([\u4e00-\u9fa5]{1,8}?(?:病|症|炎|癌|瘤|障|伤|损))/, (m) => {
    if (m[1]) addHealth([m[1]]);
  });

  // Mobility.
  s.take(/失能(?:半失能)?|半失能|生活不能自理|不能自理/, () => {
    f.mobility = ['行动不便', '卧床'];
    fields.add('mobility');
  });
  s.take(/卧床(?:不起)?|长期卧床|瘫痪(?:在床)?|不能下床|下不了床|卧病在床|躺在床上/, () => {
    f.mobility = [...new Set([...(f.mobility ?? []), '卧床' as const])];
    fields.add('mobility');
  });
  s.take(/行动不便|行动不方便|腿脚不(?:便|好|方便|灵便)|走路不便|走路困难|行走不便|出行不便|不方便(?:走动|出门)/, () => {
    f.mobility = [...new Set([...(f.mobility ?? []), '行动不便' as const])];
    fields.add('mobility');
  });
  s.take(/行动(?:能力)?(?:好|正常|自如|方便)|能自理|生活自理|腿脚(?:好|灵便|利索)/, () => {
    f.mobility = ['好'];
    fields.add('mobility');
  });

  // Status.
  s.take(/(?:包括|包含|含|连同)(?:已故|去世|过世)(?:的)?|在世和已故|在世的和已故的|(?:不论|不管)(?:是否)?在世/, () => {
    f.status = '全部';
  });
  s.take(/已故|不在世|已经?(?:去世|过世|离世)|去世|过世|逝世|亡故|故去|病故|离世|不在了|已死亡|死亡/, () => {
    f.status = '已故';
    fields.add('deathDate');
  });
  s.take(/在世|健在|活着/, () => {
    f.status = '在世';
  });

  // Category and party.
  s.take(/离退休/, () => {});
  s.take(/离休/, () => {
    f.category = '离休';
  });
  s.take(/退休/, () => {
    f.category = '退休';
  });
  s.take(/(?:不是|非)(?:中共|共产)?党员|群众/, () => {
    f.partyMember = false;
  });
  s.take(/(?:老|中共|共产)?党员/, () => {
    f.partyMember = true;
  });

  // Gender.
  s.take(/男女/, () => {
    groupBy ??= 'gender';
    output = 'stats';
  });
  s.take(/(?<![子儿孙外侄妇])女(?!儿|婿|方)(?:同志|性|士|的|干部|老干部|老同志|职工|党员)?|老太太|老奶奶|奶奶|老大娘/, () => {
    f.gender = '女';
  });
  s.take(/(?<![长次])男(?!方)(?:同志|性|士|的|干部|老干部|老同志|职工|党员)?|老爷子|老大爷|老爷爷|爷爷/, () => {
    f.gender = '男';
  });

  takeAgeAndBirthdays(s, st, q, today);

  // Needs: matched against the ledger's own 需求 texts.
  s.take(/有(?:什么)?(?:需求|诉求)的|有需求|有诉求/, () => {
    f.hasNeeds = true;
    fields.add('needs');
  });
  s.take(/(?:需要|需求是|需求为|需求|诉求是|希望|想要|想|要求)(?!查|看|知道|了解|问|找一下|找出|统计|导出|列|要|帮我|帮忙)([\u4e00-\u9fa5（）()]{2,12}?)(?=的|$|\u0001|[，,。？?])/, (m) => {
    const wanted = (m[1] ?? '').replace(/(服务|的)$/, '') || (m[1] ?? '');
    f.needs = [...new Set([...(f.needs ?? []), bestNeedsTerm(wanted, g.needs)])];
    fields.add('needs');
  });

  // Phone digits as a filter.
  s.take(/(?:尾号|后四位(?:是)?)(\d{4})|(1\d{10})|(?:电话|手机)(?:号码)?(?:是|为)(\d{3,11})/, (m) => {
    f.phone = m[1] ?? m[2] ?? m[3];
    fields.add('phone');
  });
  s.take(/子女(?:都|均)?在外地|子女不在身边/, () => {
    f.children = '外地';
    fields.add('children');
  });

  // Sort and limit.
  s.take(/(?:年龄|岁数|年纪)?最(?:大|高|长)|最年长|最老|年龄大的在前|从大到小|由大到小|按年龄(?:降序|倒序)/, () => {
    st.sort = { by: 'age', dir: 'desc' };
    fields.add('age');
  });
  s.take(/(?:年龄|岁数|年纪)?最(?:小|轻)|最年轻|从小到大|由小到大|按年龄升序/, () => {
    st.sort = { by: 'age', dir: 'asc' };
    fields.add('age');
  });
  s.take(/按(?:年龄|岁数)(?:排序|排列|排)?/, () => {
    st.sort ??= { by: 'age', dir: 'desc' };
    fields.add('age');
  });
  s.take(/按(?:生日|出生日期)(?:排序|排列|排)?/, () => {
    st.sort = { by: 'birthday', dir: 'asc' };
  });
  s.take(/按(?:姓名|名字)(?:排序|排列|排)?/, () => {
    st.sort = { by: 'name', dir: 'asc' };
  });
  s.take(new RegExp(`(?:前|头)(${N})(?:位|名|个|人)?|(${N})(?:位|名|个人)`), (m) => {
    const n = num(m[1] ?? m[2]);
    if (n === null || n < 1) return false;
    if (!m[1] && !st.sort) return false;
    limit = n;
  });
  // "年龄最大的是谁 / 最年长的老同志" means one person; 名单/哪些 asks for the sorted list.
  if (st.sort?.by === 'age' && limit === undefined && !/名单|哪些|排序|排列|从大到小|从小到大|由大到小|由小到大|按年龄/.test(q)) limit = 1;

  // Fields to show (after filters, so 电话是138… is a filter, not a field).
  for (const [re, fs] of FIELD_WORDS)
    s.take(re, () => {
      for (const x of fs) fields.add(x);
      fieldWord = true;
    });

  // Count vs list.
  s.take(/哪几位|哪几个|哪些|有谁|都有谁|是谁|谁|名单|名字|叫什么|列出|列一下|明细|清单|花名册/, () => {
    output ??= 'list';
    outputWord = true;
  });
  s.take(/有几位|有几个|有几人|有几名|几位|几个|几人|几名|多少人|多少位|多少名|多少个|多少|(?:老干部|老同志|老人)?(?:人数|总数|数量)|一共|总共|共有|统计|合计/, () => {
    output ??= 'count';
    outputWord = true;
  });

  // Names of elders, looked up in the ledger.
  s.take(/姓([\u4e00-\u9fa5]{1,2}?)的/, (m) => {
    f.namePrefix = m[1];
  });
  if (opts.lookupNames) {
    const cands = candidateNames(s.text);
    if (cands.length) {
      const found = new Set(await opts.lookupNames(cands));
      if (found.size) {
        const best = [...found].sort((a, b) => b.length - a.length)[0]!;
        s.take(new RegExp(escapeRe(best)), () => {
          f.name = best;
        });
      }
    }
  }

  // 高血压或糖尿病: one condition or the other.
  const orWord = /或|还是/.test(q);
  if (orWord && (f.health?.length ?? 0) >= 2) f.health = [[...new Set(f.health!.flat())]];
  // 或 between values of one kind (韦庄镇或交道镇, 行动不便或卧床) is what lists already mean.
  const multi = [f.towns, f.villages, f.mobility, f.birthMonths, f.needs].some((x) => (x?.length ?? 0) >= 2) || (f.health?.length ?? 0) >= 2;
  if (multi || (orWord && (f.health?.[0]?.length ?? 0) >= 2)) s.take(/或者|或|还是/, () => {});
  const notUnderstood = leftovers(s.text);
  const query: LedgerQueryInput = {
    filters: f,
    output: output ?? 'list',
    fields: orderFields(fields),
    ...(view ? { view } : {}),
    ...(groupBy ? { groupBy } : {}),
    ...(st.sort ? { sort: st.sort } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
  const filters = Object.entries(f).filter(([k, v]) => v !== undefined && (k !== 'status' || v !== '在世')).length + (view ? 1 : 0) + (st.sort ? 1 : 0);
  return { query, notUnderstood, recognized: s.recognized, signals: { filters, outputWord, subjectWord, fieldWord } };
}

export const DEFAULT_FIELDS: LedgerField[] = ['gender', 'age', 'town', 'village'];

function orderFields(asked: Set<LedgerField>): LedgerField[] {
  const all = new Set<LedgerField>([...DEFAULT_FIELDS, ...asked]);
  return [...all];
}
