/**
 * SMS and TTS voice calls through one interface; Aliyun and Tencent Cloud implement it. Both send only
 * approved templates (文本短信模板, 语音通知/TTS 模板) with short values filled in, never free text.
 */
export interface PhoneRequest {
  /** Digits only: 13800001234, or a landline with area code for calls. */
  phone: string;
  templateId: string;
  /** Template values in order: [name, value]. Aliyun uses the names, Tencent the order. */
  params: [string, string][];
  /** Our phone_sends id, echoed in the provider's receipt (OutId / SessionContext). */
  outId: string;
}

export type ProviderResult =
  | { ok: true; providerId: string }
  | {
      ok: false;
      /** The provider's own code: isv.BUSINESS_LIMIT_CONTROL, LimitExceeded.PhoneNumberDailyLimit … */
      code: string;
      message: string;
      /** The number itself is wrong: no retry will help. */
      permanent: boolean;
      retryAfterMs?: number;
    };

export interface PhoneProvider {
  readonly name: 'aliyun' | 'tencent';
  sendSms(r: PhoneRequest): Promise<ProviderResult>;
  call(r: PhoneRequest): Promise<ProviderResult>;
  /** Credentials and templates, checked without sending anything to anyone (for `jinqiu doctor`). */
  check(what: { smsTemplate?: string; voiceTemplate?: string }): Promise<{ ok: boolean; detail: string }[]>;
}

/** How a provider code reads: wrong number (permanent), per-number or account limits (later), else retry. */
export function classify(code: string): { permanent: boolean; retryAfterMs?: number } {
  if (/MOBILE_NUMBER_ILLEGAL|IncorrectPhoneNumber|PhoneNumberFormat|InvalidPhoneNumber|CALLEDNUMBER|CalledNumber|BLACK_KEY|BlackList|PhoneNumberInBlacklist/i.test(code)) return { permanent: true };
  if (/DAY_LIMIT|DailyLimit/i.test(code)) return { permanent: false, retryAfterMs: 12 * 3600_000 };
  if (/LIMIT|Limit|Throttling|Frequency/i.test(code)) return { permanent: false, retryAfterMs: 3600_000 };
  return { permanent: false };
}

/** Mainland numbers as providers want them: Tencent takes E.164, Aliyun the bare digits. */
export const e164 = (phone: string) => (phone.startsWith('1') ? `+86${phone}` : `+86${phone.replace(/^0/, '')}`);
