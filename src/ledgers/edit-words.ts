import { InputError } from '../kernel/errors.ts';
import { addDays, isCalendarDay, isRealDate, ymd } from '../kernel/time.ts';
import type { ElderChanges } from './elder-edits.ts';

/**
 * What staff say to change a record, in words (电话改成139…, 已经去世了，11月30号, 搬到西关社区3号楼,
 * 现在卧床了, 独居 是) or as command-line options, turned into the changes editElder applies.
 */

const PHONE = '([0-9０-９][0-9０-９\\-\\s]{5,18}[0-9０-９])';
const SET = '(?:改成|改为|换成|换为|变成|更新为|更正为|修改为|改|是|为|[:：])?\\s*';

const YES = /^(是|有|对|y|yes|true|1)$/i;
const NO = /^(否|无|没有|不是|n|no|false|0)$/i;

export function yesNo(v: string, what: string): boolean {
  const t = v.trim();
  if (YES.test(t)) return true;
  if (NO.test(t)) return false;
  throw new InputError(`bad yes/no for ${what}: ${v}`, `“${what}”只能填“是”或“否”。`);
}

const MOBILITY: Record<string, NonNullable<ElderChanges['mobility']>> = { 好: '好', 正常: '好', 能自理: '好', 行动不便: '行动不便', 不便: '行动不便', 卧床: '卧床', 瘫痪: '卧床' };

export function mobilityWord(v: string): NonNullable<ElderChanges['mobility']> {
  const m = MOBILITY[v.trim()];
  if (!m) throw new InputError(`bad mobility ${v}`, '行动能力只能是：好、行动不便、卧床。');
  return m;
}

/** 2026-11-30, 2026年11月30日, 11月30号 (this year, or last if still ahead), 今天, 昨天, 前天. */
export function dayIn(text: string, today: string): string | null {
  const iso = /(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?/.exec(text);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    return isRealDate(y, m, d) ? ymd(y, m, d) : null;
  }
  const md = /(\d{1,2})月(\d{1,2})[日号]/.exec(text);
  if (md) {
    const y = Number(today.slice(0, 4));
    const [m, d] = [Number(md[1]), Number(md[2])];
    if (!isRealDate(y, m, d)) return null;
    const day = ymd(y, m, d);
    return day > today ? ymd(y - 1, m, d) : day;
  }
  if (/前天/.test(text)) return addDays(today, -2);
  if (/昨天|昨日|昨晚/.test(text)) return addDays(today, -1);
  if (/今天|今日|今早|今晨|刚才|刚刚/.test(text)) return today;
  return null;
}

export interface EditWords {
  changes: ElderChanges;
  /** The death date was not said: today was taken (the confirmation says so). */
  deathDateAssumed?: boolean;
}

/** The changes a message asks for; null when it asks for none. */
export function editWords(text: string, today: string): EditWords | null {
  const t = text.normalize('NFKC');
  const c: ElderChanges = {};
  let assumed = false;
  const emergency = new RegExp(`紧急联系(?:人)?(?:的)?(?:电话|手机)(?:号码)?${SET}${PHONE}`).exec(t);
  if (emergency) c.emergency_phone = emergency[1]!.replace(/\s/g, '');
  const phone = new RegExp(`(?<!紧急联系人?的?)(?:联系)?(?:电话|手机)(?:号码|号)?${SET}${PHONE}`).exec(t.replace(emergency?.[0] ?? '\u0000', ''));
  if (phone) c.phone = phone[1]!.replace(/\s/g, '');
  const contact = new RegExp(`紧急联系人${SET}([\u4e00-\u9fa5]{2,4})`).exec(t);
  if (contact && !/电话|手机/.test(contact[1]!)) c.emergency_contact = contact[1]!;
  const address = new RegExp(`(?:家庭)?(?:住址|地址)${SET}([^，。；;！!？?]{4,80})`).exec(t) ?? /(?:搬到|搬去|搬家到|迁到|住到)(?:了)?([^，。；;！!？?]{4,80})/.exec(t);
  if (address) c.address = address[1]!.trim().replace(/了$/, '');
  const health = new RegExp(`(?:身体状况|健康状况|病情)${SET}([^，。；;！!？?]{2,60})`).exec(t);
  if (health) c.health = health[1]!.trim();
  const mob = /(?:行动能力)?(?:改成|改为|变成|现在是|现在|已经)?(卧床|瘫痪|行动不便|能自理)(?:了)?/.exec(t) ?? /行动能力(?:改成|改为|变成|是|为|[:：])?\s*(好|正常|行动不便|卧床)/.exec(t);
  if (mob && !/不再卧床|不卧床/.test(t)) c.mobility = mobilityWord(mob[1]!);
  if (/(?:不再|不)卧床|能下(?:地|床)了|行动(?:恢复)?正常了?/.test(t)) c.mobility = /能下|正常/.test(t) ? '好' : (c.mobility ?? '行动不便');
  const alone = /独居\s*[:：]?\s*(是|否)/.exec(t);
  if (alone) c.lives_alone = alone[1] === '是';
  else if (/(?:不再|不是|没有)独居|(?:和|跟|与)(?:子女|儿子|女儿|孩子|家人|老伴)(?:一起)?(?:住|同住|生活)了?|有人(?:照顾|同住)了/.test(t)) c.lives_alone = false;
  else if (/(?:现在|已经|开始)?(?:独居|一个人住|一个人过|自己一个人住)了?/.test(t)) c.lives_alone = true;
  const widowed = /丧偶\s*[:：]?\s*(是|否)/.exec(t);
  if (widowed) c.widowed = widowed[1] === '是';
  else if (/再婚了?|又结婚了?/.test(t)) c.widowed = false;
  else if (/丧偶了?|老伴(?:已经)?(?:去世|过世|走了|不在了|病故)/.test(t)) c.widowed = true;
  const died = /(?<!老伴|爱人|配偶)(?:已经|已)?(?:去世|过世|病故|逝世|离世|亡故|已故)/.test(t) || /(?:人|老人)(?:已经)?走了/.test(t);
  if (died && !/没有?(?:去世|过世)|恢复在世|改为在世|弄错/.test(t)) {
    c.status = '已故';
    const d = dayIn(t, today);
    if (d && d > today) throw new InputError(`death date ${d} after today`, '去世日期不能在今天之后，请核对。');
    c.death_date = d ?? today;
    assumed = !d;
  }
  if (/没有?(?:去世|过世)|恢复在世|改为在世|还在世|健在/.test(t)) {
    c.status = '在世';
    c.death_date = null;
  }
  if (!Object.keys(c).length) return null;
  return { changes: c, ...(assumed ? { deathDateAssumed: true } : {}) };
}

export const CHANGE_LABELS: Record<keyof ElderChanges, string> = {
  phone: '联系电话',
  address: '家庭住址',
  mobility: '行动能力',
  lives_alone: '独居',
  widowed: '丧偶',
  health: '身体状况',
  emergency_contact: '紧急联系人',
  emergency_phone: '紧急联系电话',
  status: '状态',
  death_date: '去世日期',
};

export function describeValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** Command-line options, checked: `--alone 是`, `--status 已故 --death-date 2026-11-30`. */
export function changesFromOptions(o: Partial<Record<'phone' | 'address' | 'mobility' | 'alone' | 'widowed' | 'health' | 'emergencyContact' | 'emergencyPhone' | 'status' | 'deathDate', string>>): ElderChanges {
  const c: ElderChanges = {};
  if (o.phone !== undefined) c.phone = o.phone || null;
  if (o.address !== undefined) c.address = o.address || null;
  if (o.mobility !== undefined) c.mobility = mobilityWord(o.mobility);
  if (o.alone !== undefined) c.lives_alone = yesNo(o.alone, '独居');
  if (o.widowed !== undefined) c.widowed = yesNo(o.widowed, '丧偶');
  if (o.health !== undefined) c.health = o.health || null;
  if (o.emergencyContact !== undefined) c.emergency_contact = o.emergencyContact || null;
  if (o.emergencyPhone !== undefined) c.emergency_phone = o.emergencyPhone || null;
  if (o.status !== undefined) {
    const s = o.status.trim();
    if (s !== '在世' && s !== '已故') throw new InputError(`bad status ${s}`, '状态只能是“在世”或“已故”。');
    c.status = s;
    if (s === '在世') c.death_date = null;
  }
  if (o.deathDate !== undefined) {
    if (!isCalendarDay(o.deathDate)) throw new InputError(`bad death date ${o.deathDate}`, '去世日期的格式应为 2026-11-30。');
    c.death_date = o.deathDate;
    c.status ??= '已故';
  }
  if (c.status === '已故' && !c.death_date) throw new InputError('已故 without a date', '标记已故时请写上去世日期：--death-date 2026-11-30。');
  return c;
}
