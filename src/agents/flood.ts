import type { ConversationState } from './conversation.ts';

export const FLOOD_LIMIT = 20;
export const FLOOD_WINDOW_MS = 60_000;

export type FloodVerdict = 'ok' | 'warn' | 'drop';

/**
 * Per-account rate limit over a fixed one-minute window kept in the conversation state: the first
 * message over the limit gets one polite answer, the rest of that minute are dropped quietly.
 */
export function checkFlood(state: ConversationState, now: Date, limit = FLOOD_LIMIT): FloodVerdict {
  const t = now.getTime();
  if (!state.flood || t - state.flood.windowStart >= FLOOD_WINDOW_MS || t < state.flood.windowStart) {
    state.flood = { windowStart: t, count: 1, warned: false };
    return 'ok';
  }
  state.flood.count += 1;
  if (state.flood.count <= limit) return 'ok';
  if (!state.flood.warned) {
    state.flood.warned = true;
    return 'warn';
  }
  return 'drop';
}
