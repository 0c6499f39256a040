import type { Queryable } from '../db/types.ts';
import { plainMandarin } from './colloquial-lexicon.ts';
import { shortTitle } from './index-text.ts';

/**
 * What the knowledge base lacks, made visible: every question it refused or answered weakly is kept
 * (table kb_gaps) with when, who asked (an actor tag, never personal data) and the closest passage,
 * grouped by topic so the bureau sees which local documents to add. After an ingest the waiting
 * questions are asked again and those that now ground are marked answered.
 */
export interface GapRecord {
  question: string;
  asker?: string | undefined;
  reason: 'refused' | 'weak';
  closest?: { title: string; article: string | null; coverage: number } | null | undefined;
  at?: Date | undefined;
}

export interface Gap {
  id: number;
  question: string;
  askedAt: string;
  asker: string;
  reason: 'refused' | 'weak';
  closest: { title: string; article: string | null; coverage: number } | null;
}

export interface GapTopic {
  topic: string;
  count: number;
  questions: Gap[];
}

/**
 * The bureau's usual topics (the services and entitlements of retired cadres), each with the words
 * that name it. A question goes under the first topic it mentions; otherwise under the document the
 * closest passage came from; otherwise 其他.
 */
const TOPICS: [string, RegExp][] = [
  ['联系方式、地点与时间', /电话|号码|地址|几楼|在哪|哪里|几点|几号|营业|开门|上班时间|是谁|叫什么名字/u],
  ['丧葬费与抚恤金', /丧葬|抚恤|遗属|后事|丧事|白事|去世|病故|殡葬|火化|墓/u],
  ['医药费与医保', /医药费|医疗费|报销|医保|住院|门诊|看病|药费|起付|慢性病|护工/u],
  ['护理与照料', /护理|照顾|照料|卧床|失能|养老院|敬老院/u],
  ['离退休待遇', /离休|退休费|养老金|待遇|补贴|津贴|取暖费|慰问金|疗养|住房|房改/u],
  ['困难帮扶与救助', /帮扶|救助|低保|困难|补助|五保|特困/u],
  ['体检与健康', /体检|健康|疾病|血压/u],
  ['党组织生活', /党员|党费|支部|党组织|组织生活|纪念章|主题党日/u],
  ['解忧与法律咨询', /解忧|谈心|法律|律师|官司|诉讼/u],
  ['活动与学习', /活动中心|老年大学|活动|学习|阅文会|书法|寿宴/u],
  ['社会保险', /社保|养老保险|社会保险|缴费|认证/u],
];

export function topicOf(question: string, closestTitle?: string | null): string {
  const q = plainMandarin(question);
  for (const [topic, re] of TOPICS) if (re.test(q)) return topic;
  return closestTitle ? shortTitle(closestTitle) : '其他';
}

export async function recordGap(db: Queryable, g: GapRecord): Promise<void> {
  await db.query(`INSERT INTO kb_gaps (question, asked_at, asker, reason, topic, closest) VALUES ($1, $2, $3, $4, $5, $6)`, [
    g.question.slice(0, 500),
    (g.at ?? new Date()).toISOString(),
    g.asker ?? 'unknown',
    g.reason,
    topicOf(g.question, g.closest?.title),
    g.closest ? JSON.stringify(g.closest) : null,
  ]);
}

const toGap = (x: Record<string, unknown>): Gap => ({
  id: Number(x.id),
  question: String(x.question),
  askedAt: new Date(x.asked_at as string).toISOString(),
  asker: String(x.asker),
  reason: x.reason as Gap['reason'],
  closest: (typeof x.closest === 'string' ? JSON.parse(x.closest) : x.closest) as Gap['closest'],
});

/** The waiting questions grouped by topic, largest group first; within a group the newest first. */
export async function listGaps(db: Queryable, opts: { perTopic?: number; since?: Date } = {}): Promise<{ total: number; topics: GapTopic[] }> {
  const r = await db.query<Record<string, unknown>>(
    `SELECT id, question, asked_at, asker, reason, topic, closest FROM kb_gaps
     WHERE answered_at IS NULL AND ($1::timestamptz IS NULL OR asked_at >= $1) ORDER BY asked_at DESC, id DESC`,
    [opts.since?.toISOString() ?? null],
  );
  const byTopic = new Map<string, Gap[]>();
  for (const x of r.rows) byTopic.set(String(x.topic), [...(byTopic.get(String(x.topic)) ?? []), toGap(x)]);
  const topics = [...byTopic]
    .map(([topic, gaps]) => ({ topic, count: gaps.length, questions: opts.perTopic ? gaps.slice(0, opts.perTopic) : gaps }))
    .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic, 'zh'));
  return { total: r.rows.length, topics };
}

export interface Reasked {
  asked: number;
  nowAnswered: { id: number; question: string; source: string }[];
}

/**
 * Asks every waiting question again (after documents were added); those that now get a grounded,
 * confident answer are marked answered with the source that answers them.
 */
export async function reaskGaps(
  db: Queryable,
  ask: (question: string) => Promise<{ grounded: boolean; weak: boolean; source: string | null }>,
  at: Date = new Date(),
): Promise<Reasked> {
  const r = await db.query<{ id: string; question: string }>('SELECT id, question FROM kb_gaps WHERE answered_at IS NULL ORDER BY id');
  const nowAnswered: Reasked['nowAnswered'] = [];
  for (const row of r.rows) {
    const a = await ask(row.question);
    if (!a.grounded || a.weak || !a.source) continue;
    await db.query('UPDATE kb_gaps SET answered_at = $2, answered_by = $3 WHERE id = $1', [row.id, at.toISOString(), a.source]);
    nowAnswered.push({ id: Number(row.id), question: row.question, source: a.source });
  }
  return { asked: r.rows.length, nowAnswered };
}
