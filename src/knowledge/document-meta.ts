import path from 'node:path';
import { parseChineseNumber } from '../kernel/cn-numbers.ts';

export interface DocumentMeta {
  title: string;
  docNumber: string | null;
  issuer: string | null;
  /** YYYY-MM-DD */
  issuedOn: string | null;
  /** 文号 the text says replaced (part of) this document: "已被民发〔2011〕192号…调整". */
  supersededBy: string[];
}

const DOC_NUMBER = /[\p{Script=Han}]{1,10}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号/u;
const SUPERSEDED = new RegExp(`(?:已被|已由)(${DOC_NUMBER.source})[^。；）)]{0,30}?(?:调整|废止|替代|取代|修改|代替)`, 'gu');
const DECREE = /(?:中华人民共和国)?(?:国务院|[\p{Script=Han}]{2,12}(?:部|委员会|局))令第\s*\d+\s*号/u;
const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u;
const CN_DATE = /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日/u;
const ISSUER_LINE = /^[\p{Script=Han}]{2,20}(?:部|委员会|委|办公厅|国务院|人民政府|局|厅|院|党委|县委)$/u;

const pad = (n: number) => String(n).padStart(2, '0');

function toIso(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function findDate(lines: string[]): string | null {
  for (const l of lines) {
    const m = DATE.exec(l);
    if (m) return toIso(Number(m[1]), Number(m[2]), Number(m[3]));
    const c = CN_DATE.exec(l);
    if (c) return toIso(parseChineseNumber(c[1]!) ?? 0, parseChineseNumber(c[2]!) ?? 0, parseChineseNumber(c[3]!) ?? 0);
  }
  return null;
}

/** Title, 文号, issuer and date taken from the document where present. */
export function extractMeta(file: string, text: string, declaredTitle?: string, meta: Record<string, string> = {}): DocumentMeta {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const head = lines.slice(0, 15);
  const headText = head.join('\n');
  const decree = DECREE.exec(headText)?.[0];
  const title = (declaredTitle ?? guessTitle(lines) ?? path.basename(file, path.extname(file))).replace(/\s+/g, ' ').trim();
  const docNumber = (DOC_NUMBER.exec(title)?.[0] ?? DOC_NUMBER.exec(headText)?.[0] ?? decree)?.replace(/\s+/g, '') ?? null;
  let issuer: string | null = null;
  const about = /^(.{2,40}?)关于/u.exec(title.replace(/^中办印发《/u, ''));
  if (about && !/^《/.test(title)) issuer = about[1]!.trim();
  else if (/^中办/u.test(title)) issuer = '中共中央办公厅';
  else if (decree) issuer = /国务院/u.test(decree) ? '国务院' : null;
  else if (head.some((l) => /全国人民代表大会常务委员会/u.test(l))) issuer = '全国人民代表大会常务委员会';
  else {
    const lead = head.filter((l) => ISSUER_LINE.test(l));
    if (lead.length) issuer = lead.join(' ');
    else if (meta.source && !/[/.:]/.test(meta.source)) issuer = meta.source.trim();
  }
  // A signed notice dates itself at the end; laws state their adoption date at the top.
  const tail = lines.slice(-4);
  const issuedOn = findDate(tail.filter((l) => l.length <= 20)) ?? findDate(head);
  const supersededBy = [...new Set([...text.matchAll(SUPERSEDED)].map((m) => m[1]!.replace(/\s+/g, '')))].filter((n) => n !== docNumber);
  return { title, docNumber, issuer, issuedOn, supersededBy };
}

function guessTitle(lines: string[]): string | undefined {
  const first = lines.slice(0, 5).find((l) => l.length >= 4 && l.length <= 80 && !/[。；]$/.test(l));
  return first;
}
