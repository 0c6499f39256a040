import type { Citation, PolicyAnswer } from '../chat/ports.ts';
import type { AnalyzedQuery } from './query.ts';
import type { Passage, SearchResult } from './search.ts';
import { documentKind } from './document-kind.ts';
import { documentAudiences, type Audience } from './audience.ts';

export interface OfficeContact {
  officeName: string;
  officePhone: string;
}

const MAX_CITATION_CHARS = 600;

export function notFoundAnswer(office: OfficeContact): PolicyAnswer {
  return {
    answer: `抱歉，我在现有的政策文件里没有找到和您这个问题相关的规定，不敢乱说。您可以打电话问问${office.officeName}（电话 ${office.officePhone}），工作人员会帮您问清楚。`,
    grounded: false,
    citations: [],
    spoken: `抱歉，这个问题我在政策文件里没有找到，不敢乱说。请打电话问${office.officeName}，电话${office.officePhone}。`,
  };
}

/** 《title》第十七条（民发〔2011〕192号） */
export function sourceLabel(p: Pick<Passage, 'title' | 'article' | 'docNumber'>): string {
  const title = p.title.startsWith('《') ? p.title : `《${p.title}》`;
  const number = p.docNumber && !p.title.includes(p.docNumber) ? `（${p.docNumber}）` : '';
  return `${title}${p.article ?? ''}${number}`;
}

export function toCitation(p: Passage): Citation {
  return {
    title: p.title,
    docNumber: p.docNumber,
    article: p.article,
    text: p.text.length > MAX_CITATION_CHARS ? `${p.text.slice(0, MAX_CITATION_CHARS)}…` : p.text,
    score: Math.round(p.coverage * 1000) / 1000,
  };
}

/** The passages worth citing: the strongest first, others only when they are nearly as relevant. */
export function citedPassages(result: SearchResult, max = 3): Passage[] {
  if (!result.grounded || !result.passages.length) return [];
  const best = result.passages[0]!;
  if (result.verdict?.reason === 'parallel-rules') return [best, result.verdict.also];
  const rest = result.passages.filter((p) => p !== best && p.coverage >= Math.max(0.5, best.coverage * 0.85));
  return [best, ...rest].slice(0, max);
}

const SENTENCE = /[^。；！？!?;\n]+[。；！？!?;]?/gu;

/** The sentences of a passage that answer the question, in their original order. */
export function relevantSentences(p: Passage, query: AnalyzedQuery, maxChars = 220): string {
  const body = p.text.replace(/^第[一二三四五六七八九十百零〇\d]+条(之[一二三四五六七八九十]+)?[\s\u3000]*/u, '');
  // A heading line (二、计发办法) has no full stop of its own: keep it apart from the next sentence.
  const flat = (t: string) => t.replace(/([^。；：，、！？:;,])\n+/gu, '$1 ').replace(/\n+/g, '');
  if (body.length <= maxChars) return flat(body);
  const sentences = (flat(body).match(SENTENCE) ?? [body]).map((s) => s.trim()).filter(Boolean);
  const scored = sentences.map((s, i) => {
    let score = 0;
    for (const c of query.concepts) if (c.forms.some((f) => s.includes(f))) score += 1;
    return { s, i, score };
  });
  const bestScore = Math.max(...scored.map((x) => x.score));
  const chosen = scored
    .filter((x) => x.score > 0 && x.score >= bestScore * 0.5)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const picked: typeof scored = [];
  let len = 0;
  for (const x of chosen) {
    if (picked.length && len + x.s.length > maxChars) continue;
    picked.push(x);
    len += x.s.length;
  }
  if (!picked.length) picked.push(scored[0]!);
  // A list item means little without the sentence that introduces it ("有下列情形之一的：").
  const first = picked.reduce((a, b) => (b.i < a.i ? b : a));
  if (first.i > 0 && /^[（(][一二三四五六七八九十\d]+[）)]/u.test(first.s) && /[：:]$/.test(scored[0]!.s)) picked.push(scored[0]!);
  return [...new Set(picked)].sort((a, b) => a.i - b.i).map((x) => x.s).join('');
}

/**
 * Each further document named once, with its articles together: 《甲》一、二；《乙》第十五条. Labels
 * such as "一、" end in 、 themselves, so it is dropped before they are joined.
 */
export function furtherReading(passages: Passage[]): string {
  const byDoc = new Map<number, Passage[]>();
  for (const p of passages) byDoc.set(p.documentId, [...(byDoc.get(p.documentId) ?? []), p]);
  return [...byDoc.values()]
    .map((ps) => {
      const articles = [...new Set(ps.map((p) => p.article?.replace(/、$/u, '')).filter((a): a is string => !!a))];
      return sourceLabel({ ...ps[0]!, article: articles.join('、') || null });
    })
    .join('；');
}

const AUDIENCE_NAME: Record<Audience, string> = { organ: '国家机关', institution: '事业单位', enterprise: '企业' };

/** 事业单位的人员： in front of one of two parallel rules. */
function forWhom(p: Passage): string {
  const a = documentAudiences(p.title)[0];
  return a ? `${AUDIENCE_NAME[a]}的人员：` : '';
}

/** Longest plain answer, in characters: about 30 seconds read aloud, slowly. */
const PLAIN_MAX = 120;

/** A sentence as a plain statement: no list number in front, no dangling colon. */
function asStatement(sentence: string): string {
  let s = sentence.trim().replace(/^[（(][一二三四五六七八九十\d]+[）)]\s*/u, '').replace(/^[一二三四五六七八九十]+是/u, '');
  s = s.replace(/[：:；;，,、]$/u, '。');
  if (!/[。！？!?]$/u.test(s)) s += '。';
  if (s.length <= PLAIN_MAX) return s;
  // Cut at the last clause boundary that fits, so the amount or the rule stays whole.
  const cut = s.slice(0, PLAIN_MAX);
  const at = Math.max(cut.lastIndexOf('，'), cut.lastIndexOf('；'), cut.lastIndexOf('。'));
  return `${at > 30 ? cut.slice(0, at) : cut}……`;
}

/** One or two plain sentences: the sentence of the best passage that answers the question. */
export function plainAnswer(best: Passage): string {
  const sentence = best.evidence?.sentence ?? best.text;
  // "…计发基数调整为：" says nothing until what it introduces: the text after it comes along, cut to length.
  if (/[：:]\s*$/u.test(sentence)) {
    const flat = best.text.replace(/\s*\n\s*/gu, '');
    const at = flat.indexOf(sentence.trim());
    const next = at >= 0 ? flat.slice(at + sentence.trim().length).trim() : '';
    if (next) return asStatement(`${sentence.trim()}${next.slice(0, PLAIN_MAX)}`);
  }
  return asStatement(sentence);
}

/** The source as it is read aloud: short title and article, no 文号. */
export function spokenSource(p: Pick<Passage, 'title' | 'article'>): string {
  // 《民政部 人事部 财政部关于…的通知》 is read as 《关于…的通知》: the issuers' names are long to hear.
  const short = p.title.replace(/[（(][^）)]*[）)]/gu, '').replace(/^中华人民共和国/u, '').replace(/^[^《关]{2,40}?(?=关于)/u, '');
  const name = `《${short.replace(/[《》]/gu, '')}》${documentKind(p.title) === 'rule' ? (p.article ?? '').replace(/、$/u, '') : ''}`;
  return documentKind(p.title) === 'report' ? `这是${name}里介绍的本地做法，不是政策规定` : `依据${name}`;
}

export interface ComposeOptions {
  /** A plain answer written elsewhere (the model); the deterministic one otherwise. */
  plain?: string;
  /** The passages to cite, best first (the model's choice); citedPassages(result) otherwise. */
  cited?: Passage[];
}

/**
 * Answer in the order the ear follows: one or two plain sentences (the amount, the rule, where to
 * go), then the quotation and its source. A report is named as what it is (本地做法), never as a
 * rule; a document a newer one partly replaced says so. `spoken` is what a voice reply reads: the
 * plain answer and the source name only.
 */
export function composeDeterministic(result: SearchResult, office: OfficeContact, opts: ComposeOptions = {}): PolicyAnswer {
  const cited = opts.cited ?? citedPassages(result);
  if (!cited.length) return notFoundAnswer(office);
  const [best, ...others] = cited;
  const parallel = !opts.plain && result.verdict?.reason === 'parallel-rules' && others[0] ? others[0] : null;
  const plain = opts.plain?.trim() || (parallel ? `${forWhom(best!)}${plainAnswer(best!)}${forWhom(parallel)}${plainAnswer(parallel)}` : plainAnswer(best!));
  const quote = relevantSentences(best!, result.query);
  const lines = [plain];
  const same = (a: string, b: string) => a.replace(/[。；，\s…]/gu, '') === b.replace(/[。；，\s…]/gu, '');
  if (!same(quote, plain)) lines.push(`原文：“${quote}”`);
  lines.push(`出处：${sourceLabel(best!)}${documentKind(best!.title) === 'report' ? '（县里的工作情况介绍，不是政策规定）' : ''}。`);
  if (best!.supersededBy) lines.push(`注意：这份文件的部分标准已被${best!.supersededBy}调整，具体金额以新文件为准。`);
  const further = furtherReading(others.filter((o) => o.documentId !== best!.documentId));
  if (further) lines.push(`另可参考${further}。`);
  lines.push('具体办理请以经办部门的答复为准。');
  const spoken = `${plain.replace(/\[\d+\]/gu, '')}${spokenSource(best!)}。`;
  return { answer: lines.join('\n'), grounded: true, citations: cited.map(toCitation), spoken };
}
