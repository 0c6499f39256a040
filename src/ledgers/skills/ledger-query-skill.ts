import { text, type OutboundMessage } from '../../chat/message.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { ChatContext, StaffSkill } from '../../chat/ports.ts';
import type { Queryable } from '../../db/types.ts';
import { isJinqiuError } from '../../kernel/errors.ts';
import type { Logger } from '../../kernel/logger.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { renderBarChart } from '../chart.ts';
import { describeQuery, formatResultText, notUnderstoodNote } from '../query/format.ts';
import { rowsToXlsx } from '../query/export-rows.ts';
import { LedgerQueryService } from '../query/run.ts';
import { looksLikeLedgerQuestion } from '../query/parse.ts';
import { groupByLabels } from '../query/schema.ts';
import { command, requireStaff } from './staff-guard.ts';

export interface LedgerQuerySkillDeps {
  db: Queryable;
  service: LedgerQueryService;
  timeZone: string;
  log?: Logger | undefined;
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

const COMMANDS = new Set(['查询', '台账', '查', '统计']);

/**
 * Ledger questions in chat. Claims a message when it is /查询 … or reads as a ledger question
 * (a filter plus 名单/几位/老干部 …); otherwise returns null for the next skill.
 */
export function createLedgerQuerySkill(deps: LedgerQuerySkillDeps): StaffSkill {
  const maxText = deps.maxTextRows ?? 20;
  const maxExport = deps.maxExportRows ?? 10_000;
  return {
    name: 'ledger_query',
    async handle(ctx: ChatContext): Promise<TurnResult | null> {
      const cmd = command(ctx.msg.text);
      const explicit = cmd !== null && COMMANDS.has(cmd.cmd);
      if (cmd && !explicit) return null;
      const question = explicit ? cmd.args : ctx.msg.text.trim();
      if (ctx.actor.kind !== 'staff') {
        return explicit ? { replies: [text('抱歉，台账只有绑定过的工作人员才能查看。')], intent: 'staff_ledger_denied' } : null;
      }
      if (explicit && !question) return { replies: [text(LEDGER_QUERY_HELP)], intent: 'staff_ledger_help' };
      let staff;
      try {
        staff = await requireStaff(deps.db, ctx, deps.timeZone);
      } catch (e) {
        if (isJinqiuError(e)) return { replies: [text(e.userMessage)], intent: 'staff_ledger_denied' };
        throw e;
      }
      const parsed = await deps.service.parse(question, staff.today, staff.scopeTowns);
      if (!explicit && !looksLikeLedgerQuestion(parsed)) return null;
      // Staff talking among themselves in their group (no @): answer only what reads fully as a ledger question.
      if (!explicit && !ctx.isPrivate && !ctx.msg.mentionsBot && parsed.notUnderstood.length) return null;
      const s = parsed.signals;
      if (s.filters === 0 && !s.outputWord && !s.subjectWord && parsed.query.output !== 'stats')
        return { replies: [text(`${notUnderstoodNote(parsed.notUnderstood)}\n${LEDGER_QUERY_HELP}`)], intent: 'staff_ledger_unclear' };

      const masked = !ctx.isPrivate;
      try {
        const res = await deps.service.answer(question, parsed, { today: staff.today, scopeTowns: staff.scopeTowns, defaultLimit: maxExport });
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
        await writeAudit(deps.db, {
          actor: staff.actor,
          action,
          channel: staff.channel,
          query: res.query,
          question,
          rowCount: res.total,
          elderIds: res.rows.map((r) => r.id),
        });
        return { replies, intent: 'staff_ledger_query' };
      } catch (e) {
        if (isJinqiuError(e)) {
          await writeAudit(deps.db, { actor: staff.actor, action: 'ledger.query.denied', channel: staff.channel, query: parsed.query, question, rowCount: 0 });
          return { replies: [text(e.userMessage)], intent: 'staff_ledger_denied' };
        }
        deps.log?.error({ err: e }, 'ledger query failed');
        throw e;
      }
    },
  };
}
