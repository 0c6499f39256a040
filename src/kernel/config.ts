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
/**
 * Abuse limits (SECURITY.md, "Abuse limits"): chosen so that a county of a few thousand elders and tens
 * of staff never meets them in normal use, while a flood of identities or guesses does at once.
 */
export const ABUSE_DEFAULTS = {
  /** Messages a minute to the bot across every channel (staff not counted). */
  perMinute: 600,
  /** Messages a minute on one channel (staff not counted). */
  channelPerMinute: 300,
  /** Messages a minute on one channel from people not bound yet, first contacts included. */
  strangersPerMinute: 100,
  /** Wrong binding tries naming one elder within a day, from any account, before that elder's name-and-digits binding pauses. */
  bindFailsPerElder: 5,
  /** Wrong binding tries on one channel within an hour, from any account, before binding there pauses. */
  bindFailsPerChannel: 60,
  /** Cases one account may open within an hour, and within a day. */
  casesPerHour: 4,
  casesPerDay: 10,
} as const;

const path = (def: string) => z.string().regex(/^\/[\w\-/]*$/).default(def);

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
  JINQIU_LIMIT_PER_MIN: positive(ABUSE_DEFAULTS.perMinute),
  JINQIU_LIMIT_CHANNEL_PER_MIN: positive(ABUSE_DEFAULTS.channelPerMinute),
  JINQIU_LIMIT_STRANGERS_PER_MIN: positive(ABUSE_DEFAULTS.strangersPerMinute),
  JINQIU_BIND_FAILS_PER_ELDER: positive(ABUSE_DEFAULTS.bindFailsPerElder),
  JINQIU_BIND_FAILS_PER_CHANNEL: positive(ABUSE_DEFAULTS.bindFailsPerChannel),
  JINQIU_CASES_PER_HOUR: positive(ABUSE_DEFAULTS.casesPerHour),
  JINQIU_CASES_PER_DAY: positive(ABUSE_DEFAULTS.casesPerDay),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_CHAT_MODEL: z.string().optional(),
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  OPENAI_TRANSCRIBE_MODEL: z.string().optional(),
  OPENAI_TTS_MODEL: z.string().optional(),
  OPENAI_TIMEOUT_MS: int(20_000),
  /** Host names whose links a model's answer may carry (gov.cn covers www.gov.cn); every other link is dropped. */
  JINQIU_MODEL_LINK_HOSTS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[,，\s]+/).map((h) => h.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '')).filter(Boolean)),
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
  // WeChat Official Account (服务号): 公众平台 → 设置与开发 → 基本配置.
  WECHAT_OA_APP_ID: z.string().optional(),
  WECHAT_OA_APP_SECRET: z.string().optional(),
  WECHAT_OA_TOKEN: z.string().optional(),
  WECHAT_OA_AES_KEY: z.string().length(43).optional(),
  WECHAT_OA_PATH: path('/hooks/wechat-oa'),
  WECHAT_OA_API_ROOT: z.url().default('https://api.weixin.qq.com'),
  // WeCom (企业微信) 自建应用 for staff, and 群机器人 webhooks for staff groups.
  WECOM_CORP_ID: z.string().optional(),
  WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
  WECOM_SECRET: z.string().optional(),
  WECOM_TOKEN: z.string().optional(),
  WECOM_AES_KEY: z.string().length(43).optional(),
  WECOM_PATH: path('/hooks/wecom'),
  WECOM_API_ROOT: z.url().default('https://qyapi.weixin.qq.com'),
  WECOM_ROBOTS: z.string().optional(),
  // SMS and TTS voice calls (Aliyun or Tencent Cloud) for elders without a chat account.
  PHONE_PROVIDER: z.enum(['aliyun', 'tencent']).optional(),
  PHONE_ACCESS_KEY_ID: z.string().optional(),
  PHONE_ACCESS_KEY_SECRET: z.string().optional(),
  SMS_SIGN_NAME: z.string().optional(),
  SMS_SDK_APP_ID: z.string().optional(),
  SMS_TEMPLATE_GREETING: z.string().optional(),
  SMS_TEMPLATE_PARAMS: z.string().default('name=称呼,occasion=场合'),
  SMS_ENDPOINT: optionalUrl,
  VOICE_TEMPLATE_GREETING: z.string().optional(),
  VOICE_TEMPLATE_PARAMS: z.string().default('name=称呼,occasion=场合'),
  VOICE_SDK_APP_ID: z.string().optional(),
  VOICE_SHOW_NUMBER: z.string().optional(),
  VOICE_ENDPOINT: optionalUrl,
  PHONE_REGION: z.string().default('ap-guangzhou'),
  PHONE_QUIET_HOURS: z.string().regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/).default('22-8'),
  SMS_DAILY_PER_NUMBER: int(3),
  VOICE_DAILY_PER_NUMBER: int(2),
  PHONE_RECEIPT_TOKEN: z.string().min(16).optional(),
});

export type Config = z.output<typeof envSchema>;

export type AbuseLimits = { -readonly [K in keyof typeof ABUSE_DEFAULTS]: number };

type AbuseKeys = 'JINQIU_LIMIT_PER_MIN' | 'JINQIU_LIMIT_CHANNEL_PER_MIN' | 'JINQIU_LIMIT_STRANGERS_PER_MIN' | 'JINQIU_BIND_FAILS_PER_ELDER' | 'JINQIU_BIND_FAILS_PER_CHANNEL' | 'JINQIU_CASES_PER_HOUR' | 'JINQIU_CASES_PER_DAY';
export type AbuseConfig = Partial<Pick<Config, AbuseKeys>>;

/** The abuse limits of a configuration; unset ones keep their defaults (tests pass partial configs). */
export function abuseLimits(cfg: AbuseConfig): AbuseLimits {
  return {
    perMinute: cfg.JINQIU_LIMIT_PER_MIN ?? ABUSE_DEFAULTS.perMinute,
    channelPerMinute: cfg.JINQIU_LIMIT_CHANNEL_PER_MIN ?? ABUSE_DEFAULTS.channelPerMinute,
    strangersPerMinute: cfg.JINQIU_LIMIT_STRANGERS_PER_MIN ?? ABUSE_DEFAULTS.strangersPerMinute,
    bindFailsPerElder: cfg.JINQIU_BIND_FAILS_PER_ELDER ?? ABUSE_DEFAULTS.bindFailsPerElder,
    bindFailsPerChannel: cfg.JINQIU_BIND_FAILS_PER_CHANNEL ?? ABUSE_DEFAULTS.bindFailsPerChannel,
    casesPerHour: cfg.JINQIU_CASES_PER_HOUR ?? ABUSE_DEFAULTS.casesPerHour,
    casesPerDay: cfg.JINQIU_CASES_PER_DAY ?? ABUSE_DEFAULTS.casesPerDay,
  };
}

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
  requireTogether(cfg, 'WECHAT_OA_APP_ID', ['WECHAT_OA_APP_SECRET', 'WECHAT_OA_TOKEN']);
  requireTogether(cfg, 'WECOM_CORP_ID', ['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY']);
  if (cfg.WECOM_ROBOTS) parseNamedList(cfg.WECOM_ROBOTS, 'WECOM_ROBOTS');
  if (cfg.SMS_TEMPLATE_GREETING || cfg.VOICE_TEMPLATE_GREETING) {
    requireTogether(cfg, 'PHONE_PROVIDER', ['PHONE_ACCESS_KEY_ID', 'PHONE_ACCESS_KEY_SECRET']);
    if (!cfg.PHONE_PROVIDER) throw new ConfigError('PHONE_PROVIDER: set aliyun or tencent when SMS_TEMPLATE_GREETING or VOICE_TEMPLATE_GREETING is set');
  }
  if (cfg.SMS_TEMPLATE_GREETING) {
    if (!cfg.SMS_SIGN_NAME) throw new ConfigError('SMS_SIGN_NAME: required when SMS_TEMPLATE_GREETING is set (the approved 短信签名)');
    if (cfg.PHONE_PROVIDER === 'tencent' && !cfg.SMS_SDK_APP_ID) throw new ConfigError('SMS_SDK_APP_ID: required for Tencent Cloud SMS (短信 → 应用管理 → SDKAppID)');
    parseNamedList(cfg.SMS_TEMPLATE_PARAMS, 'SMS_TEMPLATE_PARAMS');
  }
  if (cfg.VOICE_TEMPLATE_GREETING) {
    if (cfg.PHONE_PROVIDER === 'tencent' && !cfg.VOICE_SDK_APP_ID) throw new ConfigError('VOICE_SDK_APP_ID: required for Tencent Cloud voice calls (语音消息 → 应用管理 → SdkAppid)');
    parseNamedList(cfg.VOICE_TEMPLATE_PARAMS, 'VOICE_TEMPLATE_PARAMS');
  }
  return cfg;
}

/** When `key` is set, every one of `others` must be too (a half-configured channel fails at start, by name). */
function requireTogether(cfg: Config, key: keyof Config, others: (keyof Config)[]): void {
  if (cfg[key] === undefined) return;
  const missing = others.filter((k) => cfg[k] === undefined);
  if (missing.length) throw new ConfigError(`${missing.join(', ')}: required when ${key} is set`);
}

/**
 * 'a=b,c=d' lists (WECOM_ROBOTS name=key, template params key=变量) as ordered pairs. A malformed
 * entry names the variable.
 */
export function parseNamedList(value: string, name: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of value.split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0 || i === part.length - 1) throw new ConfigError(`${name}: "${part}" is not name=value`);
    out.push([part.slice(0, i).trim(), part.slice(i + 1).trim()]);
  }
  return out;
}
