import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { addStaff, chat, staffRouter, textOf, type Who } from '../helpers/staff-chat.ts';
import { addElder, env } from '../jobs/fixtures.ts';
import { createCaseCommands } from '../../src/agents/commands/case-commands.ts';
import { createBindingCommands } from '../../src/agents/commands/binding-commands.ts';
import { createCampaignCommands } from '../../src/jobs/staff-skill.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { noticeOutbox } from '../../src/notices/outbox.ts';
import { createCase } from '../../src/cases/store.ts';
import { readAudit } from '../../src/privacy/audit.ts';

const NOW = new Date('2026-06-18T02:00:00Z');

/** The staff commands that show elders' names read personal data: each leaves who, what and how many. */
describe('audit of staff chat commands', () => {
  let t: TestDb;
  let admin: Who;
  let liaison: Who;
  let zhang: number;
  let li: number;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    admin = await addStaff(t, '王明', 'admin', []);
    liaison = await addStaff(t, '李华', 'liaison', ['韦庄镇']);
    zhang = await addElder(t.db, { name: '张建国', birth: '1940-01-01', town: '韦庄镇', account: 'telegram' });
    li = await addElder(t.db, { name: '李秀英', birth: '1941-02-02', town: '韦庄镇' });
    await t.db.transaction((tx) => createCase(tx, { kind: 'jieyou', elderId: zhang, accountId: null, summary: '想找人聊聊', actorTag: `elder:${zhang}`, now: NOW, timeZone: 'Asia/Shanghai' }));
  });
  afterAll(() => t.cleanup());

  const router = () =>
    staffRouter({
      commands: [
        ...createCaseCommands({ db: t.db, outbox: noticeOutbox, timeZone: 'Asia/Shanghai' }),
        ...createBindingCommands({ db: t.db }),
        ...createCampaignCommands({ db: t.db, env, ledger: new LedgerQueryService(t.db) }),
      ],
    });

  it('/案件 list, /绑定码, /群发 preview and report: each audited with the staff member, the elders shown and the count', async () => {
    const r = router();
    expect(textOf((await r.route(chat('/案件', liaison, { group: true, now: NOW })))!.replies)).toContain('张建国');
    expect(textOf((await r.route(chat('/绑定码 张建国', liaison, { now: NOW })))!.replies)).toContain('绑定码');
    const preview = textOf((await r.route(chat('/群发 慰问 现在 韦庄镇 天热了，请多喝水。', admin, { group: true, now: NOW })))!.replies);
    const id = /#(\d+)/.exec(preview)![1];
    await r.route(chat(`/群发 确认 ${id}`, admin, { group: true, now: NOW }));
    // 李秀英 has no account: she is on the call list the report names.
    expect(textOf((await r.route(chat(`/群发 报告 ${id}`, admin, { group: true, now: NOW })))!.replies)).toContain('李秀英');

    const all = await readAudit(t.db);
    const byAction = Object.fromEntries(all.map((a) => [a.action, a]));
    expect(byAction['case.list']).toMatchObject({ actor: `staff:${liaison.staffId}`, elderIds: [zhang], rowCount: 1, question: '/案件' });
    expect(byAction['binding.code']).toMatchObject({ actor: `staff:${liaison.staffId}`, elderIds: [zhang], rowCount: 1 });
    expect(byAction['campaign.preview']).toMatchObject({ actor: `staff:${admin.staffId}`, rowCount: 2 });
    expect(byAction['campaign.preview']!.elderIds.sort()).toEqual([zhang, li].sort());
    expect(byAction['campaign.report']).toMatchObject({ actor: `staff:${admin.staffId}`, elderIds: [li], rowCount: 1 });

    // Filtered by the person read, and by the staff member who read.
    expect((await readAudit(t.db, { elderIds: [li] })).map((a) => a.action).sort()).toEqual(['campaign.preview', 'campaign.report']);
    expect((await readAudit(t.db, { actors: [`staff:${liaison.staffId}`] })).map((a) => a.action).sort()).toEqual(['binding.code', 'case.list']);
  });
});
