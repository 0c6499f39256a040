import { text } from '../chat/message.ts';
import type { TurnResult } from '../chat/turn.ts';
import type { AgentEnv } from './deps.ts';
import type { ChatContext } from '../chat/ports.ts';
import { assignCase, caseEvents, closeCase, getCase, listOpenCases, type CaseView } from '../cases/store.ts';
import { STATUS_LABEL, caseKindText, normalizeCaseNumber } from '../cases/catalog.ts';
import { phoneForStaff } from '../privacy/masking.ts';
import { issueBindingCode, issueStaffCode } from '../people/binding.ts';
import { caseClosedForElder } from './replies.ts';
import { writeAudit } from '../privacy/audit.ts';
import { isJinqiuError } from '../kernel/errors.ts';

/**
 * Staff commands: /案件, /案件 <编号>, /接单 <编号>, /结案 <编号> <说明>, /绑定码 <姓名> [关系].
 * Non-admin staff see and act on cases of their towns only (and cases with no elder). Group chats
 * get masked phones; private chats the full number.
 */
const say = (t: string): TurnResult['replies'] => [text(t)];

export const STAFF_HELP = [
  '工作人员可用的命令：',
  '/案件 —— 看待处理的诉求',
  '/案件 JY-2026-0001 —— 看一件诉求的详情',
  '/接单 JY-2026-0001 —— 由我来办',
  '/结案 JY-2026-0001 已电话回访 —— 办结并告诉老人',
  '/绑定码 张三 —— 给老人发绑定码（家属：/绑定码 张三 女儿）',
  '/员工码 李四 —— 管理员给工作人员发绑定码',
].join('\n');

function scope(ctx: ChatContext): string[] | null {
  return ctx.actor.role === 'admin' ? null : (ctx.actor.towns ?? []);
}

function inScope(ctx: ChatContext, c: CaseView): boolean {
  const towns = scope(ctx);
  return towns === null || c.elder_id === null || (c.elder_town !== null && towns.includes(c.elder_town));
}

function fmtTime(d: Date | null, tz: string): string {
  if (!d) return '';
  return new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(d));
}

function line(c: CaseView, tz: string): string {
  const who = c.elder_name ? `${c.elder_name}（${c.elder_town ?? '镇未登记'}）` : '未绑定用户';
  return `${c.urgent ? '【紧急】' : ''}${c.number} ${caseKindText(c.kind, c.subkind)} ${who} ${STATUS_LABEL[c.status]}${c.assignee_name ? `（${c.assignee_name}）` : ''} ${fmtTime(c.created_at, tz)}`;
}

async function detail(env: AgentEnv, ctx: ChatContext, c: CaseView): Promise<string> {
  const phone = ctx.isPrivate ? (c.elder_phone ?? '（无）') : phoneForStaff(c.elder_phone);
  // Reading a case shows an elder's details: audited like any ledger read.
  if (c.elder_id) {
    await writeAudit(env.db, {
      actor: `staff:${ctx.actor.staffId}`,
      action: 'case.view',
      channel: ctx.msg.channel,
      query: { case: c.number, private: ctx.isPrivate },
      question: ctx.msg.text.slice(0, 200),
      elderIds: [c.elder_id],
      rowCount: 1,
    });
  }
  const events = await caseEvents(env.db, c.id);
  const details = Object.entries(c.details).filter(([, v]) => typeof v === 'string').map(([k, v]) => `  ${k}：${v as string}`);
  return [
    line(c, env.timeZone),
    `电话：${phone}`,
    `内容：${c.summary}`,
    ...(details.length ? ['补充：', ...details] : []),
    '经过：',
    ...events.map((e) => `  ${fmtTime(e.at, env.timeZone)} ${e.actor} ${e.kind}${e.note ? `：${e.note.slice(0, 80)}` : ''}`),
  ].join('\n');
}

async function findInScope(env: AgentEnv, ctx: ChatContext, raw: string): Promise<CaseView | string> {
  const number = normalizeCaseNumber(raw);
  if (!number) return '请写上诉求编号，比如：JY-2026-0001';
  const c = await getCase(env.db, number);
  if (!c || !inScope(ctx, c)) return `没有找到诉求 ${number}（或不在您负责的镇）。`;
  return c;
}

/** The first staff skill that takes the message; a skill's own error is told to the staff member. */
export async function runStaffSkills(env: AgentEnv, ctx: ChatContext): Promise<TurnResult | null> {
  for (const skill of env.staffSkills) {
    try {
      const r = await skill.handle(ctx);
      if (r) return r;
    } catch (e) {
      if (isJinqiuError(e)) return { replies: say(e.userMessage), intent: `staff_${skill.name}` };
      throw e;
    }
  }
  return null;
}

/** Returns null when the text is not one of these commands. */
export async function staffCommand(env: AgentEnv, ctx: ChatContext): Promise<TurnResult | null> {
  const raw = ctx.msg.text.normalize('NFKC').trim();
  const m = /^\/([^\s@]+)(?:@\S+)?\s*([\s\S]*)$/.exec(raw);
  if (!m) return null;
  const [, cmd, argText = ''] = m;
  const args = argText.trim();
  const staffId = ctx.actor.staffId!;
  switch (cmd) {
    case '案件':
    case '诉求': {
      if (args) {
        const c = await findInScope(env, ctx, args);
        return { replies: say(typeof c === 'string' ? c : await detail(env, ctx, c)), intent: 'staff_case', ...(typeof c === 'string' ? {} : { caseId: c.number }) };
      }
      const list = await listOpenCases(env.db, scope(ctx));
      const body = list.length ? [`待处理诉求 ${list.length} 件：`, ...list.map((c) => line(c, env.timeZone))].join('\n') : '目前没有待处理的诉求。';
      return { replies: say(body), intent: 'staff_cases' };
    }
    case '接单': {
      const c = await findInScope(env, ctx, args);
      if (typeof c === 'string') return { replies: say(c), intent: 'staff_assign' };
      const row = await env.db.transaction(async (tx) => {
        const r = await assignCase(tx, c.number, staffId, ctx.now);
        if (r?.account_id) {
          await env.outbox.toAccount(tx, r.account_id, [text(`您的事（编号 ${r.number}）已经有工作人员接手，会尽快联系您。`)], { caseId: r.id, now: ctx.now });
        }
        return r;
      });
      if (!row) return { replies: say(`诉求 ${c.number} 已经办结，不能再接。`), intent: 'staff_assign', caseId: c.number };
      return { replies: say(`好的，诉求 ${c.number} 由${ctx.actor.displayName ?? '您'}负责。办完请发：/结案 ${c.number} 办理结果`), intent: 'staff_assign', caseId: c.number };
    }
    case '结案': {
      const parts = /^(\S+)\s*([\s\S]*)$/.exec(args);
      const c = await findInScope(env, ctx, parts?.[1] ?? '');
      if (typeof c === 'string') return { replies: say(c), intent: 'staff_close' };
      const note = (parts?.[2] ?? '').trim();
      if (!note) return { replies: say(`请写上办理结果，比如：/结案 ${c.number} 已电话回访，老人情况稳定`), intent: 'staff_close', caseId: c.number };
      const row = await env.db.transaction(async (tx) => {
        const r = await closeCase(tx, c.number, staffId, note.slice(0, 500), ctx.now);
        if (r?.account_id) await env.outbox.toAccount(tx, r.account_id, [text(caseClosedForElder(r.number, note.slice(0, 200)))], { caseId: r.id, now: ctx.now });
        return r;
      });
      if (!row) return { replies: say(`诉求 ${c.number} 之前已经办结了。`), intent: 'staff_close', caseId: c.number };
      return { replies: say(`诉求 ${c.number} 已办结${row.account_id ? '，已告诉老人' : ''}。`), intent: 'staff_close', caseId: c.number };
    }
    case '绑定码': {
      const pm = /^(\S+?)(?:的)?\s*(儿子|女儿|儿媳|女婿|孙子|孙女|老伴|爱人|家属|亲属|侄子|侄女|外甥)?$/.exec(args);
      if (!pm) return { replies: say('请写上老人的姓名，比如：/绑定码 张三；家属用：/绑定码 张三 女儿'), intent: 'staff_bind_code' };
      const relation = pm[2] ?? null;
      const out = await env.db.transaction((tx) =>
        issueBindingCode(tx, { elderRef: pm[1]!, kind: relation ? 'family' : 'elder', relation, staffId, towns: scope(ctx), now: ctx.now }),
      );
      if (!out.ok) {
        const msg =
          out.reason === 'ambiguous'
            ? `有几位同名的老人，请用台账编号：${out.candidates!.map((c) => `/绑定码 ${c.id}（${c.town ?? ''}${c.village ?? ''}）`).join('；')}`
            : out.reason === 'out_of_scope'
              ? '这位老人不在您负责的镇，请找对应镇的同志。'
              : `台账里没有找到 ${pm[1]}，请核对姓名。`;
        return { replies: say(msg), intent: 'staff_bind_code' };
      }
      const who = relation ? `${out.elderName}的${relation}` : out.elderName;
      return {
        replies: say(`给${who}的绑定码：${out.code}（3天内有效，只能用一次）。\n请对方在和我的私聊里发送：绑定 ${out.code}`),
        intent: 'staff_bind_code',
      };
    }
    case '员工码': {
      if (ctx.actor.role !== 'admin') return { replies: say('员工绑定码只有管理员能发。'), intent: 'staff_bind_code' };
      if (!args) return { replies: say('请写上工作人员的姓名或编号，比如：/员工码 李四'), intent: 'staff_bind_code' };
      const out = await env.db.transaction((tx) => issueStaffCode(tx, { staffRef: args, issuedBy: staffId, now: ctx.now }));
      if (!out.ok) return { replies: say(out.reason === 'ambiguous' ? '有同名的工作人员，请用编号。' : `没有找到工作人员：${args}`), intent: 'staff_bind_code' };
      return { replies: say(`给${out.staffName}的员工绑定码：${out.code}（3天内有效，只能用一次）。\n请本人在和我的私聊里发送：绑定 ${out.code}`), intent: 'staff_bind_code' };
    }
    case '帮助':
    case 'help':
    case 'start':
      return { replies: say(STAFF_HELP), intent: 'staff_help' };
    default:
      return null;
  }
}
