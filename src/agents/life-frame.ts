import { addDays, parseYmd, ymd } from '../kernel/time.ts';
import { normalize } from './normalize.ts';
import { NEGATION } from './intent-rules.ts';
import { kinMentions, subjectOf, type KinMention, type Speaker, type Subject } from './kinship.ts';
import { hedgeOf, type Hedge } from './hedges.ts';
import { EVENT_LEXICON, GENERIC_PEOPLE, LEDGER_EVENTS, MISSING_PERSON, WENT_AWAY, OLD_NEWS, PLANNED, WHERE_RE, WHEN_WORDS, type LifeEvent } from './life-lexicon.ts';

/**
 * A life event read as a frame: who it happened to (relative to the elder the speaker is bound to),
 * what happened, when and where. The message is cut into clauses (voice transcripts use spaces where
 * writing uses commas); each clause may carry an event and a kin word; a clause without a kin word
 * talks about whoever the previous one named. One message can tell several things ("住了半个月院 还是
 * 没缓过来", "老伴去年没了 今年想再走一家"): the frame is the most serious recent one; events long past
 * are background, not news.
 */
export type { LifeEvent } from './life-lexicon.ts';
export type { Subject } from './kinship.ts';

export interface LifeFrame {
  event: LifeEvent;
  subject: Subject;
  /** The words that named the person (我爸, 老伴, 俺婆); absent when nobody was named. */
  who?: string;
  /** The time words as said (今天早上, 上周三). */
  when?: string;
  /** The day they name, when they name one exactly (YYYY-MM-DD). */
  day?: string;
  where?: string;
  /** Said as a plan or wish (准备再婚, 明儿出院), not as something done. */
  planned?: boolean;
  /** It happened to someone outside the family (老李, 隔壁她婶子): news, but no case of the elder's. */
  outsider?: boolean;
  /** Told only as coming home (接回来了, 回家了): a discharge only if a hospital stay is open. */
  weak?: boolean;
}

export interface FrameReading {
  frame: LifeFrame | null;
  /** Events told as old news (去年, 这些年): context for the reply, never a new case. */
  background: LifeFrame[];
  /** Every recent event mentioned, most serious first (the frame is the first). */
  all: LifeFrame[];
  /** Events the words named but the message hedged (要是, 有人说…好好的, 撺掇): why each was left out. */
  hedged: Hedge[];
}

/** What may stand between a person and what happened to them: time words and a few adverbs. */
const BETWEEN = new RegExp(`${WHEN_WORDS.source}|已经|是|也|就|刚|突然|还是|都|终于|一下子|[一二三四五六七八九十\\d]+点(?:多|半)?钟?|在[\\u4e00-\\u9fa5]{0,8}?(?:医院|卫生院|家里|屋里|炕上|家|里)`, 'g');
/** "病故的一次性抚恤金", "住院以后怎么报": an event named as the condition of a rule. */
const ATTRIBUTIVE = /^(?:的[\u4e00-\u9fa5]{0,6}(?:费|金|待遇|补助|抚恤|规定|政策|标准|手续|人员|干部|怎么|咋)|后|以后|之后|时|的时候|期间|(?:一共|总共)?(?:花|用|掏|交|垫)(?:了|掉|去)?(?:[一二三四五六七八九十两几百千万\d]|不少|好多|多少))/;

/** 差点没了, 险些摔了: what nearly happened did not. */
const NEAR_MISS = /(?:差点儿?|差一点儿?|险些|险乎)(?:就|都)?(?:没)?$/;

const FUNERAL = /后事|丧事|出殡|发丧|节哀|丧葬|抚恤|火化|下葬|埋/;

const PRIORITY: LifeEvent[] = ['病故', '出院', '再婚', '住院', '意外', '摔伤', '生病', '困难'];

const CLAUSE = /[\s，。,.!！?？;；、：:~…]+/;

function clauses(text: string): string[] {
  return text
    .split(CLAUSE)
    // Guanzhong 咧 is the 了 of a finished thing (走咧, 住院咧): the lexicon is written with 了.
    .map((c) => normalize(c).replace(/咧/g, '了'))
    .filter(Boolean);
}

/** 今天, 昨儿个, 大前天, 上周三 → a calendar day; vaguer words (前几天, 上个月) name none. */
export function dayOf(words: string, today: string): string | undefined {
  if (/大前(?:天|儿)/.test(words)) return addDays(today, -3);
  if (/前(?:天|儿)(?!几)/.test(words) && !/前天以前/.test(words)) return addDays(today, -2);
  if (/昨|夜(?:儿|个|里个)/.test(words)) return addDays(today, -1);
  if (/今|刚才|刚刚|一早|早上|上午|中午|下午|晌午|后晌|晚上/.test(words)) return today;
  const wk = /上(?:个)?(?:周|礼拜|星期)([一二三四五六日天])/.exec(words);
  if (wk) {
    const { y, m, d } = parseYmd(today);
    const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7; // Monday 1 … Sunday 7
    const target = '一二三四五六日天'.indexOf(wk[1]!) + 1;
    return addDays(ymd(y, m, d), -(dow - 1) - 7 + (Math.min(target, 7) - 1));
  }
  return undefined;
}

const CHOICE = /还是/;
const PLACES_CHOICE = /(?:医院|卫生院|诊所|病房)还是[^，。]{0,8}(?:医院|卫生院|诊所|病房)/;
const ASKED = /啥时候|什么时候|哪|吗|么|呢|[?？]|咋|啥/;

interface Mention {
  event: LifeEvent;
  clause: number;
  at: number;
  old: boolean;
  planned: boolean;
  weak: boolean;
}

function eventsIn(clause: string, index: number, all: string[], missing: boolean, hedged: Hedge[], elderSpeaking: boolean): Mention[] {
  const out: Mention[] = [];
  const kin = kinMentions(clause);
  const message = all.join('，');
  const funeral = FUNERAL.test(all.join(''));
  // "在县医院还是中医院" in a question asks which, it tells nothing: 还是 between two choices, no 了.
  if (PLACES_CHOICE.test(clause) || (CHOICE.test(clause) && !/[了啦]/.test(clause) && ASKED.test(message))) return out;
  for (const lex of EVENT_LEXICON) {
    lex.re.lastIndex = 0;
    for (let m = lex.re.exec(clause); m; m = lex.re.exec(clause)) {
      const before = clause.slice(Math.max(0, m.index - 4), m.index);
      const after = clause.slice(m.index + m[0].length, m.index + m[0].length + 2);
      if (NEGATION.test(before) || NEAR_MISS.test(before)) continue;
      if (lex.notBefore?.test(before) || lex.notAfter?.test(after)) continue;
      const hedge = hedgeOf(clause, message, { planLike: lex.event === '再婚' || PLANNED.test(clause), kinNamed: kin.some((k) => k.ref !== 'self' && k.ref !== 'named'), rest: clause.slice(m.index + m[0].length) });
      if (hedge) {
        hedged.push(hedge);
        break;
      }
      // "病故的一次性抚恤金", "住院以后怎么报": the event names a rule, not something that happened.
      if (!/[了啦]$/.test(m[0]) && ATTRIBUTIVE.test(clause.slice(m.index + m[0].length))) continue;
      // "离休人员病故…": people in general, unless someone of the family was named first.
      if (GENERIC_PEOPLE.test(clause) && !kin.some((k) => k.end <= m!.index && k.ref !== 'self')) continue;
      // "老人摔了骨折了 医药费咋报" from an elder: old people in general, not the elder (who says 我).
      if (elderSpeaking && /老人|老年人/.test(clause.slice(0, m.index)) && !kin.some((k) => k.end <= m!.index)) {
        hedged.push('generic');
        break;
      }
      // 走了 / 没了 / 不在了 mean a death only of a person just named (俺婆没了, 人走了), never of money or a visitor.
      if (lex.needsDate && !WHEN_WORDS.test(clause) && !funeral) continue;
      if (lex.needsPerson && (missing || !personJustBefore(clause, kin, m.index, before, funeral))) continue;
      const next = all[index + 1] ?? '';
      // "老伴走了以后，一个人闷得慌": what came after, told without a date, is the story of a loss, not news.
      const afterwards = /^(?:以后|之后|后)/.test(after) && !WHEN_WORDS.test(clause);
      const old = OLD_NEWS.test(clause) || afterwards || (/^(?:都|已经|有)?[一二三四五六七八九十几两\d]+年/.test(next) && OLD_NEWS.test(next));
      out.push({ event: lex.event, clause: index, at: m.index, old, planned: PLANNED.test(clause), weak: !!lex.weak });
      break;
    }
  }
  return out;
}

/**
 * Whether a person is named right before an event at `at`: a kin word with at most time words and a
 * couple of characters between (我爸今天早上走了), or 老人 / 人 itself (人 only when a funeral is told).
 */
function personJustBefore(clause: string, kin: KinMention[], at: number, before: string, funeral: boolean): boolean {
  const close = (k: KinMention) => {
    const rest = clause.slice(k.end, at).replace(BETWEEN, '');
    return rest.length <= 2 && !rest.includes('的');
  };
  if (kin.some((k) => k.end <= at && k.ref !== 'self' && close(k))) return true;
  return /(?:老人|老人家|人)$/.test(before) && (/老人家?$/.test(before) || funeral);
}

/** "给我找个后妈", "叫我跟你们说": I is who it is done for or who is asked, not who it happens to. */
function objectPronoun(clause: string, k: KinMention): boolean {
  return k.ref === 'self' && /[给让叫跟和帮替对把被]$/.test(clause.slice(Math.max(0, k.index - 1), k.index));
}

function whoFor(m: Mention, cls: string[], kins: KinMention[][], speaker: Speaker): { subject: Subject; who?: string; outsider?: boolean } {
  const name = speaker.elderName;
  const here = cls[m.clause]!;
  if (name && here.includes(name)) return { subject: 'elder', who: name };
  // The last person named before the event, in this clause or an earlier one; not the one it is done
  // with ("跟邻村一个老姐姐搭伙过日子": the partner, not who remarries).
  const withAt = Math.max(...[...here.slice(0, m.at).matchAll(/跟|和(?![气好])|与|同(?![事学志乡村年龄])/g)].map((x) => x.index!), -1);
  const own = kins[m.clause]!.filter((k) => k.end <= (withAt >= 0 ? withAt : m.at) && !objectPronoun(here, k));
  let k: KinMention | undefined = own.at(-1);
  for (let c = m.clause - 1; !k && c >= 0; c--) {
    if (name && cls[c]!.includes(name)) return { subject: 'elder', who: name };
    k = kins[c]!.filter((x) => !objectPronoun(cls[c]!, x)).at(-1);
  }
  if (!k) k = kins[m.clause]!.find((x) => x.index >= m.at && x.ref !== 'self');
  if (!k) return { subject: 'elder' };
  // 老杜 said by the elder's own wife is the elder; anyone else named by surname is an outsider.
  if (k.ref === 'named') {
    if (speaker.role === 'spouse' && name && k.word.includes(name[0]!)) return { subject: 'elder', who: k.word };
    return { subject: 'other', who: k.word, outsider: true };
  }
  const subject = subjectOf(k.ref, speaker);
  // The elder's spouse does not remarry while married to the elder: a remarriage told after a spouse's
  // death ("老伴前年没了 今年想…") is the elder's.
  if (m.event === '再婚' && subject === 'spouse') return { subject: 'elder' };
  // A leaking roof or a lost bankbook is the household's hardship, and the household is the elder's
  // ("屋里的暖气管子坏了" is the heating at home, not the wife).
  if (m.event === '困难' && subject === 'spouse') return { subject: 'elder' };
  return { subject, ...(k.ref === 'self' ? {} : { who: k.word }) };
}

function whenIn(cls: string[], from: number): string | undefined {
  for (const c of [cls[from] ?? '', ...cls.slice(from + 1), ...cls.slice(0, from)]) {
    const w = WHEN_WORDS.exec(c);
    if (w) return w[0];
  }
  return undefined;
}

function whereIn(cls: string[], from: number): string | undefined {
  for (const c of [cls[from] ?? '', ...cls.slice(from + 1), ...cls.slice(0, from)]) {
    const w = WHERE_RE.exec(c);
    if (w) return w[1]!.replace(/^(?:我|俺|额|现在|正在|住在|住进|进了|送到|送进|拉到|拉进|到|在|去了)+/, '');
  }
  return undefined;
}

/** A frame's person, time (and the day it names) and place, leaving out what was not said. */
function frameWith(event: LifeEvent, who: { subject: Subject; who?: string }, when: string | undefined, where: string | undefined, today: string): LifeFrame {
  const day = when ? dayOf(when, today) : undefined;
  return { event, subject: who.subject, ...(who.who ? { who: who.who } : {}), ...(when ? { when } : {}), ...(day ? { day } : {}), ...(where ? { where } : {}) };
}

/** Reads every life event in a message and picks the one that matters now. Pure and fast. */
export function readLifeFrames(text: string, speaker: Speaker, today: string): FrameReading {
  const cls = clauses(text);
  const said = normalize(text);
  const missing = MISSING_PERSON.test(said) || (WENT_AWAY.test(said) && !FUNERAL.test(said));
  const hedged: Hedge[] = [];
  const mentions = cls.flatMap((c, i) => eventsIn(c, i, cls, missing, hedged, speaker.role === 'elder'));
  if (!mentions.length) return { frame: null, background: [], all: [], hedged };
  const kins = cls.map((c) => kinMentions(c));
  const frames = mentions.map((m) => {
    const who = whoFor(m, cls, kins, speaker);
    const where = m.event === '再婚' ? undefined : whereIn(cls, m.clause);
    const f: LifeFrame = { ...frameWith(m.event, who, whenIn(cls, m.clause), where, today), ...(m.planned ? { planned: true } : {}), ...(who.outsider ? { outsider: true } : {}), ...(m.weak ? { weak: true } : {}) };
    return { f, m };
  });
  // A discharge still to come (明儿就出院) is part of a hospital stay, not news of its own.
  const live = frames.filter(({ f, m }) => !m.old && !(f.event === '出院' && f.planned));
  const background = frames.filter(({ m }) => m.old).map(({ f }) => f);
  live.sort((a, b) => PRIORITY.indexOf(a.f.event) - PRIORITY.indexOf(b.f.event) || a.m.clause - b.m.clause || a.m.at - b.m.at);
  const all = live.map(({ f }) => f);
  return { frame: all[0] ?? null, background, all, hedged };
}

/**
 * A frame for an event the intent rules recognised but the frame lexicon did not phrase (疼得直哼哼,
 * 插了管子): who it happened to is still read from the kin words, so the case and the reply are about the
 * right person. Never for a death or a remarriage, which change the ledger and need the careful reader.
 */
export function frameOfEvent(text: string, event: LifeEvent, speaker: Speaker, today: string): LifeFrame | null {
  if (LEDGER_EVENTS.has(event) || event === '出院') return null;
  const cls = clauses(text);
  if (!cls.length) return null;
  const kins = cls.map((c) => kinMentions(c));
  const last = cls.length - 1;
  const m: Mention = { event, clause: last, at: cls[last]!.length, old: false, planned: PLANNED.test(cls.join('')), weak: false };
  const who = whoFor(m, cls, kins, speaker);
  if (who.outsider) return null;
  return frameWith(event, who, whenIn(cls, 0), whereIn(cls, 0), today);
}
