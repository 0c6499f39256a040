import type { ChannelAdapter } from '../adapter.ts';
import type { OutboundMessage } from '../../chat/message.ts';
import type { SendOutcome, SendTarget } from '../../chat/sender.ts';
import type { EventStore } from './event-store.ts';

export const BOT_NAME = '金秋助手';

/** The web channel: "sending" puts messages on the page the person (or tester) is looking at. */
export function createSimulatorAdapter(store: EventStore): ChannelAdapter & { pushNotice(threadId: string, messages: OutboundMessage[]): void } {
  return {
    channel: 'web',
    async start() {},
    async stop() {},
    async deliver(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
      const ev = store.push(target.threadId, 'bot', BOT_NAME, messages);
      return { ok: true, messageIds: [String(ev.seq)] };
    },
    pushNotice(threadId, messages) {
      store.push(threadId, 'bot', BOT_NAME, messages, true);
    },
  };
}
