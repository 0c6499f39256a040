import { spawn } from 'node:child_process';
import * as silk from 'silk-wasm';
import { FileError } from '../../kernel/errors.ts';

/** Runs a program with `input` on stdin and returns stdout; stderr goes into the error when it fails. */
export function runPipe(cmd: string, args: string[], input?: Buffer, timeoutMs = 60_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${cmd} exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(-500)}`));
    });
    child.stdin.on('error', () => {}); // the program may exit before reading everything; the exit code tells
    child.stdin.end(input);
  });
}

const unreadable = (e: unknown) => new FileError('audio conversion failed', '抱歉，这段语音没能听清，请再说一遍或打字告诉我。', e);

/** WeChat voice is SILK (Tencent's variant starts with a 0x02 byte, which silk-wasm expects); decoded to 24 kHz pcm_s16le. */
export async function silkToPcm(data: Buffer, sampleRate = 24_000): Promise<Buffer> {
  if (!silk.isSilk(data)) throw unreadable(new Error('not a SILK stream'));
  const r = await silk.decode(data, sampleRate);
  return Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
}

/** Any audio (ogg, webm, mp3, wav, SILK) to the 16 kHz mono WAV that speech recognisers want. */
export async function toWav16kMono(data: Buffer, mimeType: string): Promise<Buffer> {
  try {
    if (/silk/i.test(mimeType) || silk.isSilk(data)) {
      const pcm = await silkToPcm(data);
      return await runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 's16le', '-ar', '24000', '-ac', '1', '-i', 'pipe:0', '-ar', '16000', '-ac', '1', '-f', 'wav', 'pipe:1'], pcm);
    }
    // AMR from phones uses DTX: ffmpeg's decoder skips the comfort-noise frames (SID), so the gaps they
    // leave in the timestamps are filled with silence to keep the pauses where the speaker made them.
    const amr = /amr/i.test(mimeType) || data.subarray(0, 6).toString('latin1') === '#!AMR\n';
    return await runPipe('ffmpeg', ['-hide_banner', '-loglevel', amr ? 'fatal' : 'error', '-i', 'pipe:0', ...(amr ? ['-af', 'aresample=async=1:first_pts=0'] : []), '-ar', '16000', '-ac', '1', '-f', 'wav', 'pipe:1'], data);
  } catch (e) {
    throw unreadable(e);
  }
}

/** Telegram voice notes must be OGG/Opus to show as a voice bubble. */
export function toOggOpus(data: Buffer): Promise<Buffer> {
  return runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', '48000', '-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg', 'pipe:1'], data);
}

export function toMp3(data: Buffer): Promise<Buffer> {
  return runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '48k', '-f', 'mp3', 'pipe:1'], data);
}

/**
 * AMR-NB (8 kHz mono, 12.2 kbit/s), the voice format of the 服务号 and WeCom. Debian's ffmpeg decodes
 * AMR but is built without an AMR encoder (no opencore-amr), so ffmpeg resamples to 8 kHz WAV and sox
 * encodes it with Debian's libopencore-amrnb0 (packages sox, libsox-fmt-all, libopencore-amrnb0).
 * Cut at 59 s: WeChat refuses voice longer than 60 s (and over 2 MB, which 59 s of AMR never reaches).
 */
export async function toAmr(data: Buffer): Promise<{ data: Buffer; durationSec: number }> {
  const wav = await runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-t', String(MAX_WX_VOICE_SEC), '-ac', '1', '-ar', '8000', '-c:a', 'pcm_s16le', '-f', 'wav', 'pipe:1'], data);
  const amr = await runPipe('sox', ['-t', 'wav', '-', '-t', 'amr-nb', '-C', '7', '-'], wav);
  // 16-bit mono at 8 kHz: 16,000 bytes a second after the 44-byte header.
  return { data: amr, durationSec: Math.max(1, Math.round((wav.length - 44) / 16_000)) };
}

export const MAX_WX_VOICE_SEC = 59;

/** Whether this machine can encode AMR (sox with the AMR-NB format); the 服务号 gets MP3 voice otherwise. */
let amrEncoder: Promise<boolean> | undefined;
export function canEncodeAmr(): Promise<boolean> {
  amrEncoder ??= runPipe('sox', ['-h'])
    .then((out) => /\bamr-nb\b/.test(out.toString('utf8')))
    .catch(() => false);
  return amrEncoder;
}

/** WeChat voice messages are SILK at 24 kHz. */
export async function toSilk(data: Buffer): Promise<{ data: Buffer; durationSec: number }> {
  const pcm = await runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', '24000', '-f', 's16le', 'pipe:1'], data);
  const r = await silk.encode(pcm, 24_000);
  return { data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), durationSec: Math.max(1, Math.round(r.duration / 1000)) };
}

