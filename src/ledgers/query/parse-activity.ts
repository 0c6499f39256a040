import { parseChineseNumber } from '../../kernel/cn-numbers.ts';
import { escapeRe, type Scanner } from './scanner.ts';
import { NUMBER_RE } from './numerals.ts';
import { monthWindow, takeWindow, type DayWindow } from './parse-window.ts';
import type { CaseFilter, CaseStatusWord, LedgerFilters, Subject, VisitFilter } from './schema.ts';

/**
 * Visits (走访) and cases (诉求) in a question: who was (not) visited when and by whom, who visited,
 * how many visits; how many cases of which kind and status, whose they are. They turn the question's
 * subject from elders to visits, visitors or cases, or add a filter on elders ("这个月还没走访的").
 */
export interface Activity {
  subject?: Subject;
  visitFilter?: VisitFilter;
  caseFilter?: CaseFilter;
  /** The question asks for people (谁, 哪些老干部): elders having the visits or cases, not the records. */
  wantsPeople: boolean;
  /** 最近一次: one row, the latest. */
  latest: boolean;
  /** 谁走访得最多: the visitor with the most visits. */
  most?: boolean;
  count?: 'records' | 'people';
}

const N = NUMBER_RE;
const num = (raw: string | undefined) => (raw === undefined ? null : parseChineseNumber(raw));

export const VISIT_WORDS = /走访|看望|探望|家访|入户|上门看|去看过|去看|看过|一进两看三查/;
/** Words that name cases whatever else the question says. */
const CASE_WORDS = /诉求|案件|工单|案子|(?<=[几多少])件|解忧|法律咨询|找人工|住过院|帮扶申请|超期|逾期|办结|待处理|处理中|没办完|没弄完/;

function daysOf(amount: string | undefined, unit: string | undefined): number {
  const n = amount ? (num(amount) ?? 1) : 1;
  if (!unit) return n;
  if (/半个月/.test(unit)) return 15;
  if (/月/.test(unit)) return n * 30;
  if (/周|星期|礼拜/.test(unit)) return n * 7;
  return n;
}

export function mentionsVisits(q: string): boolean {
  return VISIT_WORDS.test(q);
}

export function mentionsCases(q: string, caseWords: string[]): boolean {
  if (CASE_WORDS.test(q)) return true;
  // 生病, 病故, 意外 … name cases only next to 诉求/件; 住院 alone does.
  return caseWords.some((w) => (w === '住院' || w === '法律咨询' || w === '解忧') && q.includes(w));
}

/** Visits: consumes the visit words of a question about them. */
export function takeVisits(s: Scanner, f: LedgerFilters, q: string, today: string, staffNames: string[]): Activity {
  const out: Activity = { wantsPeople: false, latest: false };
  const vf: VisitFilter = {};
  // 最近一次是谁去的 / 最近谁去看过: the latest visit, not a span of days.
  s.take(new RegExp(`最近(?!(?:${N})(?:天|日|周|个月|个星期))(?:的)?(?:一次|那次)?|上一次|上次|最后一次`), () => {
    out.latest = true;
  });
  let window: DayWindow | undefined = takeWindow(s, today, 'back');
  if (staffNames.length) {
    const re = new RegExp([...staffNames].sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'g');
    s.take(re, (m) => {
      vf.staff = [...new Set([...(vf.staff ?? []), m[0]])];
    });
  }
  let never = false;
  let max: number | undefined;
  let min: number | undefined;
  s.take(new RegExp(`(?:走访|看望|探望)?(?:不(?:到|足|够)|少于|没到|没够)(${N})次`), (m) => {
    const n = num(m[1]);
    if (n === null) return false;
    max = n - 1;
  });
  s.take(/(?:一次)?(?:都|也)?(?:还)?(?:没有|没|未|从来没|从没)(?:有)?(?:人)?(?:去)?(?:走访|看望|探望|家访|去看|看|上门)(?:过)?/, (m) => {
    max = 0;
    never = /一次|从/.test(m[0]) || /一次(?:都|也)/.test(q);
  });
  s.take(/一次(?:都|也)/, () => {
    never = true;
  });
  s.take(/(?:是)?谁(?:去)?(?:走访|看望|探望|家访|看)(?:的|过|了)?(?:得|的)?(?:最多)?|(?:是)?哪(?:位|个)(?:工作人员|同志|人)?(?:去)?(?:走访|看望|看)(?:的|过|得)?(?:最多)?/, (m) => {
    out.subject = 'visitors';
    if (/最多/.test(m[0])) out.most = true;
  });
  s.take(/(?:是)?(?:什么时候|哪天|几号|啥时候)/, () => {
    out.subject ??= 'visits';
    out.latest = true;
  });
  s.take(/走访(?:记录|情况|档案)|看望记录/, () => {
    out.subject ??= 'visits';
  });
  s.take(/(?:走访|看望|探望)(?:了|过)?(?:多少|几)(?:次|人次)|(?:走访)?(?:次数|人次)/, () => {
    out.subject ??= 'visits';
    out.count = 'records';
  });
  s.take(/(?:走访|看望|探望|家访|入户|上门看)(?:了|过)?|一进两看三查/, () => {
    if (max === undefined) min ??= 1;
  });
  if (max !== undefined) {
    // 没走访 is about this month unless a span is named; 一次都没 about any time.
    if (!window && !never) window = monthWindow(Number(today.slice(0, 4)), Number(today.slice(5, 7)));
  }
  if (window) {
    // Visits after today are never counted (compile.ts), so the span can stay the month as said.
    vf.from = window.from;
    vf.to = window.to;
  }
  if (out.subject === 'visits' || out.subject === 'visitors') {
    out.visitFilter = vf;
    return out;
  }
  f.visits = { ...vf, ...(min !== undefined && max === undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  // Visits before a death count; "没走访" is about the living.
  if (max === undefined && f.status === '在世') f.status = '全部';
  out.wantsPeople = true;
  return out;
}

/** Cases: kind words (from the case catalog), status, span, overdue. */
export function takeCases(s: Scanner, f: LedgerFilters, q: string, today: string, caseWords: string[]): Activity {
  const out: Activity = { wantsPeople: false, latest: false };
  const cf: CaseFilter = {};
  const status = (xs: CaseStatusWord[]) => {
    cf.status = [...new Set([...(cf.status ?? []), ...xs])];
  };
  s.take(/住过院|住院(?:了|过)?/, () => {
    cf.kinds = [...new Set([...(cf.kinds ?? []), '住院'])];
  });
  const words = caseWords.filter((w) => w !== '住院').sort((a, b) => b.length - a.length);
  if (words.length)
    s.take(new RegExp(words.map(escapeRe).join('|'), 'g'), (m) => {
      cf.kinds = [...new Set([...(cf.kinds ?? []), m[0]])];
    });
  s.take(new RegExp(`(?:超过|超出|过了|已经)(${N}|半)?(?:个)?(天|日|周|星期|礼拜|个月|月)(?:了)?(?:都|还)?(?:没有?|未)(?:人)?(?:处理|办|管|受理|接)`), (m) => {
    cf.waitingDaysOver = daysOf(m[1] === '半' ? undefined : m[1], m[1] === '半' ? '半个月' : m[2]);
  });
  s.take(/超期|逾期|过期|超时|没按时(?:办|处理)/, () => {
    cf.overdue = true;
  });
  s.take(/(?:还)?(?:没有?|未)(?:办结|办完|弄完|处理完|办好|结案|完成|解决)|在办|办理中|处理中|正在(?:办|处理)|没结/, (m) => {
    status(/处理中|在办|办理中|正在/.test(m[0]) ? ['处理中'] : ['待处理', '处理中']);
  });
  s.take(/待处理|(?:还)?(?:没有?|未)(?:人)?(?:处理|受理|接手|办)|没人管/, () => {
    status(['待处理']);
  });
  s.take(/已(?:经)?办结|办结了|已(?:经)?办完|办完了|已(?:经)?解决|已结案|结了的/, () => {
    status(['已办结']);
  });
  const w = takeWindow(s, today, 'back');
  if (w) {
    if (w.from > '1900-01-01') cf.openedFrom = w.from;
    cf.openedTo = w.to < today ? w.to : today;
  }
  s.take(/诉求|案件|工单|案子/, () => {});
  s.take(/(?:收|接|提|报|登记|反映|受理)(?:到|了)?(?:的)?/, () => {});
  s.take(/(?:有)?(?:几|多少)(?:件|起|宗)/, () => {
    out.count = 'records';
  });
  s.take(/件|起|宗/, () => {});
  out.caseFilter = cf;
  out.subject = 'cases';
  // 住过院的老干部 / 是谁的: the people who have such cases; 几件 counts the cases themselves.
  if (/谁|哪几位|名单|老干部|老同志|老人|老领导|哪些人|是哪(?:些|几)位/.test(q) && !/(?:几|多少)(?:件|起|宗)|按|各|每/.test(q)) out.wantsPeople = true;
  if (/几位|多少位|多少人|几个人|几个老/.test(q)) out.count ??= 'people';
  // Cases of elders since dead count too.
  if (f.status === '在世') f.status = '全部';
  return out;
}

/** 今年去世的 / 去年病故的: a span of death days. */
export function takeDeathWindow(s: Scanner, f: LedgerFilters, today: string): void {
  const w = takeWindow(s, today, 'back');
  if (!w) return;
  if (w.from > '1900-01-01') f.diedFrom = w.from;
  f.diedTo = w.to < today ? w.to : today;
  f.status = '已故';
}
