import { toFile } from 'openai';
import { openAiClient } from '../../kernel/openai-client.ts';
import type { Logger } from '../../kernel/logger.ts';
import { JinqiuError } from '../../kernel/errors.ts';
import { runPipe, toWav16kMono } from './audio-convert.ts';
import { createModelGuard, type ModelGuard } from '../../privacy/model-guard.ts';

/** Speech to text; undefined when no endpoint is configured. */
export interface Transcriber {
  transcribe(audio: Buffer, mimeType: string): Promise<string>;
}

/** Text to speech; returns audio in any container ffmpeg reads. */
export interface Speaker {
  speak(text: string): Promise<Buffer>;
}

export interface SpeechConfig {
  OPENAI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_TRANSCRIBE_MODEL?: string;
  OPENAI_TTS_MODEL?: string;
  OPENAI_TIMEOUT_MS: number;
}

/** An OpenAI-compatible /audio/transcriptions endpoint (local whisper servers speak it too). */
export function createTranscriber(cfg: SpeechConfig): Transcriber | undefined {
  if (!cfg.OPENAI_BASE_URL || !cfg.OPENAI_TRANSCRIBE_MODEL) return undefined;
  const api = openAiClient(cfg);
  const model = cfg.OPENAI_TRANSCRIBE_MODEL;
  return {
    async transcribe(audio, mimeType) {
      const wav = await toWav16kMono(audio, mimeType);
      try {
        const r = await api.audio.transcriptions.create({ file: await toFile(wav, 'voice.wav', { type: 'audio/wav' }), model, language: 'zh' });
        return r.text.trim();
      } catch (e) {
        throw new JinqiuError('UPSTREAM_FAILED', 'transcription failed', { cause: e, userMessage: '抱歉，语音识别暂时不可用，请打字告诉我。' });
      }
    },
  };
}

/**
 * /audio/speech when configured, else espeak-ng's Mandarin voice when installed, else none. Either way
 * the engine reads what the model boundary lets it (guard.speech): never a ledger row, a number, an
 * ID or an address, but the rest of the reply and a pointer to the text.
 */
export async function createSpeaker(cfg: SpeechConfig, log?: Logger, guard: ModelGuard = createModelGuard()): Promise<Speaker | undefined> {
  if (cfg.OPENAI_BASE_URL && cfg.OPENAI_TTS_MODEL) {
    const api = openAiClient(cfg);
    const model = cfg.OPENAI_TTS_MODEL;
    return guardedSpeaker(guard, {
      async speak(text) {
        const r = await api.audio.speech.create({ model, voice: 'alloy', input: text, response_format: 'mp3' });
        return Buffer.from(await r.arrayBuffer());
      },
    });
  }
  if (await hasEspeak()) return guardedSpeaker(guard, espeakSpeaker());
  log?.info('no speech output: set OPENAI_TTS_MODEL or install espeak-ng');
  return undefined;
}

/** A speaker that only ever reads what the model boundary lets a speech engine read. */
export function guardedSpeaker(guard: ModelGuard, engine: Speaker): Speaker {
  return { speak: async (text) => engine.speak(await guard.speech(text)) };
}

export function espeakSpeaker(): Speaker {
  return {
    // -s 140: slower than the default 175 words/min, easier for old ears.
    speak: (text) => runPipe('espeak-ng', ['-v', 'cmn', '-s', '140', '--stdout', text.slice(0, 2000)]),
  };
}

/** Whether createSpeaker will find a speech engine: the configured endpoint, or espeak-ng. */
export async function hasSpeechOutput(cfg: SpeechConfig): Promise<boolean> {
  return (!!cfg.OPENAI_BASE_URL && !!cfg.OPENAI_TTS_MODEL) || hasEspeak();
}

export async function hasEspeak(): Promise<boolean> {
  try {
    await runPipe('espeak-ng', ['--version']);
    return true;
  } catch {
    return false;
  }
}
