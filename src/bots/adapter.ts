import type { Channel, OutboundMessage } from '../chat/message.ts';
import type { SendOutcome, SendTarget } from '../chat/sender.ts';

/**
 * One chat platform. An adapter only translates: platform events become InboundMessages handed to a
 * MessageHandler, and OutboundMessages become platform calls. Pacing of proactive sends lives in the
 * Sender built over `deliver`, never here, so replies to someone who just wrote go out at once.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends now, unpaced. Returns a permanent failure when the person blocked the bot. */
  deliver(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome>;
}

/** The voice container a channel expects for spoken replies. */
/** amr: the 服务号 and WeCom (MP3 when no AMR encoder is installed; both accept it for voice). */
export type VoiceFormat = 'ogg-opus' | 'silk' | 'mp3' | 'amr';

/** Retries `fn` with exponential backoff and jitter until it succeeds or `signal` aborts (then the last error is thrown). */
export async function withBackoff<T>(
  fn: () => Promise<T>,
  opts: { baseMs?: number; maxMs?: number; signal?: AbortSignal; onError?: (e: unknown, attempt: number, waitMs: number) => void } = {},
): Promise<T> {
  const base = opts.baseMs ?? 1000;
  const max = opts.maxMs ?? 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      const wait = Math.min(max, base * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      opts.onError?.(e, attempt, wait);
      await sleep(wait, opts.signal);
      if (opts.signal?.aborted) throw e;
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
