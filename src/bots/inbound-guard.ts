import type { InboundMessage } from '../chat/message.ts';

/** What anyone but staff hears about a file they send. */
export const FILE_ANSWER = '收到您的文件。这类文件我暂时打不开，请用文字或语音说一下您的事情，工作人员会帮您处理。';

/** Longest text handed to the agent; anything longer is almost always a paste by mistake. */
export const MAX_TEXT_CHARS = 4000;

/**
 * Messages the agent cannot do anything with get a short, kind answer here instead,
 * so stickers, locations, huge pastes and unknown files never reach (or crash) the agent.
 */
export function politeAnswerFor(msg: InboundMessage, staffGroup = false): string | undefined {
  const text = msg.text.trim();
  if (text.length > MAX_TEXT_CHARS) return '您发来的文字太长了，我一次读不完。请挑最要紧的一两句话告诉我，好吗？';
  if (text || msg.voice) return undefined;
  const kinds = new Set(msg.attachments.map((a) => a.kind));
  // A file in a private chat may be a staff member's ledger: the agent knows who is speaking and decides.
  // In a staff group staff share files among themselves: the agent ignores them unless the bot is addressed.
  if (kinds.has('file') && (msg.chatKind === 'private' || staffGroup)) return undefined;
  if (kinds.has('sticker')) return '收到您的表情啦！有什么需要，请直接打字或发语音告诉我。';
  if (kinds.has('location')) return '收到您发的位置。如需上门看望或帮助，请用文字或语音说一下是什么事，我们好安排。';
  if (kinds.has('image')) return '收到您的图片。我暂时看不懂图片，请用文字或语音告诉我想问什么。';
  if (kinds.has('file') || kinds.has('video') || kinds.has('other')) return FILE_ANSWER;
  return '我没看到文字内容。请打字或发语音告诉我您想问什么。';
}
