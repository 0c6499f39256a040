import type { Actor } from '../chat/actor.ts';
import type { CaseRow } from '../cases/store.ts';
import { caseKindText } from '../cases/catalog.ts';
import { phoneForStaff } from '../privacy/masking.ts';
import { frameText } from './frame-text.ts';

export interface ElderBrief {
  id: number;
  name: string;
  town: string | null;
  village: string | null;
  phone: string | null;
}

function who(actor: Actor, relation: string | null): string {
  if (actor.kind === 'elder') return '本人';
  if (actor.kind === 'family') return `家属代问${relation ? `（${relation}）` : ''}`;
  if (actor.kind === 'staff') return '工作人员';
  return `未绑定用户（${actor.channel}${actor.displayName ? `：${actor.displayName}` : ''}）`;
}

/** The message a staff group gets for a new case: enough to act on, with the phone masked. */
export function newCaseNotice(c: CaseRow, elder: ElderBrief | null, actor: Actor, relation: string | null, text: string): string {
  const lines = [
    `${c.urgent ? '【紧急】' : ''}新诉求 ${c.number}（${caseKindText(c.kind, c.subkind)}）`,
    elder ? `老干部：${elder.name}（${[elder.town, elder.village].filter(Boolean).join(' ') || '镇村未登记'}）` : '老干部：未绑定，身份不明',
    elder ? `电话：${phoneForStaff(elder.phone)}` : null,
    `来信人：${who(actor, relation)}`,
    frameText(c.frame),
    `原话：${text.slice(0, 200)}`,
    c.urgent ? '请马上电话联系，必要时报警或叫急救。' : null,
    `接单请发：/接单 ${c.number}`,
  ];
  return lines.filter((l): l is string => !!l).join('\n');
}

export function detailsNotice(number: string, details: { label: string; value: string }[]): string {
  return [`诉求 ${number} 补充情况：`, ...details.map((d) => `${d.label}：${d.value}`)].join('\n');
}

export function repeatAlarmNotice(number: string, text: string): string {
  return `【紧急】诉求 ${number} 再次求助\n原话：${text.slice(0, 200)}\n请马上联系。`;
}
