import { runPipe, toOggOpus, toSilk } from '../../../src/bots/voice/audio-convert.ts';

/** Real speech, made by espeak-ng's Mandarin voice, as a channel would deliver it. */
export async function spokenWav(text: string): Promise<Buffer> {
  return runPipe('espeak-ng', ['-v', 'cmn', '--stdout', text]);
}
export async function spokenOgg(text: string): Promise<Buffer> {
  return toOggOpus(await spokenWav(text));
}
export async function spokenSilk(text: string): Promise<Buffer> {
  return (await toSilk(await spokenWav(text))).data;
}

/** Pulls the WAV out of a multipart upload and reads its header (what the recogniser was given). */
export function wavInMultipart(raw: Buffer): { sampleRate: number; channels: number } | undefined {
  const i = raw.indexOf('RIFF');
  if (i < 0 || raw.toString('latin1', i + 8, i + 12) !== 'WAVE') return undefined;
  return { channels: raw.readUInt16LE(i + 22), sampleRate: raw.readUInt32LE(i + 24) };
}
