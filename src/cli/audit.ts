import type { Command } from 'commander';
import { InputError } from '../kernel/errors.ts';
import { readAudit } from '../privacy/audit.ts';
import { isCalendarDay } from '../kernel/time.ts';
import { printResult, runWithContext } from './run-command.ts';

/** `jinqiu audit [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--actor staff:3] [--action ledger.query] --json` */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('查看审计日志：谁在什么时候查看或导出了哪些台账信息')
    .option('--since <YYYY-MM-DD>', '从这一天起（含）')
    .option('--until <YYYY-MM-DD>', '到这一天前（不含）')
    .option('--actor <who>', '只看某人，例如 staff:3 或 cli')
    .option('--action <action>', '只看某类操作，例如 ledger.query、ledger.export、elder.view')
    .option('--limit <n>', '最多多少条', (v) => Number(v))
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean; since?: string; until?: string; actor?: string; action?: string; limit?: number }) =>
      runWithContext(opts, async (ctx) => {
        for (const [k, v] of [['--since', opts.since], ['--until', opts.until]] as const)
          if (v !== undefined && !isCalendarDay(v)) throw new InputError(`${k} ${v}`, `${k} 的日期格式应为 YYYY-MM-DD。`);
        if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit > 0)) throw new InputError(`--limit ${opts.limit}`, '--limit 应为正整数。');
        const entries = await readAudit(ctx.db, {
          ...(opts.since ? { since: opts.since } : {}),
          ...(opts.until ? { until: opts.until } : {}),
          ...(opts.actor ? { actor: opts.actor } : {}),
          ...(opts.action ? { action: opts.action } : {}),
          ...(opts.limit ? { limit: opts.limit } : {}),
          timeZone: ctx.config.JINQIU_TZ,
        });
        const human = entries.length
          ? entries.map((e) => `${e.at} ${e.actor} ${e.action}${e.channel ? `(${e.channel})` : ''} ${e.rowCount ?? ''}条${e.question ? ` “${e.question}”` : ''}`).join('\n')
          : '这段时间没有审计记录。';
        printResult(opts, { entries }, human);
      }),
    );
}
