import { text, type OutboundMessage } from '../../chat/message.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { StaffCommand, StaffContext, StaffSkill } from '../../chat/staff-command.ts';
import type { Queryable } from '../../db/types.ts';
import { isJinqiuError } from '../../kernel/errors.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { renderBarChart } from '../chart.ts';
import { describeQuery, formatResultText, notUnderstoodNote } from '../query/format.ts';
import { rowsToXlsx } from '../query/export-rows.ts';
import { LedgerQueryService } from '../query/run.ts';
import { looksLikeLedgerQuestion, type ParseResult } from '../query/parse.ts';
import { groupByLabels } from '../query/schema.ts';

export interface LedgerQuerySkillDeps {
  db: Queryable;
  service: LedgerQueryService;
  /** Rows shown as text; more go out as an Excel file. */
  maxTextRows?: number;
  /** Rows an Excel answer may hold. */
  maxExportRows?: number;
}

export const LEDGER_QUERY_HELP = [
  '可以直接问台账，例如：',
  '韦庄镇有哪些独居老干部？',
  '90岁以上的有几位？',
  '本月谁过生日？',
  '按镇统计患病老干部人数',
  '也可以用命令：/查询 交道镇丧偶名单',
].join('\n');

/**
 * Ledger questions in chat: /查询 … always, and free text that reads as a ledger question (a filter
 * plus 名单/几位/老干部 …). In a staff group without @, only a question understood completely.
 */
export function createLedgerQuery(deps: LedgerQuerySkillDeps): { command: StaffCommand; skill: StaffSkill } {
  const maxText = deps.maxTextRows ?? 20;
  const maxExport = deps.maxExportRows ?? 10_000;

  async function answer(ctx: StaffContext, question: string, parsed: ParseResult): Promise<TurnResult> {
    const { staff } = ctx;
    const s = parsed.signals;
    if (s.filters === 0 && !s.outputWord && !s.subjectWord && parsed.query.output !== 'stats')
      return { replies: [text(`${notUnderstoodNote(parsed.notUnderstood)}\n${LEDGER_QUERY_HELP}`)], intent: 'staff_ledger_unclear' };
    const masked = !ctx.isPrivate;
    let res;
    try {
      res = await deps.service.answer(question, parsed, { today: staff.today, scopeTowns: staff.towns, defaultLimit: maxExport });
    } catch (e) {
      // A refused question (another town) is audited too, then told kindly by the router.
      if (isJinqiuError(e)) await writeAudit(deps.db, { actor: staff.tag, action: 'ledger.query.denied', channel: ctx.msg.channel, query: parsed.query, question, rowCount: 0 });
      throw e;
    }
    const replies: OutboundMessage[] = [];
    let action = 'ledger.query';
    if (res.query.output === 'stats' && res.groups) {
      const label = groupByLabels[res.query.groupBy ?? 'town'];
      const title = `按${label}统计（${describeQuery(res.query)}）`.slice(0, 40);
      replies.push(text(formatResultText(res, { masked, maxRows: maxText })));
      if (res.groups.length)
        replies.push({ kind: 'image', mimeType: 'image/png', data: await renderBarChart({ title, labels: res.groups.map((g) => g.key), values: res.groups.map((g) => g.count), unit: '人' }), caption: title });
    } else if (res.query.output === 'list' && res.rows.length > maxText) {
      action = 'ledger.export';
      const conditions = describeQuery(res.query);
      const file = await rowsToXlsx(res.rows, res.query.fields, { title: '查询结果', masked, conditions });
      const shown = res.rows.length < res.total ? `（文件里是前 ${res.rows.length} 位）` : '';
      replies.push(text(`条件：${conditions}\n共 ${res.total} 位，人数较多，名单已整理成 Excel 表格${shown}。${masked ? '群里电话和住址已隐去，完整信息请私聊查询。' : ''}${notUnderstoodNote(res.notUnderstood)}`));
      replies.push({ kind: 'file', data: file, filename: `台账查询_${staff.today}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', caption: `共 ${res.total} 位` });
    } else {
      replies.push(text(formatResultText(res, { masked, maxRows: maxText })));
    }
    await writeAudit(deps.db, { actor: staff.tag, action, channel: ctx.msg.channel, query: res.query, question, rowCount: res.total, elderIds: res.rows.map((r) => r.id) });
    return { replies, intent: 'staff_ledger_query' };
  }

  const command: StaffCommand = {
    name: '查询',
    aliases: ['台账', '查', '统计'],
    minRole: 'liaison',
    help: '/查询 交道镇丧偶名单 —— 查台账（也可以直接问）',
    intent: 'staff_ledger',
    async run(ctx, args) {
      if (!args) return { replies: [text(LEDGER_QUERY_HELP)], intent: 'staff_ledger_help' };
      return answer(ctx, args, await deps.service.parse(args, ctx.staff.today, ctx.staff.towns));
    },
  };

  const skill: StaffSkill = {
    name: 'ledger_query',
    intent: 'staff_ledger',
    help: ['韦庄镇有哪些独居老干部？', '90岁以上的有几位？', '按镇统计患病老干部人数'],
    unaddressed: true,
    async handle(ctx) {
      const question = ctx.msg.text.trim();
      const parsed = await deps.service.parse(question, ctx.staff.today, ctx.staff.towns);
      if (!looksLikeLedgerQuestion(parsed)) return null;
      // Staff talking among themselves in their group (no @): answer only what reads fully as a ledger question.
      if (!ctx.isPrivate && !ctx.msg.mentionsBot && parsed.notUnderstood.length) return null;
      return answer(ctx, question, parsed);
    },
  };

  return { command, skill };
}
