/** 13812341234 → 138****1234. Short or odd numbers lose everything but the last digits. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '（无）';
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 7) return `****${digits.slice(-4)}`;
  return '****';
}

/** 澄城县韦庄镇韦庄村12号 → 澄城县韦庄镇****: the town stays, the door does not. */
export function maskAddress(address: string | null | undefined): string {
  if (!address) return '（无）';
  const m = /^(.*?(?:镇|街道|乡))/.exec(address);
  return m ? `${m[1]}****` : '****';
}
