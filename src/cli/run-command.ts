import { loadConfig } from '../kernel/config.ts';
import { isJinqiuError } from '../kernel/errors.ts';
import { openContext, type AppContext } from '../main.ts';

export interface CommonOptions {
  json?: boolean;
}

/** Prints the result: one JSON document with --json, readable text otherwise. */
export function printResult(opts: CommonOptions, value: unknown, human?: string): void {
  if (opts.json || human === undefined) process.stdout.write(`${JSON.stringify(value, null, opts.json ? 0 : 2)}\n`);
  else process.stdout.write(`${human}\n`);
}

/** Errors go to stderr (JSON with --json) and set a non-zero exit: 2 for bad input or usage, 1 otherwise. */
export function reportError(opts: CommonOptions, e: unknown): void {
  const code = isJinqiuError(e) ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  const userMessage = isJinqiuError(e) ? e.userMessage : undefined;
  if (opts.json) process.stderr.write(`${JSON.stringify({ error: { code, message, userMessage } })}\n`);
  else process.stderr.write(`${userMessage ? `${userMessage}\n` : ''}${code}: ${message}\n`);
  process.exitCode = code === 'INPUT_INVALID' ? 2 : 1;
}

/** Runs a command body with config loaded and the database open and migrated; always closes it. */
export async function runWithContext(opts: CommonOptions, body: (ctx: AppContext) => Promise<void>): Promise<void> {
  let ctx: AppContext | undefined;
  try {
    ctx = await openContext(loadConfig());
    await body(ctx);
  } catch (e) {
    reportError(opts, e);
  } finally {
    await ctx?.close().catch(() => {});
  }
}
