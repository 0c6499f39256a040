/**
 * A few error classes with a stable code, an operator-facing message and a kind Chinese message
 * for the person on the other side. The cause is kept so logs show what really happened.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'DATA_DIR_LOCKED'
  | 'DB_MIGRATION_FAILED'
  | 'INPUT_INVALID'
  | 'FILE_UNREADABLE'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UPSTREAM_FAILED';

export class JinqiuError extends Error {
  readonly code: ErrorCode;
  /** Plain, kind Simplified Chinese for an elder or staff member. */
  readonly userMessage: string;

  constructor(code: ErrorCode, message: string, opts: { userMessage?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = opts.userMessage ?? '抱歉，出了点问题，请稍后再试。';
  }
}

export class ConfigError extends JinqiuError {
  constructor(message: string, cause?: unknown) {
    super('CONFIG_INVALID', message, { userMessage: '系统配置有误，请联系管理员。', cause });
  }
}

export class InputError extends JinqiuError {
  constructor(message: string, userMessage: string, cause?: unknown) {
    super('INPUT_INVALID', message, { userMessage, cause });
  }
}

export class FileError extends JinqiuError {
  constructor(message: string, userMessage: string, cause?: unknown) {
    super('FILE_UNREADABLE', message, { userMessage, cause });
  }
}

export class PermissionError extends JinqiuError {
  constructor(message: string, userMessage = '抱歉，您没有查看这项内容的权限。') {
    super('FORBIDDEN', message, { userMessage });
  }
}

export function isJinqiuError(e: unknown): e is JinqiuError {
  return e instanceof JinqiuError;
}
