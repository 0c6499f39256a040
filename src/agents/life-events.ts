import { normalize } from './normalize.ts';
import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import { isBound } from '../chat/actor.ts';
import { openCasesOf, type CaseView, type LedgerChange } from '../cases/store.ts';
import { slotsFor } from '../cases/catalog.ts';
import type { ElderTurn } from './elder-flow.ts';
import { LEDGER_EVENTS } from './life-lexicon.ts';
import { frameOfEvent, readLifeFrames, type FrameReading, type LifeEvent, type LifeFrame } from './life-frame.ts';
import { classify, type Classification } from './intent.ts';
import { speakerRole, type Speaker } from './kinship.ts';
import { openCase, updateCase } from './case-service.ts';
import { askPolicy, formatPolicyAnswer } from './policy-reply.ts';
import { askSlot, prefill } from './slots.ts';
import { accountRelation } from '../people/accounts.ts';
import { todayIn } from '../kernel/time.ts';
import { QUESTION } from './intent-rules.ts';
import { POLICY_WORDS } from './policy-fit.ts';
import * as R from './replies.ts';
import { repairSoundAlikes } from './sound-alike.ts';

/**
 * What follows a life event. The case kind follows the frame: the elder's death is 病故 (greetings
 * held at once, staff asked to confirm 已故), a spouse's death is 丧偶 (staff confirm 丧偶), a relative's
 * death is 亲属病故 (nothing changes in the ledger), a remarriage of the elder waits for staff to clear
 * 丧偶, a grandson's wedding is only good news. 出院 closes the open 住院 case and opens nothing. The
 * same event told again joins its open case. A policy question in the same message is answered next.
 */
export interface ElderFacts {
  name: string;
  gender: '男' | '女' | null;
  widowed: boolean;
}

export async function elderFacts(t: ElderTurn): Promise<ElderFacts | null> {
  if (!t.ctx.actor.elderId) return null;
  const r = await t.env.db.query<{ name: string; gender: string | null; widowed: boolean | null }>(`SELECT name, gender, widowed FROM elders WHERE id = $1`, [t.ctx.actor.elderId]);
  const e = r.rows[0];
  if (!e) return null;
  return { name: e.name, gender: e.gender === '男' || e.gender === '女' ? e.gender : null, widowed: e.widowed === true };
}

export async function speakerOf(t: ElderTurn, facts: ElderFacts | null): Promise<Speaker> {
  const { actor } = t.ctx;
  const relation = actor.kind === 'family' && actor.accountId ? await accountRelation(t.env.db, actor.accountId) : null;
  return { role: speakerRole(relation, actor.kind === 'elder'), elderGender: facts?.gender ?? null, elderName: facts?.name };
}

export function readFrames(t: ElderTurn, speaker: Speaker): FrameReading {
  return readLifeFrames(t.text, speaker, todayIn(t.env.timeZone, t.ctx.now));
}

const FALLBACK_EVENTS = new Set<string>(['住院', '生病', '摔伤', '意外', '困难']);

/** Someone was hurt: an accident's reply wishes recovery only then. */
const HURT = /伤|疼|痛|流血|出血|缝|骨折|碰烂|撞|轧|烫|烧着|医院|卫生院|诊所|包扎|包着|住院|昏|晕/u;

/**
 * The turn's life events, with the intent read in their light. Events told only as old news are the
 * background of what is asked, never the request itself; so are events only supposed (要是…),
 * rumoured and taken back, or proposed by others (撺掇额再找): the intent is read again without them,
 * and the turn remembers it was hedged. An event only the intent rules know (疼得直哼哼) still gets a
 * frame, so the case and the reply are about the right person.
 */
export function readTurnFrames(t: ElderTurn, cls: Classification, speaker: Speaker, bound: boolean): { reading: FrameReading; cls: Classification } {
  let reading = readFrames(t, speaker);
  const hedgedOnly = !reading.frame && reading.hedged.length > 0;
  t.hedged = hedgedOnly;
  // A death or a remarriage changes the ledger: when the careful reader found none ("老伴走了两年了"),
  // the looser intent words do not open one either.
  if (!reading.frame && cls.intent === 'life_event' && (reading.background.length || hedgedOnly || LEDGER_EVENTS.has(cls.subkind ?? ''))) cls = classify(t.text, { oldNewsOnly: true });
  // "听说家里遭了灾能申请临时救助 是个啥条件": an event the careful reader does not find, named inside a
  // question about a rule, is the rule's condition, not news.
  if (!reading.frame && cls.intent === 'life_event' && cls.question && cls.scores.policy >= 3 && !cls.danger) cls = { ...cls, intent: 'policy', alsoPolicy: false };
  if (!reading.frame && !hedgedOnly && !reading.background.length && bound && cls.intent === 'life_event' && cls.subkind && FALLBACK_EVENTS.has(cls.subkind)) {
    const f = frameOfEvent(t.text, cls.subkind as LifeEvent, speaker, todayIn(t.env.timeZone, t.ctx.now));
    if (f) reading = { ...reading, frame: f, all: [f] };
  }
  return { reading, cls };
}

/** The case subkind a frame is filed under. */
function subkindOf(f: LifeFrame): string {
  if (f.event === '病故') return f.subject === 'elder' ? '病故' : f.subject === 'spouse' ? '丧偶' : '亲属病故';
  if (f.event === '出院') return '住院';
  return f.event;
}

/** The frame as the case keeps it. */
function frameRecord(f: LifeFrame): Record<string, unknown> {
  return { ...f };
}

const say = (...lines: string[]) => lines.filter(Boolean).map((l) => text(l));

// Events that belong to one story: a death after a hospital stay, an injury that led to a ward.
const SAME_STORY: Record<string, string[]> = {
  病故: ['病故', '住院', '生病', '摔伤', '意外', '出院'],
  住院: ['住院', '生病', '摔伤', '意外'],
  摔伤: ['摔伤', '住院', '生病'],
  生病: ['生病', '住院'],
  意外: ['意外', '住院', '摔伤', '生病'],
  困难: ['困难'],
  再婚: ['再婚'],
};

/** Whether a frame told during a case's follow-up questions is more of the same story. */
export function sameStory(pending: { event?: string | undefined; subject?: string | undefined }, f: LifeFrame): boolean {
  if (!pending.event) return false;
  if (f.who && pending.subject && f.subject !== pending.subject) return false;
  return (SAME_STORY[pending.event] ?? [pending.event]).includes(f.event);
}

/** Whether a case is about the frame's person (a case that does not say whose fits anyone). */
function sameSubject(c: CaseView, f: LifeFrame): boolean {
  const s = (c.frame as { subject?: string } | null)?.subject;
  return !s || s === f.subject;
}

/** The open case this frame continues, if any (the same event of the same person). */
function sameEvent(open: CaseView[], f: LifeFrame): CaseView | undefined {
  const sub = subkindOf(f);
  return open.find((c) => c.kind === 'life_event' && c.subkind === sub && sameSubject(c, f));
}

/** The clauses of a message that ask a policy question, so the event itself does not muddy retrieval. */
function policyPart(message: string): string | null {
  const parts = message.split(/[\s，。,.!！;；]+/).filter((p) => POLICY_WORDS.test(p) || (QUESTION.test(p) && /费|金|补|待遇|报/.test(p)));
  return parts.length ? parts.join('，') : null;
}

/** The open hospital stay a discharge closes: of the same person when the case says whose, else any. */
function openStay(open: CaseView[], f: LifeFrame): CaseView | undefined {
  const stays = open.filter((c) => c.kind === 'life_event' && c.subkind === '住院');
  return stays.find((c) => sameSubject(c, f)) ?? stays[0];
}

/** A discharge told: the hospital stay's case is settled, and its staff told. */
export async function closeStay(t: ElderTurn, stay: { id: number; number: string; elder_id: number | null; frame?: unknown }, f: LifeFrame): Promise<void> {
  const { env, ctx } = t;
  const day = f.day ?? todayIn(env.timeZone, ctx.now);
  const known = (stay.frame ?? {}) as Record<string, unknown>;
  await updateCase(env, ctx.actor, stay, {
    frame: { event: '住院', subject: known.subject ?? f.subject, ...(f.who && !known.who ? { who: f.who } : {}), discharged: day },
    note: `已出院（${day}）：${t.text.slice(0, 200)}`,
    close: true,
    notice: `诉求 ${stay.number}（住院）：${R.subjectWord(f.subject)}已出院（${day}），诉求已自动办结。\n原话：${t.text.slice(0, 200)}\n如需回访，请电话问候。`,
  }, ctx.now);
}

export async function lifeEventTurn(t: ElderTurn, reading: FrameReading, facts: ElderFacts | null, speaker: Speaker): Promise<TurnResult | null> {
  const { env, ctx, state } = t;
  let f = reading.frame;
  if (!f) return null;
  // "接回来了" is a discharge only from an open hospital stay; otherwise it is just coming home.
  if (f.weak) {
    const stay = isBound(ctx.actor) ? openStay(await openCasesOf(env.db, ctx.actor.elderId!), f) : undefined;
    if (!stay) f = reading.all.find((x) => !x.weak) ?? null;
    if (!f) return null;
  }
  // A neighbour's fall or an old colleague's death is news the elder tells, not a case of the elder's.
  if (f.outsider) {
    state.pending = undefined;
    state.confused = 0;
    return { replies: say(R.outsiderReply(f)), intent: 'smalltalk' };
  }
  const speakerIsElder = speaker.role === 'elder';
  // Nobody reports their own death; "我死了" is not a death report.
  if (f.event === '病故' && f.subject === 'elder' && speakerIsElder) return null;
  if (!isBound(ctx.actor)) {
    state.pending = { kind: 'menu', menu: 'unbound', options: [...R.UNBOUND_MENU_OPTIONS] };
    const first = f.event === '病故' ? '请您节哀。' : f.event === '再婚' ? '恭喜！' : f.event === '出院' ? '出院了就好！' : '祝早日康复！';
    return { replies: say(`${first}${R.needBinding(env.office)}`), intent: 'life_event' };
  }
  const elderId = ctx.actor.elderId!;
  // Someone else's wedding is good news, not a change to the elder's record.
  if (f.event === '再婚' && f.subject === 'other') {
    state.pending = undefined;
    return { replies: say('恭喜恭喜！这是家里的大喜事，替你们高兴。有事随时找我。'), intent: 'smalltalk' };
  }
  const open = await openCasesOf(env.db, elderId);

  if (f.event === '出院') {
    state.pending = undefined;
    const stay = openStay(open, f);
    if (!stay) return { replies: say(R.dischargeReply(null, speakerIsElder, f.subject)), intent: 'smalltalk' };
    await closeStay(t, stay, f);
    return { replies: say(R.dischargeReply(stay.number, speakerIsElder, f.subject)), intent: 'life_event', caseId: stay.number };
  }

  const again = sameEvent(open, f);
  if (again) {
    await updateCase(env, ctx.actor, again, { note: t.text.slice(0, 300), notice: `诉求 ${again.number} 补充情况：\n原话：${t.text.slice(0, 200)}` }, ctx.now);
    state.confused = 0;
    return { replies: say(R.lifeEventAgain(f, again.number)), intent: 'life_event', caseId: again.number };
  }

  const subkind = subkindOf(f);
  let ledgerChange: LedgerChange | null = null;
  if (f.event === '病故' && f.subject === 'elder') ledgerChange = '已故';
  else if (f.event === '病故' && f.subject === 'spouse' && !facts?.widowed) ledgerChange = '丧偶';
  else if (f.event === '再婚' && f.subject !== 'other') ledgerChange = '再婚';
  const held = ledgerChange === '已故';
  const frame = frameRecord(f);
  const filled = prefill('life_event', subkind, t.text, false, f);
  const c = await openCase(env, ctx.actor, {
    kind: 'life_event',
    subkind,
    summary: summaryOf(f),
    details: filled,
    text: t.text,
    frame,
    ledgerChange,
    ...(held ? { holdGreetings: '家属报告老人去世，待工作人员核实' } : {}),
    noticeLines: (row) => confirmLines(row.number, ledgerChange, f),
  }, ctx.now);
  if (c.capped) {
    state.pending = undefined;
    state.confused = 0;
    return { replies: say(R.casesCapped(c.number, env.office)), intent: 'life_event', caseId: c.number };
  }

  const extra: string[] = [];
  // "老伴殁了 额也在医院躺着哩": two people, two visits; the other one gets its own case.
  const second = await openSecondEvent(t, reading, f, open, speakerIsElder);
  if (second) extra.push(second);
  const question = policyPart(t.text);
  if (question) {
    const a = await askPolicy(env, env.policy, repairSoundAlikes(question));
    if (a) extra.push(formatPolicyAnswer(a));
  }
  const remaining = slotsFor('life_event', subkind).filter((s) => !(s.name in filled));
  const next = remaining[0];
  state.pending = next
    ? { kind: 'slots', caseNumber: c.number, caseKind: 'life_event', subkind, slot: next.name, remaining: remaining.slice(1).map((s) => s.name), event: f.event, subject: f.subject }
    : undefined;
  state.confused = 0;
  const careForElder = f.subject === 'other' && /照应|照顾|关照|看看|操心/.test(t.text);
  return {
    replies: say(R.lifeEventReply(f, c.number, { speakerIsElder, held, careForElder, hurt: HURT.test(normalize(t.text)) }), ...extra, next ? askSlot(next) : ''),
    intent: 'life_event',
    caseId: c.number,
  };
}

/**
 * Another person's event told in the same message as the first (the speaker's own stay after the
 * spouse's death): a case of its own, unless one is open already. Returns the line that says so.
 */
async function openSecondEvent(t: ElderTurn, reading: FrameReading, first: LifeFrame, open: CaseView[], speakerIsElder: boolean): Promise<string | null> {
  const g = reading.all.find((x) => x.subject !== first.subject && !x.weak && !x.outsider && SECOND_EVENTS.has(x.event) && !(x.event === '病故' && x.subject === 'elder' && speakerIsElder));
  if (!g || sameEvent(open, g)) return null;
  const subkind = subkindOf(g);
  const c = await openCase(t.env, t.ctx.actor, {
    kind: 'life_event',
    subkind,
    summary: summaryOf(g),
    details: prefill('life_event', subkind, t.text, false, g),
    text: t.text,
    frame: frameRecord(g),
  }, t.ctx.now);
  if (c.capped) return null;
  const whose = speakerIsElder && g.subject === 'elder' ? '您' : speakerIsElder && g.subject === 'spouse' ? '您老伴' : R.subjectWord(g.subject);
  return `${whose}${g.event}的事也单独登记了，编号 ${c.number}，工作人员会一并联系。`;
}

/** The case's one-line summary for staff: whose, what, when, where. */
function summaryOf(f: LifeFrame): string {
  return `${R.subjectWord(f.subject)}${f.who && f.subject !== 'elder' ? `（${f.who}）` : ''}${f.event === '病故' ? '去世' : f.event}${f.when ? `，${f.when}` : ''}${f.where ? `，${f.where}` : ''}`;
}

/** Events of a second person that need a visit of their own (五必到). */
const SECOND_EVENTS = new Set(['住院', '生病', '摔伤', '意外', '病故']);

/** What staff are asked to confirm, in the words of the command they send. */
function confirmLines(number: string, change: LedgerChange | null, f: LifeFrame): string[] {
  if (change === '已故') {
    return [
      '【待核实】家属报告老人去世。给老人的问候已全部暂停（不发送，也不列入电话名单）。',
      `核实后请发：/确认 ${number} ${f.day ?? '去世日期（如 2026-06-10）'}，台账记为已故；如不属实请发：/否认 ${number} 说明，问候恢复。`,
    ];
  }
  if (change === '丧偶') return ['【待核实】老人的老伴去世。', `核实后请发：/确认 ${number}，台账记为丧偶；如不属实：/否认 ${number} 说明。`];
  if (change === '再婚') return ['【待核实】老人再婚（或打算再婚）。', `办了喜事、核实后请发：/确认 ${number}，台账取消丧偶；如不属实：/否认 ${number} 说明。`];
  return [];
}

export type { LifeFrame };
