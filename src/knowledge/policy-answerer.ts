import type { PolicyAnswer, PolicyAnswerer, PolicyAskOptions } from '../chat/ports.ts';
import type { Config } from '../kernel/config.ts';
import type { Queryable } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import { citedPassages, composeDeterministic, type OfficeContact } from './compose-answer.ts';
import { createEmbedder, type Embedder } from './embeddings.ts';
import { recordGap } from './gaps.ts';
import { acceptable } from './grounding.ts';
import { composeWithModel, createChatModel, type ChatModel } from './llm-answer.ts';
import { ledgerModelGuard, type ModelGuard } from '../privacy/model-guard.ts';
import { createKnowledgeSearch, type KnowledgeSearch, type Passage, type SearchResult } from './search.ts';

export interface PolicyAnswererDeps {
  db: Queryable;
  config: Config;
  log?: Logger;
  /** The model boundary; by default the ledger's names and addresses in this database, JINQIU_MODEL_LINK_HOSTS. */
  guard?: ModelGuard;
  /** Overrides for tests; by default built from config (null when not configured). */
  embedder?: Embedder | null;
  chat?: ChatModel | null;
  search?: KnowledgeSearch;
}

export interface DetailedAnswer extends PolicyAnswer {
  /** 'deterministic' or 'llm'; why the model's answer was not used, when it was not. */
  mode: 'deterministic' | 'llm';
  fallbackReason?: string;
  /** The passages behind the citations, in the same order (full text, for evaluation and logs). */
  passages: Passage[];
  /** Why the search did or did not ground the answer (grounding.ts). */
  reason: string;
}

export interface AnswerOptions extends PolicyAskOptions {
  /** Keep a refused or weak answer among the knowledge gaps (default: when an asker is given). */
  record?: boolean;
}

/** Passages the model may choose from: those the deterministic answer would cite, then the next best. */
const MODEL_PASSAGES = 4;

/**
 * Answers policy questions from the knowledge base. The deterministic checks (grounding.ts) decide
 * whether there is an answer at all; with a chat model configured, the model may pick which of the
 * retrieved passages answers and write the plain answer, but a passage it picks must pass the same
 * checks, and an answer citing a passage it was not given is discarded for the deterministic one.
 * Refused and weak answers are kept among the knowledge gaps with who asked.
 */
export function createPolicyAnswerer(deps: PolicyAnswererDeps): PolicyAnswerer & { answerDetailed(question: string, opts?: AnswerOptions): Promise<DetailedAnswer> } {
  const guard = deps.guard ?? ledgerModelGuard(deps.db, { allowedLinkHosts: deps.config.JINQIU_MODEL_LINK_HOSTS, officePhone: deps.config.JINQIU_OFFICE_PHONE });
  const embedder = deps.embedder === undefined ? createEmbedder(deps.config, guard) : deps.embedder;
  const chat = deps.chat === undefined ? createChatModel(deps.config, guard) : deps.chat;
  const search = deps.search ?? createKnowledgeSearch({ db: deps.db, embedder, log: deps.log });
  const office: OfficeContact = { officeName: deps.config.JINQIU_OFFICE_NAME, officePhone: deps.config.JINQIU_OFFICE_PHONE };

  async function compose(question: string, result: SearchResult): Promise<DetailedAnswer> {
    const reason = result.verdict.reason;
    const weak = result.verdict.weak;
    const cited = citedPassages(result);
    const fallback = composeDeterministic(result, office);
    const deterministic = (fallbackReason?: string): DetailedAnswer => ({
      ...fallback,
      ...(fallback.grounded ? { weak } : {}),
      mode: 'deterministic',
      passages: fallback.grounded ? cited : [],
      reason,
      ...(fallbackReason ? { fallbackReason } : {}),
    });
    if (!chat || !fallback.grounded) return deterministic();
    const given = citedPassages(result, MODEL_PASSAGES);
    for (const p of result.passages) if (given.length < MODEL_PASSAGES && !given.includes(p)) given.push(p);
    const outcome = await composeWithModel(chat, question, given, deps.log);
    if (!outcome.ok) {
      deps.log?.info({ reason: outcome.reason }, 'policy answer: deterministic fallback');
      return deterministic(outcome.reason);
    }
    const chosen = outcome.cited.map((i) => given[i]!);
    // The passage the checks already grounded stands; any other must pass them on its own (the higher bar).
    if (chosen[0] !== result.passages[0] && !acceptable(result.query.question, chosen[0]!)) {
      deps.log?.info({ article: chosen[0]!.article }, 'policy answer: the model picked a passage that does not answer; deterministic fallback');
      return deterministic('model picked a passage that does not answer the question');
    }
    const a = composeDeterministic(result, office, { plain: outcome.plain, cited: chosen });
    return { ...a, weak, mode: 'llm', passages: chosen, reason };
  }

  async function answerDetailed(question: string, opts: AnswerOptions = {}): Promise<DetailedAnswer> {
    const result = await search.search(question, { k: 6 });
    const a = await compose(question, result);
    if ((opts.record ?? !!opts.asker) && (!a.grounded || a.weak)) {
      const closest = result.passages[0];
      try {
        await recordGap(deps.db, {
          question,
          asker: opts.asker,
          reason: a.grounded ? 'weak' : 'refused',
          closest: closest ? { title: closest.title, article: closest.article, coverage: Math.round(closest.coverage * 1000) / 1000 } : null,
        });
      } catch (e) {
        // Losing a gap record must not cost the elder the answer.
        deps.log?.warn({ err: (e as Error).message }, 'could not record a knowledge gap');
      }
    }
    return a;
  }

  return {
    answerDetailed,
    async answer(question, opts) {
      const { answer, grounded, citations, spoken, weak } = await answerDetailed(question, opts);
      return { answer, grounded, citations, ...(spoken ? { spoken } : {}), ...(weak ? { weak } : {}) };
    },
  };
}
