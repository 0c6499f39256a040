import { z } from 'zod';

/**
 * The LedgerQuery language: a structured question over the 基本信息台账. The Chinese parser and
 * (optionally) an LLM tool call both produce it; only the compiler turns it into SQL, always with
 * parameters. Every string here is data, never SQL.
 */

const text = z.string().trim().min(1).max(100);
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const age = z.number().int().min(0).max(150);

export const viewSchema = z.enum(['患病', '丧偶', '独居']);
export const mobilitySchema = z.enum(['好', '行动不便', '卧床']);

/** Output fields (keys of a result row). id and name are always present. */
export const fieldSchema = z.enum([
  'gender',
  'age',
  'birthDate',
  'lunarBirthday',
  'category',
  'formerUnit',
  'formerPost',
  'partyMember',
  'partyBranch',
  'town',
  'village',
  'address',
  'phone',
  'health',
  'mobility',
  'livesAlone',
  'widowed',
  'children',
  'emergencyContact',
  'emergencyPhone',
  'needs',
  'notes',
  'status',
  'deathDate',
]);
export type LedgerField = z.infer<typeof fieldSchema>;

/**
 * What a group of a statistic is keyed by. condition: each item of 身体状况 (an elder with two
 * conditions counts in both); staff: who made the visits; caseKind, caseStatus, month: of cases or
 * visits.
 */
export const groupBySchema = z.enum([
  'town', 'village', 'category', 'ageBand', 'gender', 'mobility', 'partyMember', 'partyBranch', 'condition', 'livesAlone', 'widowed', 'formerUnit', 'formerPost',
  'staff', 'caseKind', 'caseStatus', 'month',
]);
export type GroupBy = z.infer<typeof groupBySchema>;

/** What is counted or listed: elders (default), visits, the staff who made visits, or cases (诉求). */
export const subjectSchema = z.enum(['elders', 'visits', 'visitors', 'cases']);
export type Subject = z.infer<typeof subjectSchema>;

const dayWindow = z.object({ from: isoDate, to: isoDate }).strict();

/** Visits (走访) in a window, by whom. */
export const visitFilterSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Names of the staff who visited. */
    staff: z.array(text).min(1).max(10).optional(),
  })
  .strict();
export type VisitFilter = z.infer<typeof visitFilterSchema>;

export const caseStatusSchema = z.enum(['待处理', '处理中', '已办结']);
export type CaseStatusWord = z.infer<typeof caseStatusSchema>;

/** Cases (诉求): kind words as staff say them (解忧, 法律咨询, 住院 …), status, when opened. */
export const caseFilterSchema = z
  .object({
    kinds: z.array(text).min(1).max(10).optional(),
    status: z.array(caseStatusSchema).min(1).max(3).optional(),
    openedFrom: isoDate.optional(),
    openedTo: isoDate.optional(),
    /** 超期: still 待处理 after its due day. */
    overdue: z.boolean().optional(),
    /** 待处理 for more than this many days. */
    waitingDaysOver: z.number().int().min(0).max(3650).optional(),
  })
  .strict();
export type CaseFilter = z.infer<typeof caseFilterSchema>;

const baseFilters = z
  .object({
    /** Name contains this text (or starts with it when namePrefix). */
    name: text.optional(),
    namePrefix: z.string().trim().min(1).max(2).optional(),
    gender: z.enum(['男', '女']).optional(),
    /** Any of these towns (镇/街道). */
    towns: z.array(text).max(50).optional(),
    /** Any of these villages (村/社区). */
    villages: z.array(text).max(100).optional(),
    /** Age in whole years on the query's "today", inclusive bounds. */
    ageMin: age.optional(),
    ageMax: age.optional(),
    bornFrom: isoDate.optional(),
    bornTo: isoDate.optional(),
    /** Any of these birth months (1–12). */
    birthMonths: z.array(z.number().int().min(1).max(12)).max(12).optional(),
    /** Birthday (month-day) falls in this inclusive range; from > to wraps over the new year. */
    birthdayBetween: z.object({ from: monthDay, to: monthDay }).optional(),
    lunarBirthday: z.boolean().optional(),
    category: z.enum(['离休', '退休']).optional(),
    partyMember: z.boolean().optional(),
    partyBranch: text.optional(),
    formerUnit: text.optional(),
    formerPost: text.optional(),
    /** Any of these mobility levels. */
    mobility: z.array(mobilitySchema).min(1).max(3).optional(),
    /** Health text: every inner list must match, by any of its synonyms. */
    health: z.array(z.array(text).min(1).max(10)).max(5).optional(),
    /** In at least one of these ledgers (独居或丧偶). */
    anyOfViews: z.array(viewSchema).min(2).max(3).optional(),
    /** Has a health condition (the 患病 ledger) or not. */
    ill: z.boolean().optional(),
    livesAlone: z.boolean().optional(),
    widowed: z.boolean().optional(),
    /** Needs text contains any of these. */
    needs: z.array(text).max(5).optional(),
    /** Any recorded need at all. */
    hasNeeds: z.boolean().optional(),
    address: text.optional(),
    /** Phone or emergency phone contains these digits. */
    phone: z.string().regex(/^\d{3,11}$/).optional(),
    children: text.optional(),
    /** These elders only (a follow-up about the people of an earlier answer). */
    ids: z.array(z.number().int().positive()).max(10_000).optional(),
    /** Birthday celebrated on some day of this window (absolute days), by each elder's own calendar (农历 or 公历). */
    birthdayWindow: dayWindow.optional(),
    /** Turning one of these ages in today's year (整寿: 80, 90, 100). */
    turningAges: z.array(age).min(1).max(10).optional(),
    /** Keeps a 农历 birthday in one of these lunar months. */
    lunarBirthMonths: z.array(z.number().int().min(1).max(12)).max(12).optional(),
    /** Died within these days (status 已故). */
    diedFrom: isoDate.optional(),
    diedTo: isoDate.optional(),
    /** 原职务 is exactly one of these (校长 is not 副校长). */
    formerPosts: z.array(text).min(1).max(10).optional(),
    /** Number of visits in the window within [min, max] (没走访: max 0; 走访过: min 1). */
    visits: visitFilterSchema.extend({ min: z.number().int().min(0).max(100).optional(), max: z.number().int().min(0).max(100).optional() }).strict().optional(),
    /** Has at least one such case (今年住过院的, 诉求没办结的). */
    cases: caseFilterSchema.optional(),
    /** 在世 by default; 已故, or 全部 for both. */
    status: z.enum(['在世', '已故', '全部']).default('在世'),
  })
  .strict();

/**
 * Elders matching every filter; `exclude` removes those matching all of its own (除了城关街道); `anyOf`
 * keeps those matching at least one of its sets (独居或者卧床).
 */
export const filtersSchema = baseFilters
  .extend({ exclude: baseFilters.partial().optional(), anyOf: z.array(baseFilters.partial()).min(2).max(5).optional() })
  .strict();

export const sortSchema = z.object({
  by: z.enum(['age', 'birthday', 'name', 'town', 'date', 'count']),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

export const ledgerQuerySchema = z
  .object({
    /** 患病/丧偶/独居 ledgers: views of the one ledger. */
    view: viewSchema.optional(),
    subject: subjectSchema.default('elders'),
    filters: filtersSchema.default({ status: '在世' }),
    /** For subject visits and visitors. */
    visitFilter: visitFilterSchema.optional(),
    /** For subject cases. */
    caseFilter: caseFilterSchema.optional(),
    /** list rows, count them, count them per group (statistics), or one number (average, share …). */
    output: z.enum(['list', 'count', 'stats', 'value']).default('list'),
    groupBy: groupBySchema.optional(),
    /** Second key of a two-way statistic (按镇和性别): groups are named "韦庄镇·男". */
    groupBy2: groupBySchema.optional(),
    /** For output value: average, minimum or maximum age, or the share (percent) of the elders that also match `part`. */
    measure: z
      .object({ fn: z.enum(['avg', 'min', 'max', 'percent']), field: z.enum(['age']).default('age'), part: baseFilters.partial().optional() })
      .strict()
      .optional(),
    fields: z.array(fieldSchema).max(30).default([]),
    sort: sortSchema.optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((q) => q.output !== 'stats' || q.groupBy !== undefined, { message: 'stats needs groupBy', path: ['groupBy'] })
  .refine((q) => q.output !== 'value' || q.measure !== undefined, { message: 'value needs measure', path: ['measure'] })
  .refine((q) => q.measure?.fn !== 'percent' || q.measure.part !== undefined, { message: 'percent needs part', path: ['measure'] });

export type LedgerQuery = z.output<typeof ledgerQuerySchema>;
export type LedgerQueryInput = z.input<typeof ledgerQuerySchema>;
export type LedgerFilters = z.output<typeof filtersSchema>;
export type BaseFilters = Partial<z.output<typeof baseFilters>>;

/** Chinese column labels, for text tables, Excel headers and charts. */
export const fieldLabels: Record<LedgerField | 'id' | 'name', string> = {
  id: '编号',
  name: '姓名',
  gender: '性别',
  age: '年龄',
  birthDate: '出生日期',
  lunarBirthday: '农历生日',
  category: '类别',
  formerUnit: '原工作单位',
  formerPost: '原职务',
  partyMember: '党员',
  partyBranch: '所在党支部',
  town: '镇(街道)',
  village: '村(社区)',
  address: '家庭住址',
  phone: '联系电话',
  health: '身体状况',
  mobility: '行动能力',
  livesAlone: '独居',
  widowed: '丧偶',
  children: '子女情况',
  emergencyContact: '紧急联系人',
  emergencyPhone: '紧急联系电话',
  needs: '需求',
  notes: '备注',
  status: '状态',
  deathDate: '去世日期',
};

/** Row keys of visit, visitor and case answers, for text tables and Excel headers. */
export const extraLabels: Record<string, string> = {
  visitedOn: '走访日期',
  staff: '走访人',
  visits: '走访次数',
  lastVisitedOn: '最近走访',
  number: '编号',
  kind: '类别',
  caseStatus: '状态',
  openedOn: '登记日期',
  summary: '内容',
};

export const groupByLabels: Record<GroupBy, string> = {
  town: '镇(街道)',
  village: '村(社区)',
  category: '类别',
  ageBand: '年龄段',
  gender: '性别',
  mobility: '行动能力',
  partyMember: '党员',
  partyBranch: '党支部',
  condition: '疾病',
  livesAlone: '独居',
  widowed: '丧偶',
  formerUnit: '原工作单位',
  formerPost: '原职务',
  staff: '走访人',
  caseKind: '诉求类别',
  caseStatus: '办理状态',
  month: '月份',
};

/** Validates anything (parser output, model tool arguments) into a LedgerQuery. Throws ZodError. */
export function parseLedgerQuery(input: unknown): LedgerQuery {
  return ledgerQuerySchema.parse(input);
}
