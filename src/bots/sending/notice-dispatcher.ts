import type { Db } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import { claimNotices, deliverNotices, markNoticeFailed, markNoticeSent } from '../../notices/outbox.ts';
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
        const r = MERGING.has(channel) ? await deliverTogether(deps.db, deps.sender, channel) : await deliverNotices(deps.db, deps.sender, { channel, limit: 10 });
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

/** Channels whose Sender merges what waits (WeCom robots, 20 posts a minute): hand it a batch at once. */
const MERGING = new Set<Channel>(['wecom_robot']);

/**
 * One pass that gives every claimed notice to the Sender together, so notices that find their robot's
 * minute used up wait side by side and go out merged, instead of one after another at 20 a minute.
 */
async function deliverTogether(db: Db, sender: Sender, channel: Channel): Promise<{ sent: number; failed: number }> {
  const claimed = await claimNotices(db, { channel, limit: 60 });
  const results = await Promise.all(
    claimed.map(async (n) => {
      try {
        const o = await sender.send(n.target, n.messages);
        if (o.ok) await markNoticeSent(db, n.id);
        else await markNoticeFailed(db, n.id, o.reason, { permanent: o.permanent, ...(o.retryAfterMs !== undefined ? { retryAfterMs: o.retryAfterMs } : {}) });
        return o.ok;
      } catch (e) {
        await markNoticeFailed(db, n.id, e instanceof Error ? e.message : String(e));
        return false;
      }
    }),
  );
  const sent = results.filter(Boolean).length;
  return { sent, failed: results.length - sent };
}
