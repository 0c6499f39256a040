import { JOINABLE_COLUMNS, type ElderField, type ElderInput } from './elder-fields.ts';
import { ageOn, birthFromYearAndMonthDay, parseBirthDate, parseDate, parseMonthDay, showBirth } from './parse-date.ts';
import { toLunar } from '../kernel/calendar.ts';

/** One sheet cell as read: text, a number, a Date (xlsx date cells), or nothing. */
export type Cell = string | number | Date | boolean | null;

export type RowResult = { ok: true; elder: ElderInput } | { ok: false; reasons: string[] };

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '对', '中共党员', '党员', '预备党员']);
const NO = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '✗', '不是', '群众', '非党员']);

function cellText(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).normalize('NFKC').trim();
}

function parseBool(s: string, header: string): boolean | string {
  const v = s.toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return `“${header}”应填“是”或“否”，现在是“${s}”`;
}

/** Mobile (11 digits from 1) or a landline with area code; separators and +86 dropped. */
export function normalizePhone(s: string): string | null {
  let d = s.replace(/[\s\-－—()（）]/g, '');
  if (/^(\+?86)1\d{10}$/.test(d)) d = d.replace(/^\+?86/, '');
  if (/^1[3-9]\d{9}$/.test(d)) return d;
  if (/^0\d{2,3}\d{7,8}$/.test(d)) return d;
  return null;
}

const MOBILITY: Record<string, '好' | '行动不便' | '卧床'> = {
  好: '好', 良好: '好', 正常: '好', 能自理: '好', 自理: '好', 较好: '好', 可以: '好',
  行动不便: '行动不便', 不便: '行动不便', 半自理: '行动不便', 需搀扶: '行动不便', 拄拐: '行动不便', 坐轮椅: '行动不便', 轮椅: '行动不便',
  卧床: '卧床', 长期卧床: '卧床', 卧床不起: '卧床', 不能自理: '卧床', 瘫痪: '卧床',
};
const STATUS: Record<string, '在世' | '已故'> = {
  在世: '在世', 健在: '在世', 正常: '在世', 在: '在世',
  已故: '已故', 去世: '已故', 已去世: '已故', 病故: '已故', 死亡: '已故', 故: '已故', 逝世: '已故',
};
const CATEGORY: Record<string, '离休' | '退休'> = { 离休: '离休', 离休干部: '离休', 退休: '退休', 退休干部: '退休' };
const GENDER: Record<string, '男' | '女'> = { 男: '男', 女: '女', 男性: '男', 女性: '女', m: '男', f: '女' };

/** What a sheet says about all its rows when a column is missing (a sheet per town or per ledger). */
export interface RowDefaults {
  town?: string;
  category?: '离休' | '退休';
  livesAlone?: boolean;
  widowed?: boolean;
}

/** A month-day in a 生日 or 农历生日 column, waiting for the birth year. */
type BirthdayCell = { month: number; day: number; lunar: boolean; leap: boolean; shown: string };

/**
 * Validates one row against the ledger's rules and returns the elder, or every reason (in Chinese)
 * why it cannot be imported. `today` bounds plausible birth dates. Joinable columns (两列备注) are
 * joined; a 生日 column completes a birth date known to the month; a 农历 date sets the 农历 flag.
 */
export function validateRow(columns: Map<number, ElderField>, cells: Cell[], today: string, defaults: RowDefaults = {}): RowResult {
  const reasons: string[] = [];
  const out: Record<string, unknown> = {};
  let birthLunar = false;
  let birthday: BirthdayCell | null = null;
  let lunarSaid: boolean | null = null;
  for (const [i, f] of columns) {
    const raw = cells[i] ?? null;
    const s = cellText(raw);
    if (!s && !(raw instanceof Date) && typeof raw !== 'number') {
      if (f.required) reasons.push(`缺少${f.header}`);
      else if (!(f.column in out)) out[f.column] = f.kind === 'bool' ? (f.column === 'party_member' ? null : false) : null;
      continue;
    }
    if (f.column === 'birthday') {
      const md = parseMonthDay(raw);
      if (!md.ok) reasons.push(`生日：${md.reason}`);
      else birthday = { ...md, shown: s };
      continue;
    }
    switch (f.kind) {
      case 'text':
        if (s.length > 500) reasons.push(`“${f.header}”太长（超过500字）`);
        else if (JOINABLE_COLUMNS.has(f.column) && out[f.column]) out[f.column] = `${out[f.column] as string}；${s}`;
        else out[f.column] = f.column === 'name' ? s.replace(/\s+/g, '') : s;
        break;
      case 'date': {
        if (f.column === 'birth_date') {
          const b = parseBirthDate(raw instanceof Date || typeof raw === 'number' ? raw : s);
          if (!b.ok) reasons.push(`${f.header}：${b.reason}`);
          else {
            out.birth_date = b.date;
            out.birth_precision = b.precision;
            birthLunar = b.lunar;
          }
          break;
        }
        const d = parseDate(raw instanceof Date || typeof raw === 'number' ? raw : s);
        if (!d.ok) reasons.push(`${f.header}：${d.reason}`);
        else out[f.column] = d.date;
        break;
      }
      case 'bool': {
        const b = parseBool(s, f.header);
        if (typeof b !== 'string') {
          out[f.column] = b;
          if (f.column === 'lunar_birthday') lunarSaid = b;
          break;
        }
        // A 农历生日 column holding the day itself (三月十五, 腊月初八): the birthday, kept by the lunar calendar.
        const md = f.column === 'lunar_birthday' ? parseMonthDay(/农历|阴历/.test(s) ? s : `农历${s}`) : null;
        if (md?.ok) {
          birthday = { ...md, lunar: true, shown: s };
          out.lunar_birthday = true;
          lunarSaid = true;
        } else reasons.push(b);
        break;
      }
      case 'phone': {
        const p = normalizePhone(s) ?? (typeof raw === 'number' ? normalizePhone(`0${s}`) : null);
        if (!p) reasons.push(`${f.header}“${s}”不对，手机号应为11位数字`);
        else out[f.column] = p;
        break;
      }
      case 'gender':
      case 'category':
      case 'mobility':
      case 'status': {
        const table = { gender: GENDER, category: CATEGORY, mobility: MOBILITY, status: STATUS }[f.kind] as Record<string, string>;
        const v = table[s.toLowerCase()];
        if (!v) reasons.push(`“${f.header}”填写的“${s}”看不懂，可填：${[...new Set(Object.values(table))].join('、')}`);
        else out[f.column] = v;
        break;
      }
    }
  }
  completeBirth(out, birthday, birthLunar, lunarSaid, reasons);
  applyDefaults(out, defaults);
  const name = out.name as string | undefined;
  if (name !== undefined && (name.length < 2 || name.length > 20 || /\d/.test(name))) reasons.push(`姓名“${name}”不像人名`);
  const birth = out.birth_date as string | undefined;
  if (birth) {
    const age = ageOn(birth, today);
    if (birth > today) reasons.push(`出生日期${birth}在今天之后`);
    else if (age < 40 || age > 120) reasons.push(`出生日期${showBirth(birth, out.birth_precision as string)}不合理（算来${age}岁）`);
  }
  const death = out.death_date as string | null | undefined;
  if (death) {
    if (!out.status) out.status = '已故';
    if (out.status !== '已故') reasons.push('填了去世日期，状态却不是“已故”');
    if (death > today) reasons.push(`去世日期${death}在今天之后`);
    if (birth && death < birth) reasons.push('去世日期早于出生日期');
  }
  if (reasons.length) return { ok: false, reasons };
  delete out.birthday;
  return { ok: true, elder: out as unknown as ElderInput };
}

/**
 * Puts the birth date and the 生日 column together: 出生年月 1936.3 with 生日 农历三月十五 is 农历
 * 1936-03-15; a full birth date and a 生日 that disagree is a question for the clerk, not a guess.
 */
function completeBirth(out: Record<string, unknown>, birthday: BirthdayCell | null, birthLunar: boolean, lunarSaid: boolean | null, reasons: string[]): void {
  const birth = out.birth_date as string | undefined;
  if (birthLunar) {
    if (lunarSaid === false) reasons.push('出生日期写的是农历，“农历生日”却填了“否”，请核对');
    out.lunar_birthday = true;
  }
  if (!birthday || !birth) return;
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  if (out.birth_precision === 'month') {
    if (!birthday.lunar && birthday.month !== m) {
      reasons.push(`出生年月是${m}月，生日却写的是${birthday.shown}，请核对`);
      return;
    }
    const full = birthFromYearAndMonthDay(y, birthday);
    if (!full.ok) return void reasons.push(`生日：${full.reason}`);
    out.birth_date = full.date;
    out.birth_precision = 'day';
    if (birthday.lunar) out.lunar_birthday = true;
    return;
  }
  const agrees = birthday.lunar
    ? (() => {
        const l = toLunar(birth);
        return birthLunar || (l.month === birthday.month && l.day === birthday.day);
      })()
    : birthday.month === m && birthday.day === d;
  if (!agrees) reasons.push(`出生日期${birth}与生日“${birthday.shown}”对不上，请核对`);
  else if (birthday.lunar) out.lunar_birthday = true;
}

function applyDefaults(out: Record<string, unknown>, d: RowDefaults): void {
  if (d.town && !out.town) out.town = d.town;
  if (d.category && !out.category) out.category = d.category;
  if (d.livesAlone && !out.lives_alone) out.lives_alone = true;
  if (d.widowed && !out.widowed) out.widowed = true;
}
