import type { Queryable } from '../db/types.ts';
import { caseKindText, normalizeCaseNumber, STATUS_LABEL } from '../cases/catalog.ts';
import { normalize } from './normalize.ts';

/**
 * "我的事办得怎么样了", "律师看了没", "帮扶有信儿没", "到这阵也没人打么": an elder (or their family)
 * asking after their own request. The answer names that request (number, state, who has it) and opens
 * nothing new. A progress question is one that asks how far something got AND points back at
 * something earlier (那个事, 上次问的, 申请的…) or at one of the person's own cases by its topic.
 */
const PROGRESS =
  /进度|进展|下落|催(?:一下|一催|催)?|(?:咋|怎么)(?:弄|办|处理)(?:着|的)?(?:呢|了)|联系(?:我|了)?(?:了)?(?:没|吗|么)|(?:办|弄|搞|处理|看|跑)得?(?:怎么样|咋样|如何)了?|怎么样了|咋样了|(?:有|来)(?:个)?(?:信儿?|消息|回音|回信|结果|动静|下文|眉目|谱|准信|准话)(?:了)?(?:没|吗|么|没有)|(?:看|办|弄|批|处理|落实|安排|审|定)(?:过|好|完|下来)?了?(?:没|吗|么|没有)(?!有人)|(?:帮我)?问(?:过|好)?了(?:没|吗|么|没有)|(?:人)?(?:去|来)(?:看)?(?:过)?了?(?:没|吗|么|没有)(?!人)|(?:记|登记|收|报|转)(?:下|上|到|上去|过去)?(?:了)?(?:没|吗|么|没有)(?!有人)|(?:咋|怎么)(?:说|讲)(?:的|了)|说(?:了)?(?:啥|什么)(?:了|没)?|有(?:啥)?(?:说法|回话)(?:没|吗|了)|等了[^，。]{0,4}(?:天|礼拜|星期|个月)|(?:也|还|都)没(?:见)?(?:人)?(?:打|来|回)(?:来|过来|电话)?|(?:(?:啥|什么|几)时(?:候)?|哪天|哪一天)(?:来|办|给|批|能|上门|到|有)|还没(?:人)?(?:来|打|联系|回|管|动静|消息)|没人(?:打|来|联系|管|理|回)|到(?:这阵|现在|今天|这会儿?|如今)(?:也|都|还)没|怎么还没|咋还没|结果(?:出来)?(?:了)?(?:没|吗)|(?:还)?管不管|理不理|人呢|(?:电话|信儿?|消息|结果|钱)呢$|(?:安排|派|叫|找)(?:了)?(?:人|个人|谁)(?:了)?(?:没|吗|么|没有)|到底[^，。]{0,4}(?:给不给|批不批|办不办|管不管|来不来|行不行|有没有)|(?:咋|怎么)(?:还)?没(?:来|见人|动静)|没见(?:着)?人|有人(?:管|问|理|来|看)(?:了)?(?:没|吗|么|没有|不)|来(?:个)?人(?:了)?(?:没|吗|么)|来人不(?!是|要|用|行)|(?:那个|那件|我的|我那)(?:事|申请)(?:呢|咋说|怎么说|有谱没)|[a-z]{2}-?\d{4}-?\d{1,4}/;
/** Waiting for someone who was to come or call: with one open case, it is that case. */
const WAITING = /(?:(?:啥|什么|几)时(?:候)?|哪天|哪一天)(?:来|到|上门)|等了[^，。]{0,4}(?:天|礼拜|星期|个月)|(?:也|还|都)没(?:见)?(?:人)?(?:打|来|回)|还没(?:人)?(?:来|打|联系|回)|咋还没|怎么还没|没人(?:打|来|联系)|到(?:这阵|现在|今天|这会儿?|如今)(?:也|都|还)没/;
const REFERENCE = /那个事|那件事|那事|的事|那个(?:申请|帮扶|事情|案子|诉求)|上次|上回|之前|前些天|前几天|上礼拜|上周|上个月|昨(?:天|儿个?)(?:说|问|打|报)|说好的|说叫|说让|你们说|答应|申请的|问的那个|报的那个|登记的|[a-z]{2}-?\d{4}-?\d{1,4}/;

export interface OwnCase {
  id: number;
  number: string;
  kind: string;
  subkind: string | null;
  status: string;
  summary: string;
  assignee: string | null;
  created_at: Date;
  details: Record<string, unknown>;
}

// Words that point at a kind of request, so "律师看了没" finds the legal case among several.
const KIND_WORDS: [RegExp, (c: OwnCase) => boolean][] = [
  [/律师|法律|官司|起诉|告|过户|继承|遗嘱|赡养|合同|纠纷|宅基地|房产/, (c) => c.kind === 'legal'],
  [/帮扶|补助|救助|困难|补贴/, (c) => c.kind === 'help' || c.subkind === '困难'],
  [/打电话|回电话|电话|来人|找人|工作人员|回话/, (c) => c.kind === 'handoff'],
  [/解忧|聊|说话|说说|谈心|陪|诉苦/, (c) => c.kind === 'jieyou'],
  [/火|烧|偷|贼|塌|淹|车祸|撞/, (c) => c.subkind === '意外' || c.subkind === '困难'],
  [/医院|住院|看望|病/, (c) => c.subkind === '住院' || c.subkind === '生病'],
];

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  const han = s.replace(/[^\u4e00-\u9fa5]/g, '');
  for (let i = 0; i + 1 < han.length; i++) out.add(han.slice(i, i + 2));
  return out;
}
const COMMON = new Set(['那个', '这个', '的事', '事情', '什么', '怎么', '时候', '你们', '我们', '工作', '人员', '老人', '看了', '了没', '问的', '申请']);

function topicScore(s: string, c: OwnCase): number {
  const mine = bigrams(s);
  const theirs = bigrams(`${c.summary}${typeof c.details.what === 'string' ? c.details.what : ''}${c.subkind ?? ''}`);
  let n = 0;
  for (const b of mine) if (!COMMON.has(b) && theirs.has(b)) n += 2;
  for (const [re, fits] of KIND_WORDS) if (re.test(s) && fits(c)) n += 3;
  return n;
}

export async function recentCases(q: Queryable, elderId: number): Promise<OwnCase[]> {
  const r = await q.query<OwnCase>(
    `SELECT c.id, c.number, c.kind, c.subkind, c.status, c.summary, c.created_at, c.details, s.name AS assignee
       FROM cases c LEFT JOIN staff s ON s.id = c.assignee_id
      WHERE c.elder_id = $1 ORDER BY (c.status = 'closed'), c.created_at DESC LIMIT 10`,
    [elderId],
  );
  return r.rows.map((c) => ({ ...c, id: Number(c.id) }));
}

/** Whether the message asks after an earlier request, and which one; null when it does not. */
export function askedAfter(text: string, cases: OwnCase[]): { case: OwnCase | null } | null {
  const s = normalize(text);
  if (!PROGRESS.test(s)) return null;
  const number = normalizeCaseNumber(s.toUpperCase());
  if (number) return { case: cases.find((c) => c.number === number) ?? null };
  const scored = cases.map((c) => ({ c, score: topicScore(s, c) })).sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!REFERENCE.test(s) && !(best && best.score >= 3 && best.c.status !== 'closed')) {
    const only = waitingOn(text, cases);
    return only ? { case: only } : null;
  }
  if (best && best.score > 0) return { case: best.c };
  const open = cases.filter((c) => c.status !== 'closed');
  return { case: open.length === 1 ? open[0]! : null };
}

/** "人啥时候来": with exactly one open case, the wait is for that case. */
function waitingOn(text: string, cases: OwnCase[]): OwnCase | null {
  const open = cases.filter((c) => c.status !== 'closed');
  return open.length === 1 && WAITING.test(normalize(text)) ? open[0]! : null;
}

function dayText(d: Date, tz: string): string {
  const p = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: 'numeric', day: 'numeric' }).formatToParts(new Date(d));
  return `${p.find((x) => x.type === 'month')?.value}月${p.find((x) => x.type === 'day')?.value}日`;
}

/** One request: its number, what it is, its state and who has it. */
function caseProgressLine(c: OwnCase, tz: string): string {
  const who = c.status === 'closed' ? '' : c.assignee ? `，由${c.assignee}负责` : '，还在等工作人员接手';
  return `${c.number}（${caseKindText(c.kind, c.subkind)}，${dayText(c.created_at, tz)}登记）：${STATUS_LABEL[c.status] ?? c.status}${who}`;
}

export function progressReply(c: OwnCase, tz: string, office: { name: string; phone: string }): string {
  const next = c.status === 'closed' ? '这件事已经办结了，还有问题的话，跟我说，我再请工作人员联系您。' : '我已经提醒工作人员尽快联系您。';
  return [`您问的这件事：${caseProgressLine(c, tz)}。`, next, `着急的话，请打${office.name}电话：${office.phone}。`].join('\n');
}

/** Only the cases of the speaker's own elder; never anybody else's. */
export function ownCasesReply(cases: OwnCase[], tz: string, office: { name: string; phone: string }): string {
  if (!cases.length) return `您现在没有登记中的事。需要帮忙，回复“菜单”。急事请打${office.name}电话：${office.phone}。`;
  return [`您最近的事：`, ...cases.slice(0, 5).map((c) => caseProgressLine(c, tz)), `着急的话，请打${office.name}电话：${office.phone}。`].join('\n');
}
