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

/** Asks the knowledge base; a failure there is logged and treated as "not found" so the turn goes on. */
export async function askPolicy(env: Pick<AgentEnv, 'log'>, policy: PolicyAnswerer, question: string): Promise<PolicyAnswer | null> {
  try {
    const a = await policy.answer(question);
    return a.grounded && a.answer.trim() ? a : null;
  } catch (e) {
    env.log.warn({ err: e }, 'policy answerer failed');
    return null;
  }
}
