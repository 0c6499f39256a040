import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { exportLedger } from '../ledgers/export-ledger.ts';
import { importLedger } from '../ledgers/import-ledger.ts';
import { todayIn } from '../kernel/time.ts';
import { printResult, runWithContext } from './run-command.ts';
import { registerLedgerQuery } from './ledger-query.ts';
import { registerLedgerEdit } from './ledger-edit.ts';

export function registerLedger(program: Command): void {
  const ledger = program.command('ledger').description('台账：导入、查询、导出');
  registerLedgerQuery(ledger);
  registerLedgerEdit(ledger);

  ledger
    .command('import')
    .description('导入基本信息台账（.xlsx 或 .csv）；有错行时整份不导入，除非 --partial')
    .argument('<file>')
    .option('--partial', '只导入正确的行，错行列出来')
    .option('--json', 'print JSON')
    .action((file: string, opts: { json?: boolean; partial?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const res = await importLedger(ctx.db, path.resolve(file), { partial: opts.partial, today: todayIn(ctx.config.JINQIU_TZ), actor: 'cli' });
        const human = [
          res.applied ? `导入完成：新增 ${res.imported} 人，更新 ${res.updated} 人。` : '没有导入任何数据。',
          ...(res.rejected.length ? [`有 ${res.rejected.length} 行有问题${res.applied ? '（已跳过）' : '，请改正后重新导入（或加 --partial 只导入正确的行）'}：`] : []),
          ...res.rejected.map((r) => `  第${r.row}行：${r.reason}`),
          ...(res.ignoredColumns.length ? [`没有用到的列：${res.ignoredColumns.join('、')}`] : []),
        ].join('\n');
        printResult(opts, { imported: res.imported, updated: res.updated, rejected: res.rejected, applied: res.applied, ignoredColumns: res.ignoredColumns, encoding: res.encoding }, human);
        // Scripts must notice an import that wrote nothing because of bad rows.
        if (!res.applied) process.exitCode = 1;
      }),
    );

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
