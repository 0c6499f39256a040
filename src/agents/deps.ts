import type { VoiceInput } from '../chat/message.ts';
import type { AbuseConfig, AbuseLimits, Config } from '../kernel/config.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { NoticeOutbox, PolicyAnswerer } from '../chat/ports.ts';
import type { StaffCommand, StaffSkill } from '../chat/staff-command.ts';
import type { StaffRouter } from './staff-router.ts';
import type { Office } from './replies.ts';
import type { ModelGuard } from '../privacy/model-guard.ts';

/** What createAgent needs; main.ts (or `jinqiu chat`) supplies the concrete ones. */
export interface AgentDeps {
  db: Db;
  config: Pick<Config, 'JINQIU_OFFICE_NAME' | 'JINQIU_OFFICE_PHONE' | 'JINQIU_TZ'> &
    Partial<Pick<Config, 'OPENAI_BASE_URL' | 'OPENAI_API_KEY' | 'OPENAI_CHAT_MODEL' | 'OPENAI_TIMEOUT_MS' | 'JINQIU_MODEL_LINK_HOSTS'>> &
    AbuseConfig;
  log: Logger;
  policy: PolicyAnswerer;
  /** The staff commands and skills other folders offer (ledgers, jobs); the agent adds its own case and binding commands. */
  staffCommands?: StaffCommand[];
  staffSkills?: StaffSkill[];
  /** Default: the staff-notice outbox (src/notices). */
  outbox?: NoticeOutbox;
  now?: () => Date;
  /** 'auto' (default) uses the LLM brain when OPENAI_BASE_URL and OPENAI_CHAT_MODEL are set. */
  brain?: 'auto' | 'deterministic' | 'llm';
  /** Speech to text for voice messages that arrive without a transcript. */
  transcribe?: (voice: VoiceInput) => Promise<string>;
  /** The model boundary (default: the ledger's names and addresses, JINQIU_MODEL_LINK_HOSTS). */
  modelGuard?: ModelGuard;
  /** Messages per minute per account before the polite brake (default 20). */
  floodLimit?: number;
  /**
   * Whether replies can be spoken (a speech engine is there): only then is a wish for voice replies
   * taken. Asked when such a wish comes, not at start-up.
   */
  speechOut?: () => Promise<boolean>;
}

/** The resolved deps every part of a turn uses. */
export interface AgentEnv {
  db: Db;
  log: Logger;
  policy: PolicyAnswerer;
  staff: StaffRouter;
  outbox: NoticeOutbox;
  office: Office;
  timeZone: string;
  /** Rate, binding and case limits (kernel/config.ts ABUSE_DEFAULTS). */
  limits: AbuseLimits;
  /** Replies can be spoken (AgentDeps.speechOut). */
  speechOut: () => Promise<boolean>;
}
