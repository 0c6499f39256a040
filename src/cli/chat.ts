import type { Command } from 'commander';
import { NotAvailableError } from '../errors.ts';
import { reportError } from './run-command.ts';

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('以某个身份发一条消息，经过与机器人相同的处理')
    .requiredOption('--as <identity>', 'elder:ID | elder:姓名 | staff:ID | family:ID | unknown')
    .option('--group <id>', 'send inside this group chat')
    .option('--json', 'print JSON')
    .argument('<message>')
    .action((_m: string, opts: { json?: boolean }) => reportError(opts, new NotAvailableError('chat')));
}
