import path from 'node:path';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { decodeUnicode } from '../kernel/decode-text.ts';
import { FileError } from '../kernel/errors.ts';
import { knowledgeInputLimits, tooBig, type KnowledgeInputLimits } from '../kernel/input-file.ts';

export type DocFormat = 'txt' | 'md' | 'docx' | 'pdf' | 'html';

export interface ExtractedText {
  format: DocFormat;
  /** Plain text, one paragraph per line. */
  text: string;
  /** A title the format itself declares (<title>, leading "# "), if any. */
  declaredTitle?: string;
  /** Leading "key: value" metadata lines (source:, completeness:) removed from the text. */
  meta: Record<string, string>;
}

const EXTENSIONS: Record<string, DocFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
};

export function formatOf(file: string): DocFormat | null {
  return EXTENSIONS[path.extname(file).toLowerCase()] ?? null;
}

const unreadable = (file: string, what: string, cause?: unknown) =>
  new FileError(
    `${path.basename(file)}: ${what}; nothing was written`,
    `文件《${path.basename(file)}》打不开或已损坏，没有导入。请检查文件后重新上传。`,
    cause,
  );

/**
 * Reads a file into plain paragraphs; a damaged pdf/docx is a FileError before anything is stored. The
 * bytes were checked by readInputFile; here the pages of a pdf and the extracted text are bounded too,
 * since chunking and indexing hold several times the text.
 */
export async function extractText(file: string, data: Buffer, limits: KnowledgeInputLimits = knowledgeInputLimits()): Promise<ExtractedText> {
  const out = await extractUnbounded(file, data, limits);
  const bytes = Buffer.byteLength(out.text);
  if (bytes > limits.maxTextBytes) throw tooBig(file, bytes, limits.maxTextBytes, 'extracted text');
  return out;
}

async function extractUnbounded(file: string, data: Buffer, limits: KnowledgeInputLimits): Promise<ExtractedText> {
  const format = formatOf(file);
  if (!format) {
    throw new FileError(`${path.basename(file)}: unsupported file type (use .txt, .md, .docx, .pdf or .html)`, `文件《${path.basename(file)}》的格式不支持，请用 txt、docx、pdf 或网页格式。`);
  }
  switch (format) {
    case 'txt':
      return withHeader(format, decodeDocument(data));
    case 'md':
      return withHeader(format, stripMarkdown(decodeDocument(data)));
    case 'html': {
      const html = decodeDocument(data);
      const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
      const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
      const declared = cleanInline(h1 ?? title ?? '');
      return { format, text: htmlToText(html), meta: {}, ...(declared ? { declaredTitle: declared } : {}) };
    }
    case 'docx': {
      if (data.subarray(0, 2).toString('latin1') !== 'PK') throw unreadable(file, 'not a docx (zip) file');
      try {
        // Loaded on the first .docx: mammoth and its zip/xml stack are ~10 MB resident.
        const { default: mammoth } = await import('mammoth');
        const { value } = await mammoth.extractRawText({ buffer: data });
        return { format, text: value, meta: {} };
      } catch (e) {
        throw unreadable(file, `docx could not be read (${(e as Error).message})`, e);
      }
    }
    case 'pdf': {
      if (data.subarray(0, 5).toString('latin1') !== '%PDF-') throw unreadable(file, 'not a pdf file (no %PDF- header)');
      try {
        const { extractText: pdfText, getDocumentProxy } = await import('unpdf');
        // verbosity 0: pdf.js would otherwise print its repair warnings on the console.
        const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
        if (pdf.numPages > limits.maxPdfPages) throw new PdfTooLong(pdf.numPages, limits.maxPdfPages);
        const { text } = await pdfText(pdf, { mergePages: false });
        const joined = reflowPdf(text.join('\n'));
        if (!joined.trim()) throw new Error('no text layer (a scanned pdf needs OCR first)');
        return { format, text: joined, meta: {} };
      } catch (e) {
        if (e instanceof PdfTooLong) {
          throw new FileError(`${path.basename(file)}: ${e.message}; nothing was written`, `文件《${path.basename(file)}》页数太多（${e.pages} 页，最多 ${e.max} 页），没有导入。请分成几个文件。`);
        }
        throw unreadable(file, `pdf could not be read (${(e as Error).message})`, e);
      }
    }
  }
}

class PdfTooLong extends Error {
  constructor(readonly pages: number, readonly max: number) {
    super(`${pages} pages, over the ${max} limit`);
  }
}

/**
 * Unicode when a BOM or valid UTF-8 says so; otherwise Big5 when chardet says so, else GB18030 (common
 * for government files). Unlike the ledger's CSV reader this never refuses: chardet names short GBK
 * text KOI8-R or the like, and a policy text decoded imperfectly is still worth keeping.
 */
function decodeDocument(data: Buffer): string {
  const unicode = decodeUnicode(data);
  if (unicode) return unicode.text;
  const enc = /^Big5$/i.test(chardet.detect(data) ?? '') ? 'Big5' : 'GB18030';
  return iconv.decode(data, enc).replace(/^\uFEFF/, '');
}

/** A leading "# title" line and "key: value" lines after it are metadata, not body text. */
function withHeader(format: DocFormat, text: string): ExtractedText {
  const lines = text.split(/\r?\n/);
  const meta: Record<string, string> = {};
  let declaredTitle: string | undefined;
  let i = 0;
  while (i < lines.length && !lines[i]!.trim()) i++;
  const first = lines[i]?.trim() ?? '';
  if (/^#\s+/.test(first)) {
    declaredTitle = first.replace(/^#\s+/, '').trim();
    i++;
    for (; i < lines.length; i++) {
      const m = /^([a-z_]+):\s*(.*)$/i.exec(lines[i]!.trim());
      if (!m) break;
      meta[m[1]!.toLowerCase()] = m[2]!;
    }
    lines.splice(0, i);
  }
  return { format, text: lines.join('\n'), meta, ...(declaredTitle ? { declaredTitle } : {}) };
}

function stripMarkdown(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/^\|?\s*:?-{3,}.*$/gm, '')
    .replace(/\|/g, ' ');
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', hellip: '…', middot: '·', ensp: ' ', emsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const cleanInline = (s: string) => decodeEntities(s.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();

/** Tags removed, block elements turned into line breaks, scripts/styles/comments dropped, entities decoded. */
export function htmlToText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return decodeEntities(
    body
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style|noscript|template|head|nav|footer)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/?(p|div|section|article|li|ul|ol|tr|table|h[1-6]|blockquote|pre|dd|dt|header|main)\b[^>]*>/gi, '\n')
      .replace(/<\/t[dh]>/gi, ' ')
      .replace(/<[^>]+>/g, ''),
  )
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

const STRUCTURE_START = /^(第[一二三四五六七八九十百零〇\d]+[编章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．])/u;

/** PDF text breaks lines where the page did; rejoin lines that end mid-sentence. */
function reflowPdf(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev !== undefined && !/[。；：！？:;!?.）)]$/u.test(prev) && !STRUCTURE_START.test(line) && prev.length > 15) out[out.length - 1] = prev + line;
    else out.push(line);
  }
  return out.join('\n');
}
