import { describe, expect, it } from 'vitest';
import { canEncodeAmr, runPipe, toAmr, toWav16kMono } from '../../src/bots/voice/audio-convert.ts';
import { synthesizeVoice } from '../../src/bots/voice/voice-reply.ts';
import { espeakSpeaker } from '../../src/bots/voice/speech-client.ts';
import { spokenWav } from './helpers/audio.ts';

/** Seconds and loudness (RMS of 16-bit samples) of a 16 kHz mono WAV. */
function measure(wav: Buffer): { seconds: number; rms: number } {
  const data = wav.subarray(44);
  let sum = 0;
  for (let i = 0; i + 1 < data.length; i += 2) sum += data.readInt16LE(i) ** 2;
  return { seconds: data.length / 2 / 16_000, rms: Math.sqrt(sum / (data.length / 2)) };
}

/** The same speech as 16 kHz mono straight from the source, for comparison. */
const reference = async (wav: Buffer) => measure(await toWav16kMono(wav, 'audio/wav'));

describe('AMR voice (服务号 and WeCom)', () => {
  it('this machine encodes AMR-NB (sox with libopencore-amrnb) and decodes it (ffmpeg)', async () => {
    expect(await canEncodeAmr()).toBe(true);
  });

  it('a spoken reply goes out as AMR and comes back as the same speech', async () => {
    const voice = await synthesizeVoice(espeakSpeaker(), '王老您好，明天上午九点在老干部活动中心体检，请带好医保卡。', 'amr');
    expect(voice.kind).toBe('voice');
    if (voice.kind !== 'voice') return;
    expect(voice.mimeType).toBe('audio/amr');
    expect(voice.data.subarray(0, 6).toString('latin1')).toBe('#!AMR\n');
    expect(voice.data.length).toBeLessThan(2 * 1024 * 1024);
    const back = measure(await toWav16kMono(voice.data, 'audio/amr'));
    const src = await reference(await espeakSpeaker().speak('王老您好，明天上午九点在老干部活动中心体检，请带好医保卡。'));
    // The pauses stay; only trailing silence after the last spoken frame may come back shorter.
    expect(Math.abs(back.seconds - src.seconds)).toBeLessThan(0.5);
    expect(Math.abs(voice.durationSec! - src.seconds)).toBeLessThanOrEqual(1);
    // Speech, not silence: narrow-band coding keeps most of the energy.
    expect(back.rms).toBeGreaterThan(src.rms * 0.4);
  });

  it('an elder’s AMR voice message decodes for the recogniser and survives a second round', async () => {
    const spoken = await spokenWav('我想问一下护理费怎么申请');
    const fromPhone = await runPipe('sox', ['-t', 'wav', '-', '-t', 'amr-nb', '-C', '7', '-'], await runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ar', '8000', '-ac', '1', '-f', 'wav', 'pipe:1'], spoken));
    const heard = await toWav16kMono(fromPhone, 'audio/amr');
    expect(heard.toString('latin1', 0, 4)).toBe('RIFF');
    expect(heard.readUInt32LE(24)).toBe(16_000);
    const once = measure(heard);
    const again = measure(await toWav16kMono((await toAmr(heard)).data, 'audio/amr'));
    const src = await reference(spoken);
    expect(Math.abs(once.seconds - src.seconds)).toBeLessThan(0.3);
    expect(Math.abs(again.seconds - once.seconds)).toBeLessThan(0.3);
    expect(again.rms).toBeGreaterThan(once.rms * 0.5);
  });

  it('cuts a spoken reply at 59 seconds: WeChat refuses voice over 60 s', async () => {
    const long = await runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=75', '-f', 'wav', 'pipe:1']);
    const a = await toAmr(long);
    expect(a.durationSec).toBe(59);
    expect(measure(await toWav16kMono(a.data, 'audio/amr')).seconds).toBeLessThanOrEqual(59.1);
  });
});
