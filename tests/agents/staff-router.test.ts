import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';
import { createLedgerStaffTools } from '../../src/ledgers/skills/index.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { createCampaignCommands } from '../../src/jobs/staff-skill.ts';
import { parseSlash } from '../../src/agents/staff-router.ts';
import type { Db } from '../../src/db/types.ts';

/** The agent with every staff command the product registers (as src/main.ts wires it). */
function fullAgent(db: Db) {
  const ledger = new LedgerQueryService(db);
  const tools = createLedgerStaffTools({ db, service: ledger });
  const env = { tz: 'Asia/Shanghai', officeName: '县委老干部局' };
  return makeAgent(db, { staffCommands: [...tools.commands, ...createCampaignCommands({ db, env, ledger })], staffSkills: tools.skills });
}

describe.each(testDbKinds)('staff commands on %s', (kind) => {
  const s = useSeededDb(kind);

  it('builds /帮助 from what is registered, per role', async () => {
    const a = fullAgent(s.db);
    const admin = texts(await a.say(`staff:${s.admin}`, '/帮助'));
    for (const c of ['/案件', '/接单', '/结案', '/绑定码', '/员工码', '/查询', '/档案', '/走访', '/群发', '/计划']) expect(admin).toContain(c);
    const liaison = texts(await a.say(`staff:${s.jiaodaoStaff}`, '/帮助'));
    expect(liaison).toContain('/走访');
    expect(liaison).not.toContain('/员工码');
    // A command nobody registered is named, with the help, instead of "我没看懂".
    const unknown = texts(await a.say(`staff:${s.admin}`, '/导入台账'));
    expect(unknown).toContain('没有“/导入台账”这个命令');
    expect(unknown).toContain('/查询');
  });

  it('checks role from the resolved actor, and keeps personal records out of groups', async () => {
    const a = fullAgent(s.db);
    const r = await a.say(`staff:${s.jiaodaoStaff}`, '/员工码 孙干事');
    expect(r.intent).toBe('staff_bind_code_denied');
    expect(texts(r)).toContain('管理员');
    const g = { chatKind: 'group' as const, threadId: `group:${s.jiaodaoGroup}` };
    const rec = await a.say(`staff:${s.jiaodaoStaff}`, '/档案 李秀英', g);
    expect(rec.intent).toBe('staff_record_denied');
    expect(texts(rec)).not.toContain('13900005678');
  });

  it('a staff member who was switched off is no longer staff: no ledger rows, no commands', async () => {
    const a = fullAgent(s.db);
    const tg = { channel: 'telegram' as const, threadId: '8100' };
    await s.db.query(`INSERT INTO channel_accounts (channel, external_id, kind, staff_id, bound_at) VALUES ('telegram', '8100', 'staff', $1, now())`, [s.weizhuangStaff]);
    expect(texts(await a.say('8100', '韦庄镇有哪些老干部', tg))).toContain('张建国');
    await s.db.query(`UPDATE staff SET active = false WHERE id = $1`, [s.weizhuangStaff]);
    const q = await a.say('8100', '韦庄镇有哪些老干部', tg);
    expect(texts(q)).not.toContain('张建国');
    expect(q.intent).not.toMatch(/^staff_ledger/);
  });

  it('keeps a liaison\'s 群发 to their own towns', async () => {
    const a = fullAgent(s.db);
    const r = await a.say(`staff:${s.jiaodaoStaff}`, '/群发 慰问 明天9点 韦庄镇 天冷了，注意保暖。');
    expect(r.intent).toBe('staff_campaign_denied');
    expect(texts(r)).toContain('韦庄镇');
    const own = await a.say(`staff:${s.jiaodaoStaff}`, '/群发 慰问 明天9点 交道镇 天冷了，注意保暖。');
    expect(texts(own)).toContain('共 2 位');
  });

  it('parses a slash command once, keeping the arguments as written', () => {
    expect(parseSlash('／群发@jinqiu_bot 端午 明天9点 全体 安康，顺意！')).toEqual({ cmd: '群发', args: '端午 明天9点 全体 安康，顺意！' });
    expect(parseSlash('群发')).toBeNull();
  });
});
