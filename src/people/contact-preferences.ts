import type { Queryable } from '../db/types.ts';

/**
 * How staff want an elder greeted (table elder_contact_preferences, written only here): 'auto' tries a
 * bound chat account, then SMS, then a voice call, then the staff call list; 'chat', 'sms' and 'voice'
 * put that route first (falling back to the others when it is not possible); 'staff_call' always puts
 * the elder on the call list, for those who should hear a person's voice.
 */
export const CONTACT_PREFERENCES = ['auto', 'chat', 'sms', 'voice', 'staff_call'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export async function setContactPreference(q: Queryable, elderId: number, preference: ContactPreference, setBy: string): Promise<void> {
  await q.query(
    `INSERT INTO elder_contact_preferences (elder_id, preference, set_by) VALUES ($1, $2, $3)
     ON CONFLICT (elder_id) DO UPDATE SET preference = EXCLUDED.preference, set_by = EXCLUDED.set_by, updated_at = now()`,
    [elderId, preference, setBy],
  );
}

export async function contactPreferenceOf(q: Queryable, elderId: number): Promise<ContactPreference> {
  const r = await q.query<{ preference: ContactPreference }>(`SELECT preference FROM elder_contact_preferences WHERE elder_id = $1`, [elderId]);
  return r.rows[0]?.preference ?? 'auto';
}

export async function contactPreferences(q: Queryable): Promise<Map<number, ContactPreference>> {
  const r = await q.query<{ elder_id: number; preference: ContactPreference }>(`SELECT elder_id, preference FROM elder_contact_preferences WHERE preference <> 'auto'`);
  return new Map(r.rows.map((x) => [Number(x.elder_id), x.preference]));
}

/** Words staff type for each preference. */
export function preferenceFromWords(w: string): ContactPreference | undefined {
  const s = w.trim();
  if (/^(自动|默认|auto)$/i.test(s)) return 'auto';
  if (/^(微信|聊天|公众号|服务号|chat|telegram)$/i.test(s)) return 'chat';
  if (/^(短信|sms)$/i.test(s)) return 'sms';
  if (/^(语音|语音电话|电话语音|自动电话|voice)$/i.test(s)) return 'voice';
  if (/^(人工|人工电话|打电话|工作人员打电话|上门|staff)$/i.test(s)) return 'staff_call';
  return undefined;
}

export const PREFERENCE_LABEL: Record<ContactPreference, string> = {
  auto: '自动（微信等聊天账号 → 短信 → 语音电话 → 工作人员打电话）',
  chat: '聊天账号优先',
  sms: '短信优先',
  voice: '语音电话优先',
  staff_call: '工作人员打电话',
};
