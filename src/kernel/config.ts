import { z } from 'zod';
import { ConfigError } from './errors.ts';
import { INPUT_DEFAULTS } from './input-file.ts';

const optionalUrl = z.url().optional();
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);
const positive = (def: number) => z.coerce.number().int().positive().default(def);

/** Every environment variable Jinqiu reads, in one place. The README documents each one. */
const envSchema = z.object({
  JINQIU_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  JINQIU_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  JINQIU_HTTP_PORT: int(3000),
  /** Host names (optionally host:port) the page answers to when it listens beyond loopback; required then. */
  JINQIU_HTTP_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[,，\s]+/).map((h) => h.trim().toLowerCase()).filter(Boolean)),
  JINQIU_WEB_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  JINQIU_TZ: z.string().min(1).default('Asia/Shanghai'),
  JINQIU_OFFICE_NAME: z.string().min(1).default('县委老干部局'),
  JINQIU_OFFICE_PHONE: z.string().min(1).default('0913-6666666'),
  JINQIU_NO_DEMO: bool,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_CHAT_MODEL: z.string().optional(),
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  OPENAI_TRANSCRIBE_MODEL: z.string().optional(),
  OPENAI_TTS_MODEL: z.string().optional(),
  OPENAI_TIMEOUT_MS: int(20_000),
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_API_ROOT: optionalUrl,
  WECHATY_PUPPET: z.string().optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
  WECHAT_SEND_INTERVAL_MS: int(3000),
  WECHAT_DAILY_CAP: int(200),
  // Input bounds, checked before any parser opens a file (src/kernel/input-file.ts).
  JINQIU_LEDGER_MAX_MB: positive(INPUT_DEFAULTS.ledgerMaxMb),
  JINQIU_LEDGER_MAX_UNZIPPED_MB: positive(INPUT_DEFAULTS.ledgerMaxUnzippedMb),
  JINQIU_KB_MAX_MB: positive(INPUT_DEFAULTS.kbMaxMb),
  JINQIU_KB_MAX_UNZIPPED_MB: positive(INPUT_DEFAULTS.kbMaxUnzippedMb),
  JINQIU_KB_MAX_TEXT_MB: positive(INPUT_DEFAULTS.kbMaxTextMb),
  JINQIU_ZIP_MAX_ENTRIES: positive(INPUT_DEFAULTS.zipMaxEntries),
  JINQIU_PDF_MAX_PAGES: positive(INPUT_DEFAULTS.pdfMaxPages),
});

export type Config = z.output<typeof envSchema>;

/** Parses the environment; a missing or malformed variable is named in the error. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in .env files mean "not set", not "set to empty".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`, parsed.error);
  }
  const cfg = parsed.data;
  if (cfg.OPENAI_BASE_URL && !cfg.OPENAI_CHAT_MODEL && !cfg.OPENAI_EMBEDDING_MODEL && !cfg.OPENAI_TRANSCRIBE_MODEL && !cfg.OPENAI_TTS_MODEL) {
    throw new ConfigError('OPENAI_BASE_URL: set, but no model is named (OPENAI_CHAT_MODEL, OPENAI_EMBEDDING_MODEL, OPENAI_TRANSCRIBE_MODEL or OPENAI_TTS_MODEL)');
  }
  if (cfg.TELEGRAM_WEBHOOK_URL && !cfg.TELEGRAM_BOT_TOKEN) {
    throw new ConfigError('TELEGRAM_BOT_TOKEN: required when TELEGRAM_WEBHOOK_URL is set');
  }
  return cfg;
}
