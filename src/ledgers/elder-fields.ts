/**
 * The columns of the 基本信息台账: database column, the Chinese header we write, the header variants
 * offices actually type, and how the cell is read.
 */
export type FieldKind = 'text' | 'date' | 'bool' | 'gender' | 'category' | 'mobility' | 'status' | 'phone';

export interface ElderField {
  column: string;
  header: string;
  aliases: string[];
  kind: FieldKind;
  required?: boolean;
  /** Column width in exported sheets, in characters. */
  width: number;
}

export const ELDER_FIELDS: readonly ElderField[] = [
  { column: 'external_id', header: '编号', aliases: ['序号id', '人员编号', '档案号', 'id', '编码'], kind: 'text', width: 10 },
  { column: 'name', header: '姓名', aliases: ['名字', '老干部姓名', '姓  名'], kind: 'text', required: true, width: 10 },
  { column: 'gender', header: '性别', aliases: [], kind: 'gender', width: 6 },
  { column: 'birth_date', header: '出生日期', aliases: ['出生年月日', '出生年月', '生日', '出生时间', '出生日期(公历)', '公历生日', '出生', '出生年月(日)', '出生日期(年月日)'], kind: 'date', required: true, width: 12 },
  { column: 'lunar_birthday', header: '农历生日', aliases: ['农历生日(是/否)', '过农历生日', '是否农历生日', '农历', '是否过农历生日'], kind: 'bool', width: 10 },
  { column: 'category', header: '类别', aliases: ['类别(离休/退休)', '离退休类别', '离休/退休', '离退休', '人员类别'], kind: 'category', width: 8 },
  { column: 'former_unit', header: '原工作单位', aliases: ['原单位', '工作单位', '退休前单位', '原工作单位名称'], kind: 'text', width: 18 },
  { column: 'former_post', header: '原职务', aliases: ['职务', '原任职务', '退休前职务', '职级'], kind: 'text', width: 12 },
  { column: 'party_member', header: '党员', aliases: ['党员(是/否)', '是否党员', '政治面貌'], kind: 'bool', width: 6 },
  { column: 'party_branch', header: '所在党支部', aliases: ['党支部', '所属党支部', '支部'], kind: 'text', width: 18 },
  { column: 'town', header: '镇(街道)', aliases: ['所在镇(街道)', '镇', '镇办', '乡镇', '街道', '镇街', '乡镇(街道)', '所在镇', '镇(办)'], kind: 'text', width: 10 },
  { column: 'village', header: '村(社区)', aliases: ['所在村(社区)', '村', '社区', '村社区', '村组', '村(居)'], kind: 'text', width: 12 },
  { column: 'address', header: '家庭住址', aliases: ['住址', '居住地址', '现住址', '地址', '居住地点', '家庭地址'], kind: 'text', width: 26 },
  { column: 'phone', header: '联系电话', aliases: ['手机号码', '手机号', '电话', '联系方式', '本人电话', '手机', '本人手机', '本人联系电话', '联系电话(本人)', '电话号码'], kind: 'phone', width: 14 },
  { column: 'health', header: '身体状况', aliases: ['健康状况', '身体情况', '患病情况', '疾病情况', '所患疾病'], kind: 'text', width: 16 },
  { column: 'mobility', header: '行动能力', aliases: ['行动情况', '活动能力', '自理能力', '行动'], kind: 'mobility', width: 10 },
  { column: 'lives_alone', header: '独居', aliases: ['独居(是/否)', '是否独居'], kind: 'bool', width: 6 },
  { column: 'widowed', header: '丧偶', aliases: ['丧偶(是/否)', '是否丧偶'], kind: 'bool', width: 6 },
  { column: 'children', header: '子女情况', aliases: ['子女', '子女信息', '家庭成员'], kind: 'text', width: 20 },
  { column: 'emergency_contact', header: '紧急联系人', aliases: ['联系人', '紧急联络人', '紧急联系人姓名', '家属姓名', '家属', '监护人', '监护人姓名', '联系人姓名'], kind: 'text', width: 10 },
  { column: 'emergency_phone', header: '紧急联系电话', aliases: ['紧急联系人电话', '联系人电话', '紧急电话', '家属电话', '家属联系电话', '监护人电话', '子女电话', '紧急联系人手机', '家属手机'], kind: 'phone', width: 14 },
  { column: 'needs', header: '需求', aliases: ['现实需求', '服务需求', '诉求'], kind: 'text', width: 16 },
  { column: 'notes', header: '备注', aliases: ['说明', '其他', '其它', '其他情况', '其它情况', '情况说明', '备注1', '备注2', '备注说明'], kind: 'text', width: 16 },
  { column: 'status', header: '状态', aliases: ['在世状态', '是否在世', '人员状态'], kind: 'status', width: 8 },
  { column: 'death_date', header: '去世日期', aliases: ['逝世日期', '死亡日期', '病故日期', '去世时间'], kind: 'date', width: 12 },
];

/**
 * Headers recognised and deliberately not kept: the product never needs an ID card number, so the
 * column is dropped on import (and named in the report so staff know it was not stored).
 */
export const DROPPED_HEADERS: readonly string[] = ['身份证号', '身份证号码', '身份证', '公民身份号码', '身份证件号码', '证件号码', '身份号码'];

/** Several columns of these are joined (两列备注), not refused as duplicates. */
export const JOINABLE_COLUMNS: ReadonlySet<string> = new Set(['notes', 'needs', 'children', 'health']);

export type ElderColumn = (typeof ELDER_FIELDS)[number]['column'];

/** The shape of one elder as import and export see it (DB column names). */
export interface ElderInput {
  external_id?: string | null;
  name: string;
  gender?: '男' | '女' | null;
  birth_date: string;
  lunar_birthday?: boolean;
  category?: '离休' | '退休' | null;
  former_unit?: string | null;
  former_post?: string | null;
  party_member?: boolean | null;
  party_branch?: string | null;
  town?: string | null;
  village?: string | null;
  address?: string | null;
  phone?: string | null;
  health?: string | null;
  mobility?: '好' | '行动不便' | '卧床' | null;
  lives_alone?: boolean;
  widowed?: boolean;
  children?: string | null;
  emergency_contact?: string | null;
  emergency_phone?: string | null;
  needs?: string | null;
  notes?: string | null;
  status?: '在世' | '已故';
  death_date?: string | null;
  /** 'month' when the sheet gave only the year and month (birth_date is then the 1st). */
  birth_precision?: 'day' | 'month';
}
