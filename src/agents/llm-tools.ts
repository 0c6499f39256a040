import { z } from 'zod';
import type { TurnResult } from '../chat/turn.ts';
import { isBound, type Actor } from '../chat/actor.ts';
import { CASE_CATALOG, CASE_SUBKINDS, ELDER_CASE_KINDS, SYSTEM_SUBKINDS, type CaseSubkind, type ElderCaseKind } from '../cases/catalog.ts';

/**
 * The tools a model may call, each with a zod schema for its arguments. Which tools exist for a turn
 * is decided here from the actor's role, never by the model. Every tool is terminal: its result goes
 * to the person, not back to the model, so the model never sees ledger rows, case lists or anybody's
 * personal data; it only chooses what to do and with which words.
 */
export interface ToolRuntime {
  answerPolicy(question: string): Promise<TurnResult>;
  showMenu(): TurnResult;
  howToBind(): TurnResult;
  openCase(kind: ElderCaseKind, subkind: string | undefined, summary: string): Promise<TurnResult>;
  askLedger(question: string): Promise<TurnResult>;
  listOpenCases(): Promise<TurnResult>;
}

/** What a model may open: the catalog's elder kinds and their subkinds, never a scheduler's or the danger check's. */
export const MODEL_CASE_KINDS = ELDER_CASE_KINDS;
export const MODEL_SUBKINDS = CASE_SUBKINDS.filter((s) => !SYSTEM_SUBKINDS.includes(s) && ELDER_CASE_KINDS.some((k) => (CASE_CATALOG[k].subkinds as readonly string[]).includes(s)));

export interface ToolDef<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  run(args: z.infer<S>, rt: ToolRuntime): Promise<TurnResult> | TurnResult;
}

function tool<S extends z.ZodType>(def: ToolDef<S>): ToolDef {
  return def as unknown as ToolDef;
}

const question = z.object({ question: z.string().trim().min(1).max(300) }).strict();
const empty = z.object({}).strict();

export const answerPolicy = tool({
  name: 'answer_policy',
  description: '回答关于老干部政策、待遇、报销、抚恤、体检等规定的问题（从政策文件中检索并注明出处）。',
  schema: question,
  run: (a, rt) => rt.answerPolicy(a.question),
});

export const showMenu = tool({ name: 'show_menu', description: '给对方看能办的事的数字菜单。', schema: empty, run: (_a, rt) => rt.showMenu() });

export const howToBind = tool({ name: 'how_to_bind', description: '告诉未绑定的人怎样绑定身份。', schema: empty, run: (_a, rt) => rt.howToBind() });

export const openCase = tool({
  name: 'open_case',
  description:
    '为正在说话的这位老人登记一件需要工作人员办的事：jieyou=想找人聊聊/孤单/心里难受/解忧室；legal=法律咨询（继承、赡养、遗嘱、合同、纠纷、被骗）；life_event=住院、生病、摔伤、亲人去世、再婚、意外或困难；handoff=要求人工或回电话。只能为说话的人本人（或其绑定的老人）登记。',
  schema: z
    .object({
      kind: z.enum(MODEL_CASE_KINDS as [ElderCaseKind, ...ElderCaseKind[]]),
      subkind: z.enum(MODEL_SUBKINDS as [CaseSubkind, ...CaseSubkind[]]).optional(),
      summary: z.string().trim().min(1).max(200),
    })
    .strict(),
  run: (a, rt) => rt.openCase(a.kind, a.subkind, a.summary),
});

export const askLedger = tool({
  name: 'ask_ledger',
  description: '工作人员查询老干部台账（例如：韦庄镇有哪些独居老干部？本月谁过生日？）。把问题改写成清楚的中文问句。',
  schema: question,
  run: (a, rt) => rt.askLedger(a.question),
});

export const listOpenCases = tool({ name: 'list_open_cases', description: '列出待处理的诉求。', schema: empty, run: (_a, rt) => rt.listOpenCases() });

/** The tool list for a role. Elders, families and unknown people never get a ledger or case-list tool. */
export function toolsFor(actor: Actor): ToolDef[] {
  if (actor.kind === 'staff') return [askLedger, listOpenCases, answerPolicy];
  if (isBound(actor)) return [answerPolicy, openCase, showMenu];
  return [answerPolicy, showMenu, howToBind];
}

export function toOpenAITools(tools: ToolDef[]) {
  return tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: z.toJSONSchema(t.schema) as Record<string, unknown> },
  }));
}

