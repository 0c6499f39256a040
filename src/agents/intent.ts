import type { ElderCaseKind } from '../cases/catalog.ts';
import { normalize } from './normalize.ts';
import { detectDanger, dangerIntent, type Danger } from './danger.ts';
import {
  FILLER, GREETING_TOKENS, OFFICE_CONTACT, HANDOFF, HELP, HYPOTHETICAL, JIEYOU, LEGAL, LIFE_EVENT, NEGATION, POLICY, QUESTION, type Rule,
} from './intent-rules.ts';

export const ELDER_INTENTS = ['policy', 'jieyou', 'legal', 'life_event', 'greeting', 'help', 'unknown'] as const;
export type ElderIntent = (typeof ELDER_INTENTS)[number];
/** The intents that open a case of the same kind (handoff is read separately). */
export type CaseIntent = Exclude<ElderCaseKind, 'handoff'>;

export interface Classification {
  intent: ElderIntent;
  /** For life_event and legal: which kind (住院, 病故, 继承 …). */
  subkind?: string;
  danger: Danger | null;
  /** Asked for a person (找人工, 打电话给我). */
  handoff: boolean;
  /** The message also asks a policy question that deserves an answer next to the case. */
  alsoPolicy: boolean;
  /** Phrased as a question (怎么, 多少, 吗, ？ …): worth a look in the knowledge base even without a known topic word. */
  question: boolean;
  scores: Record<'policy' | CaseIntent, number>;
}

interface Score {
  total: number;
  strong: boolean;
  sub?: string;
  subWeight: number;
}

const CLAUSE_SPLIT = /[，。,.!！?？;；、]/;

function clauseAround(s: string, index: number): string {
  let start = index;
  while (start > 0 && !CLAUSE_SPLIT.test(s[start - 1]!)) start--;
  let end = index;
  while (end < s.length && !CLAUSE_SPLIT.test(s[end]!)) end++;
  return s.slice(start, end);
}

function score(s: string, rules: Rule[]): Score {
  const out: Score = { total: 0, strong: false, subWeight: 0 };
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    let best = 0;
    for (let m = rule.re.exec(s); m; m = rule.re.exec(s)) {
      if (m[0] === '') {
        rule.re.lastIndex++;
        continue;
      }
      const before = s.slice(Math.max(0, m.index - 5), m.index);
      if (NEGATION.test(before)) continue;
      if (rule.event) {
        const clause = clauseAround(s, m.index);
        const after = s.slice(m.index + m[0].length, m.index + m[0].length + 2);
        // "去世后家属能领…", "如果住院了怎么报" describe rules, not something that happened.
        // A completed event ("走了以后…") stays an event; "去世以后" without 了 is about the rules.
        const completed = /[了啦]$/.test(m[0]);
        if (HYPOTHETICAL.test(clause) && !(completed && /我|俺|咱/.test(clause))) continue;
        if (!completed && /^(?:后|以后|之后|时|的时候)/.test(after)) continue;
      }
      best = Math.max(best, rule.w);
    }
    if (!best) continue;
    out.total += best;
    if (best >= 3) out.strong = true;
    if (rule.sub && best > out.subWeight) {
      out.sub = rule.sub;
      out.subWeight = best;
    }
  }
  return out;
}

function isGreeting(s: string): boolean {
  if (!s || s.length > 16) return false;
  if (!s.match(GREETING_TOKENS)) return false;
  return s.replace(GREETING_TOKENS, '').replace(FILLER, '').replace(/[我大家同志]/g, '').length === 0;
}

/**
 * Reads what an elder or family member wants. Pure and fast: no I/O. `oldNewsOnly`: the frame reader
 * found life events only as old news (老伴走了三年了), so they are context, not the request.
 */
export function classify(input: string, opts: { oldNewsOnly?: boolean } = {}): Classification {
  const s = normalize(input);
  const danger = detectDanger(input);
  const life = opts.oldNewsOnly ? { total: 0, strong: false, subWeight: 0 } : score(s, LIFE_EVENT);
  const legal = score(s, LEGAL);
  const jieyou = score(s, JIEYOU);
  const policyTopic = score(s, POLICY);
  const question = QUESTION.test(s);
  const policy = policyTopic.total + (policyTopic.total > 0 && question ? 1 : 0);
  const scores = { policy, jieyou: jieyou.total, legal: legal.total, life_event: life.total };
  // "谢谢你们局里来人" thanks for a visit that happened; "谢谢 叫个人给我打电话" still asks for one.
  const handoffAt = s.search(HANDOFF);
  let from = handoffAt;
  while (from > 0 && !CLAUSE_SPLIT.test(s[from - 1]!)) from--;
  let to = Math.max(handoffAt, 0);
  while (to < s.length && !CLAUSE_SPLIT.test(s[to]!)) to++;
  const thanked = /(?:谢谢|感谢|多谢|多亏|难为)/.test(s.slice(from, Math.max(from, handoffAt))) && !/叫|让|请|派|给我|帮我|能不能|再/.test(s.slice(from, to));
  const handoff = handoffAt >= 0 && !thanked && !/(?:聊|说说|谈)/.test(s.slice(handoffAt));
  const base = { danger, handoff, scores, question };

  if (danger) {
    const intent = dangerIntent(danger.kind);
    const sub = intent === 'life_event' ? (life.sub ?? '意外') : intent === 'legal' ? (danger.kind === 'abuse' ? '疑似受虐' : '疑似被骗') : undefined;
    return { ...base, intent, ...(sub ? { subkind: sub } : {}), alsoPolicy: false };
  }

  // Something that needs a person, said plainly: it wins over a policy question in the same
  // message, which is answered next to the case.
  const caseCandidates: [CaseIntent, Score][] = [['life_event', life], ['legal', legal], ['jieyou', jieyou]];
  // Among plain statements the more actionable need wins: an event (五必到) before a legal matter
  // before a wish to talk, since each later one is also looked after by the earlier case.
  const strong = caseCandidates.filter(([, sc]) => sc.strong);
  // "法律援助要不要钱": a question about the service itself, not a legal matter of one's own.
  // So is where its office is or how to reach it (法律援助中心在哪达).
  if (strong.length === 1 && strong[0]![0] === 'legal' && strong[0]![1].sub === '法律咨询' && strong[0]![1].total <= 3 && question && (policy >= 3 || OFFICE_CONTACT.test(s))) {
    return { ...base, intent: 'policy', alsoPolicy: false };
  }
  if (strong.length) {
    const [intent, sc] = strong[0]!;
    return { ...base, intent, ...(sc.sub ? { subkind: sc.sub } : {}), alsoPolicy: policyTopic.strong || policy >= 3 };
  }
  if (policy >= 2) return { ...base, intent: 'policy', alsoPolicy: false };
  // One hint of a mood (一个人过惯了, 担心) is chatter, not a wish to talk: it takes two.
  const weak = caseCandidates.filter(([intent, sc]) => sc.total > (intent === 'jieyou' ? 1 : 0)).sort((a, b) => b[1].total - a[1].total);
  if (weak.length && !(question && weak[0]![1].total < 2 && !handoff)) {
    const [intent, sc] = weak[0]!;
    return { ...base, intent, ...(sc.sub ? { subkind: sc.sub } : {}), alsoPolicy: false };
  }
  if (handoff) return { ...base, intent: 'help', alsoPolicy: false };
  if (HELP.test(s)) return { ...base, intent: 'help', alsoPolicy: false };
  if (isGreeting(s)) return { ...base, intent: 'greeting', alsoPolicy: false };
  if (policy >= 1 && question) return { ...base, intent: 'policy', alsoPolicy: false };
  return { ...base, intent: 'unknown', alsoPolicy: false };
}
