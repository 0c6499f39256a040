import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { chat, staffRouter, textOf, type Who } from '../helpers/staff-chat.ts';
import type { TurnResult } from '../../src/chat/turn.ts';
import { createCampaignCommands } from '../../src/jobs/staff-skill.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { createInProcessRuntime } from '../../src/jobs/inprocess-runtime.ts';
import { startWorkers } from '../../src/jobs/service.ts';
import { planDay } from '../../src/jobs/planner.ts';
import type { JobsRuntime, WorkerHandle } from '../../src/jobs/runtime.ts';
import { addElder, env, FakeSender, jobsConfig, silentLog, statusCounts, waitFor } from './fixtures.ts';

const admin: Who = { kind: 'staff', staffId: 1, role: 'admin', towns: [] };
const weizhuang: Who = { kind: 'staff', staffId: 2, role: 'staff', towns: ['韦庄镇'] };
const NOW = new Date('2026-06-18T02:00:00Z'); // 10:00 in Shanghai, the day before 端午

/** The /群发 and /计划 commands behind the agent's staff router. */
const campaignRouter = (deps: Parameters<typeof createCampaignCommands>[0]) => staffRouter({ commands: createCampaignCommands(deps) });

/** Staff write in the staff group. */
const ctx = (text: string, who: Who = admin) => chat(text, who, { group: true, now: NOW });
const say = (r: TurnResult | null) => textOf(r?.replies ?? []);

describe.each(testDbKinds)('群发 skill (%s)', (kind) => {
  let t: TestDb;
  let runtime: JobsRuntime;
  let workers: WorkerHandle | undefined;
  beforeEach(async () => {
    t = await createTestDb(kind);
    runtime = createInProcessRuntime({ retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 } });
    await addElder(t.db, { name: '张建国', birth: '1940-01-01', town: '韦庄镇', alone: true, account: 'telegram' });
    await addElder(t.db, { name: '李秀英', birth: '1941-02-02', town: '韦庄镇', gender: '女' });
    await addElder(t.db, { name: '王德福', birth: '1942-03-03', town: '冯原镇', account: 'wechat', alone: true });
    await addElder(t.db, { name: '赵已故', birth: '1930-03-03', town: '韦庄镇', status: '已故', alone: true, account: 'telegram' });
  });
  afterEach(async () => {
    await workers?.close();
    workers = undefined;
    await runtime.close();
    await t.cleanup();
  });

  it('previews, sends nothing until confirmed, then sends each once', async () => {
    const skill = campaignRouter({ db: t.db, env, runtime, ledger: new LedgerQueryService(t.db) });
    const sender = new FakeSender();
    workers = await startWorkers({ db: t.db, log: silentLog, config: jobsConfig(), runtime, sender, concurrency: 2 });
    const preview = say(await skill.route(ctx('/群发 慰问 现在 韦庄镇 天热了，请多喝水、少出门。')));
    expect(preview).toContain('共 2 位');
    expect(preview).toContain('需电话联系 1 位');
    expect(preview).toContain('张老，天热了');
    expect(preview).not.toContain('赵已故');
    expect(await statusCounts(t.db)).toEqual({});
    expect(sender.calls).toBe(0);
    const confirmed = say(await skill.route(ctx('/群发 确认')));
    expect(confirmed).toMatch(/已确认：1 位将按时收到；1 位没有绑定账号/);
    await waitFor(async () => (await statusCounts(t.db)).sent === 1);
    expect(sender.sent.map((s) => s.text)).toEqual(['张老，天热了，请多喝水、少出门。']);
    expect(say(await skill.route(ctx('/群发 确认 1')))).toContain('已经确认过了');
    const report = say(await skill.route(ctx('/群发 报告')));
    expect(report).toContain('共 2 人，已发送 1，失败 0，待发送 0，需电话联系 1');
    const detail = say(await skill.route(ctx('/群发 报告 1')));
    expect(detail).toMatch(/\[\d+\] 需电话联系：李秀英（韦庄镇）/);
    const callId = Number(/\[(\d+)\] 需电话联系/.exec(detail)![1]);
    expect(say(await skill.route(ctx(`/群发 核实 ${callId} 已电话`)))).toContain('已记为已电话问候');
    expect(say(await skill.route(ctx(`/群发 核实 ${callId} 已电话`)))).toContain('无需处理');
  });

  it('understands town and view audiences and keeps staff inside their towns', async () => {
    const skill = campaignRouter({ db: t.db, env, ledger: new LedgerQueryService(t.db) });
    expect(say(await skill.route(ctx('/群发 送清凉 明天9点 独居 天热注意防暑')))).toContain('共 2 位');
    expect(say(await skill.route(ctx('/群发 送清凉 明天9点 韦庄镇独居 天热注意防暑')))).toContain('共 1 位');
    // A 韦庄镇 staff member asking for 全体 only reaches 韦庄镇.
    expect(say(await skill.route(ctx('/群发 问候 明天9点 全体 祝您安康', weizhuang)))).toContain('共 2 位');
    expect(say(await skill.route(ctx('/群发 问候 明天9点 火星人 祝您安康')))).toMatch(/没看懂发送对象/);
    // Anything beyond town/view goes through the ledger's LedgerQuery parser.
    expect(say(await skill.route(ctx('/群发 问候 明天9点 85岁以上 祝您安康')))).toContain('共 2 位');
    expect(say(await skill.route(ctx('/群发 问候 大后年 全体 祝您安康')))).toMatch(/没看懂发送时间/);
  });

  it('does not greet anyone twice when a 群发 and the festival plan cover the same day', async () => {
    const skill = campaignRouter({ db: t.db, env, ledger: new LedgerQueryService(t.db) });
    await planDay(t.db, '2026-06-19', env); // 端午 greetings already planned
    const preview = say(await skill.route(ctx('/群发 端午节 明天9点 全体 端午安康！')));
    expect(preview).toContain('共 0 位');
    expect(preview).toContain('另有 3 位当天已有同一节日的问候');
  });

  it('cancels a draft, lets staff read and change plans, refuses non-staff', async () => {
    const skill = campaignRouter({ db: t.db, env, ledger: new LedgerQueryService(t.db) });
    await skill.route(ctx('/群发 问候 明天9点 全体 祝您安康'));
    expect(say(await skill.route(ctx('/群发 取消')))).toContain('已取消');
    expect(say(await skill.route(ctx('/群发 确认')))).toContain('没有待确认');
    expect(say(await skill.route(ctx('/计划')))).toContain('✅ 生日祝福（08:30）');
    expect(say(await skill.route(ctx('/计划 生日祝福 时间 9:15')))).toContain('09:15 发送');
    expect(say(await skill.route(ctx('/计划 生日祝福 关闭', { ...admin, role: 'liaison' })))).toContain('联络员可以查看');
    expect((await skill.route(ctx('/群发 问候 明天9点 全体 祝您安康', { kind: 'elder', staffId: 1 })))?.intent).toBe('staff_campaign_denied');
    expect(await skill.route(ctx('本月谁过生日'))).toBeNull();
  });
});
