import { text } from '../chat/message.ts';
import type { Queryable } from '../db/types.ts';
import { tryBind, type BindOutcome, type BindRequest } from '../people/binding.ts';
import {
  channelFailures, channelPausedUntil, lockBindingScope, nameFailures, nameLockedUntil, townsOfElderName, type BindLimits,
} from '../people/binding-limits.ts';
import type { AgentEnv } from './deps.ts';

/**
 * A binding try under the limits that hold across accounts: per elder (the name tried, any account,
 * within a day) and per channel (within an hour). The check, the try and the count run in one
 * transaction under a lock per channel, so guesses sent at once from many new accounts are counted
 * one after another. When a limit is reached, staff hear of it through the notice outbox in the same
 * transaction: the elder's town groups for a name, every staff group for a channel.
 */
export type GuardedOutcome = BindOutcome | { ok: false; paused: 'name' | 'channel'; until: Date };

const CHANNEL_NAMES: Record<string, string> = { wechat: '微信', telegram: 'Telegram', web: '网页', cli: '命令行', wechat_oa: '服务号', wecom: '企业微信' };

/** 3月11日 10:00 in the bureau's time zone. */
export function fmtUntil(d: Date, tz: string): string {
  const p = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

export async function guardedTry(env: AgentEnv, limits: BindLimits, accountId: number, channel: string, req: BindRequest, now: Date): Promise<GuardedOutcome> {
  return env.db.transaction(async (tx) => {
    await lockBindingScope(tx, channel);
    const channelUntil = await channelPausedUntil(tx, channel, now, limits);
    if (channelUntil) return { ok: false, paused: 'channel', until: channelUntil };
    const name = req.method === 'name_phone' ? req.name : null;
    const nameUntil = name ? await nameLockedUntil(tx, name, now, limits) : null;
    if (nameUntil) return { ok: false, paused: 'name', until: nameUntil };
    const outcome = await tryBind(tx, accountId, req, now);
    if (outcome.ok) return outcome;
    // Exactly at the limit: staff hear once per lock, not once per refused try after it.
    const ch = await channelFailures(tx, channel, now);
    if (ch.tries === limits.perChannel) await tellStaffAboutChannel(env, tx, channel, ch, now, limits);
    if (name) {
      const nf = await nameFailures(tx, name, now);
      if (nf.tries >= limits.perElder) {
        if (nf.tries === limits.perElder) await tellStaffAboutName(env, tx, name, nf, now, limits);
        const until = await nameLockedUntil(tx, name, now, limits);
        if (until) return { ok: false, paused: 'name', until };
      }
    }
    const channelNow = await channelPausedUntil(tx, channel, now, limits);
    return channelNow && !outcome.locked ? { ok: false, paused: 'channel', until: channelNow } : outcome;
  });
}

async function tellStaffAboutName(env: AgentEnv, tx: Queryable, name: string, f: { tries: number; accounts: number; channels: string[] }, now: Date, limits: BindLimits): Promise<void> {
  const ledger = await townsOfElderName(tx, name);
  // A name the ledger does not know concerns no elder; the channel limit covers such spraying.
  if (!ledger.elders) return;
  const until = await nameLockedUntil(tx, name, now, limits);
  const where = f.channels.map((c) => CHANNEL_NAMES[c] ?? c).join('、');
  await env.outbox.toStaff(tx, ledger.towns.length ? ledger.towns : null, [
    text(
      [
        `【绑定提醒】最近一天有人用“${name}”的名字试绑定，错了 ${f.tries} 次（${f.accounts} 个账号，${where}）。`,
        `为了安全，用名字和电话尾号绑定这位老人已暂停${until ? `到 ${fmtUntil(until, env.timeZone)}` : ''}。`,
        `如果是家属在试，请电话核实后发绑定码：/绑定码 ${name}`,
      ].join('\n'),
    ),
  ]);
}

async function tellStaffAboutChannel(env: AgentEnv, tx: Queryable, channel: string, f: { tries: number; accounts: number }, now: Date, limits: BindLimits): Promise<void> {
  const until = await channelPausedUntil(tx, channel, now, limits);
  await env.outbox.toStaff(tx, null, [
    text(
      [
        `【绑定提醒】${CHANNEL_NAMES[channel] ?? channel}上最近一小时有 ${f.tries} 次绑定没对上（${f.accounts} 个账号），可能有人在乱试。`,
        `这个渠道的绑定已暂停${until ? `到 ${fmtUntil(until, env.timeZone)}` : '一小时'}；这期间老人可以打电话，由工作人员发绑定码。`,
      ].join('\n'),
    ),
  ]);
}

/** What the person trying is told about a pause: until when, and whom to call. */
export function pausedReply(env: AgentEnv, paused: 'name' | 'channel', until: Date): string {
  const when = fmtUntil(until, env.timeZone);
  const call = `请打${env.office.name}电话：${env.office.phone}，工作人员核实后会给您发绑定码。`;
  if (paused === 'name') return `这位老人的名字已经被试错好几次了，为了安全，用名字和电话尾号绑定先暂停，到 ${when} 以后可以再试。${call}`;
  return `现在试绑定没对上的人太多，为了安全，绑定先暂停，到 ${when} 以后可以再试。${call}`;
}
