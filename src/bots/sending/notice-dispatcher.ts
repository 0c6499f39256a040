import type { Db } from '../../db/types.ts';
import type { Logger } from '../../logger.ts';
import type { Channel } from '../message.ts';
import type { Sender } from '../sender.ts';
import { deliverNotices as outboxPass } from '../../agents/notices.ts';

/** One pass over the notice outbox for one channel; src/agents/notices.ts `deliverNotices` is the real one. */
export type DeliverNoticesPass = (db: Db, sender: Sender, opts: { limit?: number; channel?: Channel }) => Promise<{ sent: number; failed: number }>;

/**
 * Delivers staff notices (case notices the agent wrote to the staff_notices outbox) through the channel
 * Senders: one loop per channel, so a spaced-out WeChat queue never holds up Telegram or the page.
 * A failing pass is logged and tried again; the loop only ends with stop().
 */
export function startNoticeDispatcher(deps: {
  db: Db;
  sender: Sender;
  channels: Channel[];
  /** Defaults to the agent's outbox pass over staff_notices. */
  deliverNotices?: DeliverNoticesPass;
  log: Logger;
  /** Pause between passes that found nothing to send. */
  idleMs?: number;
}) {
  const idleMs = deps.idleMs ?? 2000;
  const pass = deps.deliverNotices ?? outboxPass;
  const stop = new AbortController();
  const loops = deps.channels.map(async (channel) => {
    while (!stop.signal.aborted) {
      let busy = false;
      try {
        const r = await pass(deps.db, deps.sender, { channel, limit: 10 });
        busy = r.sent + r.failed > 0;
        if (busy) deps.log.debug({ channel, ...r }, 'staff notices delivered');
      } catch (e) {
        deps.log.error({ err: e, channel }, 'staff notice pass failed');
      }
      if (!busy) await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, idleMs);
        stop.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  });
  return {
    async stop() {
      stop.abort();
      await Promise.all(loops);
    },
  };
}
