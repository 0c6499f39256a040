import OpenAI from 'openai';
import type { Config } from './config.ts';

export type OpenAiSettings = Pick<Config, 'OPENAI_BASE_URL' | 'OPENAI_API_KEY' | 'OPENAI_TIMEOUT_MS'>;

/**
 * The one way to reach the configured OpenAI-compatible endpoint (Qwen, DeepSeek, vLLM, Ollama).
 * Local servers need no key, but the SDK refuses to start without one, so a placeholder stands in.
 */
export function openAiClient(settings: OpenAiSettings, opts: { maxRetries?: number } = {}): OpenAI {
  return new OpenAI({
    baseURL: settings.OPENAI_BASE_URL,
    apiKey: settings.OPENAI_API_KEY || 'not-needed',
    timeout: settings.OPENAI_TIMEOUT_MS,
    maxRetries: opts.maxRetries ?? 1,
  });
}
