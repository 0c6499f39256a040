import type { Command } from 'commander';
import { InputError } from '../kernel/errors.ts';
import { computeDue, displayText } from '../jobs/planner.ts';
import { listPlans, updatePlan } from '../jobs/plans.ts';
import { campaignProblems, campaignReports, formatReport, resolveDelivery, type Resolution } from '../jobs/report.ts';
import { planEnv } from '../jobs/service.ts';
import { writeAudit } from '../privacy/audit.ts';
import { isCalendarDay } from '../kernel/time.ts';
import { printResult, runWithContext } from './run-command.ts';

function checkDate(date: string): string {
  if (!isCalendarDay(date)) throw new InputError(`--date must be YYYY-MM-DD, got ${date}`, `日期格式应为 2026-06-19，收到的是“${date}”。`);
  return date;
}

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('定时任务：生日祝福、三送、提醒');

  jobs
    .command('due')
    .description('列出某天会产生的问候和提醒（不发送）')
    .requiredOption('--date <YYYY-MM-DD>')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean; date: string }) =>
      runWithContext(opts, async (ctx) => {
        const date = checkDate(opts.date);
        const items = await computeDue(ctx.db, date, planEnv(ctx.config));
        const elderIds = [...new Set(items.flatMap((i) => (i.elder ? [i.elder.id] : [])))];
        await writeAudit(ctx.db, { actor: 'cli', action: 'jobs.due', channel: 'cli', query: { date }, elderIds, rowCount: items.length });
        const out = items.map((i) => ({
          occasion: i.occasion,
          title: i.title,
          kind: i.kind,
          recipient: i.elder ? { type: 'elder', id: i.elder.id, name: i.elder.name, town: i.elder.town } : { type: 'group', id: i.group?.id ?? null, name: i.group?.name ?? null },
          action: i.action,
          channel: i.action === 'held' ? null : (i.channel ?? i.note ?? null),
          via: i.via,
          ...(i.note ? { note: i.note } : {}),
          sendAt: i.sendAt.toISOString(),
          text: displayText(i),
        }));
        const summary = { send: items.filter((i) => i.action === 'send').length, call: items.filter((i) => i.action === 'call').length, held: items.filter((i) => i.action === 'held').length };
        const how = (o: (typeof out)[number]) =>
          o.action === 'held' ? '暂停（报告去世，待工作人员核实）' : o.action === 'call' ? (o.note ?? '电话联系') : `${o.channel}${o.via === 'family' ? '（家属转告）' : ''}`;
        const human = [
          `${date}：共 ${items.length} 条（发送 ${summary.send}，需电话联系 ${summary.call}${summary.held ? `，暂停 ${summary.held}` : ''}）`,
          ...out.map((o) => `  ${o.title}｜${o.recipient.name ?? '-'}｜${how(o)}`),
        ].join('\n');
        printResult(opts, { date, total: items.length, ...summary, items: out }, human);
      }),
    );

  jobs
    .command('report')
    .description('每次群发/定时问候的发送情况：已发送、失败、待发送、需电话联系')
    .option('--campaign <id>', '只看这一次，并列出需要处理的人')
    .option('--since <YYYY-MM-DD>')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean; campaign?: string; since?: string }) =>
      runWithContext(opts, async (ctx) => {
        const campaignId = opts.campaign ? Number(opts.campaign) : undefined;
        if (campaignId !== undefined && !Number.isInteger(campaignId)) throw new InputError('--campaign must be a number', '群发编号应为数字。');
        const campaigns = await campaignReports(ctx.db, { ...(campaignId ? { campaignId } : {}), ...(opts.since ? { since: checkDate(opts.since) } : {}), limit: 200 });
        const problems = campaignId ? await campaignProblems(ctx.db, campaignId) : undefined;
        if (problems?.length) {
          const elderIds = problems.flatMap((p) => (p.elder_id ? [p.elder_id] : []));
          await writeAudit(ctx.db, { actor: 'cli', action: 'jobs.report', channel: 'cli', query: { campaignId }, elderIds, rowCount: problems.length });
        }
        const human = campaigns.length ? campaigns.map((r) => `#${r.campaignId} ${formatReport(r)}`).join('\n') : '还没有发送记录。';
        printResult(opts, { campaigns, ...(problems ? { problems } : {}) }, human);
      }),
    );

  jobs
    .command('resolve')
    .description('核实后处理一条待核实/失败的问候：--as sent（已收到）| called（已电话问候）| resend（重新发送）')
    .argument('<deliveryId>')
    .requiredOption('--as <sent|called|resend>')
    .option('--json', 'print JSON')
    .action((idText: string, opts: { json?: boolean; as: string }) =>
      runWithContext(opts, async (ctx) => {
        const id = Number(idText);
        if (!Number.isInteger(id) || !['sent', 'called', 'resend'].includes(opts.as)) {
          throw new InputError('usage: jobs resolve <id> --as sent|called|resend', '用法：jobs resolve 编号 --as sent|called|resend');
        }
        const r = await resolveDelivery(ctx.db, id, opts.as as Resolution, 'cli');
        printResult(opts, r, `第 ${r.id} 条已改为 ${r.status}`);
      }),
    );

  jobs
    .command('plans')
    .description('查看定时计划；--set KEY --enabled/--disabled/--time/--template 修改')
    .option('--set <key>', 'plan key, e.g. birthday, festival:端午, reminder:阅文会')
    .option('--enable')
    .option('--disable')
    .option('--time <HH:MM>')
    .option('--template <text>')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean; set?: string; enable?: boolean; disable?: boolean; time?: string; template?: string }) =>
      runWithContext(opts, async (ctx) => {
        if (opts.set) {
          const change = { ...(opts.enable ? { enabled: true } : {}), ...(opts.disable ? { enabled: false } : {}), ...(opts.time ? { sendTime: opts.time } : {}), ...(opts.template ? { template: opts.template } : {}) };
          const p = await updatePlan(ctx.db, opts.set, change, 'cli');
          printResult(opts, { plan: p }, `已修改 ${p.title}：${p.enabled ? '开启' : '关闭'} ${p.sendTime}\n${p.template}`);
          return;
        }
        const plans = await listPlans(ctx.db);
        printResult(opts, { plans }, plans.map((p) => `${p.enabled ? '开' : '关'} ${p.sendTime} ${p.key}｜${p.title}`).join('\n'));
      }),
    );
}
