/**
 * The ledger's 联系电话 as numbers SMS and voice calls can use. Clerks write "138 0000 1234",
 * "13800001234（本人）", "0913-6666666", or two numbers in one cell; SMS needs a mainland mobile, a
 * voice call takes a mobile or a landline with its area code.
 */
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}$/;

/** Every number in the cell, digits only (+86 / 0086 / 86 prefixes dropped), in the order written. */
export function phoneNumbersIn(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const out: string[] = [];
  // A landline's dash joins its parts; other separators (spaces inside a mobile) are read through.
  for (const piece of raw.split(/[,，;；、/|]|\s{2,}|[（(][^)）]*[)）]/)) {
    const digits = piece.replace(/(?<=\d)[\s-](?=\d)/g, '').replace(/^\D*(\+?86|0086)(?=1[3-9]\d{9})/, '').replace(/\D+/g, ' ').trim();
    for (const d of digits.split(' ')) if (MOBILE.test(d) || LANDLINE.test(d)) out.push(d);
  }
  return [...new Set(out)];
}

/** The first mainland mobile number, for SMS. */
export function mobileOf(raw: string | null | undefined): string | undefined {
  return phoneNumbersIn(raw).find((n) => MOBILE.test(n));
}

/** A number a voice call can dial: a mobile first, else a landline. */
export function dialableOf(raw: string | null | undefined): string | undefined {
  const all = phoneNumbersIn(raw);
  return all.find((n) => MOBILE.test(n)) ?? all[0];
}
