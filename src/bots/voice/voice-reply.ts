import type { VoiceFormat } from '../adapter.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import { toMp3, toOggOpus, toSilk } from './audio-convert.ts';
import type { Speaker } from './speech-client.ts';

/** Strips what should not be read aloud (links, citation brackets), keeps it short enough to listen to. */
export function speakableText(t: string): string {
  return t
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[【】〔〕\[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 600);
}

/** Speaks `text` and packs it the way the channel plays voice messages. */
export async function synthesizeVoice(speaker: Speaker, text: string, format: VoiceFormat): Promise<OutboundMessage> {
  const audio = await speaker.speak(speakableText(text));
  if (format === 'silk') {
    const s = await toSilk(audio);
    return { kind: 'voice', data: s.data, mimeType: 'audio/silk', durationSec: s.durationSec };
  }
  if (format === 'ogg-opus') return { kind: 'voice', data: await toOggOpus(audio), mimeType: 'audio/ogg' };
  return { kind: 'voice', data: await toMp3(audio), mimeType: 'audio/mpeg' };
}
