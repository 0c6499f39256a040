/**
 * Greeting text: the elder's name with a respectful form of address. In the county the bureau calls a
 * retired cadre 张老 (or 老张 among peers); the text itself always says 您.
 */
const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '端木', '独孤', '南宫', '西门',
];

export type AddressStyle = '张老' | '老张' | '张老先生';

export function surnameOf(name: string): string {
  const n = name.trim();
  const compound = COMPOUND_SURNAMES.find((s) => n.startsWith(s) && n.length > s.length);
  return compound ?? n.slice(0, 1);
}

/** 张老 / 老张 / 张老先生 (老先生 is for men only; women stay 李老). */
export function addressOf(name: string, style: AddressStyle = '张老', gender?: string | null): string {
  const s = surnameOf(name);
  if (style === '老张') return `老${s}`;
  if (style === '张老先生') return gender === '女' ? `${s}老` : `${s}老先生`;
  return `${s}老`;
}

export type TemplateVars = Record<string, string | number | undefined | null>;

/** Replaces {name} placeholders; unknown ones are left visible so a staff typo shows in the preview. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{([^{}\s]{1,8})\}/g, (whole, key: string) => {
    const v = vars[key];
    return v === undefined || v === null ? whole : String(v);
  });
}

/** Placeholders a template may use, shown to staff when they edit one. */
export const TEMPLATE_PLACEHOLDERS = ['{称呼}', '{姓名}', '{年龄}', '{节日}', '{单位}', '{日期}', '{镇}', '{任务号}'];
