import type { Command } from 'commander';
import { InputError } from '../kernel/errors.ts';
import { writeAudit } from '../privacy/audit.ts';
import { isCalendarDay, todayIn } from '../kernel/time.ts';
import { printResult, runWithContext } from './run-command.ts';
import { formatResultText } from '../ledgers/query/format.ts';
import type { LedgerQueryResult } from '../ledgers/query/run.ts';

/** What `ledger query --json` prints: the structured query, the total, the rows, the groups of a statistic and the value of a single number. */
export function ledgerQueryJson(res: LedgerQueryResult): Record<string, unknown> {
  return {
    query: res.query,
    total: res.total,
    rows: res.rows,
    ...(res.groups ? { groups: res.groups } : {}),
    ...(res.value !== undefined ? { value: res.value } : {}),
    notUnderstood: res.notUnderstood,
  };
}

/** `jinqiu ledger query "<问题>" [--today YYYY-MM-DD] [--limit N] --json` */
export function registerLedgerQuery(ledger: Command): void {
  ledger
    .command('query')
    .description('用中文问台账，例如：韦庄镇有哪些独居老干部？')
    .argument('<question>')
    .option('--today <YYYY-MM-DD>', '把这一天当作今天（本月、这周等按它计算）')
    .option('--limit <n>', '最多列出多少人', (v) => Number(v))
    .option('--json', 'print JSON')
    .action((question: string, opts: { json?: boolean; today?: string; limit?: number }) =>
      runWithContext(opts, async (ctx) => {
        if (opts.today !== undefined && !isCalendarDay(opts.today)) throw new InputError(`--today ${opts.today}`, '日期格式应为 YYYY-MM-DD。');
        if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit > 0)) throw new InputError(`--limit ${opts.limit}`, '--limit 应为正整数。');
        const today = opts.today ?? todayIn(ctx.config.JINQIU_TZ);
        const res = await ctx.ledger.ask(question, { today, scopeTowns: null, defaultLimit: opts.limit });
        await writeAudit(ctx.db, { actor: 'cli', action: 'ledger.query', channel: 'cli', query: res.query, question, rowCount: res.total, elderIds: res.rows.map((r) => r.id) });
        printResult(opts, ledgerQueryJson(res), formatResultText(res, { masked: false, maxRows: 50 }));
      }),
    );
}
