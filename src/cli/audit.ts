import type { Command } from 'commander';
import { NotAvailableError } from '../errors.ts';
import { reportError } from './run-command.ts';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('查看审计日志')
    .option('--since <YYYY-MM-DD>')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => reportError(opts, new NotAvailableError('audit')));
}
