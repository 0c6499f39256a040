/** 13812341234 → 138****1234. Short or odd numbers lose everything but the last digits. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '（无）';
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 7) return `****${digits.slice(-4)}`;
  return '****';
}

