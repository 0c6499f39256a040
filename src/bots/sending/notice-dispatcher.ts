import type { Db } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import { deliverNotices } from '../../notices/outbox.ts';
import { sleep } from '../adapter.ts';
import type { Channel } from '../../chat/message.ts';
import type { Sender } from '../../chat/sender.ts';

/**
 * Delivers staff notices (case notices the agent wrote to the staff_notices outbox) through the channel
 * Senders: one loop per channel, so a spaced-out WeChat queue never holds up Telegram or the page.
 * A failing pass is logged and tried again; the loop only ends with stop().
 */
export function startNoticeDispatcher(deps: {
  db: Db;
  sender: Sender;
  channels: Channel[];
  log: Logger;
  /** Pause between passes that found nothing to send. */
  idleMs?: number;
}) {
  const idleMs = deps.idleMs ?? 2000;
  const stop = new AbortController();
  const loops = deps.channels.map(async (channel) => {
    while (!stop.signal.aborted) {
      let busy = false;
      try {
        const r = await deliverNotices(deps.db, deps.sender, { channel, limit: 10 });
        busy = r.sent + r.failed > 0;
        if (busy) deps.log.debug({ channel, ...r }, 'staff notices delivered');
      } catch (e) {
        deps.log.error({ err: e, channel }, 'staff notice pass failed');
      }
      if (!busy) await sleep(idleMs, stop.signal);
    }
  });
  return {
    async stop() {
      stop.abort();
      await Promise.all(loops);
    },
  };
}
