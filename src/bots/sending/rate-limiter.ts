/** A clock the senders use; tests pass a fake one. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface Limit {
  key: string;
  /** At most `max` sends in any `windowMs`. */
  max: number;
  windowMs: number;
  /** Also spread sends evenly: at least this long between two (so a burst never lands in one instant). */
  spacingMs?: number;
}

/**
 * Sliding-window limits over several keys at once (total, per chat, per group). `acquire` waits until
 * every limit it names allows one more send, then counts it. Acquisitions are served in order, so a
 * burst to one chat cannot starve the others forever.
 */
export class RateLimiter {
  private readonly history = new Map<string, number[]>();
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly clock: Clock = realClock) {}

  /** Nothing goes out before `until` (a 429's retry_after applies to the whole bot). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  acquire(limits: Limit[]): Promise<void> {
    const turn = this.queue.then(() => this.waitFor(limits));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async waitFor(limits: Limit[]): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      let wait = Math.max(0, this.pausedUntil - now);
      for (const l of limits) {
        const h = this.prune(l, now);
        if (h.length >= l.max) wait = Math.max(wait, h[h.length - l.max]! + l.windowMs - now);
        if (l.spacingMs && h.length) wait = Math.max(wait, h[h.length - 1]! + l.spacingMs - now);
      }
      if (wait <= 0) {
        for (const l of limits) this.prune(l, now).push(now);
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  private prune(l: Limit, now: number): number[] {
    const h = this.history.get(l.key) ?? [];
    let drop = 0;
    while (drop < h.length && h[drop]! <= now - l.windowMs) drop++;
    if (drop) h.splice(0, drop);
    this.history.set(l.key, h);
    return h;
  }
}
