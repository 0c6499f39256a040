import crypto from 'node:crypto';
import { Bot, GrammyError, HttpError, InputFile, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { autoRetry, type AutoRetryOptions } from '@grammyjs/auto-retry';
import type { Config } from '../../kernel/config.ts';
import { ConfigError } from '../../kernel/errors.ts';
import type { ChannelAdapter } from '../adapter.ts';
import { createMessageHandler, type ChannelHandlerDeps, type HandleOutcome } from '../message-handler.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget } from '../../chat/sender.ts';
import { TELEGRAM_TEXT_LIMIT } from '../sending/telegram-sender.ts';
import { splitText } from '../split-text.ts';
import { fromTelegram, type VoiceRef } from './translate.ts';
import { markReachable as markAccountReachable, markUnreachable as markAccountUnreachable } from '../../people/accounts.ts';

export interface TelegramAdapterDeps extends ChannelHandlerDeps {
  config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_API_ROOT'>;
  /** Known bot identity (skips getMe); tests and benches pass it. */
  botInfo?: UserFromGetMe;
  retry?: Partial<AutoRetryOptions>;
  /** Called after each update is handled (tests and the bench count them). */
  onHandled?: (outcome: HandleOutcome) => void;
}

const MAX_VOICE_BYTES = 20 * 1024 * 1024; // the Bot API will not hand out larger files

export type TelegramAdapter = ChannelAdapter & {
  bot: Bot;
  /** Set when TELEGRAM_WEBHOOK_URL is: mount it on the HTTP server (createSimulatorServer's `webhooks`). */
  webhook?: { path: string; handler: (req: Request) => Promise<Response> };
};

/**
 * Telegram through grammY: long polling with @grammyjs/runner (updates of one chat in order, chats in
 * parallel), or a webhook when TELEGRAM_WEBHOOK_URL is set. 429 and 5xx are retried by auto-retry,
 * honouring retry_after; a 403 marks the account unreachable and is never retried.
 */
export function createTelegramAdapter(deps: TelegramAdapterDeps): TelegramAdapter {
  const { db, log, config } = deps;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new ConfigError('TELEGRAM_BOT_TOKEN: required for the Telegram adapter');
  const apiRoot = (config.TELEGRAM_API_ROOT ?? 'https://api.telegram.org').replace(/\/$/, '');
  const bot = new Bot(token, { client: { apiRoot }, ...(deps.botInfo ? { botInfo: deps.botInfo } : {}) });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, ...deps.retry }));
  const handle = createMessageHandler({ ...deps, voiceFormat: 'ogg-opus' });

  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.on('message', async (ctx) => {
    const { msg, voiceRef } = fromTelegram(ctx.message, ctx.me);
    const doc = ctx.message.document;
    if (doc) for (const a of msg.attachments) if (a.kind === 'file') a.load = () => downloadFile(doc.file_id, doc.file_size);
    const target: SendTarget = { channel: 'telegram', threadId: msg.threadId, chatKind: msg.chatKind };
    const reply = async (replies: OutboundMessage[]) => {
      const r = await deliver(target, replies);
      if (!r.ok) log.warn({ chat: msg.threadId, reason: r.reason }, 'Telegram reply not delivered');
    };
    const outcome = await handle(msg, reply, voiceRef && (() => downloadVoice(voiceRef)));
    deps.onHandled?.(outcome);
  });
  // A private chat whose member status becomes "kicked" means the person blocked the bot.
  bot.on('my_chat_member', async (ctx) => {
    const u = ctx.myChatMember;
    if (u.chat.type === 'private' && u.new_chat_member.status === 'kicked') await markUnreachable(String(u.chat.id));
    if (u.chat.type === 'private' && u.new_chat_member.status === 'member') await markReachable(String(u.chat.id));
    if (u.chat.type !== 'private' && ['member', 'administrator'].includes(u.new_chat_member.status)) {
      // The operator needs this id to register the group (registerChatGroup) as a staff group.
      log.info({ chatId: String(u.chat.id), title: 'title' in u.chat ? u.chat.title : undefined }, 'bot added to a Telegram group');
    }
  });
  bot.catch((err) => log.error({ err: err.error, update: err.ctx.update.update_id }, 'Telegram update handler failed'));

  async function downloadVoice(ref: VoiceRef) {
    if (ref.fileSize && ref.fileSize > MAX_VOICE_BYTES) return undefined;
    const file = await bot.api.getFile(ref.fileId);
    if (!file.file_path) return undefined;
    const res = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    if (!res.ok) throw new Error(`file download ${res.status}`);
    return { data: Buffer.from(await res.arrayBuffer()), mimeType: ref.mimeType, durationSec: ref.durationSec };
  }

  /** A document's bytes (a staff member's ledger file), fetched only when a skill asks for them. */
  async function downloadFile(fileId: string, size?: number): Promise<Buffer> {
    if (size && size > MAX_VOICE_BYTES) throw new Error(`file of ${size} bytes is over the Bot API's download limit`);
    const file = await bot.api.getFile(fileId);
    if (!file.file_path) throw new Error('Telegram gave no file path');
    const res = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    if (!res.ok) throw new Error(`file download ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async function markUnreachable(chatId: string) {
    await markAccountUnreachable(db, { channel: 'telegram', externalId: chatId });
    log.info({ chat: chatId }, 'Telegram user blocked the bot; marked unreachable');
  }

  async function markReachable(chatId: string) {
    await markAccountReachable(db, 'telegram', chatId);
  }

  async function sendOne(chatId: string, m: OutboundMessage): Promise<number[]> {
    switch (m.kind) {
      case 'text': {
        const ids: number[] = [];
        for (const piece of splitText(m.text, TELEGRAM_TEXT_LIMIT)) ids.push((await bot.api.sendMessage(chatId, piece)).message_id);
        return ids;
      }
      case 'image':
        return [(await bot.api.sendPhoto(chatId, new InputFile(m.data, 'image.png'), { caption: m.caption?.slice(0, 1024) })).message_id];
      case 'file':
        return [(await bot.api.sendDocument(chatId, new InputFile(m.data, m.filename), { caption: m.caption?.slice(0, 1024) })).message_id];
      case 'voice':
        return [(await bot.api.sendVoice(chatId, new InputFile(m.data, 'voice.ogg'), { duration: m.durationSec })).message_id];
    }
  }

  async function deliver(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
    const ids: string[] = [];
    try {
      for (const m of messages) for (const id of await sendOne(target.threadId, m)) ids.push(String(id));
      return { ok: true, messageIds: ids };
    } catch (e) {
      if (e instanceof GrammyError) {
        if (e.error_code === 403) {
          if (target.chatKind === 'private') await markUnreachable(target.threadId);
          return { ok: false, permanent: true, reason: `blocked: ${e.description}` };
        }
        if (e.error_code === 429) return { ok: false, permanent: false, reason: e.description, retryAfterMs: (e.parameters.retry_after ?? 1) * 1000 };
        if (e.error_code === 400 && /chat not found|user not found|deactivated/i.test(e.description)) return { ok: false, permanent: true, reason: e.description };
        return { ok: false, permanent: false, reason: e.description };
      }
      if (e instanceof HttpError) return { ok: false, permanent: false, reason: `network: ${e.message}` };
      throw e;
    }
  }

  let runner: RunnerHandle | undefined;
  const stopping = new AbortController();
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  const secret = crypto.createHash('sha256').update(`jinqiu-webhook:${token}`).digest('hex').slice(0, 48);
  const adapter: TelegramAdapter = {
    channel: 'telegram',
    bot,
    deliver,
    async start() {
      // grammY's init retries network errors and 5xx with backoff until it gets through; a 401
      // (wrong token) is not worth retrying and fails start() with the reason.
      try {
        await bot.init(stopping.signal as never);
      } catch (e) {
        if (e instanceof GrammyError && e.error_code === 401) throw new ConfigError('TELEGRAM_BOT_TOKEN: Telegram rejected the token (401 Unauthorized)', e);
        throw e;
      }
      if (webhookUrl) {
        await bot.api.setWebhook(webhookUrl, { secret_token: secret, allowed_updates: ['message', 'my_chat_member'] });
        log.info({ url: webhookUrl, bot: bot.botInfo.username }, 'Telegram webhook set');
        return;
      }
      await bot.api.deleteWebhook();
      // The runner retries getUpdates with exponential backoff when the connection drops.
      runner = run(bot, { runner: { fetch: { allowed_updates: ['message', 'my_chat_member'] }, retryInterval: 'exponential', maxRetryTime: 7 * 24 * 3600 * 1000 } });
      log.info({ bot: bot.botInfo.username }, 'Telegram long polling started');
    },
    async stop() {
      stopping.abort();
      if (runner?.isRunning()) await runner.stop();
    },
  };
  if (webhookUrl) adapter.webhook = { path: new URL(webhookUrl).pathname, handler: webhookCallback(bot, 'std/http', { secretToken: secret }) };
  return adapter;
}
