// Deterministic generator of a synthetic ledger (台账) of retired cadres for the ledger evaluation.
// No imports: everything here is plain TypeScript over a seeded PRNG (mulberry32), so the same seed
// always gives the same 600 elders, ~900 visits and ~120 cases.

export type Gender = '男' | '女';
export type Category = '离休' | '退休';
export type Mobility = '好' | '行动不便' | '卧床';
export type Status = '在世' | '已故';
export type CaseKind = '解忧' | '法律咨询' | '住院' | '生病' | '病故' | '再婚' | '意外' | '困难' | '找人工';
export type CaseStatus = '待处理' | '处理中' | '已办结';

export interface Elder {
  name: string;
  gender: Gender;
  /** solar date of birth, YYYY-MM-DD */
  birthDate: string;
  /** true: the elder celebrates on the lunar month/day of the solar birth date */
  lunarBirthday: boolean;
  category: Category;
  unit: string;
  post: string;
  partyMember: boolean;
  /** 所在党支部, '' for non-members */
  branch: string;
  town: string;
  village: string;
  address: string;
  /** 11-digit mobile, unique across the ledger */
  phone: string;
  /** 身体状况: '' or conditions joined by '、' */
  health: string;
  mobility: Mobility;
  alone: boolean;
  widowed: boolean;
  children: string;
  emergencyName: string;
  emergencyPhone: string;
  needs: string;
  notes: string;
  status: Status;
  deathDate?: string;
}

export interface Visit {
  elderName: string;
  elderPhone: string;
  date: string;
  staff: string;
  notes: string;
}

export interface LedgerCase {
  id: string;
  elderName: string;
  elderPhone: string;
  kind: CaseKind;
  openedOn: string;
  status: CaseStatus;
  closedOn?: string;
  summary: string;
}

export interface GeneratedLedger {
  seed: number;
  elders: Elder[];
  visits: Visit[];
  cases: LedgerCase[];
  toCsv: (elders: Elder[]) => string;
}

export const CSV_HEADER = [
  '姓名', '性别', '出生日期', '农历生日', '类别', '原工作单位', '原职务', '党员', '所在党支部', '镇(街道)', '村(社区)',
  '家庭住址', '联系电话', '身体状况', '行动能力', '独居', '丧偶', '子女情况', '紧急联系人', '紧急联系电话', '需求', '备注', '状态',
] as const;

export const TOWNS: Record<string, string[]> = {
  '城关街道': ['东关社区', '西关社区', '南关社区', '北关社区', '古徵社区'],
  '韦庄镇': ['韦庄村', '善化村', '南串业村', '北串业村'],
  '冯原镇': ['冯原村', '辛庄村', '雷家洼村', '冯北村'],
  '王庄镇': ['王庄村', '马村', '张卓村'],
  '尧头镇': ['尧头村', '西河村', '白家河村'],
  '赵庄镇': ['赵庄村', '业善村', '石家庄村'],
  '交道镇': ['交道村', '樊家川村', '刘家洼村'],
  '寺前镇': ['寺前村', '姚庄村', '太贤村'],
  '安里镇': ['安里村', '郊城堡村', '杨家坡村'],
  '庄头镇': ['庄头村', '南社村', '西观村'],
};
const TOWN_WEIGHTS: Record<string, number> = {
  '城关街道': 22, '韦庄镇': 11, '冯原镇': 10, '王庄镇': 9, '尧头镇': 9, '赵庄镇': 8, '交道镇': 8, '寺前镇': 8, '安里镇': 8, '庄头镇': 7,
};

/** Town liaisons (镇办联络员) and bureau staff who log visits. */
export const TOWN_LIAISON: Record<string, string> = {
  '城关街道': '赵婷', '韦庄镇': '党小龙', '冯原镇': '刘洋', '王庄镇': '杨帆', '尧头镇': '屈红霞',
  '赵庄镇': '马静', '交道镇': '雷鸣', '寺前镇': '白雪', '安里镇': '孙浩', '庄头镇': '田甜',
};
export const BUREAU_STAFF = ['张敏', '李娟', '王磊'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) { this.next = mulberry32(seed); }
  float(): number { return this.next(); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error('pick from empty list');
    return x;
  }
  weighted<T extends string>(w: Record<T, number>): T {
    const keys = Object.keys(w) as T[];
    let total = 0;
    for (const k of keys) total += w[k];
    let r = this.next() * total;
    for (const k of keys) { r -= w[k]; if (r < 0) return k; }
    return keys[keys.length - 1] as T;
  }
}

// ---- dates (UTC, day arithmetic) ----
const DAY = 86400000;
function ymd(t: number): string { return new Date(t).toISOString().slice(0, 10); }
function ts(d: string): number { return Date.parse(d + 'T00:00:00Z'); }
function addDays(d: string, n: number): string { return ymd(ts(d) + n * DAY); }
function daysBetween(a: string, b: string): number { return Math.round((ts(b) - ts(a)) / DAY); }

// ---- vocabularies ----
const SURNAMES = [
  '王', '王', '王', '李', '李', '李', '张', '张', '张', '刘', '刘', '杨', '杨', '赵', '赵', '陈', '马', '马', '党', '雷', '屈', '韦',
  '白', '史', '薛', '郭', '高', '黄', '周', '吴', '孙', '朱', '胡', '何', '罗', '梁', '宋', '唐', '许', '韩', '冯', '邓', '曹',
  '彭', '田', '董', '袁', '蒋', '蔡', '杜', '程', '苏', '魏', '吕', '丁', '任', '姚', '卢', '姜', '崔', '范', '贾', '夏', '段',
  '侯', '孟', '秦', '邱', '龚', '郝', '武', '孔', '常', '樊', '焦', '惠', '权', '寇', '同', '路', '严', '尚', '翟', '冀', '景',
];
const MALE_GIVEN = [
  '建国', '振华', '国强', '德明', '志强', '守仁', '天佑', '光辉', '立新', '长春', '卫东', '保民', '正义', '兴旺', '来福', '有才',
  '文斌', '安邦', '定国', '永胜', '治平', '进升', '东才', '忙趁', '根元', '金仓', '世荣', '福海', '明德', '武杰', '玉堂', '满仓',
  '新民', '怀德', '占魁', '广田', '秉义', '耀祖', '继业', '宏图', '庆余', '存良', '志远', '汉生', '春生', '秋生', '树林', '宝山',
  '德胜', '敬文', '养民', '俊杰', '海潮', '学忠', '万年', '登科', '西安', '胜利', '解放', '援朝', '跃进', '红卫', '向东', '和平',
  '铁柱', '栓柱', '百川', '忠孝', '思源', '克俭', '维新', '述尧', '恩泽', '凤鸣',
];
const FEMALE_GIVEN = [
  '秀英', '桂兰', '淑珍', '玉梅', '兰英', '美玲', '秀兰', '惠敏', '桂芳', '素梅', '玉珍', '金凤', '雪梅', '翠花', '巧云', '彩霞',
  '凤英', '秀珍', '丽华', '红梅', '芳莲', '爱琴', '淑英', '春兰', '菊花', '改霞', '巧玲', '秋菊', '粉娥', '月娥', '冬梅', '玉兰',
  '桂英', '淑华', '亚琴', '引弟', '招娣', '银凤', '丽君', '素琴', '梅英', '书香', '文娟', '慧芳', '海燕', '秀云',
];
const SINGLE_MALE = ['勇', '明', '杰', '林', '斌', '刚', '群'];
const SINGLE_FEMALE = ['英', '芳', '华', '红', '萍', '霞'];

const COUNTY_UNITS: Record<string, string[]> = {
  '县委组织部': ['科员', '副科长', '科长', '副部长', '部长'],
  '县委宣传部': ['科员', '科长', '副部长'],
  '县委办公室': ['科员', '副主任', '主任'],
  '县政府办公室': ['科员', '副主任', '主任'],
  '县人大常委会': ['科员', '调研员', '副主任', '主任'],
  '县政协': ['科员', '调研员', '副主席'],
  '县法院': ['书记员', '审判员', '庭长', '副院长', '院长'],
  '县检察院': ['检察员', '科长', '副检察长'],
  '县公安局': ['民警', '所长', '副局长', '局长'],
  '县财政局': ['科员', '科长', '副局长', '局长'],
  '县税务局': ['科员', '科长', '副局长'],
  '县教育局': ['科员', '股长', '副局长', '局长'],
  '县城关中学': ['教师', '副校长', '校长'],
  '县卫健局': ['科员', '科长', '副局长'],
  '县医院': ['医生', '主任医师', '副院长', '院长'],
  '县农业农村局': ['技术员', '科员', '副局长', '局长'],
  '县水务局': ['技术员', '科员', '副局长'],
  '县民政局': ['科员', '科长', '局长'],
  '县供销社': ['会计', '主任', '副主任'],
  '县粮食局': ['科员', '副局长'],
  '县交通局': ['科员', '副局长'],
};
const TOWN_POSTS = ['干事', '副镇长', '镇长', '党委副书记', '党委书记', '武装部长', '人大主席'];

const CONDITIONS: Record<string, number> = {
  '高血压': 30, '糖尿病': 16, '冠心病': 12, '慢性支气管炎': 8, '脑梗后遗症': 7, '白内障': 9, '骨质疏松': 8,
  '关节炎': 8, '阿尔茨海默病': 4, '帕金森病': 3, '听力下降': 6, '肺癌': 2, '胃癌': 2, '前列腺增生': 4,
};
const NEEDS = [
  '需要医疗陪护', '想参加老年大学书法班', '希望解决医药费报销问题', '需要法律咨询（房产）', '想找人聊聊天', '需要助餐服务',
  '希望定期上门看望', '需要轮椅', '希望帮忙联系体检', '想订阅《金秋》杂志',
];
const NOTES = [
  '老党员，曾获优秀党员称号', '子女常年在外，需重点关注', '听力差，电话请大声', '每周二参加解忧室活动', '2026年体检血糖偏高',
  '参加“转转会”', '老年大学书法班学员', '曾任老干部宣讲团成员', '住养老院', '耳背，上门前先给女儿打电话',
];
const CHILD_WHERE = ['均在外地', '长子在县城', '女儿同住', '儿子在本镇', '次子在西安', '女儿在渭南', '儿子同住', '长女在县城'];
const VISIT_NOTES_SPIRIT = ['精神面貌好', '精神尚可', '情绪低落，需多陪伴聊天', '精神很好，爱聊天', '精神一般'];
const VISIT_NOTES_HEALTH = ['身体状况稳定', '血压偏高，已提醒按时服药', '腿脚不便，需搀扶', '卧床，护理到位', '刚出院，恢复中', '血糖控制较好'];
const VISIT_NOTES_CARE = ['子女照顾到位', '子女在外，邻居帮忙照看', '保姆照料', '老伴照顾'];
const VISIT_NOTES_HOME = ['住房整洁', '冬季取暖已落实', '屋内较潮湿，已反映', '房屋安全无隐患'];
const VISIT_NOTES_MEAL = ['饮食正常', '用餐规律', '吃饭凑合，建议助餐', '胃口不好'];
const CASE_SUMMARY: Record<CaseKind, string[]> = {
  '解忧': ['老伴去世后心情低落，想找人聊聊', '和子女关系紧张，想倾诉', '担心身体，夜里睡不着', '觉得孤单，想参加活动'],
  '法律咨询': ['房产继承问题咨询', '赡养纠纷咨询', '宅基地纠纷', '遗嘱怎么写'],
  '住院': ['因肺炎住县医院', '脑梗住院治疗', '骨折住院', '心脏不适住院观察'],
  '生病': ['感冒发烧卧床', '血压不稳', '旧病复发', '腰腿疼痛加重'],
  '病故': ['家属报告老人病故'],
  '再婚': ['老人再婚，家属告知'],
  '意外': ['在家摔倒', '出门被电动车刮倒', '煤气泄漏，已处置'],
  '困难': ['医药费负担重，申请帮扶', '房屋漏雨需要维修', '冬季取暖困难'],
  '找人工': ['要求工作人员回电', '语音说不清，要求人工', '问护理费政策，机器人答不上'],
};

function phoneGen(rng: Rng, used: Set<string>): string {
  const prefixes = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
    '158', '159', '173', '177', '180', '181', '182', '183', '186', '187', '188', '189', '191', '199'];
  for (;;) {
    let p = rng.pick(prefixes);
    while (p.length < 11) p += String(rng.int(0, 9));
    if (!used.has(p)) { used.add(p); return p; }
  }
}

/** Fixed elders that exercise edge cases of birthdays and duplicates. */
interface Fixed { name: string; gender: Gender; birthDate: string; lunarBirthday: boolean; town: string; category?: Category; }
const FIXED: Fixed[] = [
  // lunar 1939-12-30 (腊月三十); in lunar years whose 12th month has 29 days it is celebrated on 腊月廿九
  { name: '雷振邦', gender: '男', birthDate: '1940-02-07', lunarBirthday: true, town: '韦庄镇' },
  // lunar leap 6th month (闰六月初十) 1941: 2026 has no leap 6th month, celebrated on 六月初十
  { name: '屈桂香', gender: '女', birthDate: '1941-08-02', lunarBirthday: true, town: '冯原镇' },
  // lunar leap 5th month (闰五月初十) 1933
  { name: '党怀仁', gender: '男', birthDate: '1933-07-02', lunarBirthday: true, town: '城关街道' },
  // 29 February, solar: celebrated on 28 February in common years
  { name: '白玉兰', gender: '女', birthDate: '1944-02-29', lunarBirthday: false, town: '尧头镇' },
  // lunar 正月三十 1936
  { name: '同德厚', gender: '男', birthDate: '1936-02-22', lunarBirthday: true, town: '交道镇' },
  // duplicate names in different towns
  { name: '王建国', gender: '男', birthDate: '1946-05-12', lunarBirthday: false, town: '城关街道' },
  { name: '王建国', gender: '男', birthDate: '1952-12-18', lunarBirthday: false, town: '韦庄镇' },
  { name: '李秀英', gender: '女', birthDate: '1939-12-03', lunarBirthday: true, town: '冯原镇' },
  { name: '李秀英', gender: '女', birthDate: '1950-04-21', lunarBirthday: false, town: '安里镇' },
  { name: '张振华', gender: '男', birthDate: '1930-03-15', lunarBirthday: false, town: '王庄镇', category: '离休' },
  { name: '张振华', gender: '男', birthDate: '1955-09-09', lunarBirthday: false, town: '庄头镇' },
  { name: '刘桂兰', gender: '女', birthDate: '1937-12-14', lunarBirthday: false, town: '赵庄镇' },
  { name: '刘桂兰', gender: '女', birthDate: '1948-01-30', lunarBirthday: true, town: '寺前镇' },
  // oldest people, 100+
  { name: '韦根元', gender: '男', birthDate: '1925-03-08', lunarBirthday: true, town: '韦庄镇', category: '离休' },
  { name: '焦淑贞', gender: '女', birthDate: '1926-06-19', lunarBirthday: false, town: '城关街道', category: '离休' },
  // turning 80 / 90 / 100 this year (2026)
  { name: '冀福全', gender: '男', birthDate: '1926-12-20', lunarBirthday: false, town: '赵庄镇', category: '离休' },
  // two-character names
  { name: '王勇', gender: '男', birthDate: '1954-12-11', lunarBirthday: false, town: '城关街道' },
  { name: '杨华', gender: '女', birthDate: '1949-07-07', lunarBirthday: false, town: '冯原镇' },
];

function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function generateLedger(seed = 20261130): GeneratedLedger {
  const rng = new Rng(seed);
  const usedPhones = new Set<string>();
  const usedNames = new Set<string>(FIXED.map((f) => f.name));
  const staffNames = new Set<string>([...Object.values(TOWN_LIAISON), ...BUREAU_STAFF]);
  const elders: Elder[] = [];
  const REF = '2026-12-01';

  const newName = (gender: Gender, short: boolean): string => {
    for (;;) {
      const s = rng.pick(SURNAMES);
      const g = short ? rng.pick(gender === '男' ? SINGLE_MALE : SINGLE_FEMALE) : rng.pick(gender === '男' ? MALE_GIVEN : FEMALE_GIVEN);
      const n = s + g;
      if (!usedNames.has(n) && !staffNames.has(n)) { usedNames.add(n); return n; }
    }
  };

  const birthForAge = (age: number): string => {
    // a date on which the person is exactly `age` on REF
    const start = addDays(`${2026 - age - 1}-12-01`, 1);
    return addDays(start, rng.int(0, 364));
  };

  const build = (base: { name: string; gender: Gender; birthDate: string; lunarBirthday: boolean; town: string; category?: Category }): Elder => {
    const age = ageOn(base.birthDate, REF);
    const category: Category = base.category ?? (base.birthDate < '1932-01-01' && rng.chance(0.7) ? '离休' : '退休');
    const town = base.town;
    const village = rng.pick(TOWNS[town] ?? []);
    let unit: string; let post: string;
    if (rng.chance(0.18)) {
      unit = town === '城关街道' ? '城关街道办事处' : `${town}政府`;
      post = rng.pick(town === '城关街道' ? ['干事', '副主任', '主任', '党工委书记'] : TOWN_POSTS);
    } else {
      unit = rng.pick(Object.keys(COUNTY_UNITS));
      post = rng.pick(COUNTY_UNITS[unit] ?? ['科员']);
    }
    const partyMember = category === '离休' ? rng.chance(0.95) : rng.chance(0.78);
    let branch = '';
    if (partyMember) {
      if (category === '离休') branch = '县直离休干部党支部';
      else if (unit.endsWith('政府') || unit === '城关街道办事处' || rng.chance(0.45)) branch = `${town}老干部党支部`;
      else branch = rng.chance(0.5) ? '县直退休干部第一党支部' : '县直退休干部第二党支部';
    }
    const houseNo = rng.int(1, 120);
    const address = town === '城关街道'
      ? `澄城县城关街道${village}${rng.pick(['幸福小区', '教育小区', '金水苑', '古徵花园', '机关家属院'])}${rng.int(1, 12)}号楼${rng.int(1, 6)}单元${rng.int(1, 6)}0${rng.int(1, 4)}`
      : `澄城县${town}${village}${houseNo}号`;
    const phone = phoneGen(rng, usedPhones);
    const nCond = rng.float() < 0.2 + Math.min(0.5, (age - 70) * 0.015) ? rng.int(1, age >= 85 ? 3 : 2) : 0;
    const conds: string[] = [];
    for (let i = 0; i < nCond; i++) {
      const c = rng.weighted(CONDITIONS);
      if (!conds.includes(c)) conds.push(c);
    }
    const pBed = age >= 95 ? 0.25 : age >= 90 ? 0.15 : age >= 80 ? 0.06 : 0.02;
    const pHard = age >= 90 ? 0.35 : age >= 80 ? 0.22 : 0.1;
    const r = rng.float();
    const mobility: Mobility = r < pBed ? '卧床' : r < pBed + pHard ? '行动不便' : '好';
    const widowed = rng.chance(age >= 90 ? 0.6 : age >= 80 ? 0.35 : base.gender === '女' ? 0.18 : 0.1);
    const alone = widowed ? rng.chance(mobility === '卧床' ? 0.1 : 0.4) : rng.chance(0.02);
    const nChildren = rng.weighted({ '0': 2, '1': 14, '2': 30, '3': 30, '4': 16, '5': 8 });
    let children: string;
    if (nChildren === '0') children = '无子女';
    else {
      let where = rng.pick(CHILD_WHERE);
      if (alone && (where.includes('同住'))) where = rng.pick(['均在外地', '长子在县城', '儿子在本镇', '女儿在渭南']);
      children = `${nChildren}个子女，${where}`;
    }
    const surname = base.name.charAt(0);
    const emergencyName = nChildren === '0' || rng.chance(0.3)
      ? rng.pick(SURNAMES) + rng.pick(rng.chance(0.5) ? MALE_GIVEN : FEMALE_GIVEN)
      : surname + rng.pick(rng.chance(0.5) ? MALE_GIVEN : FEMALE_GIVEN);
    const emergencyPhone = phoneGen(rng, usedPhones);
    const needs = rng.chance(0.35) ? rng.pick(NEEDS) : '';
    const notes = rng.chance(0.12) ? rng.pick(NOTES) : '';
    return {
      name: base.name, gender: base.gender, birthDate: base.birthDate, lunarBirthday: base.lunarBirthday, category,
      unit, post, partyMember, branch, town, village, address, phone, health: conds.join('、'), mobility, alone, widowed,
      children, emergencyName, emergencyPhone, needs, notes, status: '在世',
    };
  };

  for (const f of FIXED) elders.push(build(f));
  while (elders.length < 600) {
    const band = rng.weighted({ a70: 45, a80: 37, a90: 11, a94: 7 });
    const age = band === 'a70' ? rng.int(70, 79) : band === 'a80' ? rng.int(80, 89) : band === 'a90' ? rng.int(90, 93) : rng.int(94, 101);
    const gender: Gender = rng.chance(age >= 90 ? 0.62 : 0.58) ? '男' : '女';
    const short = rng.chance(0.012);
    elders.push(build({
      name: newName(gender, short), gender, birthDate: birthForAge(age), lunarBirthday: rng.chance(age >= 85 ? 0.32 : 0.18),
      town: rng.weighted(TOWN_WEIGHTS),
    }));
  }
  // shuffle (Fisher-Yates), so that fixed people are not all first
  for (let i = elders.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = elders[i] as Elder; elders[i] = elders[j] as Elder; elders[j] = t;
  }

  // about 3% deceased, older people more likely; never the fixed edge-case people
  const fixedNames = new Set(FIXED.map((f) => f.name));
  let deaths = 0;
  for (const e of elders) {
    if (deaths >= 18 || fixedNames.has(e.name)) continue;
    const age = ageOn(e.birthDate, REF);
    if (rng.chance(age >= 90 ? 0.1 : age >= 80 ? 0.03 : 0.012)) {
      e.status = '已故';
      e.deathDate = addDays('2025-04-01', rng.int(0, daysBetween('2025-04-01', '2026-11-25')));
      e.notes = `${e.deathDate}病故`;
      deaths++;
    }
  }

  // ---- visits (一进两看三查), 2026-06-01 .. 2026-11-30 ----
  const visits: Visit[] = [];
  const weightOf = (e: Elder): number => {
    const age = ageOn(e.birthDate, REF);
    return 1 + (e.mobility !== '好' ? 1 : 0) + (e.alone ? 1 : 0) + (age >= 90 ? 0.5 : 0);
  };
  let wsum = 0;
  for (const e of elders) wsum += weightOf(e);
  const span = daysBetween('2026-06-01', '2026-11-30');
  for (const e of elders) {
    const expected = 1030 * weightOf(e) / wsum;
    let n = Math.floor(expected);
    if (rng.float() < expected - n) n++;
    if (rng.chance(0.12)) n = 0; // some elders are never visited
    for (let i = 0; i < n; i++) {
      const date = addDays('2026-06-01', rng.int(0, span));
      if (e.deathDate && date >= e.deathDate) continue;
      const staff = rng.chance(0.7) ? (TOWN_LIAISON[e.town] ?? '张敏') : rng.pick(BUREAU_STAFF);
      const notes = [
        rng.pick(VISIT_NOTES_SPIRIT),
        e.mobility === '卧床' ? '卧床，护理到位' : rng.pick(VISIT_NOTES_HEALTH),
        e.alone ? '子女在外，邻居帮忙照看' : rng.pick(VISIT_NOTES_CARE),
        rng.pick(VISIT_NOTES_HOME),
        rng.pick(VISIT_NOTES_MEAL),
      ].join('；');
      visits.push({ elderName: e.name, elderPhone: e.phone, date, staff, notes });
    }
  }
  visits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.elderPhone < b.elderPhone ? -1 : 1));

  // ---- cases (诉求), 2026 ----
  const cases: LedgerCase[] = [];
  const living = elders.filter((e) => e.status === '在世');
  const kinds: Record<Exclude<CaseKind, '病故'>, number> = {
    '解忧': 34, '法律咨询': 14, '住院': 18, '生病': 14, '再婚': 2, '意外': 6, '困难': 10, '找人工': 8,
  };
  const raw: Omit<LedgerCase, 'id'>[] = [];
  for (const e of elders) {
    if (e.status === '已故' && e.deathDate && e.deathDate >= '2026-01-01') {
      raw.push({ elderName: e.name, elderPhone: e.phone, kind: '病故', openedOn: e.deathDate, status: '已办结',
        closedOn: addDays(e.deathDate, rng.int(1, 5)), summary: '家属报告老人病故' });
    }
  }
  const target = 120 - raw.length;
  for (let i = 0; i < target; i++) {
    const kind = rng.weighted(kinds);
    const e = rng.pick(living);
    const openedOn = rng.chance(0.4)
      ? addDays('2026-09-15', rng.int(0, daysBetween('2026-09-15', '2026-11-30')))
      : addDays('2026-01-05', rng.int(0, daysBetween('2026-01-05', '2026-11-30')));
    let status: CaseStatus;
    if (openedOn > '2026-11-10') status = rng.weighted({ '待处理': 5, '处理中': 4, '已办结': 1 });
    else if (openedOn > '2026-10-01') status = rng.weighted({ '待处理': 1.5, '处理中': 3, '已办结': 5.5 });
    else status = rng.weighted({ '待处理': 0.4, '处理中': 0.8, '已办结': 9 });
    let closedOn: string | undefined;
    if (status === '已办结') {
      closedOn = addDays(openedOn, rng.int(1, 20));
      if (closedOn > '2026-11-30') closedOn = '2026-11-30';
    }
    const c: Omit<LedgerCase, 'id'> = { elderName: e.name, elderPhone: e.phone, kind, openedOn, status, summary: rng.pick(CASE_SUMMARY[kind]) };
    if (closedOn) c.closedOn = closedOn;
    raw.push(c);
  }
  raw.sort((a, b) => (a.openedOn < b.openedOn ? -1 : a.openedOn > b.openedOn ? 1 : 0));
  const prefix: Record<CaseKind, string> = {
    '解忧': 'JY', '法律咨询': 'FL', '住院': 'ZY', '生病': 'SB', '病故': 'BG', '再婚': 'ZH', '意外': 'YW', '困难': 'KN', '找人工': 'RG',
  };
  const seq: Partial<Record<CaseKind, number>> = {};
  for (const c of raw) {
    const n = (seq[c.kind] ?? 0) + 1;
    seq[c.kind] = n;
    cases.push({ id: `${prefix[c.kind]}-2026-${String(n).padStart(4, '0')}`, ...c });
  }

  return { seed, elders, visits, cases, toCsv };
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** The elders as CSV in the exact demo-ledger header order; booleans as 是/否. */
export function toCsv(elders: Elder[]): string {
  const yn = (b: boolean): string => (b ? '是' : '否');
  const lines = [CSV_HEADER.join(',')];
  for (const e of elders) {
    lines.push([
      e.name, e.gender, e.birthDate, yn(e.lunarBirthday), e.category, e.unit, e.post, yn(e.partyMember), e.branch, e.town,
      e.village, e.address, e.phone, e.health, e.mobility, yn(e.alone), yn(e.widowed), e.children, e.emergencyName,
      e.emergencyPhone, e.needs, e.notes, e.status,
    ].map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
