import type { Queryable } from '../db/types.ts';
import { ledgerTermFinder, type TermFinder } from './ledger-terms.ts';
import { fromModel, NO_TERMS, PlaceholderTable, protect, screenModelText, speechText, type PersonalTerms, type Screened } from './model-boundary.ts';

/**
 * The model boundary as the model clients take it (one per process, built where things are wired):
 * the detectors of model-boundary.ts plus the ledger's names and addresses, and the links a model's
 * answer may carry. Every client that reaches a model endpoint is given one.
 */
export interface ModelRequest {
  /** The texts as they may be sent. */
  texts: string[];
  /** Model text a person will see: see screenModelText. */
  screen(text: string): Promise<Screened>;
  /** Model-chosen arguments the product's code uses: screened, then the values put back. */
  toolArgs<T>(value: T): Promise<T>;
}

export interface ModelGuard {
  /** Protects the texts of one request with one placeholder table. */
  request(texts: readonly string[]): Promise<ModelRequest>;
  /** Model text outside a request of ours (none today): screened the same way. */
  screen(text: string): Promise<Screened>;
  /** What a speech engine may read (speechText). */
  speech(text: string): Promise<string>;
}

export interface ModelGuardDeps {
  /** The ledger's names and addresses; without it only the detectors apply (a client with no database). */
  findTerms?: TermFinder;
  /** Host names a model's links may point to (JINQIU_MODEL_LINK_HOSTS). */
  allowedLinkHosts?: readonly string[];
  /** Numbers that belong to nobody (the office's phone, JINQIU_OFFICE_PHONE): a reply may carry them and speech reads them. */
  publicNumbers?: readonly string[];
}

function merge(a: PersonalTerms, b: PersonalTerms): PersonalTerms {
  return { names: [...new Set([...a.names, ...b.names])], addresses: [...new Set([...a.addresses, ...b.addresses])], publicNumbers: b.publicNumbers ?? [] };
}

export function createModelGuard(deps: ModelGuardDeps = {}): ModelGuard {
  const allowedLinkHosts = deps.allowedLinkHosts ?? [];
  const publicNumbers = deps.publicNumbers ?? [];
  const find = async (texts: readonly string[]): Promise<PersonalTerms> => ({ ...(deps.findTerms ? await deps.findTerms(texts) : NO_TERMS), publicNumbers });
  return {
    async request(texts) {
      const sent = await find(texts);
      const table = new PlaceholderTable();
      const out = texts.map((t) => protect(t, { terms: sent, table }).text);
      return {
        texts: out,
        async screen(text) {
          return screenModelText(text, { terms: merge(sent, await find([text])), allowedLinkHosts });
        },
        async toolArgs(value) {
          const strings = JSON.stringify(value);
          return fromModel(value, table, { terms: await find([strings]), allowedLinkHosts });
        },
      };
    },
    async screen(text) {
      return screenModelText(text, { terms: await find([text]), allowedLinkHosts });
    },
    async speech(text) {
      return speechText(text, await find([text]));
    },
  };
}

/** The guard for a process with a database: the ledger's terms, the configured link hosts, the office's phone. */
export function ledgerModelGuard(db: Queryable, opts: { allowedLinkHosts?: readonly string[] | undefined; officePhone?: string | undefined } = {}): ModelGuard {
  return createModelGuard({ findTerms: ledgerTermFinder(db), allowedLinkHosts: opts.allowedLinkHosts ?? [], publicNumbers: opts.officePhone ? [opts.officePhone] : [] });
}
