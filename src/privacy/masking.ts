import { findPersonalData, replaceMatches } from '../kernel/redact.ts';

/**
 * What a group chat may show: phone numbers as 138****1234 and addresses down to the village only.
 * Private chats with a bound staff member see everything.
 */

export function maskPhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined) return null;
  const p = String(phone).trim();
  if (!p) return p;
  const digits = p.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  // A landline (6666666) or a number missing digits: the last four only, never most of it.
  if (digits.length >= 7) return `****${digits.slice(-4)}`;
  return '****';
}

/** The masked phone as a line of a staff notice or case view: 138****1234, or （无）. */
export function phoneForStaff(phone: string | null | undefined): string {
  return maskPhone(phone) || '（无）';
}

/**
 * Free text (notes, 子女情况, 紧急联系人) with every phone number in it masked: the forms are those of
 * src/kernel/redact.ts (spaced, dotted, full-width, Chinese numerals, landlines with or without area code).
 */
export function maskFreeText(text: string): string {
  const phones = findPersonalData(text).filter((m) => m.kind === 'phone');
  return replaceMatches(text, phones, (i) => maskPhone(phones[i]!.key) ?? phones[i]!.text);
}

/** The village (or, failing that, the town) instead of the house address. */
export function maskAddress(address: string | null | undefined, place: { town?: unknown; village?: unknown }): string | null {
  if (address === null || address === undefined) return null;
  const village = typeof place.village === 'string' && place.village ? place.village : null;
  const town = typeof place.town === 'string' && place.town ? place.town : null;
  if (village) return village;
  if (town) return town;
  // No structured place: keep up to the first 村/社区 in the text, drop house numbers.
  const m = /^.*?(村|社区|小区)/.exec(address);
  return m ? m[0] : '（已隐藏）';
}

const PHONE_KEYS = ['phone', 'emergencyPhone'] as const;

/** A copy of a result row with personal contact details masked. */
export function maskRow<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const k of PHONE_KEYS) if (k in out) out[k] = maskPhone(out[k] as string | null);
  if ('address' in out) out.address = maskAddress(out.address as string | null, { town: row.town, village: row.village });
  // Free text may carry numbers too (紧急联系人 张三 13912345678).
  for (const k of ['emergencyContact', 'children', 'notes', 'needs'] as const)
    if (typeof out[k] === 'string') out[k] = maskFreeText(out[k] as string);
  return out as T;
}
