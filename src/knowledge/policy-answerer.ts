import type { PolicyAnswer, PolicyAnswerer } from '../chat/ports.ts';
import type { Config } from '../kernel/config.ts';
import type { Queryable } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import { citedPassages, composeDeterministic, type OfficeContact } from './compose-answer.ts';
import { createEmbedder, type Embedder } from './embeddings.ts';
import { composeWithModel, createChatModel, type ChatModel } from './llm-answer.ts';
import { createKnowledgeSearch, type KnowledgeSearch } from './search.ts';

export interface PolicyAnswererDeps {
  db: Queryable;
  config: Config;
  log?: Logger;
  /** Overrides for tests; by default built from config (null when not configured). */
  embedder?: Embedder | null;
  chat?: ChatModel | null;
  search?: KnowledgeSearch;
}

export interface DetailedAnswer extends PolicyAnswer {
  /** 'deterministic' or 'llm'; why the model's answer was not used, when it was not. */
  mode: 'deterministic' | 'llm';
  fallbackReason?: string;
}

/**
 * Answers policy questions from the knowledge base. Deterministic by default; with a chat model
 * configured, the model composes the answer from the retrieved passages, and any answer whose
 * citations do not point at those passages is replaced by the deterministic one.
 */
export function createPolicyAnswerer(deps: PolicyAnswererDeps): PolicyAnswerer & { answerDetailed(question: string): Promise<DetailedAnswer> } {
  const embedder = deps.embedder === undefined ? createEmbedder(deps.config) : deps.embedder;
  const chat = deps.chat === undefined ? createChatModel(deps.config) : deps.chat;
  const search = deps.search ?? createKnowledgeSearch({ db: deps.db, embedder, log: deps.log });
  const office: OfficeContact = { officeName: deps.config.JINQIU_OFFICE_NAME, officePhone: deps.config.JINQIU_OFFICE_PHONE };
  async function answerDetailed(question: string): Promise<DetailedAnswer> {
    const result = await search.search(question, { k: 6 });
    const fallback = composeDeterministic(result, office);
    if (!chat || !fallback.grounded) return { ...fallback, mode: 'deterministic' };
    // The passages the deterministic answer would cite come first, then the next best for context.
    const passages = citedPassages(result, 4);
    for (const p of result.passages) if (passages.length < 4 && !passages.includes(p)) passages.push(p);
    const outcome = await composeWithModel(chat, question, passages, deps.log);
    if (outcome.ok) return { ...outcome.answer, mode: 'llm' };
    deps.log?.info({ reason: outcome.reason }, 'policy answer: deterministic fallback');
    return { ...fallback, mode: 'deterministic', fallbackReason: outcome.reason };
  }
  return {
    answerDetailed,
    async answer(question) {
      const { answer, grounded, citations } = await answerDetailed(question);
      return { answer, grounded, citations };
    },
  };
}
