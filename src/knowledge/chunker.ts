import { parseChineseNumber } from '../kernel/cn-numbers.ts';

export interface Chunk {
  ord: number;
  /** Citation label: 第十七条, or a numbering chain such as 二、（一）; null for unnumbered text. */
  article: string | null;
  articleNo: number | null;
  /** 第二章 基本养老保险 › 第十七条 */
  path: string;
  text: string;
  /** How people say what it is about (glosses.ts): searched, never quoted. */
  glosses?: string[];
}

export interface ChunkOptions {
  /** Characters; an article longer than this is split at paragraph (款) and then sentence boundaries. */
  maxChars?: number;
}

const DEFAULT_MAX = 600;
// Reports and notices run on in long paragraphs: smaller pieces cite more precisely.
const OUTLINE_MAX = 400;
const NUM = '[一二三四五六七八九十百千零〇两\\d]+';
const ARTICLE = new RegExp(`^第(${NUM})条(之[一二三四五六七八九十]+)?(?:[\\s\\u3000]+|(?=[^规的中所款项和、，至及]))`);
const PART = new RegExp(`^第(${NUM})(编|分编|章|节)(?:[\\s\\u3000]*([^。；，]*))?$`);

/** Splits a document along its own structure: articles for regulations, numbered headings otherwise. */
export function chunkDocument(body: string, opts: ChunkOptions = {}): Chunk[] {
  const max = opts.maxChars ?? DEFAULT_MAX;
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.replace(/[\s\u3000]+$/u, '').replace(/^[\s\u3000]+/u, ''))
    .filter((l) => l.length > 0);
  const articleLines = lines.filter((l) => ARTICLE.test(l)).length;
  const raw = articleLines >= 2 ? chunkRegulation(lines, max) : chunkOutline(lines, Math.min(max, OUTLINE_MAX));
  return raw.map((c, ord) => ({ ...c, ord }));
}

type RawChunk = Omit<Chunk, 'ord'>;

const normalizeHeading = (s: string) => s.replace(/[\s\u3000]+/gu, ' ').trim();

function chunkRegulation(lines: string[], max: number): RawChunk[] {
  const out: RawChunk[] = [];
  // Headings by rank (编 > 分编 > 章 > 节); a new 章 clears the 节 below it.
  const ranks = ['编', '分编', '章', '节'];
  const headings: (string | undefined)[] = [];
  const preamble: string[] = [];
  let current: { label: string; no: number | null; paras: string[]; path: string } | null = null;
  const flush = () => {
    if (current) out.push(...splitArticle(current.label, current.no, current.path, current.paras, max));
    current = null;
  };
  const trail = () => headings.filter(Boolean).join(' › ');
  for (const line of lines) {
    const part = PART.exec(line);
    if (part && line.length <= 40) {
      flush();
      const rank = ranks.indexOf(part[2]!);
      // 第一章　总　则 → 第一章 总则: letter-spaced heading titles are common in official layouts.
      headings[rank] = normalizeHeading(`第${part[1]}${part[2]} ${(part[3] ?? '').replace(/[\s\u3000]+/gu, '')}`);
      headings.length = rank + 1;
      continue;
    }
    const art = ARTICLE.exec(line);
    if (art) {
      flush();
      const label = `第${art[1]}条${art[2] ?? ''}`;
      current = { label, no: parseChineseNumber(art[1]!), paras: [line], path: [trail(), label].filter(Boolean).join(' › ') };
      continue;
    }
    if (current) current.paras.push(line);
    else preamble.push(line);
  }
  flush();
  const pre = pack(preamble, max).map((text) => ({ article: null, articleNo: null, path: '序言', text }));
  return [...pre, ...out];
}

/** An article in one chunk when it fits; otherwise split at 款, each part carrying the article's lead-in. */
function splitArticle(label: string, no: number | null, path: string, paras: string[], max: number): RawChunk[] {
  const whole = paras.join('\n');
  if (whole.length <= max) return [{ article: label, articleNo: no, path, text: whole }];
  const lead = paras[0]!;
  // "有下列情形之一的：" only makes sense with its items: repeat a short lead-in on every part.
  const carry = lead.length <= 150 && /[：:]$/.test(lead) ? lead : null;
  const parts = pack(carry ? paras.slice(1) : paras, carry ? max - carry.length - 1 : max);
  return parts.map((text, i) => ({
    article: label,
    articleNo: no,
    path,
    text: carry ? `${carry}\n${text}` : i === 0 || text.startsWith(label) ? text : `${label}（续）${text}`,
  }));
}

/** Greedy packing of paragraphs into pieces of at most max characters; long paragraphs split at sentence ends. */
export function pack(paras: string[], max: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  const push = (s: string) => {
    if (!cur) cur = s;
    else if (cur.length + 1 + s.length <= max) cur += `\n${s}`;
    else {
      pieces.push(cur);
      cur = s;
    }
  };
  for (const p of paras) {
    if (p.length <= max) {
      push(p);
      continue;
    }
    for (const s of splitSentences(p, max)) push(s);
  }
  if (cur) pieces.push(cur);
  return pieces;
}

function splitSentences(p: string, max: number): string[] {
  const sentences = p.match(/[^。；！？!?;]+[。；！？!?;]?/gu) ?? [p];
  const out: string[] = [];
  let cur = '';
  for (let s of sentences) {
    while (s.length > max) {
      if (cur) {
        out.push(cur);
        cur = '';
      }
      out.push(s.slice(0, max));
      s = s.slice(max);
    }
    if (cur.length + s.length <= max) cur += s;
    else {
      out.push(cur);
      cur = s;
    }
  }
  if (cur) out.push(cur);
  return out;
}

// Numbering used by notices, opinions and reports, outermost first.
const LEVELS: { re: RegExp; level: number }[] = [
  { re: /^[一二三四五六七八九十]+、/u, level: 11 },
  { re: /^[（(][一二三四五六七八九十]+[）)]/u, level: 12 },
  { re: /^\d{1,2}(?:[、．]|\.(?!\d))/u, level: 13 },
  { re: /^[（(]\d{1,2}[）)]/u, level: 14 },
  { re: /^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]/u, level: 15 },
];
const MD_HEADING = /^(#{1,6})\s+(.*)$/u;

interface OutlineNode {
  level: number;
  /** Numbering only (二、, （一）, 1.), or '' for markdown headings. */
  number: string;
  /** Short label for the path: the heading, or the first clause of a numbered paragraph. */
  label: string;
  paras: string[];
  children: OutlineNode[];
}

function classify(line: string): { level: number; number: string; label: string; isParagraph: boolean } | null {
  const md = MD_HEADING.exec(line);
  if (md) return { level: md[1]!.length, number: '', label: md[2]!.trim(), isParagraph: false };
  for (const { re, level } of LEVELS) {
    const m = re.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length);
    const isHeading = line.length <= 30 && !/[。；;]$/.test(line);
    const clause = rest.split(/[，。：；,:;]/u)[0] ?? rest;
    const label = isHeading ? line : `${m[0]}${clause.length > 18 ? `${clause.slice(0, 18)}…` : clause}`;
    return { level, number: m[0].replace(/[、．.]$/u, (s) => (s === '、' ? '、' : '.')), label, isParagraph: !isHeading };
  }
  return null;
}

function chunkOutline(lines: string[], max: number): RawChunk[] {
  const root: OutlineNode = { level: 0, number: '', label: '', paras: [], children: [] };
  const stack: OutlineNode[] = [root];
  for (const line of lines) {
    const c = classify(line);
    if (!c) {
      stack[stack.length - 1]!.paras.push(line);
      continue;
    }
    while (stack.length > 1 && stack[stack.length - 1]!.level >= c.level) stack.pop();
    const node: OutlineNode = { level: c.level, number: c.number, label: c.label, paras: [line], children: [] };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  }
  const out: RawChunk[] = [];
  if (root.paras.length) for (const text of pack(root.paras, max)) out.push({ article: null, articleNo: null, path: '正文', text });
  for (const child of root.children) emitOutline(child, [], out, max);
  return out;
}

const fullText = (n: OutlineNode): string => [n.paras.join('\n'), ...n.children.map(fullText)].filter(Boolean).join('\n');

function emitOutline(node: OutlineNode, ancestors: OutlineNode[], out: RawChunk[], max: number, carry: string | null = null): void {
  const chain = [...ancestors, node];
  const numbers = chain.map((n) => n.number).filter(Boolean);
  const article = numbers.length ? numbers.join('') : null;
  const path = chain.map((n) => n.label).join(' › ');
  const withCarry = (t: string) => (carry ? `${carry}\n${t}` : t);
  const whole = fullText(node);
  if (whole.length + (carry ? carry.length + 1 : 0) <= max) {
    out.push({ article, articleNo: null, path, text: withCarry(whole) });
    return;
  }
  const bareHeading = node.paras.length === 1 && node.children.length > 0 && node.label === node.paras[0];
  const own = node.paras.join('\n');
  // A short lead-in ("计发办法为：") means little alone: it travels with each child instead.
  if (!bareHeading && node.children.length && own.length <= 150) {
    for (const child of node.children) emitOutline(child, chain, out, max, own);
    return;
  }
  if (!bareHeading) for (const text of pack(node.paras, max)) out.push({ article, articleNo: null, path, text: withCarry(text) });
  for (const child of node.children) emitOutline(child, chain, out, max, null);
}
