import type { Actor } from '../chat/actor.ts';
import type { OutboundMessage } from '../chat/message.ts';
import type { PolicyAnswer, PolicyAnswerer } from '../chat/ports.ts';
import type { AgentEnv } from './deps.ts';

/**
 * Formats a cited answer for an elder. The knowledge base's answers name their own sources (出处);
 * a source line is added only to an answer that names none, so an elder never reads two different
 * article numbers for one answer.
 */
export function formatPolicyAnswer(a: PolicyAnswer): string {
  const body = a.answer.trim();
  if (body.includes('《') || !a.citations.length) return body;
  const sources = [...new Set(a.citations.slice(0, 2).map((c) => `《${c.title}》${c.docNumber ? `（${c.docNumber}）` : ''}${c.article ?? ''}`))];
  return `${body}\n依据：${sources.join('；')}`;
}

/** The answer as a chat message: the full text to read, and the short plain answer for a voice reply. */
export function policyReply(a: PolicyAnswer): OutboundMessage {
  const text = formatPolicyAnswer(a);
  return a.spoken ? { kind: 'text', text, spoken: a.spoken } : { kind: 'text', text };
}

/** Who asked, as the knowledge gaps keep it: a tag, never a name or a phone number. */
export function askerTag(actor: Actor | undefined): string {
  if (!actor) return 'unknown';
  if (actor.kind === 'elder' && actor.elderId) return `elder:${actor.elderId}`;
  if (actor.kind === 'family' && actor.elderId) return `family:${actor.accountId ?? '?'}>elder:${actor.elderId}`;
  if (actor.kind === 'staff' && actor.staffId) return `staff:${actor.staffId}`;
  return actor.accountId ? `unknown:${actor.accountId}` : 'unknown';
}

/**
 * Asks the knowledge base on behalf of `asker`: a policy question it cannot answer is kept among the
 * knowledge gaps with that tag. Without an asker (a probe: is this unknown sentence a policy
 * question at all?) nothing is kept. A failure there is logged and treated as "not found".
 */
export async function askPolicy(env: Pick<AgentEnv, 'log'>, policy: PolicyAnswerer, question: string, asker?: Actor): Promise<PolicyAnswer | null> {
  try {
    const a = await policy.answer(question, { asker: askerTag(asker) });
    return a.grounded && a.answer.trim() ? a : null;
  } catch (e) {
    env.log.warn({ err: e }, 'policy answerer failed');
    return null;
  }
}
