import type { VoiceFormat } from '../adapter.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import { canEncodeAmr, MAX_WX_VOICE_SEC, runPipe, toAmr, toMp3, toOggOpus, toSilk } from './audio-convert.ts';
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
  if (format === 'amr') {
    if (await canEncodeAmr()) {
      const a = await toAmr(audio);
      return { kind: 'voice', data: a.data, mimeType: 'audio/amr', durationSec: a.durationSec };
    }
    // The 服务号 also takes MP3 voice (60 s, 2 MB): cut to length, 32 kbit/s keeps 59 s near 240 KB.
    const cut = await runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-t', String(MAX_WX_VOICE_SEC), '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3', 'pipe:1'], audio);
    return { kind: 'voice', data: cut, mimeType: 'audio/mpeg' };
  }
  return { kind: 'voice', data: await toMp3(audio), mimeType: 'audio/mpeg' };
}
