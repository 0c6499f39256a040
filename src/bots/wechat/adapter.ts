import path from 'node:path';
import { FileBox } from 'file-box';
import { WechatyBuilder, type Wechaty } from 'wechaty';
import type { Config } from '../../kernel/config.ts';
import { ConfigError } from '../../kernel/errors.ts';
import { todayIn } from '../../kernel/time.ts';
import { withBackoff, type ChannelAdapter } from '../adapter.ts';
import { createMessageHandler, type ChannelHandlerDeps, type HandleOutcome } from '../message-handler.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import { qrForTerminal } from '../qr-code.ts';
import type { SendOutcome, SendTarget } from '../../chat/sender.ts';
import type { WechatLoginStatus } from '../simulator/server.ts';
import { FREQUENCY_WARNING, stopWechatForToday } from '../sending/wechat-sender.ts';
import { splitText } from '../split-text.ts';
import { fromWechat } from './translate.ts';

export interface WechatAdapterDeps extends ChannelHandlerDeps {
  config: Pick<Config, 'WECHATY_PUPPET' | 'WECHATY_PUPPET_SERVICE_TOKEN' | 'JINQIU_DATA_DIR' | 'JINQIU_TZ'>;
  /** A puppet instance instead of the name in config (tests pass wechaty-puppet-mock). */
  puppet?: unknown;
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
  const handle = createMessageHandler({ ...deps, voiceFormat: 'silk' });
  const printQr = deps.printQr ?? ((t: string) => process.stderr.write(`${t}\n请用管理员微信扫码登录金秋助手。\n`));
  let status: WechatLoginStatus = { state: 'starting' };
  // Aborted by stop(): a start or reconnect still retrying gives up, so a stopped puppet stays stopped.
  let stopping = new AbortController();

  const accountId = () => (wechaty.isLoggedIn ? wechaty.currentUser.id : undefined);
  const retrying = (what: string) => ({
    signal: stopping.signal,
    onError: (e: unknown, attempt: number, ms: number) => log.warn({ err: e, attempt, waitMs: Math.round(ms) }, what),
  });

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
      const { msg, loadVoice } = await fromWechat(m);
      const target: SendTarget = { channel: 'wechat', threadId: msg.threadId, chatKind: msg.chatKind };
      const reply = async (replies: OutboundMessage[]) => {
        const r = await deliver(target, replies);
        if (r.ok) return;
        log.warn({ thread: msg.threadId, reason: r.reason }, 'WeChat reply not delivered');
        const account = accountId();
        if (account && FREQUENCY_WARNING.test(r.reason)) await stopWechatForToday(db, account, todayIn(config.JINQIU_TZ), r.reason);
      };
      const outcome = await handle(msg, reply, loadVoice);
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
    accountId,
    async start() {
      stopping = new AbortController();
      await withBackoff(() => wechaty.start(), retrying('WeChat puppet did not start; retrying'));
      // Puppets that lose their connection stop emitting; restart them with backoff.
      wechaty.on('stop', () => {
        if (stopping.signal.aborted) return;
        log.warn('WeChat puppet stopped unexpectedly; reconnecting');
        // withBackoff gives up only when stop() aborts it: nothing left to report then.
        withBackoff(() => wechaty.start(), retrying('WeChat reconnect failed; retrying')).catch(() => {});
      });
    },
    async stop() {
      stopping.abort();
      await wechaty.stop();
    },
  };
}
