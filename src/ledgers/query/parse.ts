import type { Gazetteer } from './gazetteer.ts';
import { NUMBER_RE, parseNumber } from './numerals.ts';
import { addDays, monthDay, monthOf, weekStart } from './dates.ts';
import { FIELD_WORDS, FILLER_WORDS, HEALTH_SYNONYMS } from './vocabulary.ts';
import type { GroupBy, LedgerField, LedgerFilters, LedgerQueryInput } from './schema.ts';

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

const GAP = '\u0001';
const N = NUMBER_RE;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: Iterable<string>) =>
  [...new Set(words)].filter((w) => w.length > 0).sort((a, b) => b.length - a.length).map(escapeRe).join('|');

/** Word maps and regexes built once per gazetteer (a gazetteer is cached for a minute by its loader). */
interface CompiledGazetteer {
  branchRe: RegExp | null;
  unitForms: Map<string, string>;
  unitRe: RegExp | null;
  placeForms: Map<string, { town?: string; village?: string }>;
  placeRe: RegExp | null;
  townShort: Map<string, string>;
  townShortRe: RegExp | null;
  postRe: RegExp | null;
  healthWords: Map<string, string[]>;
  healthRe: RegExp | null;
}
const compiled = new WeakMap<Gazetteer, CompiledGazetteer>();

function compileGazetteer(g: Gazetteer): CompiledGazetteer {
  const hit = compiled.get(g);
  if (hit) return hit;
  const re = (words: Iterable<string>, wrap = (x: string) => x) => {
    const alt = alternation(words);
    return alt ? new RegExp(wrap(alt), 'g') : null;
  };
  const unitForms = new Map<string, string>();
  for (const u of g.formerUnits) {
    unitForms.set(u, u);
    const short = u.replace(/^(县|市|区)/, '');
    if (short.length >= 2 && short !== u && !unitForms.has(short)) unitForms.set(short, short);
  }
  const placeForms = new Map<string, { town?: string; village?: string }>();
  for (const v of g.villages) placeForms.set(v.name, { village: v.name });
  for (const t of g.towns) placeForms.set(t, { town: t });
  const townShort = new Map<string, string>();
  for (const t of g.towns) {
    const short = t.replace(/(镇|乡|街道|街道办|办事处)$/, '');
    if (short.length >= 2 && short !== t && !placeForms.has(short)) townShort.set(short, t);
  }
  const healthWords = new Map<string, string[]>();
  for (const t of g.healthTerms) healthWords.set(t, [t]);
  const c: CompiledGazetteer = {
    branchRe: re(g.partyBranches),
    unitForms,
    unitRe: re(unitForms.keys()),
    placeForms,
    placeRe: re(placeForms.keys()),
    townShort,
    townShortRe: re(townShort.keys(), (a) => `(?:${a})(?![村社庄])`),
    postRe: re(g.formerPosts, (a) => `(?:当过|任过|原任|原)?(?:${a})`),
    healthWords,
    healthRe: re(healthWords.keys()),
  };
  compiled.set(g, c);
  return c;
}

class Scanner {
  private chars: string[];
  readonly recognized: string[] = [];
  constructor(question: string) {
    this.chars = [...question];
  }
  get text(): string {
    return this.chars.join('');
  }
  /** Runs fn on every match of re in the unconsumed text; a match is consumed unless fn returns false. */
  take(re: RegExp, fn: (m: RegExpExecArray) => boolean | void): void {
    const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
    g.lastIndex = 0;
    const snapshot = this.text;
    // Work on UTF-16 indexes, then map back to code-point positions.
    const spans: [number, number, string][] = [];
    for (let m = g.exec(snapshot); m; m = g.exec(snapshot)) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      if (fn(m) !== false) spans.push([m.index, m.index + m[0].length, m[0]]);
    }
    for (const [a, b, word] of spans) {
      const start = [...snapshot.slice(0, a)].length;
      const len = [...snapshot.slice(a, b)].length;
      for (let i = start; i < start + len; i++) this.chars[i] = GAP;
      this.recognized.push(word);
    }
  }
  has(re: RegExp): boolean {
    return re.test(this.text);
  }
}

export async function parseQuestion(question: string, opts: ParseOptions): Promise<ParseResult> {
  const g = opts.gazetteer;
  const today = opts.today;
  const q = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const s = new Scanner(q);
  const f: LedgerFilters = { status: '在世' };
  const fields = new Set<LedgerField>();
  let output: 'list' | 'count' | 'stats' | undefined;
  let groupBy: GroupBy | undefined;
  let view: '患病' | '丧偶' | '独居' | undefined;
  let sort: { by: 'age' | 'birthday' | 'name' | 'town'; dir: 'asc' | 'desc' } | undefined;
  let limit: number | undefined;
  let outputWord = false;
  let fieldWord = false;
  const subjectWord = /台账|老干部|老同志|老人|老年人|干部|名单|花名册|老领导/.test(q);
  const num = (raw: string | undefined) => (raw === undefined ? null : parseNumber(raw));
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

  // Age.
  const AGE_UNIT = '(?:周岁|岁)';
  // 今年满八十岁 / 今年九十大寿: born in (this year − N).
  s.take(new RegExp(`今年(?:满|过|是|到)?(${N})(?:${AGE_UNIT})?(?:大寿|寿辰|整寿|生日)?`), (m) => {
    const n = num(m[1]);
    if (n === null || n < 40 || n > 120) return false;
    const y = Number(today.slice(0, 4)) - n;
    f.bornFrom = `${y}-01-01`;
    f.bornTo = `${y}-12-31`;
    fields.add('birthDate');
  });
  s.take(new RegExp(`(?:年龄|岁数|年纪)?(?:在)?(${N})${AGE_UNIT}?(?:到|至|-|~|－|—|～)(${N})${AGE_UNIT}(?:之间)?`), (m) => {
    const a = num(m[1]);
    const b = num(m[2]);
    if (a === null || b === null) return false;
    f.ageMin = Math.min(a, b);
    f.ageMax = Math.max(a, b);
    fields.add('age');
  });
  s.take(new RegExp(`(不满|未满|小于|低于|不到|不足)(${N})${AGE_UNIT}`), (m) => {
    const n = num(m[2]);
    if (n === null) return false;
    f.ageMax = n - 1;
    fields.add('age');
  });
  s.take(new RegExp(`(超过|大于|高于|多于|年满|(?<![不未])满|不低于|不小于|不少于)(${N})${AGE_UNIT}(?:以上|及以上)?`), (m) => {
    const n = num(m[2]);
    if (n === null) return false;
    f.ageMin = /超过|大于|高于|多于/.test(m[1] ?? '') ? n + 1 : n;
    fields.add('age');
  });
  s.take(new RegExp(`(${N})${AGE_UNIT}?(?:及|或|和)?(以上|往上|以下|以内|往下|之上|之下)`), (m) => {
    const n = num(m[1]);
    if (n === null || (n < 40 && !m[0].includes('岁'))) return false;
    if (/以上|往上|之上/.test(m[2] ?? '')) f.ageMin = n;
    else f.ageMax = n;
    fields.add('age');
  });
  s.take(new RegExp(`(${N})(?:多|几|来)${AGE_UNIT}|(${N})${AGE_UNIT}出头`), (m) => {
    const n = num(m[1] ?? m[2]);
    if (n === null) return false;
    f.ageMin = n;
    f.ageMax = n + (n % 10 === 0 && m[1] ? 9 : 4);
    fields.add('age');
  });
  s.take(new RegExp(`(${N})${AGE_UNIT}`), (m) => {
    const n = num(m[1]);
    if (n === null) return false;
    f.ageMin = n;
    f.ageMax = n;
    fields.add('age');
  });
  s.take(/百岁(?:老人)?|期颐/, () => {
    f.ageMin = 100;
    fields.add('age');
  });
  s.take(/高龄|耄耋/, () => {
    f.ageMin = 80;
    fields.add('age');
  });
  s.take(new RegExp(`(?:19)?([0-9]|[零〇一二三四五六七八九])[0〇零]后`), (m) => {
    const d = num(m[1]);
    if (d === null) return false;
    f.bornFrom = `19${d}0-01-01`;
    f.bornTo = `19${d}9-12-31`;
    fields.add('birthDate');
  });
  s.take(new RegExp(`(?:19)?([二三四五六七八九]十|[2-9]0)年代(?:出生|生)?(?:的)?`), (m) => {
    const d = num(m[1]);
    if (d === null) return false;
    f.bornFrom = `19${d}-01-01`;
    f.bornTo = `19${d + 9}-12-31`;
    fields.add('birthDate');
  });
  s.take(/(19\d\d|一九[零〇一二三四五六七八九]{2})年(以前|之前|前|以后|之后|后)?(?:出生|生)(?:的)?/, (m) => {
    const y = num(m[1]);
    if (y === null) return false;
    const mod = m[2] ?? '';
    if (/前/.test(mod)) f.bornTo = `${y - 1}-12-31`;
    else if (/后/.test(mod)) f.bornFrom = `${y + 1}-01-01`;
    else {
      f.bornFrom = `${y}-01-01`;
      f.bornTo = `${y}-12-31`;
    }
    fields.add('birthDate');
  });

  // Birthdays and birth months, relative to today.
  const setBirthday = (from: string, to: string) => {
    f.birthdayBetween = { from: monthDay(from), to: monthDay(to) };
    sort ??= { by: 'birthday', dir: 'asc' };
    fields.add('birthDate');
  };
  const setMonth = (m: number) => {
    f.birthMonths = [...new Set([...(f.birthMonths ?? []), ((m - 1 + 12) % 12) + 1])];
    sort ??= { by: 'birthday', dir: 'asc' };
    fields.add('birthDate');
  };
  const mentionsBirthday = /生日|出生|寿|生的/.test(q);
  if (mentionsBirthday) {
    const thisMonth = monthOf(today);
    s.take(/本月|这个月|这月|当月|本月份/, () => setMonth(thisMonth));
    s.take(/下个月|下月/, () => setMonth(thisMonth + 1));
    s.take(/上个月|上月/, () => setMonth(thisMonth - 1));
    s.take(/这周|本周|这个星期|这星期|本星期|这个礼拜|这礼拜/, () => setBirthday(weekStart(today), addDays(weekStart(today), 6)));
    s.take(/下周|下个星期|下星期|下个礼拜|下礼拜/, () => setBirthday(addDays(weekStart(today), 7), addDays(weekStart(today), 13)));
    s.take(/今天|今日/, () => setBirthday(today, today));
    s.take(/明天|明日/, () => setBirthday(addDays(today, 1), addDays(today, 1)));
    s.take(/后天/, () => setBirthday(addDays(today, 2), addDays(today, 2)));
    s.take(new RegExp(`(?:最近|近|未来|接下来|今后)(${N})(天|日|周|个星期|星期)(?:内|之内|以内)?|(${N})(天|日|周)(?:内|之内|以内)`), (m) => {
      const n = num(m[1] ?? m[3]);
      const unit = m[2] ?? m[4] ?? '天';
      if (n === null || n < 1) return false;
      setBirthday(today, addDays(today, (/周|星期/.test(unit) ? n * 7 : n) - 1));
    });
    s.take(/最近|近期|快要|即将|马上/, () => setBirthday(today, addDays(today, 29)));
    s.take(new RegExp(`(?:今年|明年|去年|\\d{4}年)(?=${N}月)`), () => {});
    s.take(new RegExp(`(${N})月(${N})[日号]`), (m) => {
      const mo = num(m[1]);
      const d = num(m[2]);
      if (mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
      const md = `${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      f.birthdayBetween = { from: md, to: md };
      fields.add('birthDate');
    });
    s.take(new RegExp(`(${N})月份?`), (m) => {
      const mo = num(m[1]);
      if (mo === null || mo < 1 || mo > 12) return false;
      setMonth(mo);
    });
  }
  s.take(/农历生日|阴历生日|过农历|过阴历|农历|阴历/, () => {
    f.lunarBirthday = true;
  });
  s.take(/公历生日|阳历生日|过公历|过阳历/, () => {
    f.lunarBirthday = false;
  });
  if (/生日|寿/.test(q)) fields.add('birthDate');

  // Needs: matched against the ledger's own 需求 texts.
  s.take(/有(?:什么)?(?:需求|诉求)的|有需求|有诉求/, () => {
    f.hasNeeds = true;
    fields.add('needs');
  });
  s.take(/(?:需要|需求是|需求为|需求|诉求是|希望|想要|想|要求)(?!查|看|知道|了解|问|找一下|找出|统计|导出|列|要|帮)([\u4e00-\u9fa5（）()]{2,12}?)(?=的|$|\u0001|[，,。？?])/, (m) => {
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
    sort = { by: 'age', dir: 'desc' };
    fields.add('age');
  });
  s.take(/(?:年龄|岁数|年纪)?最(?:小|轻)|最年轻|从小到大|由小到大|按年龄升序/, () => {
    sort = { by: 'age', dir: 'asc' };
    fields.add('age');
  });
  s.take(/按(?:年龄|岁数)(?:排序|排列|排)?/, () => {
    sort ??= { by: 'age', dir: 'desc' };
    fields.add('age');
  });
  s.take(/按(?:生日|出生日期)(?:排序|排列|排)?/, () => {
    sort = { by: 'birthday', dir: 'asc' };
  });
  s.take(/按(?:姓名|名字)(?:排序|排列|排)?/, () => {
    sort = { by: 'name', dir: 'asc' };
  });
  s.take(new RegExp(`(?:前|头)(${N})(?:位|名|个|人)?|(${N})(?:位|名|个人)`), (m) => {
    const n = num(m[1] ?? m[2]);
    if (n === null || n < 1) return false;
    if (!m[1] && !sort) return false;
    limit = n;
  });
  // "年龄最大的是谁 / 最年长的老同志" means one person; 名单/哪些 asks for the sorted list.
  if (sort?.by === 'age' && limit === undefined && !/名单|哪些|排序|排列|从大到小|从小到大|由大到小|由小到大|按年龄/.test(q)) limit = 1;

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
    ...(sort ? { sort } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
  const filters = Object.entries(f).filter(([k, v]) => v !== undefined && (k !== 'status' || v !== '在世')).length + (view ? 1 : 0) + (sort ? 1 : 0);
  return { query, notUnderstood, recognized: s.recognized, signals: { filters, outputWord, subjectWord, fieldWord } };
}

export const DEFAULT_FIELDS: LedgerField[] = ['gender', 'age', 'town', 'village'];

function orderFields(asked: Set<LedgerField>): LedgerField[] {
  const all = new Set<LedgerField>([...DEFAULT_FIELDS, ...asked]);
  return [...all];
}

/** The longest piece (2+ chars) of what was asked that occurs in some recorded need. */
function bestNeedsTerm(wanted: string, needs: string[]): string {
  for (let len = wanted.length; len >= 2; len--)
    for (let i = 0; i + len <= wanted.length; i++) {
      const piece = wanted.slice(i, i + len);
      if (needs.some((n) => n.includes(piece))) return piece;
    }
  return wanted;
}

/** 2–4 character windows of the unconsumed text that could be a person's name. */
function candidateNames(text: string): string[] {
  const out = new Set<string>();
  for (const seg of text.split(/[^\u4e00-\u9fa5]+/))
    for (let len = 2; len <= 4; len++) for (let i = 0; i + len <= seg.length; i++) out.add(seg.slice(i, i + len));
  return [...out].slice(0, 200);
}

const FILLER_RE = new RegExp(alternation(FILLER_WORDS), 'g');

function leftovers(text: string): string[] {
  const out: string[] = [];
  for (const seg of text.split(new RegExp(`${GAP}+`))) {
    const rest = seg.replace(FILLER_RE, ' ').replace(/[\s，,。.？?！!、：:；;（）()“”"'‘’《》\-—~～·…]+/g, ' ').trim();
    for (const piece of rest.split(/\s+/)) if (piece && /[\p{L}\p{N}]/u.test(piece)) out.push(piece);
  }
  return out;
}
