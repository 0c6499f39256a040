import type { Command } from 'commander';
import type { Queryable } from '../db/types.ts';
import { InputError } from '../kernel/errors.ts';
import { readAudit } from '../privacy/audit.ts';
import { isCalendarDay } from '../kernel/time.ts';
import { printResult, runWithContext } from './run-command.ts';

interface AuditOptions {
  json?: boolean;
  since?: string;
  until?: string;
  actor?: string;
  action?: string;
  person?: string;
  staff?: string;
  limit?: number;
}

/** An elder by ledger id, or every elder of that name (namesakes are all shown). */
async function elderIdsOf(db: Queryable, ref: string): Promise<{ ids: number[]; names: string[] }> {
  const byId = /^\d+$/.test(ref);
  const r = await db.query<{ id: string; name: string }>(`SELECT id::text, name FROM elders WHERE ${byId ? 'id = $1' : 'name = $1'} ORDER BY id`, [byId ? Number(ref) : ref]);
  if (!r.rows.length && !byId) throw new InputError(`--person ${ref}: no elder of that name`, `台账里没有叫“${ref}”的老干部；也可以用台账编号。`);
  // An id no longer in the ledger (removed with the demo, say) is still searched: the log keeps ids.
  return { ids: byId ? [Number(ref)] : r.rows.map((x) => Number(x.id)), names: r.rows.map((x) => x.name) };
}

/** A staff member by id or name, departed ones included: the log speaks of them as staff:<id>. */
async function staffActorsOf(db: Queryable, ref: string): Promise<string[]> {
  const byId = /^\d+$/.test(ref);
  if (byId) return [`staff:${ref}`];
  const r = await db.query<{ id: string }>(`SELECT id::text FROM staff WHERE name = $1 ORDER BY id`, [ref]);
  if (!r.rows.length) throw new InputError(`--staff ${ref}: no staff member of that name`, `没有叫“${ref}”的工作人员；也可以用编号。`);
  return r.rows.map((x) => `staff:${x.id}`);
}

/**
 * `jinqiu audit [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--person 张建国|12] [--staff 王明|3] [--actor staff:3]
 * [--action ledger.query] --json`
 */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('查看审计日志：谁在什么时候查看或导出了哪些台账信息')
    .option('--since <YYYY-MM-DD>', '从这一天起（含）')
    .option('--until <YYYY-MM-DD>', '到这一天前（不含）')
    .option('--person <姓名或编号>', '只看读过这位老干部信息的记录')
    .option('--staff <姓名或编号>', '只看这位工作人员的操作')
    .option('--actor <who>', '只看某个操作者，例如 staff:3、cli、web:127.0.0.1、telegram:12345')
    .option('--action <action>', '只看某类操作，例如 ledger.query、ledger.export、elder.view、case.list、speech.transcribe')
    .option('--limit <n>', '最多多少条', (v) => Number(v))
    .option('--json', 'print JSON')
    .action((opts: AuditOptions) =>
      runWithContext(opts, async (ctx) => {
        for (const [k, v] of [['--since', opts.since], ['--until', opts.until]] as const)
          if (v !== undefined && !isCalendarDay(v)) throw new InputError(`${k} ${v}`, `${k} 的日期格式应为 YYYY-MM-DD。`);
        if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit > 0)) throw new InputError(`--limit ${opts.limit}`, '--limit 应为正整数。');
        const person = opts.person ? await elderIdsOf(ctx.db, opts.person.trim()) : undefined;
        const actors = opts.staff ? await staffActorsOf(ctx.db, opts.staff.trim()) : undefined;
        const entries = await readAudit(ctx.db, {
          ...(opts.since ? { since: opts.since } : {}),
          ...(opts.until ? { until: opts.until } : {}),
          ...(opts.actor ? { actor: opts.actor } : {}),
          ...(opts.action ? { action: opts.action } : {}),
          ...(person ? { elderIds: person.ids } : {}),
          ...(actors ? { actors } : {}),
          ...(opts.limit ? { limit: opts.limit } : {}),
          timeZone: ctx.config.JINQIU_TZ,
        });
        const human = entries.length
          ? entries.map((e) => `${e.at} ${e.actor} ${e.action}${e.channel ? `(${e.channel})` : ''} ${e.rowCount ?? ''}条${e.question ? ` “${e.question}”` : ''}`).join('\n')
          : '没有符合条件的审计记录。';
        printResult(opts, { entries, ...(person ? { person: { ref: opts.person, elderIds: person.ids } } : {}), ...(actors ? { staff: { ref: opts.staff, actors } } : {}) }, human);
      }),
    );
}
