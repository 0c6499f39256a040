import type { Attachment, InboundMessage } from '../../chat/message.ts';
import type { VoiceLoader } from '../message-handler.ts';
import { field, type XmlFields } from '../wx-callback/xml.ts';

/**
 * A 服务号 or WeCom callback message as a neutral InboundMessage: always a private chat (neither has
 * groups the bot reads); the voice's AMR is downloaded by `loadVoice`, only once it is answered.
 * Events (follow, menu clicks) are not messages: the adapters handle them before this.
 */
export function fromWxMessage(x: XmlFields, channel: 'wechat_oa' | 'wecom', download: (mediaId: string) => Promise<{ data: Buffer; mimeType: string }>, receivedAt = new Date()): { msg: InboundMessage; loadVoice?: VoiceLoader } {
  const type = field(x, 'MsgType');
  const author = field(x, 'FromUserName');
  const attachments: Attachment[] = [];
  let text = '';
  let loadVoice: VoiceLoader | undefined;
  switch (type) {
    case 'text':
      text = field(x, 'Content').trim();
      break;
    case 'voice': {
      const mediaId = field(x, 'MediaId');
      const format = field(x, 'Format').toLowerCase() || 'amr';
      // With 语音识别 on (公众平台 → 接口权限), WeChat sends its own transcript along: kept as a fallback.
      const recognition = field(x, 'Recognition').trim();
      const mimeType = format === 'speex' ? 'audio/speex' : 'audio/amr';
      loadVoice = async () => {
        try {
          const media = await download(mediaId);
          return { data: media.data, mimeType, ...(recognition ? { platformTranscript: recognition } : {}) };
        } catch (e) {
          if (recognition) return { data: Buffer.alloc(0), mimeType, platformTranscript: recognition };
          throw e;
        }
      };
      break;
    }
    case 'image':
      attachments.push({ kind: 'image' });
      break;
    case 'location':
      attachments.push({ kind: 'location', name: field(x, 'Label') || undefined });
      break;
    case 'video':
    case 'shortvideo':
      attachments.push({ kind: 'video' });
      break;
    case 'file':
      attachments.push({ kind: 'file', name: field(x, 'Title') || undefined });
      break;
    default:
      attachments.push({ kind: 'other' });
  }
  const msg: InboundMessage = {
    // MsgId is unique per account; WeChat's retries carry the same one.
    id: field(x, 'MsgId') || `${author}:${field(x, 'CreateTime')}:${type}`,
    channel,
    threadId: author,
    chatKind: 'private',
    author: { id: author },
    text,
    attachments,
    mentionsBot: true,
    receivedAt,
    raw: x,
  };
  return loadVoice ? { msg, loadVoice } : { msg };
}
