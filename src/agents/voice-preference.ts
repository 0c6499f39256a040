import { setVoiceReply } from '../people/accounts.ts';
import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import type { AgentEnv } from './deps.ts';
import type { ChatContext } from '../chat/ports.ts';
import { normalize } from './normalize.ts';

/**
 * Old eyes tire of small print: "你们发的字我看不清 能不能发语音" asks for spoken replies from now
 * on, "别发语音了 打字就行" for text again. Kept on the person's account (people/accounts.ts), which
 * the channels read when they reply; said only where a speech engine can keep the promise.
 */
const VOICE_ON = /(?:发|用|回|说)(?:个|条|段)?语音|语音(?:回|发|说|念)|念给我听|读给我听|说给我听/u;
/** Whether the person may send voice (我能不能发语音), not how we reply. */
const MAY_SEND = /我(?:能|可以|能不能|可不可以)?(?:给你们?)?(?:发|说)(?:个|条|段)?语音|(?:发|说)语音(?:你们?)?(?:能|可以)?(?:听|认)(?:得)?(?:懂|清|见|出)/u;
const VOICE_OFF = /(?:别|不要|不用|甭)(?:再)?(?:给我)?(?:发|用|回)?语音|(?:发|用|打)(?:个)?(?:文字|字)(?:就行|就好|吧|回我)?$|(?:打字|文字)(?:回|发|给)我/u;

export function voiceWish(message: string): 'on' | 'off' | 'may_send' | null {
  const s = normalize(message);
  if (VOICE_OFF.test(s)) return 'off';
  if (MAY_SEND.test(s)) return 'may_send';
  if (VOICE_ON.test(s)) return 'on';
  return null;
}

export async function voicePreferenceTurn(env: AgentEnv, ctx: ChatContext, wish: 'on' | 'off' | 'may_send'): Promise<TurnResult> {
  const speaks = await env.speechOut();
  if (wish === 'may_send') {
    const back = speaks ? '想让我也用语音回您，说“用语音回我”。' : '';
    return { replies: [text(`可以，您直接发语音就行，我听得懂。${back}`)], intent: 'voice_reply' };
  }
  if (wish === 'on' && !speaks) {
    return { replies: [text(`抱歉，我这里暂时还发不了语音。您有事可以直接打${env.office.name}电话：${env.office.phone}，工作人员念给您听。`)], intent: 'voice_reply' };
  }
  const saved = await setVoiceReply(env.db, ctx.msg.channel, ctx.msg.author.id, wish === 'on');
  if (!saved) return { replies: [text('抱歉，这个设置没能保存。请稍后再说一次，或者回复“菜单”。')], intent: 'voice_reply' };
  return {
    replies: [text(wish === 'on' ? '好的，以后我回您的话都用语音念给您听，字也照样发。想换回只发文字，说“发文字”就行。' : '好的，以后只发文字，不发语音了。想听语音，说“发语音”就行。')],
    intent: 'voice_reply',
  };
}
