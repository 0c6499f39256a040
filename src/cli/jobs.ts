import type { Command } from 'commander';
import { NotAvailableError } from '../errors.ts';
import { reportError } from './run-command.ts';

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('定时任务：生日祝福、三送、提醒');
  jobs.command('due')
    .requiredOption('--date <YYYY-MM-DD>')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => reportError(opts, new NotAvailableError('jobs due')));
}
