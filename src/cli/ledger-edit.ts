import type { Command } from 'commander';
import { InputError } from '../kernel/errors.ts';
import { editElder } from '../ledgers/elder-edits.ts';
import { CHANGE_LABELS, changesFromOptions, describeValue } from '../ledgers/edit-words.ts';
import { findEldersByName } from '../ledgers/elder-record.ts';
import { printResult, runWithContext } from './run-command.ts';

interface EditOptions {
  town?: string;
  phone?: string;
  address?: string;
  mobility?: string;
  alone?: string;
  widowed?: string;
  health?: string;
  emergencyContact?: string;
  emergencyPhone?: string;
  status?: string;
  deathDate?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `jinqiu ledger edit <姓名或编号> --phone … --status 已故 --death-date 2026-11-30`: one elder's record
 * changed through editElder (audited with the values before), the way staff do it in chat with /修改.
 */
export function registerLedgerEdit(ledger: Command): void {
  ledger
    .command('edit')
    .description('修改一位老人的台账：电话、住址、行动能力、独居、丧偶、身体状况、紧急联系人，或标记已故')
    .argument('<姓名或编号>')
    .option('--town <镇或村>', '同名时写上镇（街道）或村（社区）')
    .option('--phone <电话>')
    .option('--address <住址>')
    .option('--mobility <好|行动不便|卧床>')
    .option('--alone <是|否>', '独居')
    .option('--widowed <是|否>', '丧偶')
    .option('--health <身体状况>')
    .option('--emergency-contact <姓名>')
    .option('--emergency-phone <电话>')
    .option('--status <在世|已故>')
    .option('--death-date <YYYY-MM-DD>', '去世日期（标记已故时必填）')
    .option('--dry-run', '只显示会改什么，不修改')
    .option('--json', 'print JSON')
    .action((ref: string, opts: EditOptions) =>
      runWithContext(opts, async (ctx) => {
        const changes = changesFromOptions(opts);
        if (!Object.keys(changes).length) throw new InputError('nothing to change', '请写上要改的内容，例如 --phone 13912345678 或 --status 已故 --death-date 2026-11-30。');
        const id = await elderId(ctx.db, ref, opts.town);
        const result = await ctx.db.transaction(async (tx) => {
          const done = await editElder(tx, id, changes, { actor: 'cli', channel: 'cli', reason: `ledger edit ${ref}` });
          // A dry run shows the change and leaves the ledger (and the audit log) as it was.
          if (opts.dryRun) throw new DryRun(done);
          return done;
        }).catch((e: unknown) => {
          if (e instanceof DryRun) return e.result;
          throw e;
        });
        if (!result) throw new InputError(`no elder ${id}`, `台账里没有编号 ${id}。`);
        const lines = result.changed.map((c) => `${CHANGE_LABELS[c.column]}：${describeValue(c.before)} → ${describeValue(c.after)}`);
        printResult(
          opts,
          { elder: { id: result.id, name: result.name }, changed: result.changed, applied: !opts.dryRun },
          lines.length ? `${opts.dryRun ? '将要修改' : '已修改'} ${result.name}（编号 ${result.id}）：\n${lines.join('\n')}` : `${result.name}（编号 ${result.id}）的台账已经是这样，没有改动。`,
        );
      }),
    );
}

class DryRun extends Error {
  constructor(readonly result: Awaited<ReturnType<typeof editElder>>) {
    super('dry run');
  }
}

async function elderId(db: Parameters<typeof findEldersByName>[0], ref: string, place: string | undefined): Promise<number> {
  if (/^\d+$/.test(ref.trim())) return Number(ref.trim());
  const matches = await findEldersByName(db, ref.trim(), { scopeTowns: null, ...(place ? { place } : {}) });
  if (!matches.length) throw new InputError(`no elder ${ref}`, `台账里没有找到“${ref}”${place ? `（${place}）` : ''}。`);
  if (matches.length > 1)
    throw new InputError(
      `elder ${ref} is ambiguous: ${matches.map((m) => m.id).join(', ')}`,
      `有 ${matches.length} 位叫“${ref}”的老人，请用编号或 --town：${matches.map((m) => `${m.id}（${m.town ?? ''}${m.village ?? ''}，${m.birthDate.slice(0, 4)}年生${m.status === '已故' ? '，已故' : ''}）`).join('；')}`,
    );
  return matches[0]!.id;
}
