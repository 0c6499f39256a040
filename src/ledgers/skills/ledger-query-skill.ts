import { text, type OutboundMessage } from '../../chat/message.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { StaffCommand, StaffContext, StaffSkill } from '../../chat/staff-command.ts';
import type { Queryable } from '../../db/types.ts';
import { isJinqiuError } from '../../kernel/errors.ts';
import { writeAudit } from '../../privacy/audit.ts';
import { renderBarChart } from '../chart.ts';
import { findEldersByName } from '../elder-record.ts';
import { describeQuery, formatResultText, notUnderstoodNote, scopeNote } from '../query/format.ts';
import { rowsToXlsx } from '../query/export-rows.ts';
import type { LedgerQueryResult } from '../query/run.ts';
import { LedgerQueryService } from '../query/run.ts';
import { looksLikeLedgerQuestion, type ParseResult } from '../query/parse.ts';
import { asksAboutHealth, withoutHealth } from '../query/health-topic.ts';
import { groupByLabels, parseLedgerQuery, type LedgerField, type LedgerQuery, type LedgerQueryInput } from '../query/schema.ts';
import { chatKeyOf, loadChatContext, saveChatContext, type LedgerChatState } from './chat-context.ts';
import { followUpOf } from './follow-up.ts';
import { candidatesText, personCard } from './person.ts';

export interface LedgerQuerySkillDeps {
  db: Queryable;
  service: LedgerQueryService;
  /** The bureau's time zone (the day a case was opened). */
  timeZone?: string;
  /** Rows shown as text; more go out as an Excel file. */
  maxTextRows?: number;
  /** Rows an Excel answer may hold. */
  maxExportRows?: number;
}

export const LEDGER_QUERY_HELP = [
  '可以直接问台账，例如：',
  '韦庄镇有哪些独居老干部？',
  '90岁以上的有几位？',
  '本月谁过生日？（过农历生日的按农历算）',
  '按镇和性别统计人数',
  '这个月还没走访的有哪些',
  '查一下张建国',
  '问完可以接着说：其中行动不便的呢／他们的电话／导出／画个图',
  '也可以用命令：/查询 交道镇丧偶名单',
].join('\n');

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RECORD_WORDS = /查一下|查查|查询|看看|的?(?:情况|档案|信息|资料)|怎么样/;

/**
 * Ledger questions in chat: /查询 … always, and free text that reads as a ledger question (a filter
 * plus 名单/几位/老干部 …) or continues the staff member's previous answer. In a staff group without @,
 * only a question understood completely.
 */
export function createLedgerQuery(deps: LedgerQuerySkillDeps): { command: StaffCommand; skill: StaffSkill } {
  const maxText = deps.maxTextRows ?? 20;
  const maxExport = deps.maxExportRows ?? 10_000;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';

  const audit = (ctx: StaffContext, action: string, query: unknown, question: string, rowCount: number, elderIds: number[] = []) =>
    writeAudit(deps.db, { actor: ctx.staff.tag, action, channel: ctx.msg.channel, query, question, rowCount, elderIds });

  async function run(ctx: StaffContext, question: string, query: LedgerQueryInput | LedgerQuery, notUnderstood: string[]): Promise<LedgerQueryResult> {
    const { staff } = ctx;
    try {
      const res = await deps.service.execute(parseLedgerQuery(query), { today: staff.today, scopeTowns: staff.towns, defaultLimit: maxExport });
      return { ...res, notUnderstood };
    } catch (e) {
      // A refused question (another town) is audited too, then told kindly by the router.
      if (isJinqiuError(e)) await audit(ctx, 'ledger.query.denied', query, question, 0);
      throw e;
    }
  }

  async function chart(res: LedgerQueryResult, pie: boolean): Promise<OutboundMessage | null> {
    if (!res.groups?.length) return null;
    const label = [res.query.groupBy ?? 'town', ...(res.query.groupBy2 ? [res.query.groupBy2] : [])].map((g) => groupByLabels[g]).join('和');
    const title = `按${label}统计（${describeQuery(res.query)}）`.slice(0, 40);
    const unit = res.query.subject === 'cases' ? '件' : res.query.subject === 'visits' ? '次' : '人';
    const png = await renderBarChart({ title, labels: res.groups.map((g) => g.key), values: res.groups.map((g) => g.count), unit, kind: pie ? 'pie' : 'bar' });
    return { kind: 'image', mimeType: 'image/png', data: png, caption: title };
  }

  /** The reply to a result: text, a chart for statistics, an Excel file for long lists (or when asked). */
  async function render(ctx: StaffContext, question: string, full: LedgerQueryResult, opts: { file?: boolean; chart?: boolean; pie?: boolean } = {}): Promise<TurnResult> {
    const masked = !ctx.isPrivate;
    // A group sees health data only when it asked about health.
    const res = masked && !asksAboutHealth(question, full.query) ? withoutHealth(full) : full;
    const replies: OutboundMessage[] = [];
    let action = 'ledger.query';
    if (res.query.output === 'stats' && res.groups) {
      replies.push(text(formatResultText(res, { masked, maxRows: maxText })));
      const img = await chart(res, !!opts.pie);
      if (img) replies.push(img);
      else if (opts.chart) replies.push(text('没有可以画图的数字。'));
    } else if (res.query.output === 'list' && (res.rows.length > maxText || opts.file)) {
      action = 'ledger.export';
      const conditions = describeQuery(res.query);
      const file = await rowsToXlsx(res.rows, res.query, { title: '查询结果', masked, conditions });
      const shown = res.rows.length < res.total ? `（文件里是前 ${res.rows.length} 位）` : '';
      const unit = res.query.subject === 'cases' ? '件' : res.query.subject === 'visits' ? '次' : '位';
      replies.push(
        text(
          `条件：${conditions}\n${scopeNote(res.scope)}共 ${res.total} ${unit}，${opts.file ? '已整理成 Excel 表格' : '人数较多，名单已整理成 Excel 表格'}${shown}。${masked ? '群里电话和住址已隐去，完整信息请私聊查询。' : ''}${notUnderstoodNote(res.notUnderstood)}`,
        ),
      );
      replies.push({ kind: 'file', data: file, filename: `台账查询_${ctx.staff.today}.xlsx`, mimeType: XLSX, caption: `共 ${res.total} ${unit}` });
    } else {
      replies.push(text(formatResultText(res, { masked, maxRows: maxText })));
    }
    const elderIds = !res.query.subject || res.query.subject === 'elders' ? res.rows.map((r) => r.id) : res.rows.map((r) => Number(r.elderId)).filter(Boolean);
    await audit(ctx, action, res.query, question, res.total, elderIds);
    return { replies, intent: 'staff_ledger_query' };
  }

  async function remember(ctx: StaffContext, state: LedgerChatState): Promise<void> {
    const key = chatKeyOf(ctx);
    // An edit waiting for its confirmation stays until it is confirmed or dropped.
    const old = await loadChatContext(deps.db, key, ctx.now);
    await saveChatContext(deps.db, key, { ...state, ...(old.pendingEdit ? { pendingEdit: old.pendingEdit } : {}) }, ctx.now);
  }

  /** A list/count/statistic answer, remembered for follow-ups. */
  async function answerQuery(
    ctx: StaffContext,
    question: string,
    query: LedgerQueryInput | LedgerQuery,
    notUnderstood: string[],
    opts: { file?: boolean; chart?: boolean; pie?: boolean } = {},
    heardAs?: string,
  ): Promise<TurnResult> {
    const res = { ...(await run(ctx, question, query, notUnderstood)), ...(heardAs ? { heardAs } : {}) };
    const one = res.query.filters.name && res.query.output === 'list' && res.rows.length === 1 && (!res.query.subject || res.query.subject === 'elders') ? res.rows[0]!.id : undefined;
    await remember(ctx, { query: res.query, ...(one !== undefined ? { elderId: one } : {}) });
    return render(ctx, question, res, opts);
  }

  async function showPerson(ctx: StaffContext, question: string, elderId: number): Promise<TurnResult> {
    const card = await personCard(deps.db, elderId, { today: ctx.staff.today, timeZone, masked: !ctx.isPrivate, health: ctx.isPrivate || asksAboutHealth(question) });
    if (!card) return { replies: [text('没有找到这位老人的档案。')], intent: 'staff_record' };
    await audit(ctx, 'elder.view', { elderId }, question, 1, [elderId]);
    await remember(ctx, { elderId });
    return { replies: [text(card)], intent: 'staff_record' };
  }

  /** 查一下张建国 / 张建国的情况: the record; same-name people are listed to choose from. */
  async function lookup(ctx: StaffContext, question: string, parsed: ParseResult): Promise<TurnResult | null> {
    const f = parsed.query.filters ?? { status: '在世' };
    const name = f.name!;
    const place = f.villages?.[0] ?? f.towns?.[0];
    const matches = await findEldersByName(deps.db, name, { scopeTowns: ctx.staff.towns, ...(place ? { place } : {}) });
    if (!matches.length) return null;
    const living = matches.filter((m) => m.status === '在世');
    const pool = living.length ? living : matches;
    if (pool.length === 1) return showPerson(ctx, question, pool[0]!.id);
    await remember(ctx, { candidates: pool.map((m) => m.id) });
    return { replies: [text(candidatesText(name, pool))], intent: 'staff_record' };
  }

  async function personFollowUp(ctx: StaffContext, question: string, elderId: number, what: 'record' | 'visits' | 'cases' | 'fields', fields: LedgerField[], parsed: ParseResult): Promise<TurnResult> {
    if (what === 'record') return showPerson(ctx, question, elderId);
    const base = { filters: { ids: [elderId], status: '全部' as const }, output: parsed.query.output === 'count' ? ('count' as const) : ('list' as const) };
    const keep = async (r: TurnResult) => (await remember(ctx, { elderId }), r);
    if (what === 'visits') return answerQuery(ctx, question, { ...base, subject: 'visits', visitFilter: parsed.query.visitFilter ?? {} }, []).then(keep);
    if (what === 'cases') return answerQuery(ctx, question, { ...base, output: 'list', subject: 'cases', caseFilter: parsed.query.caseFilter ?? {} }, []).then(keep);
    const r = await answerQuery(ctx, question, { ...base, fields: [...new Set<LedgerField>(['gender', 'age', 'town', 'village', ...fields])] }, []);
    await remember(ctx, { elderId });
    return r;
  }

  async function answer(ctx: StaffContext, question: string, parsed: ParseResult, state: LedgerChatState): Promise<TurnResult | null> {
    const fu = followUpOf(question, parsed, state);
    if (fu) {
      switch (fu.kind) {
        case 'pick': {
          const ids = state.candidates ?? [];
          const r = await deps.db.query<{ id: number }>(
            `SELECT id FROM elders WHERE id = ANY($1::bigint[]) AND ($2::text[] IS NULL OR town = ANY($2::text[])) AND ($3::text[] IS NULL OR village = ANY($3::text[]))`,
            [ids, fu.place.towns ?? null, fu.place.villages ?? null],
          );
          if (r.rows.length === 1) return showPerson(ctx, question, r.rows[0]!.id);
          break;
        }
        case 'person':
          return personFollowUp(ctx, question, fu.elderId, fu.what, fu.fields, parsed);
        case 'export':
          return answerQuery(ctx, question, { ...fu.query, output: 'list', limit: fu.query.limit ?? maxExport, offset: 0 }, [], { file: true });
        case 'chart':
          if (fu.query.output !== 'stats') return { replies: [text('请先说按什么统计，例如“按镇统计”，我再画图。')], intent: 'staff_ledger_query' };
          return answerQuery(ctx, question, fu.query, [], { chart: true, pie: fu.pie });
        case 'query':
          return answerQuery(ctx, question, fu.query, fu.quiet ? [] : parsed.notUnderstood, { file: parsed.signals.exportWord });
      }
    }
    const s = parsed.signals;
    if (s.unanswerable) {
      const q = parseLedgerQuery(parsed.query);
      return { replies: [text(formatResultText({ query: q, total: 0, rows: [], notUnderstood: parsed.notUnderstood, unanswerable: true }, { masked: true, maxRows: 0 }))], intent: 'staff_ledger_unclear' };
    }
    if (s.person && parsed.query.filters?.name && (RECORD_WORDS.test(question) || !s.fieldWord) && !parsed.query.subject) {
      const done = await lookup(ctx, question, parsed);
      if (done) return done;
    }
    if (s.filters === 0 && !s.outputWord && !s.subjectWord && parsed.query.output !== 'stats') {
      return { replies: [text(`${notUnderstoodNote(parsed.notUnderstood)}\n${LEDGER_QUERY_HELP}`)], intent: 'staff_ledger_unclear' };
    }
    return answerQuery(ctx, question, parsed.query, parsed.notUnderstood, { file: s.exportWord }, parsed.heardAs);
  }

  const command: StaffCommand = {
    name: '查询',
    aliases: ['台账', '查', '统计'],
    minRole: 'liaison',
    help: '/查询 交道镇丧偶名单 —— 查台账（也可以直接问）',
    intent: 'staff_ledger',
    async run(ctx, args) {
      if (!args) return { replies: [text(LEDGER_QUERY_HELP)], intent: 'staff_ledger_help' };
      const state = await loadChatContext(deps.db, chatKeyOf(ctx), ctx.now);
      const parsed = await deps.service.parse(args, ctx.staff.today, ctx.staff.towns);
      return (await answer(ctx, args, parsed, state)) ?? { replies: [text(`没有找到“${parsed.query.filters?.name ?? args}”。`)], intent: 'staff_ledger_unclear' };
    },
  };

  const skill: StaffSkill = {
    name: 'ledger_query',
    intent: 'staff_ledger',
    help: ['韦庄镇有哪些独居老干部？', '90岁以上的有几位？', '按镇统计患病老干部人数', '其中行动不便的呢／他们的电话／导出'],
    unaddressed: true,
    async handle(ctx) {
      const question = ctx.msg.text.trim();
      const parsed = await deps.service.parse(question, ctx.staff.today, ctx.staff.towns);
      const addressed = ctx.isPrivate || ctx.msg.mentionsBot;
      const state = await loadChatContext(deps.db, chatKeyOf(ctx), ctx.now);
      const continuing = addressed && followUpOf(question, parsed, state) !== null;
      if (!continuing && !looksLikeLedgerQuestion(parsed) && !(parsed.signals.person && addressed)) return null;
      // Staff talking among themselves in their group (no @): answer only what reads fully as a ledger question.
      if (!addressed && (parsed.notUnderstood.length || parsed.signals.anaphora)) return null;
      return answer(ctx, question, parsed, state);
    },
  };

  return { command, skill };
}
