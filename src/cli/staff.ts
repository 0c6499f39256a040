import crypto from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import { issueStaffCode } from '../people/binding.ts';
import { STAFF_ROLE_LABEL, type StaffRole } from '../chat/actor.ts';
import { listGroups, registerChatGroup } from '../people/groups.ts';
import { parseRobots } from '../bots/wecom/robot-sender.ts';
import { addStaff, findActiveStaff, listStaff, roleOf } from '../people/staff.ts';
import { setStaffPassword } from '../people/web-sessions.ts';
import { writeAudit } from '../privacy/audit.ts';
import { channelSchema } from '../chat/message.ts';
import { InputError } from '../kernel/errors.ts';
import { printResult, runWithContext } from './run-command.ts';


/** 12 characters from an alphabet without look-alikes (0/O, 1/l). */
function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

function towns(v: string | undefined): string[] {
  return (v ?? '').split(/[,，、\s]+/).map((t) => t.trim()).filter(Boolean);
}

/**
 * `jinqiu staff …` and `jinqiu group …`: how an installation gets its first people and groups. The
 * one-time code printed here is what the staff member sends to the bot from their own WeChat or
 * Telegram account; after that, admins issue further codes in chat (/员工码).
 */
export function registerStaff(program: Command): void {
  const staff = program.command('staff').description('工作人员：添加、列表、绑定码');

  staff
    .command('add')
    .argument('<name>')
    .requiredOption('--role <role>', '管理员 | 工作人员 | 联络员（admin | staff | liaison）')
    .option('--towns <towns>', '负责的镇（街道），逗号分隔；管理员可不填（全县）')
    .option('--phone <phone>')
    .option('--json', 'print JSON')
    .action((name: string, opts: { role: string; towns?: string; phone?: string; json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const r = roleOf(opts.role);
        if (!r) throw new InputError(`bad role ${opts.role}`, '角色只能是 管理员、工作人员 或 联络员（也可写 admin、staff、liaison）。');
        const role = { data: r };
        const t = towns(opts.towns);
        if (role.data !== 'admin' && !t.length) throw new InputError('--towns required for staff and liaison', '请用 --towns 写明负责的镇（街道）。');
        const result = await ctx.db.transaction(async (tx) => {
          const id = await addStaff(tx, { name, phone: opts.phone ?? null, role: role.data, towns: t });
          const code = await issueStaffCode(tx, { staffRef: String(id), issuedBy: null, now: new Date() });
          return { id, code: code.ok ? code.code : null };
        });
        printResult(
          opts,
          { id: result.id, name: name.trim(), role: role.data, towns: t, bindingCode: result.code },
          `已添加${STAFF_ROLE_LABEL[role.data]} ${name}（编号 ${result.id}）。请他用自己的微信或 Telegram 把绑定码 ${result.code} 发给机器人。`,
        );
      }),
    );

  staff
    .command('code')
    .description('为工作人员重新生成一次性绑定码')
    .argument('<id or name>')
    .option('--json', 'print JSON')
    .action((ref: string, opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const code = await ctx.db.transaction((tx) => issueStaffCode(tx, { staffRef: ref, issuedBy: null, now: new Date() }));
        if (!code.ok) throw new InputError(`staff ${ref}: ${code.reason}`, code.reason === 'ambiguous' ? `有几位叫“${ref}”的工作人员，请用编号。` : `没有找到工作人员“${ref}”。`);
        printResult(opts, { staff: code.staffName, bindingCode: code.code }, `${code.staffName}的绑定码：${code.code}`);
      }),
    );

  staff
    .command('password')
    .description('设置工作人员的网页登录密码（随机生成并只显示这一次）；--clear 取消密码')
    .argument('<id or name>')
    .option('--clear', '取消密码，只能用验证码登录')
    .option('--json', 'print JSON')
    .action((ref: string, opts: { clear?: boolean; json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const found = await findActiveStaff(ctx.db, ref);
        if (found.length !== 1) throw new InputError(`staff ${ref}: ${found.length ? 'ambiguous' : 'not found'}`, found.length ? `有几位叫“${ref}”的工作人员，请用编号。` : `没有找到工作人员“${ref}”。`);
        const who = found[0]!;
        // Generated, not typed: a password chosen by hand tends to be guessable, and it never sits in shell history.
        const password = opts.clear ? null : randomPassword();
        await setStaffPassword(ctx.db, who.id, password);
        await writeAudit(ctx.db, { actor: 'cli', action: 'staff.password', channel: 'cli', query: { staff: who.id, cleared: !!opts.clear } });
        printResult(opts, { staff: who.name, password }, password ? `${who.name}的网页登录密码：${password}（只显示这一次，请当面交给本人）` : `已取消${who.name}的网页密码。`);
      }),
    );

  staff
    .command('list')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const rows = await listStaff(ctx.db);
        printResult(opts, { staff: rows }, rows.map((s) => `${s.id}\t${s.name}\t${STAFF_ROLE_LABEL[s.role]}\t${s.towns.join('、') || '全县'}\t已绑定账号 ${s.accounts} 个`).join('\n') || '还没有工作人员。');
      }),
    );

  const group = program.command('group').description('群：登记工作群（接收案件通知、可直接用命令）');
  group
    .command('add')
    .requiredOption('--channel <channel>', 'telegram | wechat | wecom_robot')
    .requiredOption('--id <externalId>', 'Telegram 群 id（如 -100123…）、微信群 id（…@chatroom），或企业微信群机器人在 WECOM_ROBOTS 里的名字')
    .option('--name <name>')
    .option('--kind <kind>', 'staff | elder', 'staff')
    .option('--towns <towns>', '接收哪些镇的通知，逗号分隔；不填为全部')
    .option('--json', 'print JSON')
    .action((opts: { channel: string; id: string; name?: string; kind: string; towns?: string; json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const channel = z.enum(['telegram', 'wechat', 'wecom_robot']).safeParse(opts.channel);
        const kind = z.enum(['staff', 'elder']).safeParse(opts.kind);
        if (!channel.success || !kind.success) throw new InputError('bad --channel or --kind', '渠道只能是 telegram、wechat、wecom_robot，类型只能是 staff 或 elder。');
        // A robot is named by its entry in WECOM_ROBOTS: the key itself stays in the configuration.
        if (channel.data === 'wecom_robot' && !parseRobots(ctx.config.WECOM_ROBOTS).has(opts.id)) {
          throw new InputError(`no robot ${opts.id} in WECOM_ROBOTS`, `WECOM_ROBOTS 里没有名为“${opts.id}”的群机器人。请先在配置里写上：${opts.id}=机器人的 key。`);
        }
        const id = await registerChatGroup(ctx.db, { channel: channel.data, externalId: opts.id, name: opts.name, kind: kind.data, towns: towns(opts.towns) });
        printResult(opts, { id, channel: channel.data, externalId: opts.id, kind: kind.data, towns: towns(opts.towns) }, `已登记群（编号 ${id}）。`);
      }),
    );
  group
    .command('list')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      runWithContext(opts, async (ctx) => {
        const rows = await listGroups(ctx.db);
        printResult(opts, { groups: rows }, rows.map((g) => `${g.id}\t${g.channel}\t${g.name ?? g.external_id}\t${g.kind}\t${g.towns.join('、') || '全部'}`).join('\n') || '还没有登记的群。');
      }),
    );
}
