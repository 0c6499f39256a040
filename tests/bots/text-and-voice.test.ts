import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/bots/split-text.ts';
import { politeAnswerFor } from '../../src/bots/inbound-guard.ts';
import type { InboundMessage } from '../../src/chat/message.ts';
import { createSpeaker, createTranscriber } from '../../src/bots/voice/speech-client.ts';
import { synthesizeVoice } from '../../src/bots/voice/voice-reply.ts';
import { toWav16kMono } from '../../src/bots/voice/audio-convert.ts';
import { startFakeOpenAI } from '../helpers/fake-openai.ts';
import { spokenOgg, spokenSilk, spokenWav } from './helpers/audio.ts';

const msg = (over: Partial<InboundMessage>): InboundMessage => ({
  id: '1', channel: 'telegram', threadId: '1', chatKind: 'private', author: { id: '1' }, text: '', attachments: [], mentionsBot: true, receivedAt: new Date(), ...over,
});

describe('splitText', () => {
  it('keeps short text whole and cuts long text after a sentence end', () => {
    expect(splitText('你好。', 10)).toEqual(['你好。']);
    const parts = splitText('第一句话。第二句话很长很长。第三句。', 12);
    expect(parts).toEqual(['第一句话。第二句话很长很长。'.slice(0, 5), '第二句话很长很长。', '第三句。']);
  });
  it('prefers paragraph breaks and never loses characters', () => {
    const t = `${'甲'.repeat(30)}\n${'乙'.repeat(30)}`;
    expect(splitText(t, 40)).toEqual(['甲'.repeat(30), '乙'.repeat(30)]);
    const noBreaks = '字'.repeat(100);
    expect(splitText(noBreaks, 30).join('')).toBe(noBreaks);
    expect(splitText(noBreaks, 30).every((p) => p.length <= 30)).toBe(true);
  });
});

describe('polite answers', () => {
  it('covers stickers, locations, unknown files, images and pastes too long to read', () => {
    expect(politeAnswerFor(msg({ attachments: [{ kind: 'sticker' }] }))).toMatch(/表情/);
    expect(politeAnswerFor(msg({ attachments: [{ kind: 'location' }] }))).toMatch(/位置/);
    expect(politeAnswerFor(msg({ chatKind: 'group', attachments: [{ kind: 'file', name: 'a.exe' }] }))).toMatch(/文件/);
    // In a private chat a file may be a staff member's ledger: the agent, knowing who sent it, answers.
    expect(politeAnswerFor(msg({ attachments: [{ kind: 'file', name: '台账.xlsx' }] }))).toBeUndefined();
    expect(politeAnswerFor(msg({ chatKind: 'group', attachments: [{ kind: 'file', name: '台账.xlsx' }] }), true)).toBeUndefined();
    expect(politeAnswerFor(msg({ attachments: [{ kind: 'image' }] }))).toMatch(/图片/);
    expect(politeAnswerFor(msg({ text: '字'.repeat(200 * 1024) }))).toMatch(/太长/);
    expect(politeAnswerFor(msg({ text: '你好' }))).toBeUndefined();
    expect(politeAnswerFor(msg({ voice: { data: Buffer.alloc(1), mimeType: 'audio/ogg' } }))).toBeUndefined();
  });
});

describe('voice', () => {
  it('converts OGG, SILK and WAV to 16 kHz mono WAV', async () => {
    for (const [audio, mime] of [[await spokenOgg('你好'), 'audio/ogg'], [await spokenSilk('你好'), 'audio/silk'], [await spokenWav('你好'), 'audio/wav']] as const) {
      const wav = await toWav16kMono(audio, mime);
      expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
      expect(wav.readUInt32LE(24)).toBe(16000);
      expect(wav.readUInt16LE(22)).toBe(1);
    }
  });

  it('says kindly when a recording cannot be read', async () => {
    await expect(toWav16kMono(Buffer.from('not audio at all'), 'audio/ogg')).rejects.toMatchObject({ code: 'FILE_UNREADABLE', userMessage: expect.stringMatching(/语音/) });
  });

  it('speaks through an OpenAI-compatible /audio/speech endpoint and packs OGG/Opus and SILK', async () => {
    const wav = await spokenWav('您好');
    const openai = await startFakeOpenAI({ speech: () => wav });
    try {
      const speaker = await createSpeaker({ OPENAI_BASE_URL: openai.baseURL, OPENAI_TTS_MODEL: 'tts-1', OPENAI_TIMEOUT_MS: 10_000 });
      const ogg = await synthesizeVoice(speaker!, '您好，【第三条】请看 https://example.org', 'ogg-opus');
      expect(ogg.kind === 'voice' && ogg.data.toString('latin1', 0, 4)).toBe('OggS');
      expect(openai.requests[0]!.body).toMatchObject({ model: 'tts-1' });
      expect(openai.requests[0]!.body.input).not.toMatch(/https|【/);
      const silk = await synthesizeVoice(speaker!, '您好', 'silk');
      expect(silk.kind === 'voice' && silk.data.toString('latin1', 1, 10)).toBe('#!SILK_V3');
    } finally {
      await openai.close();
    }
  });

  it('has no recogniser unless both the endpoint and the model are configured', () => {
    expect(createTranscriber({ OPENAI_TIMEOUT_MS: 1000 })).toBeUndefined();
    expect(createTranscriber({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_TIMEOUT_MS: 1000 })).toBeUndefined();
  });
});
