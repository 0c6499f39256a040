import type { Db } from '../db/types.ts';
import { text } from '../chat/message.ts';
import type { StaffCommand, StaffContext } from '../chat/staff-command.ts';
import type { TurnResult } from '../chat/turn.ts';
import type { LedgerQueryService } from '../ledgers/query/run.ts';
import { cancelCampaign, confirmCampaign, createDraft, latestDraft, parseCampaignCommand } from './campaigns.ts';
import { listPlans, updatePlan, type Plan } from './plans.ts';
import type { PlanEnv } from './planner.ts';
import { campaignProblems, campaignReports, formatReport, resolveDelivery } from './report.ts';
import type { JobsRuntime } from './runtime.ts';
import { describeInstant } from './send-time.ts';
import { TEMPLATE_PLACEHOLDERS } from './templates.ts';
import { writeAudit } from '../privacy/audit.ts';

export interface CampaignSkillDeps {
  db: Db;
  env: PlanEnv;
  /** Queues confirmed sends at once; without it the next catch-up (hourly) or plan-day queues them. */
  runtime?: Pick<JobsRuntime, 'enqueueDeliveries'> | undefined;
  /** Audiences beyond a town or view go through the ledger's question parser (the one service main.ts builds). */
  ledger: LedgerQueryService;
}

const HELP = [
  '群发用法：',
  '/群发 端午节 明天9点 全体 端午安康，祝您身体健康！',
  '/群发 送清凉 6月20日10点 韦庄镇独居 天热了，请多喝水、少出门。',
  '先看预览，再发“/群发 确认”才会发送；“/群发 取消”作废；“/群发 报告”看发送情况，“/群发 报告 编号”看名单。',
  '计划：“/计划”查看；“/计划 生日祝福 关闭/开启”、“/计划 生日祝福 时间 09:00”、“/计划 生日祝福 模板 {称呼}，生日快乐！”',
].join('\n');

/** `/群发 …` and `/计划 …` for staff: campaigns with preview and confirmation, reports, plan changes. */
export function createCampaignCommands(deps: CampaignSkillDeps): StaffCommand[] {
  const reply = (t: string, intent: string): TurnResult => ({ replies: [text(t)], intent });
  const campaignCommand: StaffCommand = {
    name: '群发',
    minRole: 'liaison',
    help: '/群发 端午节 明天9点 全体 端午安康！ —— 群发问候（先预览，再确认）',
    intent: 'staff_campaign',
    run: (ctx, args) => campaign(ctx, args),
  };
  const planCommand: StaffCommand = {
    name: '计划',
    minRole: 'liaison',
    help: '/计划 —— 看和改定时问候（生日祝福、三送、提醒）',
    intent: 'staff_plans',
    run: (ctx, args) => plans(ctx, args),
  };
  return [campaignCommand, planCommand];

  async function campaign(ctx: StaffContext, args: string): Promise<TurnResult> {
    const { tag: by, towns: scope } = ctx.staff;
    const sub = /^(确认|取消|报告|帮助)?\s*(\d+)?\s*$/.exec(args);
    if (args === '' || sub?.[1] === '帮助') return reply(HELP, 'staff_campaign_help');
    if (sub?.[1] === '报告') {
      const reports = await campaignReports(deps.db, { ...(sub[2] ? { campaignId: Number(sub[2]) } : {}), limit: 8 });
      if (!reports.length) return reply('还没有群发或定时问候的记录。', 'staff_campaign_report');
      const lines = ['发送情况：', ...reports.map((r) => `#${r.campaignId} ${formatReport(r)}`)];
      if (sub[2]) {
        // Names only: phone numbers stay out of group chats.
        const problems = await campaignProblems(deps.db, Number(sub[2]));
        const shown = problems.slice(0, 50);
        if (shown.length) {
          await writeAudit(deps.db, { actor: by, action: 'campaign.report', channel: ctx.msg.channel, query: { campaignId: Number(sub[2]), private: ctx.isPrivate }, question: ctx.msg.text.slice(0, 200), elderIds: shown.flatMap((p) => (p.elder_id === null ? [] : [Number(p.elder_id)])), rowCount: shown.length });
        }
        const label = { call: '需电话联系', failed: '发送失败', uncertain: '待核实' } as const;
        for (const p of shown) lines.push(`[${p.id}] ${label[p.status]}：${p.elder_name ?? '?'}${p.town ? `（${p.town}）` : ''}`);
        if (problems.some((p) => p.status !== 'call')) lines.push('核实后回复“/群发 核实 编号 已收到｜已电话｜重发”。');
      }
      return reply(lines.join('\n'), 'staff_campaign_report');
    }
    const check = /^核实\s*(\d+)\s*(已收到|收到了|已电话|打过电话|重发)$/.exec(args);
    if (check) {
      const as = check[2]!.includes('收到') ? 'sent' : check[2] === '重发' ? 'resend' : 'called';
      const r = await resolveDelivery(deps.db, Number(check[1]), as, by);
      return reply(as === 'resend' ? `第 ${r.id} 条会重新发送（一小时内）。` : `第 ${r.id} 条已记为${as === 'sent' ? '已收到' : '已电话问候'}。`, 'staff_campaign_resolve');
    }
    if (sub?.[1] === '确认' || sub?.[1] === '取消') {
      const id = sub[2] ? Number(sub[2]) : await latestDraft(deps.db, by);
      if (!id) return reply('没有待确认的群发。先发“/群发 标题 时间 对象 内容”生成预览。', 'staff_campaign_error');
      if (sub[1] === '取消') {
        const n = await cancelCampaign(deps.db, id, by);
        return reply(`第 ${id} 号群发已取消${n ? `，${n} 条未发送的问候不再发送` : ''}。`, 'staff_campaign_cancel');
      }
      const r = await confirmCampaign(deps.db, id, by, scope, deps.env, ctx.now);
      await deps.runtime?.enqueueDeliveries(r.toQueue);
      return reply(
        `第 ${id} 号群发已确认：${r.toQueue.length} 位将按时收到${r.call ? `；${r.call} 位没有绑定账号，会列入电话问候名单` : ''}。发“/群发 报告 ${id}”查看进度。`,
        'staff_campaign_confirm',
      );
    }
    const draft = await parseCampaignCommand(deps.db, args, { now: ctx.now, tz: deps.env.tz, scopeTowns: scope, ledger: deps.ledger });
    const p = await createDraft(deps.db, draft, by, scope, deps.env);
    // The preview names the first few recipients and counts the rest: who asked, for whom, how many.
    if (p.total) {
      await writeAudit(deps.db, { actor: by, action: 'campaign.preview', channel: ctx.msg.channel, query: { campaignId: p.campaignId, audience: draft.audience.description, private: ctx.isPrivate }, question: ctx.msg.text.slice(0, 200), elderIds: p.sample.map((x) => x.elderId), rowCount: p.total });
    }
    const lines = [
      `【群发预览 #${p.campaignId}】${draft.title}`,
      `时间：${describeInstant(draft.sendAt, deps.env.tz)}`,
      `对象：${draft.audience.description}，共 ${p.total} 位（微信/Telegram 发送 ${p.send} 位，需电话联系 ${p.call} 位${p.held ? `，报告去世待核实、暂不发送 ${p.held} 位` : ''}）`,
      ...(p.alreadyCovered ? [`另有 ${p.alreadyCovered} 位当天已有同一节日的问候，不会重复发送。`] : []),
      ...(p.sample.length ? [`名单：${p.sample.map((s) => `${s.name}${s.action === 'call' ? '（电话）' : ''}`).join('、')}${p.total > p.sample.length ? ' 等' : ''}`] : []),
      ...(p.sampleText ? [`内容示例：${p.sampleText}`] : []),
      p.total ? `确认发送请回复“/群发 确认 ${p.campaignId}”，不发请回复“/群发 取消 ${p.campaignId}”。` : '没有符合条件的老干部，这条群发不会发送。',
    ];
    return reply(lines.join('\n'), 'staff_campaign_preview');
  }

  async function plans(ctx: StaffContext, args: string): Promise<TurnResult> {
    const all = await listPlans(deps.db);
    if (args === '') {
      const line = (p: Plan) => `${p.enabled ? '✅' : '⏸'} ${p.title}（${p.sendTime}）`;
      return reply(['定时计划：', ...all.map(line), `修改：/计划 生日祝福 关闭｜开启｜时间 09:00｜模板 …（可用 ${TEMPLATE_PLACEHOLDERS.join(' ')}）`].join('\n'), 'staff_plans');
    }
    const m = /^(\S+)\s*(关闭|停用|开启|启用|时间|模板|查看)?\s*([\s\S]*)$/.exec(args)!;
    const plan = all.find((p) => p.title === m[1] || p.key === m[1] || p.title.startsWith(m[1]!));
    if (!plan) return reply(`没有找到“${m[1]}”这个计划。发“/计划”看全部计划。`, 'staff_plans');
    if (!m[2] || m[2] === '查看') return reply(`${plan.title}：${plan.enabled ? '开启' : '关闭'}，${plan.sendTime} 发送\n模板：${plan.template}`, 'staff_plans');
    if (ctx.staff.role === 'liaison') return reply('联络员可以查看计划；修改计划请联系局里的工作人员。', 'staff_plans');
    const change = m[2] === '关闭' || m[2] === '停用' ? { enabled: false } : m[2] === '开启' || m[2] === '启用' ? { enabled: true } : m[2] === '时间' ? { sendTime: m[3]!.replace('：', ':').padStart(5, '0') } : { template: m[3]! };
    const updated = await updatePlan(deps.db, plan.key, change, ctx.staff.tag);
    return reply(`已修改“${updated.title}”：${updated.enabled ? '开启' : '关闭'}，${updated.sendTime} 发送\n模板：${updated.template}\n（从下一次安排起生效）`, 'staff_plans');
  }
}
