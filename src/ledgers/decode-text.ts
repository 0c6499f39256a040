import chardet from 'chardet';
import iconv from 'iconv-lite';
import { FileError } from '../errors.ts';

/**
 * Offices save CSV from Excel in GBK (简体中文 Windows) as often as in UTF-8: detect and decode both.
 * Strict UTF-8 first (with or without BOM), then what chardet sees, restricted to encodings that
 * really occur here, so a binary file is refused instead of turned into mojibake.
 */
export function decodeText(buf: Buffer, fileLabel: string): { text: string; encoding: string } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    // not UTF-8: fall through to detection
  }
  if (buf.includes(0)) {
    throw new FileError(`${fileLabel}: binary content, not a text CSV`, '这个文件不是表格文本，请另存为 Excel（.xlsx）或 CSV 再导入。');
  }
  const guess = (chardet.detect(buf) ?? '').toUpperCase();
  // chardet often names short GBK text Big5 or EUC-KR; GB18030 is a superset of GBK/GB2312 and decodes them all.
  if (['GB18030', 'GBK', 'GB2312', 'BIG5', 'EUC-KR', 'EUC-JP', 'SHIFT_JIS', 'ISO-8859-1', 'WINDOWS-1252'].includes(guess)) {
    const text = iconv.decode(buf, 'gb18030');
    if (!text.includes('\ufffd')) return { text, encoding: 'gb18030' };
  }
  throw new FileError(
    `${fileLabel}: unknown text encoding (detected ${guess || 'nothing'})`,
    '文件的文字编码认不出来，请在 Excel 里“另存为”UTF-8 的 CSV 或 .xlsx 文件再导入。',
  );
}
