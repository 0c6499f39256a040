import type { Command } from 'commander';
import { NotAvailableError } from '../errors.ts';
import { reportError } from './run-command.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('启动：模拟器页面、机器人、定时任务')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => reportError(opts, new NotAvailableError('start')));
}
