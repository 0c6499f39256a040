import pino from 'pino';

export type Logger = pino.Logger;

/** Logs go to stderr so that `--json` output on stdout stays one clean document. */
export function createLogger(level: string, name = 'jinqiu'): Logger {
  return pino({ name, level }, pino.destination(2));
}
