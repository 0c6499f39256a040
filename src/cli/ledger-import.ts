import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { importLedger } from '../ledgers/import-ledger.ts';
import { formatImportReport } from '../ledgers/import-report.ts';
import { ledgerTemplate } from '../ledgers/ledger-template.ts';
import { loadTownBook } from '../ledgers/places.ts';
import { InputError } from '../kernel/errors.ts';
import { todayIn } from '../kernel/time.ts';
import { printResult, runWithContext } from './run-command.ts';
import { ledgerInputLimits } from '../kernel/input-file.ts';

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(/[,，、]/).map((s) => s.trim()).filter(Boolean)];

/** "城关镇=城关街道" pairs from --town-alias. */
function aliases(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const m = /^(.+?)[=＝](.+)$/.exec(p);
    if (!m) throw new InputError(`--town-alias ${p}: expected 写法=正确名称`, `--town-alias 要写成“写法=正确名称”，例如 城关镇=城关街道。`);
    out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

interface ImportFlags {
  json?: boolean;
  partial?: boolean;
  dryRun?: boolean;
  removeMissing?: boolean;
  newTown?: string[];
  townAlias?: string[];
  expect?: string;
}

/** `jinqiu ledger import`: a preview with --dry-run, else the import itself (all or nothing). */
export function registerLedgerImport(ledger: Command): void {
  ledger
    .command('import')
    .description('导入基本信息台账（.xlsx 或 .csv）；--dry-run 先看会有哪些变动；有错行时整份不导入，除非 --partial')
    .argument('<file>')
    .option('--dry-run', '只预览：新增、变动（原值 → 新值）、文件里没有的老人、有问题的行，不写入')
    .option('--partial', '只导入正确的行，错行列出来')
    .option('--remove-missing', '删除这份文件所含镇（街道）里、台账有而文件里没有的在世老人')
    .option('--new-town <名称>', '确认这是新设的镇（街道）（可重复，或用逗号分隔）', collect)
    .option('--town-alias <写法=名称>', '这个写法就是名单里的某个镇（街道），如 城关镇=城关街道（可重复）', collect)
    .option('--expect <planId>', '只有变动与预览（--dry-run 给出的 planId）一致时才导入')
    .option('--json', 'print JSON')
    .action((file: string, opts: ImportFlags) =>
      runWithContext(opts, async (ctx) => {
        const res = await importLedger(ctx.db, path.resolve(file), {
          partial: opts.partial,
          dryRun: opts.dryRun,
          removeMissing: opts.removeMissing,
          newTowns: opts.newTown ?? [],
          townAliases: aliases(opts.townAlias ?? []),
          ...(opts.expect ? { expectPlan: opts.expect } : {}),
          today: todayIn(ctx.config.JINQIU_TZ),
          actor: 'cli',
          fileLimits: ledgerInputLimits(ctx.config),
        });
        const next = res.dryRun && !res.rejectedCount && !res.questions.length ? `\n确认无误后导入：jinqiu ledger import ${file} --expect ${res.planId}` : '';
        printResult(opts, res, formatImportReport(res, { how: 'cli' }) + next);
        // Scripts must notice an import that wrote nothing because of bad rows or open questions.
        if (!res.dryRun && !res.applied) process.exitCode = 1;
      }),
    );
}

/** `jinqiu ledger template <out.xlsx>`: the blank ledger for the towns. */
export function registerLedgerTemplate(ledger: Command): void {
  ledger
    .command('template')
    .description('生成空白台账模板（表头、示例行、是/否和镇（街道）下拉列表）')
    .argument('<out.xlsx>')
    .option('--json', 'print JSON')
    .action((out: string, opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const towns = (await loadTownBook(ctx.db)).towns;
        const file = path.resolve(out);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, await ledgerTemplate(towns));
        printResult(opts, { file, towns }, `已生成空白台账模板：${file}`);
      }),
    );
}
