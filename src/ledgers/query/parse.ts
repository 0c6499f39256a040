import type { Gazetteer } from './gazetteer.ts';
import { parseChineseNumber } from '../../kernel/cn-numbers.ts';
import { NUMBER_RE } from './numerals.ts';
import { FIELD_WORDS, HEALTH_SYNONYMS } from './vocabulary.ts';
import { bestNeedsTerm, candidateNames, compileGazetteer, escapeRe, leftovers, Scanner, soundIndexOf } from './scanner.ts';
import { takeAgeAndBirthdays, type ParseState } from './parse-time.ts';
import { mentionsCases, mentionsVisits, takeCases, takeDeathWindow, takeVisits, type Activity } from './parse-activity.ts';
import { takeGroups, takeMeasure } from './parse-stats.ts';
import { takeWindow, type DayWindow } from './parse-window.ts';
import type { BaseFilters, GroupBy, LedgerField, LedgerFilters, LedgerQueryInput, Subject } from './schema.ts';

const N = NUMBER_RE;

/**
 * Question in plain Chinese → LedgerQuery, offline. Each recogniser consumes the words it
 * understood; whatever is left after removing filler words is reported in notUnderstood, so a
 * filter is never silently dropped.
 */

export interface ParseOptions {
  today: string;
  gazetteer: Gazetteer;
  /** Words for kinds of cases (解忧, 法律咨询, 住院 …) from the case catalog. */
  caseWords?: string[];
  /** Which of these candidate strings are names of elders (a DB lookup); optional. */
  lookupNames?: (candidates: string[]) => Promise<string[]>;
}

export interface ParseResult {
  query: LedgerQueryInput;
  /** The question as read after sound-alike words were taken for the ledger's own (卫庄 → 韦庄). */
  heardAs?: string;
  /** A span of days said on its own in a follow-up (换成下个月的): it replaces the previous answer's span. */
  window?: DayWindow;
  notUnderstood: string[];
  /** What was recognised (for deciding whether a chat message is a ledger question at all). */
  recognized: string[];
  /** How strongly this reads as a ledger question (a chat router decides with it). */
  signals: {
    filters: number;
    outputWord: boolean;
    subjectWord: boolean;
    fieldWord: boolean;
    /** Points back at an earlier answer: 其中, 这些人, 他们, 他, …呢. */
    anaphora: boolean;
    /** Asks about one named person (查一下张三, 张三的情况). */
    person: boolean;
    /** Asks for a file (导出, 做个表). */
    exportWord: boolean;
    /** Asks only about what the ledger does not hold (平均工资, 退休金最高的). */
    unanswerable: boolean;
  };
}

/** A filter plus a word of list/count/field/subject, or subject plus output, or statistics. */
export function looksLikeLedgerQuestion(p: ParseResult): boolean {
  const s = p.signals;
  return (s.filters > 0 && (s.outputWord || s.subjectWord || s.fieldWord)) || (s.subjectWord && s.outputWord) || p.query.output === 'stats';
}

/** Fields the ledger does not hold: named back as not understood rather than answered as something else. */
const UNKNOWN_FIELDS =
  /(?:平均|每月|每个月)?(?:工资|退休金|退休费|离休费|养老金|收入|存款|工龄|党龄|籍贯|民族|学历|文化程度|身份证(?:号码?)?|银行卡(?:号码?)?|医保卡(?:号码?)?|社保卡(?:号码?)?|血型|身高|体重|(?:参加工作|入党)(?:的)?(?:时间|年限|年份)?|户口|宗教|微信号?)/;

const ANAPHORA = /其中|这里面|这里头|这当中|这些人|这些|他们|她们|这几(?:个|位|人)|这批人?|上面(?:的)?|刚才(?:的)?|那些人?|(?<![\u4e00-\u9fa5])(?:他|她)(?=的|最近|电话|住|在|是|多)/;

/**
 * Parses a question; when words are left over, those that sound like a word the ledger knows (卫庄 →
 * 韦庄, 离修 → 离休: speech recognition and quick typing) are read as that word and the question is
 * parsed again, kept if less is left over.
 */
export async function parseQuestion(question: string, opts: ParseOptions): Promise<ParseResult> {
  const first = await parseWhole(question, opts);
  if (!first.notUnderstood.length) return first;
  const index = soundIndexOf(opts.gazetteer);
  let heard = question.normalize('NFKC');
  const fixes: string[] = [];
  for (const piece of first.notUnderstood)
    for (const m of index.find(piece)) {
      heard = heard.replace(m.heard, m.word);
      fixes.push(`${m.heard}→${m.word}`);
    }
  if (!fixes.length) return first;
  const second = await parseWhole(heard, opts);
  return second.notUnderstood.length < first.notUnderstood.length ? { ...second, heardAs: heard } : first;
}

async function parseWhole(question: string, opts: ParseOptions): Promise<ParseResult> {
  const q0 = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  // 党员占全部老干部的百分之多少: the part before 占 is counted within the whole after it.
  const share = /^(.+?)占(.+)$/.exec(q0);
  if (share && (/百分|比例|比重|占比|几成/.test(share[2]!) || /^(?:全部|全体|所有|总数|总人数)?(?:的)?(?:多少|几成)[？?]?$/.test(share[2]!))) {
    // 独居老人中女的占多少: the whole is named before 中, the part after it.
    const within = /^(.+?)(?:中|当中|之中|里面|里头|里)(.+)$/.exec(share[1]!);
    const [part, whole, base] = await Promise.all([
      parseWhole(within ? within[2]! : share[1]!, opts),
      parseWhole(share[2]!, opts),
      within ? parseWhole(within[1]!, opts) : Promise.resolve(null),
    ]);
    const { status: _s, ...partFilters } = part.query.filters ?? { status: '在世' };
    const { status: _b, ...baseFilters } = base?.query.filters ?? { status: '在世' };
    // The whole's own words came back as its part (a plain "…的比例"): they are the whole here.
    const wholeFilters = { ...(whole.query.measure?.part ?? {}), ...baseFilters, status: whole.query.filters?.status ?? '在世' };
    const grouped = whole.query.output === 'stats' || part.query.output === 'stats';
    const groupBy = whole.query.groupBy ?? part.query.groupBy;
    const query: LedgerQueryInput = {
      ...whole.query,
      filters: wholeFilters,
      output: grouped ? 'stats' : 'value',
      ...(grouped && groupBy ? { groupBy } : {}),
      measure: { fn: 'percent', part: partFilters },
    };
    return {
      ...whole,
      query,
      notUnderstood: [...(base?.notUnderstood ?? []), ...part.notUnderstood, ...whole.notUnderstood],
      recognized: [...(base?.recognized ?? []), ...part.recognized, '占', ...whole.recognized],
    };
  }
  // 除了城关街道（以外），其他…: what follows 除了 is left out.
  let exclude: BaseFilters | undefined;
  let excludeLeft: string[] = [];
  let q = q0;
  const ex =
    /(?:除(?:了|去|开)?|去掉|去除|排除|刨去|刨除|不算|不含|不包括)(.+?)(?:以外|之外|外(?=的|[，,]|$))(?:的)?(?:[，,、])?(?:(?:其他|其余|别的|剩下)(?:的)?)?/.exec(q0) ??
    /(?:除(?:了|去|开)?|去掉|去除|排除|刨去|刨除|不算|不含|不包括)(.+?)(?:的)?(?:[，,、]|(?:其他|其余|别的|剩下)(?:的)?|$)/.exec(q0);
  if (ex && ex[1] && ex[1].length <= 20) {
    const inner = await parseWhole(ex[1], { ...opts, lookupNames: undefined });
    const { status: _st, ...f } = inner.query.filters ?? { status: '在世' };
    if (Object.keys(f).length) {
      exclude = f;
      excludeLeft = inner.notUnderstood;
      q = `${q0.slice(0, ex.index)}${q0.slice(ex.index + ex[0].length)}`.replace(/^[，,、\s]+/, '');
    }
  }
  const r = await parseOne(q, opts);
  if (!exclude) return r;
  // 去掉城关街道的: nothing else said, so it changes the answer just given.
  const alone = !q.replace(/[\s，,。.？?！!的呢吧]/g, '');
  const filters = { ...(r.query.filters ?? { status: '在世' as const }), exclude };
  return {
    ...r,
    query: { ...r.query, filters },
    notUnderstood: [...excludeLeft, ...r.notUnderstood],
    recognized: ['除了', ...r.recognized],
    signals: { ...r.signals, filters: r.signals.filters + 1, anaphora: r.signals.anaphora || alone },
  };
}

async function parseOne(question: string, opts: ParseOptions): Promise<ParseResult> {
  const g = opts.gazetteer;
  const today = opts.today;
  const q = question;
  const s = new Scanner(q);
  const unknown: string[] = [];
  s.take(new RegExp(UNKNOWN_FIELDS.source, 'g'), (m) => {
    unknown.push(m[0]);
  });
  let anaphora = false;
  s.take(new RegExp(ANAPHORA.source, 'g'), () => {
    anaphora = true;
  });
  // 那冯原镇呢 / 女的呢: the previous question with this instead.
  s.take(/^(?:那么|那)(?=[^，。]*呢[？?]?$)/, () => {
    anaphora = true;
  });
  s.take(/呢(?=[？?]?$)/, () => {
    anaphora = true;
  });
  let exportWord = false;
  s.take(
    /导出(?:来|成|为)?(?:表格?|excel|Excel|文件)?|下载|打印(?:出来)?|(?:弄|做|列|出|整理|生成|发)(?:个|一个|张|一张|成)?(?:表格?|excel|Excel|文件)(?:给我|发我|给我们)?|(?:表格|excel|Excel)(?:发我|给我)|(?:把)?(?:名单|这个名单|结果|这些)(?:发|传)(?:给)?(?:我|过来|一下)/,
    () => {
      exportWord = true;
    },
  );
  // 只看男的 / 再看看女的: the previous answer, narrowed.
  s.take(/^(?:只看|只要|只查|光看|就看|单看|再看看|再看|再查查?|再问问?|那再|换成|改成|换作|换为|改为|要是)/, () => {
    anaphora = true;
  });
  // Whose towns the asker covers: the scope already limits the answer to them.
  s.take(/(?:咱们?|我们|我|本|俺们?)(?:这几个|这些|几个)?(?:负责的)?(?:几个)?(?:乡镇|镇上|镇|街道|辖区|片区)(?:上|里|的)?|我负责的(?:几个|这些)?(?:乡镇|镇|村)?/, () => {});
  const f: LedgerFilters = { status: '在世' };
  const fields = new Set<LedgerField>();
  const st: ParseState = { f, fields, sort: undefined };
  let output: 'list' | 'count' | 'stats' | 'value' | undefined;
  let groupBy: GroupBy | undefined;
  let groupBy2: GroupBy | undefined;
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
  const dims = takeGroups(s);
  if (dims.length) {
    groupBy = dims[0];
    groupBy2 = dims[1];
    output = 'stats';
    s.take(/最多|最少|多少(?![次件起人位个])|分别|各(?:有|是)?/, () => {});
  }
  const measure = takeMeasure(s);
  // 各镇平均年龄 / 各镇党员占比: the number for each group; alone, one number.
  if (measure && !dims.length) output = 'value';

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

  // 原职务是校长 / 当过镇长或者党委书记的: the post itself (校长 is not 副校长), any of those said.
  if (cg.postRe)
    s.take(cg.postRe, (m) => {
      f.formerPosts = [...new Set([...(f.formerPosts ?? []), m[0].replace(/^(当过|任过|原任|原)/, '')])];
      fields.add('formerPost');
    });
  s.take(/(?:原|以前的?|退休前(?:的)?|离休前(?:的)?)?(?:职务|职位)(?:是|为)?|退休前是|离休前是|(?:当|任)过/, () => {});

  s.take(/(?:原|从|在)?([^\u0001的当过是在原从老中和及里有哪些]{1,10}?(?:局|委|办|院|所|站|学校|中学|小学|供销社|厂|公司|银行|(?<!干)部|中心|医院|政府|法院))(?=退休|离休|工作)|(?:原|从)([^\u0001的当过是在原从老中和及里有哪些]{1,10}?(?:局|委|办|院|所|站|学校|中学|小学|供销社|厂|公司|银行|(?<!干)部|中心|医院|政府|法院))(?=的|$)/, (m) => {
    f.formerUnit = m[1] ?? m[2];
    fields.add('formerUnit');
  });

  // 独居或丧偶: either ledger, not both; 独居或者卧床: either condition.
  const OR_FILTERS: Record<string, BaseFilters> = {
    独居: { livesAlone: true }, 丧偶: { widowed: true }, 患病: { ill: true }, 生病: { ill: true }, 卧床: { mobility: ['卧床'] },
    行动不便: { mobility: ['行动不便'] }, 党员: { partyMember: true }, 离休: { category: '离休' }, 退休: { category: '退休' },
  };
  const VIEW_WORD = `(${Object.keys(OR_FILTERS).join('|')})`;
  const OR = '(?:的)?(?:或者|或|还是)(?:是)?';
  s.take(new RegExp(`${VIEW_WORD}${OR}${VIEW_WORD}(?:${OR}${VIEW_WORD})?`), (m) => {
    const words = [...new Set(m.slice(1).filter((x): x is string => !!x).map((x) => (x === '生病' ? '患病' : x)))];
    if (words.length < 2) return false;
    if (words.every((w) => w === '独居' || w === '丧偶' || w === '患病')) f.anyOfViews = words as ('独居' | '丧偶' | '患病')[];
    else if (words.every((w) => w === '卧床' || w === '行动不便')) f.mobility = words as ('卧床' | '行动不便')[];
    else f.anyOf = words.map((w) => OR_FILTERS[w]!);
    if (words.includes('患病')) fields.add('health');
    if (words.includes('卧床') || words.includes('行动不便')) fields.add('mobility');
  });

  // Family situation before status: 老伴去世 is 丧偶, not 已故.
  s.take(/(?:不是|非|没有|未)(?:丧偶)|有老伴|老伴(?:健在|还在)|配偶健在/, () => {
    f.widowed = false;
  });
  s.take(/丧偶|老伴(?:已经|已)?(?:去世|过世|走了|不在了|病故|离世|没了|死了)|配偶(?:已经|已)?(?:去世|过世|亡故|离世)|没有老伴|没老伴|鳏寡|鳏居|寡居/, () => {
    f.widowed = true;
  });
  s.take(/(?:不是|非|不)独居|(?:和|跟|与)(?:子女|儿女|孩子|家人|老伴)(?:一起)?(?:同住|住|生活)|有人同住/, () => {
    f.livesAlone = false;
  });
  s.take(/独居|一个人(?:住|居住|生活|过)|一人(?:居住|独住|生活)|独自(?:居住|生活|一人)|自己一个人住|自己住|孤寡|孤老|独身|空巢/, () => {
    f.livesAlone = true;
  });

  // Health: named conditions, then "患病" in general. 没有高血压的 leaves those out.
  const negated = (m: RegExpExecArray) => /(?:没有|没|无|不是|未)(?:患|得|患有)?$/.test(q.slice(Math.max(0, m.index - 4), m.index));
  const addOrExclude = (m: RegExpExecArray, terms: string[]) => {
    if (negated(m)) f.exclude = { ...f.exclude, health: [...(f.exclude?.health ?? []), terms] };
    else addHealth(terms);
  };
  s.take(/(?:没有|没|无|不是|未)(?:患|得|患有)?(?=[\u4e00-\u9fa5]{2,8}(?:病|症|炎|癌|压|糖))/, () => {});
  for (const [re, terms] of HEALTH_SYNONYMS)
    s.take(re, (m) => {
      addOrExclude(m, [...new Set([...terms, ...(cg.healthWords.get(m[0]) ?? [])])]);
    });
  if (cg.healthRe)
    s.take(cg.healthRe, (m) => {
      addOrExclude(m, cg.healthWords.get(m[0]) ?? [m[0]]);
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
  s.take(/卧床(?:不起)?|长期卧床|瘫痪(?:在床)?|瘫(?:在)?床(?:上)?|不能下床|下不了(?:床|地)|卧病在床|躺(?:在)?床上|躺床|起不来床/, () => {
    f.mobility = [...new Set([...(f.mobility ?? []), '卧床' as const])];
    fields.add('mobility');
  });
  s.take(/行动不便|行动不方便|腿脚不(?:便|好|方便|灵便|利索|灵活|得劲)|走路不便|走路困难|走不动(?:路)?|行走不便|出行不便|不方便(?:走动|出门)|拄(?:着)?拐|坐轮椅/, () => {
    f.mobility = [...new Set([...(f.mobility ?? []), '行动不便' as const])];
    fields.add('mobility');
  });
  s.take(/行动(?:能力)?(?:好|正常|自如|方便)|能自理|生活自理|腿脚(?:好|灵便|利索)/, () => {
    f.mobility = [...new Set([...(f.mobility ?? []), '好' as const])];
    fields.add('mobility');
  });

  // Visits and cases: who was (not) visited, who visited, how many cases of which kind.
  let activity: Activity | undefined;
  const caseWords = opts.caseWords ?? [];
  if (mentionsCases(q, caseWords)) activity = takeCases(s, f, q, today, caseWords);
  else if (mentionsVisits(q)) activity = takeVisits(s, f, q, today, g.staffNames ?? []);

  // Status.
  s.take(/(?:包括|包含|含|连同)(?:已故|去世|过世)(?:的)?|在世和已故|在世的和已故的|(?:不论|不管)(?:是否)?在世/, () => {
    f.status = '全部';
  });
  let died = false;
  s.take(/已故|不在世|已经?(?:去世|过世|离世)|去世|过世|逝世|亡故|故去|病故|离世|不在了|已死亡|死亡/, () => {
    f.status = '已故';
    died = true;
    fields.add('deathDate');
  });
  // 今年去世的: the span of their death days.
  if (died && !activity) {
    takeDeathWindow(s, f, today);
    if (f.diedFrom || f.diedTo) st.sort ??= { by: 'date', dir: 'asc' };
  }
  s.take(/在世|健在|活着/, () => {
    f.status = '在世';
  });

  // Category and party.
  s.take(/离退休/, () => {});
  // 不是离休的 is 退休, and the other way round: a cadre is one or the other.
  s.take(/(?:不是|非)(离休|退休)/, (m) => {
    f.category = m[1] === '离休' ? '退休' : '离休';
  });
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
  const genders = new Set<string>();
  s.take(/(?<![子儿孙外侄妇])女(?!儿|婿|方)(?:同志|性|士|的|干部|老干部|老同志|职工|党员)?|老太太|老奶奶|奶奶|老大娘/, () => {
    f.gender = '女';
    genders.add('女');
  });
  s.take(/(?<![长次])男(?!方)(?:同志|性|士|的|干部|老干部|老同志|职工|党员)?|老爷子|老大爷|老爷爷|爷爷|老头儿?|老汉|老大伯/, () => {
    f.gender = '男';
    genders.add('男');
  });

  takeAgeAndBirthdays(s, st, q, today);
  // 换成下个月的: a span with nothing to apply to here belongs to the previous question.
  const bareWindow = anaphora && !activity && !died ? takeWindow(s, today, 'ahead') : undefined;

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
  s.take(/(?:没有|没|无)(?:儿女|子女|孩子)(?!在)|膝下无子|无儿无女/, () => {
    f.children = '无子女';
    fields.add('children');
  });
  s.take(/子女(?:都|均)?在外地|子女(?:都|均)?不在身边|(?:没有|没)子女在身边|身边没(?:有)?子女/, () => {
    f.children = '外地';
    fields.add('children');
  });

  // Sort and limit.
  s.take(/(?:年龄|岁数|年纪)最(?:大|高|长)|最(?:大|高)(?=的(?:[0-9一二三四五六七八九十两]+|几)(?:位|个|名))|最年长|最老|年龄大的在前|从大到小|由大到小|按年龄(?:降序|倒序)/, () => {
    st.sort = { by: 'age', dir: 'desc' };
    fields.add('age');
  });
  s.take(/(?:年龄|岁数|年纪)最(?:小|轻|低)|最(?:小)(?=的(?:[0-9一二三四五六七八九十两]+|几)(?:位|个|名))|最年轻|从小到大|由小到大|按年龄升序/, () => {
    st.sort = { by: 'age', dir: 'asc' };
    fields.add('age');
  });
  s.take(/按(?:年龄|岁数)(?:一下)?(?:排序|排列|排)?(?:一下)?/, () => {
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
  s.take(/哪几位|哪几个|哪些|有谁|都有谁|是谁|谁|名单|名字|叫什么|叫啥|列出|列一下|明细|清单|花名册|单子/, () => {
    output ??= 'list';
    outputWord = true;
  });
  s.take(/有几位|有几个|有几人|有几名|几位|几个|几人|几名|几件|几次|几起|多少人次|多少人|多少位|多少名|多少个|多少件|多少次|多少起|多少|(?:老干部|老同志|老人)?(?:人数|总数|数量|件数|次数|人次)|一共|总共|共有|统计|合计|数一数|数一下|数数|点一下人数|算一下/, () => {
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

  // 韦庄镇和冯原镇各有多少 / 男同志和女同志各几位: one number for each value named.
  const each = /各|分别|各自|每个/.test(q);
  if (each && !groupBy) {
    if ((f.towns?.length ?? 0) >= 2) groupBy = 'town';
    else if ((f.villages?.length ?? 0) >= 2) groupBy = 'village';
    else if (genders.size >= 2) groupBy = 'gender';
    else if ((f.mobility?.length ?? 0) >= 2) groupBy = 'mobility';
    if (groupBy) {
      output = 'stats';
      s.take(/各(?:自)?(?:有|是)?|分别(?:有|是)?/, () => {});
    }
  }
  if (genders.size >= 2) {
    delete f.gender;
    s.take(/和|与|跟|及/, () => {});
  }

  // 高血压或糖尿病: one condition or the other.
  const orWord = /或|还是/.test(q);
  if (orWord && (f.health?.length ?? 0) >= 2) f.health = [[...new Set(f.health!.flat())]];
  // 或 between values of one kind (韦庄镇或交道镇, 行动不便或卧床) is what lists already mean.
  const multi = [f.towns, f.villages, f.mobility, f.birthMonths, f.needs, f.formerPosts].some((x) => (x?.length ?? 0) >= 2) || (f.health?.length ?? 0) >= 2;
  if (multi || (orWord && (f.health?.[0]?.length ?? 0) >= 2)) s.take(/或者|或|还是/, () => {});
  const notUnderstood = [...unknown, ...leftovers(s.text)];
  // Cases and visits decide what is counted: records, or the elders who have them.
  let subject: Subject = 'elders';
  let visitFilter;
  let caseFilter;
  if (activity?.subject === 'cases') {
    const people = activity.wantsPeople || activity.count === 'people';
    if (people && output !== 'stats') f.cases = activity.caseFilter;
    else {
      subject = 'cases';
      caseFilter = activity.caseFilter;
      if (activity.count === 'records' && output !== 'stats') output = 'count';
      if (groupBy === 'category') groupBy = 'caseKind';
      if (groupBy2 === 'category') groupBy2 = 'caseKind';
      if (!outputWord && output !== 'stats') output = 'list';
    }
  } else if (activity?.subject === 'visits' || activity?.subject === 'visitors') {
    subject = output === 'stats' ? 'visits' : activity.subject;
    visitFilter = activity.visitFilter;
    if (f.status === '在世') f.status = '全部';
    if (subject === 'visitors') output = 'list';
    if (activity.count === 'records' && output !== 'stats') output = 'count';
    if (activity.latest && subject !== 'visits') limit ??= 1;
    if (activity.most && subject === 'visitors') {
      st.sort = { by: 'count', dir: 'desc' };
      limit ??= 1;
    }
    if (subject === 'visits' && activity.latest && output === 'list') limit ??= 10;
  } else if (groupBy === 'staff') {
    // 每个工作人员走访了多少次 without 走访 in the words that were left: still visits.
    subject = 'visits';
    if (f.status === '在世') f.status = '全部';
  }
  if (output === 'value' && !measure) output = undefined;
  // 党员的比例: the share of the elders said among all (the whole is named after 占, see parseQuestion).
  let share: BaseFilters | undefined;
  if (measure?.fn === 'percent') {
    const { status, ...part } = f;
    share = part;
    for (const k of Object.keys(part)) delete (f as Record<string, unknown>)[k];
    f.status = status;
  }
  const query: LedgerQueryInput = {
    filters: f,
    output: output ?? (exportWord ? 'list' : 'list'),
    fields: orderFields(fields),
    ...(subject !== 'elders' ? { subject } : {}),
    ...(visitFilter ? { visitFilter } : {}),
    ...(caseFilter ? { caseFilter } : {}),
    ...(view ? { view } : {}),
    ...(groupBy ? { groupBy } : {}),
    ...(groupBy2 ? { groupBy2 } : {}),
    ...(measure && (output === 'value' || output === 'stats') ? { measure: { fn: measure.fn, field: 'age' as const, ...(share ? { part: share } : {}) } } : {}),
    ...(st.sort ? { sort: st.sort } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
  const filters =
    Object.entries(f).filter(([k, v]) => v !== undefined && (k !== 'status' || v !== '在世')).length + (view ? 1 : 0) + (st.sort ? 1 : 0) + (activity ? 1 : 0);
  const person = !!f.name && Object.keys(f).filter((k) => !['name', 'status', 'towns', 'villages'].includes(k)).length === 0 && !groupBy && !measure;
  return {
    query,
    notUnderstood,
    ...(bareWindow ? { window: bareWindow } : {}),
    recognized: s.recognized,
    signals: { filters, outputWord: outputWord || !!measure || exportWord, subjectWord, fieldWord, anaphora, person, exportWord, unanswerable: unknown.length > 0 && filters === 0 && !anaphora },
  };
}

export const DEFAULT_FIELDS: LedgerField[] = ['gender', 'age', 'town', 'village'];

function orderFields(asked: Set<LedgerField>): LedgerField[] {
  const all = new Set<LedgerField>([...DEFAULT_FIELDS, ...asked]);
  return [...all];
}
