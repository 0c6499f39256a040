import type { Command } from 'commander';
import { NotAvailableError } from '../errors.ts';
import { reportError } from './run-command.ts';

export function registerLedger(program: Command): void {
  const ledger = program.command('ledger').description('台账');
  ledger.command('import').argument('<file>').option('--json').action((_f: string, opts: { json?: boolean }) => reportError(opts, new NotAvailableError('ledger import')));
}
