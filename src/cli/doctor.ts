import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../kernel/config.ts';
import { checkChannels, type Check } from '../bots/doctor.ts';
import { printResult, reportError } from './run-command.ts';

/**
 * `jinqiu doctor [--json]`: is the configuration complete, and can each configured channel and service
 * be reached? Sends nothing to anybody and writes nothing (the embedded database is not opened: a
 * running jinqiu holds it). Exit 1 when any check fails.
 */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('检查配置，以及每个已配置的渠道和服务能否连通（不给任何人发消息）')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      try {
        let config: Config;
        try {
          config = loadConfig();
        } catch (e) {
          const checks: Check[] = [{ name: 'config', ok: false, detail: e instanceof Error ? e.message : String(e) }];
          printResult(opts, { ok: false, checks }, render(checks));
          process.exitCode = 1;
          return;
        }
        const checks: Check[] = [{ name: 'config', ok: true, detail: 'every variable parses' }, ...(await Promise.all([database(config), redis(config), openai(config)])), ...(await checkChannels(config))];
        const ok = checks.every((c) => c.ok);
        printResult(opts, { ok, checks }, render(checks));
        if (!ok) process.exitCode = 1;
      } catch (e) {
        reportError(opts, e);
      }
    });
}

function render(checks: Check[]): string {
  return checks.map((c) => `${c.skipped ? '－' : c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`).join('\n');
}

async function database(c: Config): Promise<Check> {
  if (!c.DATABASE_URL) {
    const dir = path.resolve(c.JINQIU_DATA_DIR);
    if (!fs.existsSync(dir)) return { name: 'database', ok: true, detail: `embedded (PGlite) at ${dir}: not created yet (jinqiu init)` };
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      return { name: 'database', ok: false, detail: `embedded (PGlite) at ${dir}: not writable` };
    }
    return { name: 'database', ok: true, detail: `embedded (PGlite) at ${dir}` };
  }
  try {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: c.DATABASE_URL, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const v = await client.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`);
      return { name: 'database', ok: true, detail: `PostgreSQL reachable${v.rows[0] ? `, pgvector ${v.rows[0].v}` : ', pgvector not created yet'}` };
    } finally {
      await client.end();
    }
  } catch (e) {
    return { name: 'database', ok: false, detail: `PostgreSQL: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function redis(c: Config): Promise<Check> {
  if (!c.REDIS_URL) return { name: 'redis', ok: true, skipped: true, detail: 'not configured (REDIS_URL): in-process jobs' };
  const { Redis } = await import('ioredis');
  const r = new Redis(c.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000, retryStrategy: () => null });
  try {
    await r.connect();
    return { name: 'redis', ok: (await r.ping()) === 'PONG', detail: 'PING answered' };
  } catch (e) {
    return { name: 'redis', ok: false, detail: e instanceof Error ? e.message : String(e) };
  } finally {
    r.disconnect();
  }
}

async function openai(c: Config): Promise<Check> {
  if (!c.OPENAI_BASE_URL) return { name: 'openai', ok: true, skipped: true, detail: 'not configured (OPENAI_BASE_URL): deterministic brain' };
  try {
    const res = await fetch(`${c.OPENAI_BASE_URL.replace(/\/$/, '')}/models`, { headers: c.OPENAI_API_KEY ? { authorization: `Bearer ${c.OPENAI_API_KEY}` } : {}, signal: AbortSignal.timeout(10_000) });
    return { name: 'openai', ok: res.ok, detail: `GET /models: HTTP ${res.status}` };
  } catch (e) {
    return { name: 'openai', ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}
