import { openAiClient } from '../../kernel/openai-client.ts';
import { z } from 'zod';
import type { Config } from '../../kernel/config.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { QueryPlanner } from './run.ts';
import { createModelGuard, type ModelGuard } from '../../privacy/model-guard.ts';
import { ledgerQuerySchema, type LedgerQuery } from './schema.ts';

/**
 * With an OpenAI-compatible model configured, a question the offline parser only partly understood
 * may be turned into a LedgerQuery by a tool call. The model sees the question (names, phones and
 * addresses as placeholders) and the schema, never a ledger row; its answer goes through the same zod
 * schema as the parser's, and the placeholders in it are put back before the query runs.
 */
export const LEDGER_QUERY_TOOL = 'ledger_query';

const SYSTEM = [
  '你把老干部局工作人员关于“老干部基本信息台账”、走访和诉求的问题转换成结构化查询。',
  '只调用 ledger_query 工具，不要回答问题本身。默认只查在世的老干部（status: 在世）。',
  '年龄用 ageMin/ageMax（含边界，“75岁以下”是 ageMax 74）；过生日（本月、下个月、下周、某几天）用 birthdayWindow（YYYY-MM-DD，含两端，系统按每人的农历或公历算）；“今年过整寿”用 turningAges [80,90,100]。',
  '“有几位/多少人”用 output: count；“按镇统计”用 output: stats 和 groupBy，两个维度再加 groupBy2；平均年龄用 output: value 和 measure {fn: avg}；占比用 measure {fn: percent, part: {…}}。',
  '“除了…”用 filters.exclude；“A或者B”（不同条件）用 filters.anyOf。',
  '走访：本月没走访用 filters.visits {from, to, max: 0}；走访记录用 subject: visits；诉求（案件）用 subject: cases 和 caseFilter。',
  '台账里没有的信息（工资、退休金、身份证号、党龄、籍贯等）不要编造条件。',
  '问题里的[姓名1]、[电话1]、[地址1]是隐去的个人信息，条件里需要时原样照抄。',
].join('\n');

export function createLlmQueryPlanner(
  config: Pick<Config, 'OPENAI_BASE_URL' | 'OPENAI_API_KEY' | 'OPENAI_CHAT_MODEL' | 'OPENAI_TIMEOUT_MS'>,
  log?: Logger,
  guard: ModelGuard = createModelGuard(),
): QueryPlanner | null {
  if (!config.OPENAI_BASE_URL || !config.OPENAI_CHAT_MODEL) return null;
  const client = openAiClient(config);
  const model = config.OPENAI_CHAT_MODEL;
  const parameters = z.toJSONSchema(ledgerQuerySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    async plan(question: string, today: string): Promise<LedgerQuery | null> {
      const req = await guard.request([question]);
      const res = await client.chat.completions.create({
        model,
        temperature: 0,
        messages: [
          { role: 'system', content: `${SYSTEM}\n今天是 ${today}。` },
          { role: 'user', content: req.texts[0]! },
        ],
        tools: [{ type: 'function', function: { name: LEDGER_QUERY_TOOL, description: '老干部台账的结构化查询', parameters } }],
        tool_choice: { type: 'function', function: { name: LEDGER_QUERY_TOOL } },
      });
      const call = res.choices[0]?.message.tool_calls?.find((c) => c.type === 'function' && c.function.name === LEDGER_QUERY_TOOL);
      if (!call || call.type !== 'function') return null;
      let args: unknown;
      try {
        args = JSON.parse(call.function.arguments);
      } catch {
        log?.warn({ question }, 'ledger planner: tool arguments are not JSON');
        return null;
      }
      const parsed = ledgerQuerySchema.safeParse(await req.toolArgs(args));
      if (!parsed.success) {
        log?.warn({ issues: parsed.error.issues.slice(0, 5) }, 'ledger planner: tool arguments rejected by the schema');
        return null;
      }
      return parsed.data;
    },
  };
}
