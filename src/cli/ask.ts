import type { Command } from 'commander';
import { NotAvailableError } from '../errors.ts';
import { reportError } from './run-command.ts';

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('政策问答')
    .argument('<question>')
    .option('--json', 'print JSON')
    .action((_q: string, opts: { json?: boolean }) => reportError(opts, new NotAvailableError('ask')));
}
