import type { Queryable } from '../../db/types.ts';
import { getSetting, setSetting } from '../../db/settings.ts';

/**
 * Which 模板消息 template greets on which occasion, set by staff (/公众号模板) because the ids come from
 * the bureau's own 公众平台 (广告与服务 → 模板消息 → 我的模板). A template's keys (thing1, time2 …) are
 * mapped to the values a greeting has: 称呼, 姓名, 场合, 日期, 单位, 内容.
 */
export interface OaTemplate {
  templateId: string;
  /** 'subscribe': a 订阅通知 template (sent only to those who granted it); default: a 模板消息 template. */
  kind?: 'template' | 'subscribe';
  /** [template key, value name] in the template's order. */
  fields: [string, string][];
}

const KEY = 'wechat_oa.templates';
/** The template for occasions without their own. */
export const ANY_OCCASION = '*';
export const TEMPLATE_VALUES = ['称呼', '姓名', '场合', '日期', '单位', '内容'] as const;

export async function listOaTemplates(q: Queryable): Promise<Record<string, OaTemplate>> {
  return (await getSetting<Record<string, OaTemplate>>(q, KEY)) ?? {};
}

export async function setOaTemplate(q: Queryable, occasion: string, t: OaTemplate | null): Promise<void> {
  const all = await listOaTemplates(q);
  if (t) all[occasion] = t;
  else delete all[occasion];
  await setSetting(q, KEY, all);
}

/** The template for an occasion: its own, a campaign's family (campaign:12 → campaign), or the default. */
export async function oaTemplateFor(q: Queryable, occasion: string): Promise<OaTemplate | undefined> {
  const all = await listOaTemplates(q);
  return all[occasion] ?? all[occasion.split(':')[0]!] ?? all[ANY_OCCASION];
}

/**
 * A template's data from the greeting's values, each cut to what its key's type accepts (WeChat
 * rejects the whole message when one value is too long): thing 20 characters, phrase 5, name 10 …
 */
export function templateData(t: OaTemplate, values: Record<string, string>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, name] of t.fields) out[key] = { value: cut(values[name] ?? '', limitFor(key)) };
  return out;
}

function limitFor(key: string): number {
  const type = key.replace(/\d+$/, '');
  return { thing: 20, phrase: 5, name: 10, character_string: 32, time: 30, date: 30, number: 32, letter: 32, symbol: 5, amount: 32, phone_number: 17, car_number: 8 }[type] ?? 200;
}

function cut(s: string, n: number): string {
  const chars = [...s];
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
}

/**
 * What staff type for an occasion, as the plan key the deliveries carry: 生日 → birthday, 中秋 →
 * festival:中秋, 送清凉 → song_liang, 群发 → campaign, 默认 → *. Keys typed as they are pass through.
 */
export function occasionKey(word: string): string {
  const w = word.trim().replace(/(祝福|问候|节)$/u, '');
  if (/^(默认|全部|其他|\*)$/.test(w)) return ANY_OCCASION;
  if (/^[a-z_]+(:.+)?$/.test(w)) return w;
  if (/^生日$/.test(w)) return 'birthday';
  if (/送清凉|入伏/.test(w)) return 'song_liang';
  if (/送温暖/.test(w)) return 'song_nuan';
  if (/^群发$/.test(w)) return 'campaign';
  return `festival:${w.replace(/^老年$/, '重阳')}`;
}
