import type { Redis } from 'ioredis';
import type { Channel } from '../chat/message.ts';
import type { ChannelLimits } from './runtime.ts';

/**
 * Waits until a channel may send one more message. Checked right before each send, so the count is
 * of real sends, not of jobs started. A small guard is added to the window: platform counters and ours
 * do not tick at the same instant.
 */
export interface RateGate {
  acquire(channel: Channel): Promise<void>;
}

/** 10% of the window (at least 25 ms): a send leaves a little after its token is taken, and not always equally late. */
const guard = (durationMs: number) => Math.max(25, Math.round(durationMs * 0.1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** For one process (the in-process runner). */
export function memoryRateGate(limits: ChannelLimits): RateGate {
  const recent = new Map<Channel, number[]>();
  const tails = new Map<Channel, Promise<void>>();
  return {
    acquire(channel) {
      const l = limits[channel];
      if (!l) return Promise.resolve();
      // Callers queue per channel so the window is filled in order.
      const run = async () => {
        for (;;) {
          const now = Date.now();
          const times = (recent.get(channel) ?? []).filter((t) => t > now - l.durationMs - guard(l.durationMs));
          if (times.length < l.max) {
            times.push(now);
            recent.set(channel, times);
            return;
          }
          recent.set(channel, times);
          await sleep(times[0]! + l.durationMs + guard(l.durationMs) - now + 1);
        }
      };
      const next = (tails.get(channel) ?? Promise.resolve()).then(run);
      tails.set(channel, next.catch(() => {}));
      return next;
    },
  };
}

// Sliding window in a sorted set, on Redis' own clock so every worker process agrees.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now + 1`;

/** Shared by every worker process on one Redis: the limit holds for all of them together. */
export function redisRateGate(redis: Redis, prefix: string, limits: ChannelLimits): RateGate {
  let seq = 0;
  const local = memoryRateGate(limits); // keeps one process from hammering Redis with retries
  return {
    async acquire(channel) {
      const l = limits[channel];
      if (!l) return;
      await local.acquire(channel);
      const key = `${prefix}:rate:${channel}`;
      const member = `${process.pid}-${Date.now()}-${seq++}`;
      for (;;) {
        const wait = Number(await redis.eval(SCRIPT, 1, key, String(l.durationMs + guard(l.durationMs)), String(l.max), member));
        if (wait <= 0) return;
        await sleep(wait);
      }
    },
  };
}
