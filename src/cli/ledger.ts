import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { exportLedger } from '../ledgers/export-ledger.ts';
import { printResult, runWithContext } from './run-command.ts';
import { registerLedgerQuery } from './ledger-query.ts';
import { registerLedgerImport, registerLedgerTemplate } from './ledger-import.ts';
import { registerLedgerEdit } from './ledger-edit.ts';

export function registerLedger(program: Command): void {
  const ledger = program.command('ledger').description('台账：导入、查询、导出');
  registerLedgerQuery(ledger);
  registerLedgerEdit(ledger);

  registerLedgerImport(ledger);
  registerLedgerTemplate(ledger);

  ledger
    .command('export')
    .description('导出台账为 Excel；--view 独居|丧偶|患病 导出其中一类')
    .argument('<out.xlsx>')
    .option('--view <view>', '独居、丧偶 或 患病')
    .option('--json', 'print JSON')
    .action((out: string, opts: { json?: boolean; view?: string }) =>
      runWithContext(opts, async (ctx) => {
        const res = await exportLedger(ctx.db, { view: opts.view, actor: 'cli' });
        const file = path.resolve(out);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, res.buffer);
        printResult(opts, { file, view: res.view, rows: res.rows }, `已导出 ${res.rows} 人到 ${file}`);
      }),
    );
}
