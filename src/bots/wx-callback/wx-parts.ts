import type { OutboundMessage } from '../../chat/message.ts';
import { splitText } from '../split-text.ts';

/**
 * Text limits: a 服务号 text reply or 客服消息 takes about 2048 bytes (≈ 680 Chinese characters); WeCom
 * 2048 bytes too. Pieces of 600 characters stay under both.
 */
export const WX_TEXT_CHARS = 600;

export type WxPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; data: Buffer; mimeType: string }
  | { kind: 'voice'; data: Buffer; mimeType: string; filename: string }
  | { kind: 'file'; data: Buffer; filename: string; mimeType: string };

/**
 * Replies as the pieces WeChat sends one by one. The 服务号 cannot send files (`files: false`): the
 * person is told the file's name and where to get it instead, so nothing disappears silently.
 */
export function toWxParts(messages: OutboundMessage[], opts: { files: boolean }): WxPart[] {
  const out: WxPart[] = [];
  for (const m of messages) {
    if (m.kind === 'text') out.push(...splitText(m.text, WX_TEXT_CHARS).map((t) => ({ kind: 'text' as const, text: t })));
    else if (m.kind === 'image') {
      out.push({ kind: 'image', data: m.data, mimeType: m.mimeType });
      if (m.caption) out.push({ kind: 'text', text: m.caption });
    } else if (m.kind === 'voice') {
      const ext = /amr/.test(m.mimeType) ? 'amr' : /mpeg|mp3/.test(m.mimeType) ? 'mp3' : 'ogg';
      out.push({ kind: 'voice', data: m.data, mimeType: m.mimeType, filename: `voice.${ext}` });
    } else if (opts.files) {
      out.push({ kind: 'file', data: m.data, filename: m.filename, mimeType: m.mimeType });
      if (m.caption) out.push({ kind: 'text', text: m.caption });
    } else {
      out.push({ kind: 'text', text: `${m.caption ? `${m.caption}\n` : ''}文件《${m.filename}》在这里打不开，请在电脑上的企业微信或网页上查看，或请工作人员转给您。` });
    }
  }
  return out;
}
