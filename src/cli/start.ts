import type { Command } from 'commander';
import { loadConfig } from '../kernel/config.ts';
import { InputError } from '../kernel/errors.ts';
import { openContext, startApp, type AppContext, type Role } from '../main.ts';
import { printResult, reportError } from './run-command.ts';
import { initInChildProcess } from './init.ts';
import { embeddedDatabaseExists } from '../db/open-database.ts';

const ROLES: Role[] = ['all', 'bot', 'worker', 'scheduler'];

function parseRoles(v: string): Role[] {
  const roles = v.split(',').map((r) => r.trim()).filter(Boolean) as Role[];
  const bad = roles.filter((r) => !ROLES.includes(r));
  if (!roles.length || bad.length) throw new InputError(`unknown role ${bad.join(',') || v}`, `角色只能是 ${ROLES.join('、')}`);
  return roles;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('启动：模拟器页面、机器人、定时任务')
    .option('--role <roles>', 'all | bot | worker | scheduler (comma-separated)', 'all')
    .option('--no-demo', '空数据目录时也不填演示台账')
    .option('--json', 'print one JSON line when started')
    .action(async (opts: { role: string; demo: boolean; json?: boolean }) => {
      let ctx: AppContext | undefined;
      try {
        const config = loadConfig();
        const roles = parseRoles(opts.role);
        const fresh = !config.DATABASE_URL && !embeddedDatabaseExists(config.JINQIU_DATA_DIR);
        const prepared = fresh ? await initInChildProcess({ demo: opts.demo }) : undefined;
        ctx = await openContext(config);
        const app = await startApp(ctx, { roles, demo: opts.demo, ...(prepared ? { prepared } : {}) });
        const c = ctx;
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          c.log.info({ signal }, 'shutting down');
          void app
            .close()
            .then(() => c.close())
            .catch((e: unknown) => c.log.error({ err: e }, 'shutdown failed'))
            .finally(() => process.exit(0));
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
        const summary = { url: app.url ?? null, roles: app.roles, demo: app.demo, knowledge: app.knowledge, database: c.db.kind, jobs: config.REDIS_URL ? 'bullmq' : 'inprocess' };
        printResult(opts, summary, `金秋已启动${app.url ? `：请用浏览器打开 ${app.url}` : ''}（按 Ctrl+C 停止）`);
      } catch (e) {
        reportError(opts, e);
        await ctx?.close().catch(() => {});
      }
    });
}
