import { types } from 'wechaty';
import type { Message } from 'wechaty';
import type { VoiceLoader } from '../message-handler.ts';
import type { Attachment, InboundMessage } from '../../chat/message.ts';

/**
 * A Wechaty message as a neutral InboundMessage (a voice message's audio is fetched by `loadVoice`, and
 * only when the message is answered). In rooms the bot is addressed by an @-mention; whether an
 * unaddressed line in a staff room is for the bot is decided once, by the message handler.
 */
export async function fromWechat(m: Message, receivedAt = new Date()): Promise<{ msg: InboundMessage; loadVoice?: VoiceLoader }> {
  const room = m.room();
  const talker = m.talker();
  const type = m.type();
  let text = '';
  if (type === types.Message.Text) text = room ? (await m.mentionText()).trim() : m.text().trim();
  const attachments: Attachment[] = [];
  let loadVoice: VoiceLoader | undefined;
  switch (type) {
    case types.Message.Audio:
      loadVoice = async () => ({ data: await (await m.toFileBox()).toBuffer(), mimeType: 'audio/silk' });
      break;
    case types.Message.Image:
      attachments.push({ kind: 'image' });
      break;
    case types.Message.Attachment: {
      const fb = await m.toFileBox();
      attachments.push({ kind: 'file', name: fb.name, mimeType: fb.mediaType, ...(fb.size > 0 ? { size: fb.size } : {}), load: () => fb.toBuffer() });
      break;
    }
    case types.Message.Emoticon:
      attachments.push({ kind: 'sticker' });
      break;
    case types.Message.Location:
      attachments.push({ kind: 'location' });
      break;
    case types.Message.Video:
      attachments.push({ kind: 'video' });
      break;
    case types.Message.Text:
      break;
    default:
      attachments.push({ kind: 'other' });
  }
  const mentionsBot = room ? await m.mentionSelf() : true;
  const msg: InboundMessage = {
    id: m.id,
    channel: 'wechat',
    threadId: room ? room.id : talker.id,
    chatKind: room ? 'group' : 'private',
    author: { id: talker.id, name: talker.name() },
    text,
    attachments,
    mentionsBot,
    receivedAt,
    raw: m.payload,
  };
  return loadVoice ? { msg, loadVoice } : { msg };
}
