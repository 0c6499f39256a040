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

export const groupBySchema = z.enum(['town', 'village', 'category', 'ageBand', 'gender', 'mobility', 'partyMember']);
export type GroupBy = z.infer<typeof groupBySchema>;

export const filtersSchema = z
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
    /** 在世 by default; 已故, or 全部 for both. */
    status: z.enum(['在世', '已故', '全部']).default('在世'),
  })
  .strict();

export const sortSchema = z.object({
  by: z.enum(['age', 'birthday', 'name', 'town']),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

export const ledgerQuerySchema = z
  .object({
    /** 患病/丧偶/独居 ledgers: views of the one ledger. */
    view: viewSchema.optional(),
    filters: filtersSchema.default({ status: '在世' }),
    /** list rows, count them, or count them per group (statistics). */
    output: z.enum(['list', 'count', 'stats']).default('list'),
    groupBy: groupBySchema.optional(),
    fields: z.array(fieldSchema).max(30).default([]),
    sort: sortSchema.optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((q) => q.output !== 'stats' || q.groupBy !== undefined, { message: 'stats needs groupBy', path: ['groupBy'] });

export type LedgerQuery = z.output<typeof ledgerQuerySchema>;
export type LedgerQueryInput = z.input<typeof ledgerQuerySchema>;
export type LedgerFilters = z.output<typeof filtersSchema>;

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

export const groupByLabels: Record<GroupBy, string> = {
  town: '镇(街道)',
  village: '村(社区)',
  category: '类别',
  ageBand: '年龄段',
  gender: '性别',
  mobility: '行动能力',
  partyMember: '党员',
};

/** Validates anything (parser output, model tool arguments) into a LedgerQuery. Throws ZodError. */
export function parseLedgerQuery(input: unknown): LedgerQuery {
  return ledgerQuerySchema.parse(input);
}
