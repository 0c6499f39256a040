import type { Agent, TurnResult } from '../../../src/chat/turn.ts';
import type { InboundMessage } from '../../../src/chat/message.ts';
import { createLogger } from '../../../src/kernel/logger.ts';

/**
 * A small stand-in for the real agent: echoes, and reacts to a few trigger words so tests can see
 * images, files, failures and slow turns travel through an adapter.
 */
export class FakeAgent implements Agent {
  readonly seen: InboundMessage[] = [];
  delayMs = 0;

  async handle(msg: InboundMessage): Promise<TurnResult> {
    this.seen.push(msg);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (msg.text.includes('出错')) throw new Error('agent exploded on purpose');
    if (msg.text.includes('长文')) return { intent: 'policy', replies: [{ kind: 'text', text: '医药费按规定报销。'.repeat(1000) }] };
    if (msg.text.includes('图片')) return { intent: 'help', replies: [{ kind: 'image', data: PNG_1PX, mimeType: 'image/png', caption: '示意图' }] };
    if (msg.text.includes('导出')) {
      return { intent: 'staff_export', replies: [{ kind: 'file', data: Buffer.from('姓名,镇\n张三,韦庄镇\n'), filename: '台账.csv', mimeType: 'text/csv' }] };
    }
    return { intent: msg.chatKind === 'group' ? 'staff_query' : 'policy', replies: [{ kind: 'text', text: `收到：${msg.text}` }] };
  }
}

export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const silentLog = createLogger('silent');
