import path from 'node:path';
import type { Config } from './kernel/config.ts';
import { openDatabase } from './db/open-database.ts';
import { migrate } from './db/migrate.ts';
import type { Db } from './db/types.ts';
import { createLogger, type Logger } from './kernel/logger.ts';
import type { Agent } from './chat/turn.ts';
import type { PolicyAnswerer } from './chat/ports.ts';
import { createAgent } from './agents/create-agent.ts';
import { createPolicyAnswerer } from './knowledge/policy-answerer.ts';
import { createGapsCommand } from './knowledge/gaps-command.ts';
import { createEmbedder } from './knowledge/embeddings.ts';
import { ensureDefaultKnowledge } from './knowledge/default-knowledge.ts';
import { createLedgerStaffTools } from './ledgers/skills/index.ts';
import { createLedgerImportSkill } from './ledgers/skills/import-skill.ts';
import { createLlmQueryPlanner } from './ledgers/query/llm-planner.ts';
import { LedgerQueryService, type CaseFact, type CaseSource } from './ledgers/query/run.ts';
import { caseIsKind, caseKindWords, listCaseFacts } from './cases/case-facts.ts';
import { seedDemoIfEmpty, type DemoSeedResult } from './ledgers/demo-ledger.ts';
import { createCampaignCommands } from './jobs/staff-skill.ts';
import { createJobsRuntime, planEnv, startScheduler, startWorkers } from './jobs/service.ts';
import type { JobsRuntime } from './jobs/runtime.ts';
import { startChannels } from './bots/start-channels.ts';
import { createOaTemplateCommand } from './bots/wechat-oa/template-command.ts';
import { hasSpeechOutput } from './bots/voice/speech-client.ts';
import { ConfigError } from './kernel/errors.ts';
import { todayIn } from './kernel/time.ts';
import { ledgerInputLimits } from './kernel/input-file.ts';
import { ledgerModelGuard, type ModelGuard } from './privacy/model-guard.ts';

/**
 * The only place that wires concrete things together. Modules take their dependencies as
 * arguments; this file (and the CLI commands through it) decides which concrete ones they get.
 */
export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  /**
   * The one ledger question service: chat, /群发 audiences and `jinqiu ledger query` answer the same
   * question the same way (with the LLM planner when a model is configured).
   */
  ledger: LedgerQueryService;
  close(): Promise<void>;
}

export async function openContext(config: Config, opts: { log?: Logger } = {}): Promise<AppContext> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const dir = config.JINQIU_DATA_DIR;
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: dir.startsWith('memory://') ? dir : path.resolve(dir) });
  try {
    const { applied } = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
  } catch (e) {
    await db.close();
    throw e;
  }
  return { config, db, log, ledger: createLedgerService(db, config, log), close: () => db.close() };
}

/** The model boundary every model client of this process goes through (src/privacy/model-guard.ts). */
export function modelGuardFor(db: Db, config: Config): ModelGuard {
  return ledgerModelGuard(db, { allowedLinkHosts: config.JINQIU_MODEL_LINK_HOSTS, officePhone: config.JINQIU_OFFICE_PHONE });
}

/** The ledger question service as every entry point gets it (the eval builds it the same way). */
export function createLedgerService(db: Db, config: Config, log: Logger): LedgerQueryService {
  const planner = createLlmQueryPlanner(config, log, modelGuardFor(db, config));
  const cases: CaseSource = {
    kindWords: caseKindWords,
    isKind: (word, c) => caseIsKind(word, c as CaseFact & { kind?: string; subkind?: string | null }),
    list: (f) => listCaseFacts(db, f, config.JINQIU_TZ),
  };
  return new LedgerQueryService(db, { cases, ...(planner ? { planner } : {}) });
}

/**
 * Loads the shipped regulations on first use (one cheap query once loaded), so `ask` and `chat` on a
 * fresh folder answer from the same knowledge as `start`.
 */
export function ensureKnowledge(ctx: AppContext): ReturnType<typeof ensureDefaultKnowledge> {
  return ensureDefaultKnowledge(ctx.db, ctx.log, { embedder: createEmbedder(ctx.config, modelGuardFor(ctx.db, ctx.config)) });
}

export interface Services {
  policy: PolicyAnswerer;
  agent: Agent;
  jobs: JobsRuntime;
}

/** The brain and its tools, as every entry point (bots, simulator, `jinqiu chat`) uses them. */
export async function createServices(ctx: AppContext, opts: { now?: () => Date; jobsPrefix?: string } = {}): Promise<Services> {
  const { db, config, log } = ctx;
  const policy = createPolicyAnswerer({ db, config, log });
  const jobs = await createJobsRuntime(config, { log, ...(opts.jobsPrefix ? { prefix: opts.jobsPrefix } : {}) });
  const ledgerTools = createLedgerStaffTools({ db, service: ctx.ledger, timeZone: config.JINQIU_TZ });
  const staffCommands = [
    ...ledgerTools.commands,
    ...createCampaignCommands({ db, env: planEnv(config), runtime: jobs, ledger: ctx.ledger }),
    // Greeting templates of the 服务号: only offered where the 服务号 is configured.
    ...(config.WECHAT_OA_APP_ID ? [createOaTemplateCommand({ db })] : []),
    createGapsCommand({ db }),
  ];
  // The import skill goes first: a staff member's file, and their 确认导入 while a file waits, are for it.
  const staffSkills = [createLedgerImportSkill({ db, fileLimits: ledgerInputLimits(config) }), ...ledgerTools.skills];
  // Looked for once, when someone first asks for spoken replies.
  let speaks: Promise<boolean> | undefined;
  const speechOut = () => (speaks ??= hasSpeechOutput(config));
  const agent = createAgent({ db, config, log, policy, staffCommands, staffSkills, speechOut, ...(opts.now ? { now: opts.now } : {}) });
  return { policy, agent, jobs };
}

/** What `jinqiu init` (and every start) makes sure of: the demo ledger and the shipped regulations. */
export interface Prepared {
  demo: DemoSeedResult;
  knowledge: { loaded: boolean; documents?: number };
}

/**
 * Fills the demo on an empty ledger (unless --no-demo or JINQIU_NO_DEMO) and loads the default
 * knowledge when it changed.
 */
export async function prepareData(ctx: AppContext, opts: { demo: boolean }): Promise<Prepared> {
  const { db, config, log } = ctx;
  const demo = await seedDemoIfEmpty(db, { today: todayIn(config.JINQIU_TZ), disabled: !opts.demo || config.JINQIU_NO_DEMO });
  if (demo.seeded) log.info({ elders: demo.elders }, 'demo ledger filled with invented elders');
  const kb = await ensureKnowledge(ctx);
  return { demo, knowledge: { loaded: kb.loaded, ...(kb.report ? { documents: kb.report.documents.length } : {}) } };
}

export type Role = 'all' | 'bot' | 'worker' | 'scheduler';

export interface StartOptions {
  roles: Role[];
  /** Fill the demo ledger on an empty data folder (false for --no-demo; JINQIU_NO_DEMO also turns it off). */
  demo: boolean;
  /** Already done by `jinqiu init` in a child process (the first start on a new folder). */
  prepared?: Prepared;
}

export interface RunningApp extends Prepared {
  url?: string;
  roles: Role[];
  close(): Promise<void>;
}

/**
 * `jinqiu start`: the demo on first start, the default knowledge, then per role the simulator page and
 * bots (bot), the delivery workers (worker) and the repeating schedules (scheduler).
 */
export async function startApp(ctx: AppContext, opts: StartOptions): Promise<RunningApp> {
  const { db, config, log } = ctx;
  const has = (r: Role) => opts.roles.includes('all') || opts.roles.includes(r);
  if (!config.REDIS_URL && !opts.roles.includes('all') && opts.roles.length < 3) {
    throw new ConfigError('REDIS_URL: separate roles (--role bot|worker|scheduler) share work through Redis; set REDIS_URL or use --role all');
  }
  const closers: (() => Promise<void>)[] = [];
  try {
    const prepared = opts.prepared ?? (await prepareData(ctx, { demo: opts.demo }));
    const services = await createServices(ctx);
    closers.push(() => services.jobs.close());
    let url: string | undefined;
    if (has('bot')) {
      const channels = await startChannels(ctx, services.agent);
      closers.unshift(() => channels.close());
      url = channels.simulator.url;
      if (has('worker')) {
        const workers = await startWorkers({ db, log, config, runtime: services.jobs, sender: channels.sender });
        closers.unshift(() => workers.close());
      }
    } else if (has('worker')) {
      // Deliveries leave through the platform connections, which live in the bot process.
      throw new ConfigError('--role worker: run it together with the bot role (--role bot,worker); the platform connections live there');
    }
    if (has('scheduler')) {
      const scheduler = await startScheduler({ db, log, config, runtime: services.jobs });
      closers.unshift(() => scheduler.close());
    }
    return {
      url,
      roles: opts.roles,
      ...prepared,
      async close() {
        for (const c of closers) await c().catch((e: unknown) => log.warn({ err: (e as Error).message }, 'close failed'));
      },
    };
  } catch (e) {
    for (const c of closers) await c().catch(() => {});
    throw e;
  }
}
