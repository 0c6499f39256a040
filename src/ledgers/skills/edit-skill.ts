import { text } from '../../chat/message.ts';
import type { StaffCommand, StaffContext, StaffSkill } from '../../chat/staff-command.ts';
import type { TurnResult } from '../../chat/turn.ts';
import type { Db } from '../../db/types.ts';
import { maskPhone } from '../../privacy/masking.ts';
import { editElder, type ElderChanges } from '../elder-edits.ts';
import { CHANGE_LABELS, describeValue, editWords } from '../edit-words.ts';
import { namesInText } from '../elder-record.ts';
import { chatKeyOf, loadChatContext, updateChatContext, type PendingEdit } from './chat-context.ts';
import { lookupElder, lookupProblem, readNamedElder } from './elder-lookup.ts';

/**
 * Staff correct an elder's record from chat, always with a confirmation: "/修改 张建国 电话 139…" or in
 * words ("张建国已经去世了，11月30号", "把李秀英的电话改成…"). The change waits until the same staff
 * member answers 确认 in the same chat, then goes through editElder (audited with what it was). Marking
 * 已故 stops greetings at once: they follow the ledger at send time. Private chats only: the
 * confirmation repeats personal details.
 */
export const EDIT_HELP = [
  '修改老人信息（发出后需要回复“确认”才会生效）：',
  '/修改 张建国 电话 13912345678',
  '/修改 张建国(韦庄镇) 已故 2026-11-30',
  '/修改 张建国 地址 城关街道西关社区3号楼2单元',
  '/修改 张建国 卧床 ／ 行动不便 ／ 独居 是 ／ 丧偶 是',
  '也可以直接说：张建国已经去世了，11月30号；把张建国的电话改成13912345678',
].join('\n');

const CONFIRM = /^(?:确认|确定|确认修改|是的?|对的?|好的?|可以|没问题|同意|执行)[。！!，,\s]*$/;
const CANCEL = /^(?:取消|不用了?|算了|不改了?|不要了?|否|不对|先不改)[。！!，,\s]*$/;
const EDIT_VERB = /改成|改为|换成|换为|变成|更新|更正|修改|去世|过世|病故|逝世|离世|已故|搬到|搬去|搬家|独居了|一个人住了|卧床了|瘫痪了|行动不便了|丧偶了|老伴(?:已经)?(?:去世|走)了|再婚了|能下地了/;
const QUESTION = /[吗么？?]|是不是|有没有|多少|哪(?:里|儿|个|些)|谁|几/;

const say = (t: string): TurnResult => ({ replies: [text(t)], intent: 'staff_edit' });

function shown(column: keyof ElderChanges, v: unknown): string {
  return column === 'phone' || column === 'emergency_phone' ? (maskPhone(v as string | null) ?? '（空）') : describeValue(v);
}

export function createEdits(deps: { db: Db }): { command: StaffCommand; skill: StaffSkill } {
  /** Asks for the confirmation and keeps the change waiting for it. */
  async function propose(ctx: StaffContext, who: { name: string; place?: string | undefined }, words: string): Promise<TurnResult> {
    const parsed = editWords(words, ctx.staff.today);
    if (!parsed) return say(`没看出要改什么。\n${EDIT_HELP}`);
    const found = await lookupElder(deps.db, who.name, who.place, ctx.staff.towns);
    if (found.kind !== 'one') return say(lookupProblem(found, `/修改 ${who.name}(韦庄镇) …`));
    const e = found.elder;
    const before = await deps.db.query<Record<string, unknown>>(
      `SELECT phone, address, mobility, lives_alone, widowed, health, emergency_contact, emergency_phone, status, to_char(death_date, 'YYYY-MM-DD') AS death_date FROM elders WHERE id = $1`,
      [e.id],
    );
    const row = before.rows[0] ?? {};
    const lines = (Object.keys(parsed.changes) as (keyof ElderChanges)[])
      .filter((k) => String(row[k] ?? '') !== String(parsed.changes[k] ?? ''))
      .map((k) => `${CHANGE_LABELS[k]}：${shown(k, row[k])} → ${shown(k, parsed.changes[k])}`);
    if (!lines.length) return say(`${e.name}（${e.town ?? ''}${e.village ?? ''}）的台账已经是这样了，不用改。`);
    const summary = `${e.name}（${e.town ?? ''}${e.village ?? ''}，${e.birthDate.slice(0, 4)}年生）`;
    const pending: PendingEdit = { elderId: e.id, name: e.name, changes: parsed.changes as Record<string, unknown>, summary, reason: ctx.msg.text.slice(0, 500) };
    await updateChatContext(deps.db, chatKeyOf(ctx), ctx.now, (s) => ({ ...s, pendingEdit: pending }));
    return say(
      [
        `请确认，要修改${summary}的台账：`,
        ...lines.map((l) => `· ${l}`),
        ...(parsed.deathDateAssumed ? ['（没说去世日期，先按今天记；如不对，请写明日期重新说）'] : []),
        ...(parsed.changes.status === '已故' ? ['确认后不再给这位老人发生日和节日问候。'] : []),
        '回复“确认”执行，回复“取消”放弃。',
      ].join('\n'),
    );
  }

  async function settle(ctx: StaffContext, pending: PendingEdit, confirmed: boolean): Promise<TurnResult> {
    await updateChatContext(deps.db, chatKeyOf(ctx), ctx.now, ({ pendingEdit: _drop, ...rest }) => rest);
    if (!confirmed) return say(`好的，${pending.summary}的台账没有修改。`);
    const done = await deps.db.transaction((tx) =>
      editElder(tx, pending.elderId, pending.changes as ElderChanges, { actor: ctx.staff.tag, channel: ctx.msg.channel, reason: pending.reason }),
    );
    if (!done) return say('这位老人已不在台账里，没有修改。');
    if (!done.changed.length) return say(`${pending.summary}的台账已经是这样了，没有改动。`);
    return say(
      [
        `已修改${pending.summary}的台账：`,
        ...done.changed.map((c) => `· ${CHANGE_LABELS[c.column]}：${shown(c.column, c.before)} → ${shown(c.column, c.after)}`),
        ...(done.changed.some((c) => c.column === 'status' && c.after === '已故') ? ['已停止给这位老人发送问候。'] : []),
        '（修改已记入操作记录）',
      ].join('\n'),
    );
  }

  const command: StaffCommand = {
    name: '修改',
    aliases: ['更正'],
    minRole: 'liaison',
    help: '/修改 张建国 电话 13912345678 —— 改老人的电话、住址、行动能力、独居、丧偶，或标记已故（需确认）',
    intent: 'staff_edit',
    privateOnly: '修改老人信息请私聊我：/修改 姓名 要改的内容',
    async run(ctx, args) {
      if (!args) return say(EDIT_HELP);
      const { name, place, rest } = readNamedElder(args);
      // "/修改 张建国 已故 2026-11-30", "/修改 张建国 电话 139…": the short forms read as words.
      const words = rest.replace(/^已故\b|^已故\s*/, '已故 ').replace(/^(电话|手机|地址|住址)\s+/, '$1改为');
      return propose(ctx, { name, place }, words);
    },
  };

  const skill: StaffSkill = {
    name: 'ledger_edit',
    intent: 'staff_edit',
    help: ['张建国已经去世了，11月30号', '把张建国的电话改成13912345678'],
    async handle(ctx) {
      const body = ctx.msg.text.trim();
      const state = await loadChatContext(deps.db, chatKeyOf(ctx), ctx.now);
      if (state.pendingEdit) {
        if (CONFIRM.test(body)) return settle(ctx, state.pendingEdit, true);
        if (CANCEL.test(body)) return settle(ctx, state.pendingEdit, false);
      }
      if (!EDIT_VERB.test(body) || QUESTION.test(body)) return null;
      if (!editWords(body, ctx.staff.today)) return null;
      const name = (await namesInText(deps.db, body, ctx.staff.towns))[0];
      if (!name) return null;
      if (!ctx.isPrivate) return say('修改老人信息请私聊我，确认后才会生效。');
      // 韦庄镇张建国 / 张建国（韦庄镇）: a place next to the name tells same-name people apart (not one in a new address).
      const near = new RegExp(`([\u4e00-\u9fa5]{1,5}(?:镇|街道))(?:的)?${name}|${name}[(（]([^)）]{2,10})[)）]`).exec(body);
      const place = near?.[1] ?? near?.[2];
      return propose(ctx, { name, place }, body.replace(name, ''));
    },
  };
  return { command, skill };
}
