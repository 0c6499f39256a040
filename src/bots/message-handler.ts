import type { Queryable } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Agent, TurnResult } from '../chat/turn.ts';
import type { NoticeOutbox } from '../chat/ports.ts';
import { isJinqiuError } from '../kernel/errors.ts';
import type { VoiceFormat } from './adapter.ts';
import { firstDelivery } from './inbound-dedup.ts';
import { wantsVoiceReply } from '../people/accounts.ts';
import { addressingOf } from '../people/groups.ts';
import { politeAnswerFor } from './inbound-guard.ts';
import { text, type InboundMessage, type OutboundMessage, type VoiceInput } from '../chat/message.ts';
import type { Speaker, Transcriber } from './voice/speech-client.ts';
import { synthesizeVoice } from './voice/voice-reply.ts';
import { auditSpeech } from './voice/speech-audit.ts';

export interface MessageHandlerDeps {
  db: Queryable;
  agent: Agent;
  log: Logger;
  transcriber?: Transcriber;
  speaker?: Speaker;
  /** Staff hear about an elder's voice message nobody could understand, so a person calls back. */
  outbox?: NoticeOutbox;
  /** The voice container this channel sends. */
  voiceFormat: VoiceFormat;
}

/** What every channel adapter takes and passes on to its handler (the adapter knows its voice format). */
export type ChannelHandlerDeps = Omit<MessageHandlerDeps, 'voiceFormat'>;

export type HandleOutcome =
  | { status: 'ignored' | 'duplicate' }
  | { status: 'answered'; replies: OutboundMessage[]; turn?: TurnResult; transcript?: string };

/** What the adapter gives the handler to answer with: unpaced, straight back to the chat. */
export type Reply = (messages: OutboundMessage[]) => Promise<void>;

/**
 * Fetches a voice message's audio from the platform. Called only once the message passed the group
 * filter and the dedup, so nobody downloads the voice chatter of groups the bot does not answer.
 */
export type VoiceLoader = () => Promise<VoiceInput | undefined>;

export const NO_SPEECH_REPLY =
  '收到您的语音。不过我现在还听不懂语音，请您打字告诉我；或者回复“给我打电话”，工作人员会给您打过去。';
const TROUBLE_REPLY = '抱歉，我这里出了点问题，没能处理您的消息。请稍后再试，或拨打老干部局电话。';

/**
 * The one path every channel's inbound message takes: group filter, dedup, polite answers for what the
 * agent cannot use, voice → text (shown back as 您说的是), the agent, spoken replies for those who want
 * them. It never throws: a failure becomes a kind reply and a log line, so polling goes on.
 */
export function createMessageHandler(deps: MessageHandlerDeps) {
  const { db, agent, log } = deps;

  return async function handle(msg: InboundMessage, reply: Reply, loadVoice?: VoiceLoader): Promise<HandleOutcome> {
    const addressing = await addressingOf(db, msg);
    if (!addressing.forBot) return { status: 'ignored' };
    let replies: OutboundMessage[] = [];
    let turn: TurnResult | undefined;
    let transcript: string | undefined;
    try {
      if (!(await firstDelivery(db, msg.channel, msg.id, msg.chatKind === 'private' ? msg.author.id : undefined))) return { status: 'duplicate' };
      // The rate limits come before a voice is downloaded or transcribed (agents/inbound-limits.ts).
      const refused = agent.admit ? await agent.admit(msg) : null;
      if (refused) {
        if (refused.replies.length) await reply(refused.replies).catch((e: unknown) => log.warn({ err: e, channel: msg.channel }, 'could not deliver a reply'));
        return { status: 'answered', replies: refused.replies, turn: refused };
      }
      if (loadVoice) {
        const voice = await fetchVoice(msg, loadVoice);
        if (voice) msg = { ...msg, voice };
      }
      const polite = politeAnswerFor(msg, addressing.group?.kind === 'staff');
      if (polite) {
        replies = [text(polite)];
      } else {
        let input = msg;
        if (msg.voice && !msg.text.trim()) {
          transcript = await transcribe(msg);
          if (transcript === undefined) {
            replies = [text(NO_SPEECH_REPLY)];
            await tellStaffAboutVoice(msg);
          } else if (!transcript) {
            replies = [text('抱歉，这段语音我没听清。请再说一遍，或者打字告诉我。')];
          } else {
            input = { ...msg, text: transcript };
          }
        }
        if (!replies.length) {
          turn = await agent.handle(input, addressing, { admitted: !!agent.admit });
          replies = [...(transcript ? [text(`您说的是：${transcript}`)] : []), ...turn.replies];
          const voice = await voiceFor(msg, turn.replies);
          if (voice) replies.push(voice);
        }
      }
    } catch (e) {
      log.error({ err: e, channel: msg.channel, messageId: msg.id }, 'handling an inbound message failed');
      replies = [text(isJinqiuError(e) ? e.userMessage : TROUBLE_REPLY)];
    }
    try {
      if (replies.length) await reply(replies);
    } catch (e) {
      log.warn({ err: e, channel: msg.channel, threadId: msg.threadId }, 'could not deliver a reply');
    }
    return { status: 'answered', replies, turn, transcript };
  };

  /** A voice that cannot be fetched leaves a message with nothing in it, which gets a polite answer. */
  async function fetchVoice(msg: InboundMessage, loadVoice: VoiceLoader): Promise<VoiceInput | undefined> {
    try {
      return await loadVoice();
    } catch (e) {
      log.warn({ err: e, channel: msg.channel, threadId: msg.threadId }, 'could not download a voice message');
      return undefined;
    }
  }

  /** undefined: no recogniser configured (or it failed); '' : it heard nothing. The platform's own transcript is the fallback. */
  async function transcribe(msg: InboundMessage): Promise<string | undefined> {
    const platform = msg.voice?.platformTranscript?.trim() || undefined;
    if (!deps.transcriber || !msg.voice?.data.length) return platform;
    try {
      await auditSpeech(db, msg, 'transcribe', { bytes: msg.voice.data.length, mimeType: msg.voice.mimeType });
      return await deps.transcriber.transcribe(msg.voice.data, msg.voice.mimeType);
    } catch (e) {
      log.warn({ err: e, channel: msg.channel }, 'transcription failed');
      return platform;
    }
  }

  async function tellStaffAboutVoice(msg: InboundMessage): Promise<void> {
    if (!deps.outbox) return;
    const who = msg.author.name ? `${msg.author.name}（${msg.author.id}）` : msg.author.id;
    try {
      await deps.outbox.toStaff(db, null, [text(`【语音留言】${who} 通过${channelName(msg.channel)}发来一段语音，系统暂时无法识别，请电话联系。`)]);
    } catch (e) {
      log.warn({ err: e }, 'could not notify staff about a voice message');
    }
  }

  async function voiceFor(msg: InboundMessage, turnReplies: OutboundMessage[]): Promise<OutboundMessage | undefined> {
    if (!deps.speaker) return undefined;
    // A reply may say what to read aloud (a policy answer: the plain answer and its source, not the article).
    const spoken = turnReplies.flatMap((r) => (r.kind === 'text' ? [r.spoken ?? r.text] : [])).join('\n');
    if (!spoken.trim()) return undefined;
    if (!(await wantsVoiceReply(db, msg.channel, msg.author.id))) return undefined;
    try {
      await auditSpeech(db, msg, 'synthesize', { chars: spoken.length, format: deps.voiceFormat });
      return await synthesizeVoice(deps.speaker, spoken, deps.voiceFormat);
    } catch (e) {
      log.warn({ err: e }, 'speech synthesis failed; sending text only');
      return undefined;
    }
  }
}

export type MessageHandler = ReturnType<typeof createMessageHandler>;

function channelName(c: string): string {
  return ({ wechat: '微信', telegram: 'Telegram', web: '网页', cli: '命令行', wechat_oa: '服务号', wecom: '企业微信' } as Record<string, string>)[c] ?? c;
}
