import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  encoding: string;
}

/** Text a BOM or strict UTF-8 proves to be Unicode (BOM removed); null when it is neither. */
export function decodeUnicode(buf: Buffer): DecodedText | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return null;
  }
}

/** Why a buffer is not text: NUL bytes (binary), or an encoding that is neither Unicode nor GBK. */
export type UndecodableText = { kind: 'binary' } | { kind: 'unknown'; detected: string };

/**
 * Offices save files in GBK (简体中文 Windows) as often as in UTF-8: detect and decode both.
 * Unicode first, then what chardet sees, restricted to encodings that really occur here, so a
 * binary file is refused instead of turned into mojibake. The caller words the refusal, since
 * only it knows what the file was meant to be.
 */
export function decodeText(buf: Buffer, refuse: (why: UndecodableText) => Error): DecodedText {
  const unicode = decodeUnicode(buf);
  if (unicode) return unicode;
  if (buf.includes(0)) throw refuse({ kind: 'binary' });
  const guess = (chardet.detect(buf) ?? '').toUpperCase();
  // chardet often names short GBK text Big5 or EUC-KR; GB18030 is a superset of GBK/GB2312 and decodes them all.
  if (['GB18030', 'GBK', 'GB2312', 'BIG5', 'EUC-KR', 'EUC-JP', 'SHIFT_JIS', 'ISO-8859-1', 'WINDOWS-1252'].includes(guess)) {
    const text = iconv.decode(buf, 'gb18030');
    if (!text.includes('\ufffd')) return { text, encoding: 'gb18030' };
  }
  throw refuse({ kind: 'unknown', detected: guess });
}
