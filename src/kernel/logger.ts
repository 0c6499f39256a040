import pino from 'pino';
import { scrubSecrets } from './redact.ts';

export type Logger = pino.Logger;

/**
 * Words people wrote or said: useful when debugging a conversation, never in the logs operators keep
 * (info and above). Personal numbers and secrets are scrubbed at every level.
 */
const SPOKEN_KEYS = new Set(['text', 'question', 'transcript', 'words', 'utterance', 'content', 'body', 'summary', 'note']);
const INFO = 30;

function scrubValue(v: unknown, level: number, depth = 0): unknown {
  if (typeof v === 'string') return scrubSecrets(v);
  if (depth > 6 || v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return v;
  if (v instanceof Error) return serializeError(v);
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => scrubValue(x, level, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (level >= INFO && SPOKEN_KEYS.has(k) && typeof x === 'string') out[k] = `[${[...x].length} chars]`;
    else out[k] = scrubValue(x, level, depth + 1);
  }
  return out;
}

/**
 * Errors as type, code, message and stack only: library errors carry context objects (grammY's
 * `ctx.api.token`, request payloads with the message text) that must not reach the log.
 */
function serializeError(e: unknown, depth = 0): unknown {
  if (!(e instanceof Error)) return typeof e === 'string' ? scrubSecrets(e) : e;
  const code = (e as { code?: unknown }).code;
  return {
    type: e.name,
    message: scrubSecrets(e.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(e.stack ? { stack: scrubSecrets(e.stack) } : {}),
    ...(e.cause !== undefined && depth < 3 ? { cause: serializeError(e.cause, depth + 1) } : {}),
  };
}

/** Logs go to stderr so that `--json` output on stdout stays one clean document. */
export function createLogger(level: string, name = 'jinqiu', destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      name,
      level,
      serializers: { err: serializeError, error: serializeError, e: serializeError },
      // Known secret-bearing paths are cut before anything else looks at them.
      redact: { paths: ['ctx', '*.ctx', 'config', '*.config', 'headers', '*.headers', 'token', '*.token', 'apiKey', '*.apiKey', 'password', '*.password'], remove: true },
      hooks: {
        // Every argument passes through here before pino formats it: strings and objects are scrubbed,
        // and an error given first is reduced to its safe parts.
        logMethod(args, method, lvl) {
          const out = args.map((a, i) => {
            if (typeof a === 'string') return scrubSecrets(a);
            if (i === 0 && a instanceof Error) return { err: serializeError(a) };
            if (i === 0 && a !== null && typeof a === 'object') return scrubValue(a, lvl);
            return a;
          });
          method.apply(this, out as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
