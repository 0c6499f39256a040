import type { Command } from 'commander';
import { NotAvailableError } from '../errors.ts';
import { reportError } from './run-command.ts';

export function registerKb(program: Command): void {
  const kb = program.command('kb').description('知识库：政策法规');
  kb.command('ingest')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print JSON')
    .action((_paths: string[], opts: { json?: boolean }) => reportError(opts, new NotAvailableError('kb ingest')));
}
