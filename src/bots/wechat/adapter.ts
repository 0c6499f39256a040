import path from 'node:path';
import { FileBox } from 'file-box';
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { Config } from '../../config.ts';
import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../logger.ts';
import type { Agent } from '../../agents/agent.ts';
import type { StaffNotifier } from '../../agents/ports.ts';
import { ConfigError } from '../../errors.ts';
import { withBackoff, type ChannelAdapter } from '../adapter.ts';
import { createMessageHandler, type HandleOutcome } from '../message-handler.ts';
import type { OutboundMessage } from '../message.ts';
import { qrForTerminal } from '../qr-code.ts';
import type { SendOutcome, SendTarget } from '../sender.ts';
import type { WechatLoginStatus } from '../simulator/server.ts';
import { splitText } from '../split-text.ts';
import type { Speaker, Transcriber } from '../voice/speech-client.ts';
import { fromWechat } from './translate.ts';
import { stopWechatForToday } from '../sending/wechat-sender.ts';
import { localDay } from '../sending/local-time.ts';

export interface WechatAdapterDeps {
  db: Queryable;
  agent: Agent;
  log: Logger;
  config: Pick<Config, 'WECHATY_PUPPET' | 'WECHATY_PUPPET_SERVICE_TOKEN' | 'JINQIU_DATA_DIR'> & Partial<Pick<Config, 'JINQIU_TZ'>>;
  /** A puppet instance instead of the name in config (tests pass wechaty-puppet-mock). */
  puppet?: unknown;
  transcriber?: Transcriber;
  speaker?: Speaker;
  notifier?: StaffNotifier;
  onHandled?: (outcome: HandleOutcome) => void;
  /** Where the login QR goes; default: the terminal (stderr, so --json stdout stays clean). */
  printQr?: (text: string) => void;
}

/** WeChat answers with this (in Chinese or English) when an account sends too often. */
export const FREQUENCY_ERROR = /频繁|频率|过于频繁|too (often|frequent)|frequency|rate limit/i;
const WECHAT_TEXT_LIMIT = 2000;

export type WechatAdapter = ChannelAdapter & {
  wechaty: Wechaty;
  status(): WechatLoginStatus;
  /** The logged-in account, for the per-account daily cap. */
  accountId(): string | undefined;
};

/**
 * WeChat through Wechaty with the puppet named in config. The session is kept in a memory card in the
 * data folder, so a restart does not ask for a new scan where the puppet allows it.
 */
export function createWechatAdapter(deps: WechatAdapterDeps): WechatAdapter {
  const { db, log, config } = deps;
  if (!deps.puppet && !config.WECHATY_PUPPET) throw new ConfigError('WECHATY_PUPPET: required for the WeChat adapter');
  const name = path.resolve(config.JINQIU_DATA_DIR, 'wechat-session');
  const wechaty = deps.puppet
    ? WechatyBuilder.build({ name, puppet: deps.puppet as never })
    : WechatyBuilder.build({ name, puppet: config.WECHATY_PUPPET as never, puppetOptions: config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : {} });
  const handle = createMessageHandler({ db, agent: deps.agent, log, transcriber: deps.transcriber, speaker: deps.speaker, notifier: deps.notifier, voiceFormat: 'silk' });
  const printQr = deps.printQr ?? ((t: string) => process.stderr.write(`${t}\n请用管理员微信扫码登录金秋助手。\n`));
  let status: WechatLoginStatus = { state: 'starting' };
  let stopped = false;

  const isStaffRoom = async (roomId: string) => {
    const r = await db.query(`SELECT 1 FROM chat_groups WHERE channel = 'wechat' AND external_id = $1 AND kind = 'staff'`, [roomId]);
    return (r.rowCount ?? 0) > 0;
  };

  wechaty.on('scan', async (qrcode, s) => {
    status = { state: 'scan', qrcode };
    log.info({ status: s }, 'WeChat login: scan the QR code');
    printQr(await qrForTerminal(qrcode));
  });
  wechaty.on('login', (user) => {
    status = { state: 'online', user: user.name() };
    log.info({ user: user.name() }, 'WeChat logged in');
  });
  wechaty.on('logout', (user, reason) => {
    status = { state: 'starting' };
    log.warn({ user: user.name(), reason }, 'WeChat logged out; waiting for a new login');
  });
  wechaty.on('error', (e) => log.error({ err: e }, 'WeChat puppet error'));
  wechaty.on('room-join', async (room, invitees) => {
    // The operator needs the room id to register it (registerChatGroup) as a staff room.
    if (invitees.some((c) => c.self())) log.info({ roomId: room.id, topic: await room.topic() }, 'bot added to a WeChat room');
  });
  wechaty.on('message', async (m) => {
    try {
      if (m.self()) return;
      const msg = await fromWechat(m, isStaffRoom);
      const target: SendTarget = { channel: 'wechat', threadId: msg.threadId, chatKind: msg.chatKind };
      const outcome = await handle(msg, async (replies) => {
        const r = await deliver(target, replies);
        if (!r.ok) {
          log.warn({ thread: msg.threadId, reason: r.reason }, 'WeChat reply not delivered');
          const account = wechaty.isLoggedIn ? wechaty.currentUser.id : undefined;
          if (account && /^frequency/.test(r.reason)) await stopWechatForToday(db, account, localDay(Date.now(), config.JINQIU_TZ ?? 'Asia/Shanghai'), r.reason);
        }
      });
      deps.onHandled?.(outcome);
    } catch (e) {
      // A broken message must never take the listener down.
      log.error({ err: e }, 'WeChat message handling failed');
      deps.onHandled?.({ status: 'ignored' });
    }
  });

  async function conversation(target: SendTarget) {
    if (target.chatKind === 'group') return wechaty.Room.find({ id: target.threadId });
    return wechaty.Contact.find({ id: target.threadId });
  }

  function toSayable(m: OutboundMessage): (string | ReturnType<typeof FileBox.fromBuffer>)[] {
    switch (m.kind) {
      case 'text':
        return splitText(m.text, WECHAT_TEXT_LIMIT);
      case 'image':
        return [FileBox.fromBase64(m.data.toString('base64'), 'image.png'), ...(m.caption ? [m.caption] : [])];
      case 'file':
        return [FileBox.fromBase64(m.data.toString('base64'), m.filename), ...(m.caption ? [m.caption] : [])];
      case 'voice': {
        // '.sil' is the extension file-box maps to audio/silk, which puppets use to send a voice bubble.
        const fb = FileBox.fromBase64(m.data.toString('base64'), 'voice.sil');
        // Puppets read the duration (seconds) from the metadata to show a voice bubble.
        fb.metadata = { duration: m.durationSec ?? 1 };
        return [fb];
      }
    }
  }

  async function deliver(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
    try {
      const conv = await conversation(target);
      if (!conv) return { ok: false, permanent: true, reason: `no such ${target.chatKind === 'group' ? 'room' : 'contact'} ${target.threadId}` };
      for (const m of messages) for (const part of toSayable(m)) await conv.say(part as never);
      return { ok: true };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (FREQUENCY_ERROR.test(reason)) return { ok: false, permanent: false, reason: `frequency: ${reason}`, retryAfterMs: 24 * 3600 * 1000 };
      return { ok: false, permanent: false, reason };
    }
  }

  return {
    channel: 'wechat',
    wechaty,
    deliver,
    status: () => status,
    accountId: () => (wechaty.isLoggedIn ? wechaty.currentUser.id : undefined),
    async start() {
      stopped = false;
      await withBackoff(() => wechaty.start(), {
        onError: (e, n, ms) => log.warn({ err: e, attempt: n, waitMs: Math.round(ms) }, 'WeChat puppet did not start; retrying'),
      });
      // Puppets that lose their connection stop emitting; restart them with backoff.
      wechaty.on('stop', () => {
        if (stopped) return;
        log.warn('WeChat puppet stopped unexpectedly; reconnecting');
        void withBackoff(() => wechaty.start(), { onError: (e, n, ms) => log.warn({ err: e, attempt: n, waitMs: Math.round(ms) }, 'WeChat reconnect failed; retrying') });
      });
    },
    async stop() {
      stopped = true;
      await wechaty.stop();
    },
  };
}
