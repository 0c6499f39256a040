import type { TurnResult } from '../chat/turn.ts';
import type { ConversationState, Topic } from './conversation.ts';
import { normalize } from './normalize.ts';

/**
 * People talk on from what was just said: "那刚才说的那个 要是已经用过一回咋办" after a policy
 * answer, "这两天好些咧 就是夜里还有点喘" after asking how a case stands. Such a message alone
 * names no topic; read against the last one it is a question about the same rule or more news
 * for the same case, never "没听明白".
 */

/** How long a topic stays the thing a bare follow-up is about. */
export const TOPIC_TTL_MS = 20 * 60 * 1000;

/** The intents after which the talk is about a case the turn opened or looked up. */
const CASE_INTENTS = new Set(['status', 'life_event', 'jieyou', 'legal', 'handoff', 'help_request', 'slot']);

const CASE_KINDS = new Set(['life_event', 'jieyou', 'legal']);

/** Keeps what this turn was about; a turn about nothing in particular (chat, a menu) forgets it. */
export function rememberTopic(state: ConversationState, result: TurnResult, text: string, now: Date): void {
  const at = now.getTime();
  if (result.intent === 'policy' || result.intent === 'policy_unknown') {
    // A question no rule answered went to a person: what is asked on about it goes to the same person.
    state.topic = { kind: 'policy', question: text.slice(0, 300), at, ...(result.intent === 'policy_unknown' && result.caseId ? { caseNumber: result.caseId } : {}) };
  } else if (result.caseId && CASE_INTENTS.has(result.intent)) {
    // The kind is known when the turn opened the case; a status reply may be about any kind.
    const caseKind = CASE_KINDS.has(result.intent) ? result.intent : undefined;
    state.topic = { kind: 'case', caseNumber: result.caseId, ...(caseKind ? { caseKind } : {}), at };
  } else if (state.topic?.kind === 'case' && result.intent === 'slot') {
    state.topic = { ...state.topic, at };
  } else if (result.intent !== 'unknown') {
    state.topic = undefined;
  }
}

/** The topic still in play, if any. */
export function currentTopic(state: ConversationState, now: Date): Topic | null {
  const t = state.topic;
  return t && now.getTime() - t.at <= TOPIC_TTL_MS ? t : null;
}

// Words that lean on what was said before: 那…, 要是…, 刚才说的, 你说的那个, a bare "…呢".
const LEANS_BACK = /^(?:那|那么|那个|要是|如果|万一|还有|另外|再问|再就是)|刚才说的|刚说的|刚才那个|上面说的|你说的那个|你刚说|这个事|那个事|(?:呢|咧)[？?。]?$/u;

/** Whether the message reads as a continuation of the last question rather than a new one. */
export const leansBack = (text: string): boolean => LEANS_BACK.test(normalize(text));

/** The last question and this one, as one question for the knowledge base. */
export function withPrevious(topic: Topic, text: string): string {
  const follow = normalize(text).replace(/^(?:那么|那个|那)?(?:刚才说的|刚说的|刚才)?(?:那个)?/u, '');
  return `${topic.question ?? ''}，${follow}`;
}
