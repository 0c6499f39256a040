import type { PolicyAnswer, PolicyAnswerer } from './ports.ts';
import type { AgentEnv } from './deps.ts';

/** Formats a cited answer for an elder: the answer, then where it comes from. */
export function formatPolicyAnswer(a: PolicyAnswer): string {
  const sources = a.citations.slice(0, 2).map((c) => `《${c.title}》${c.docNumber ? `（${c.docNumber}）` : ''}${c.article ?? ''}`);
  const unique = [...new Set(sources)].filter((s) => !a.answer.includes(s));
  return unique.length ? `${a.answer.trim()}\n依据：${unique.join('；')}` : a.answer.trim();
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
