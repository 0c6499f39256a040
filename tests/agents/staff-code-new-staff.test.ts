import { describe, expect, it } from 'vitest';
import { makeAgent, texts, useSeededDb } from './fixtures.ts';

describe('/员工码 for someone not yet on the staff list', () => {
  const s = useSeededDb('pglite');

  it('adds them with the role and towns written, then the code binds their own account', async () => {
    const a = makeAgent(s.db);
    const needTowns = texts(await a.say(`staff:${s.admin}`, '/员工码 李华'));
    expect(needTowns).toContain('负责的镇');
    expect((await s.db.query(`SELECT count(*)::int AS n FROM staff WHERE name = '李华'`)).rows[0]).toEqual({ n: 0 });

    const out = texts(await a.say(`staff:${s.admin}`, '/员工码 李华 联络员 韦庄镇、冯原镇'));
    expect(out).toContain('已添加联络员李华');
    const code = /(\d{6})/.exec(out)![1]!;
    const row = (await s.db.query<{ id: number; role: string; towns: string[] }>(`SELECT id, role, towns FROM staff WHERE name = '李华'`)).rows[0]!;
    expect(row).toMatchObject({ role: 'liaison', towns: ['韦庄镇', '冯原镇'] });
    const tg = { channel: 'telegram' as const, threadId: '9101' };
    expect(texts(await a.say('9101', `绑定 ${code}`, tg))).toContain('李华');
    const acc = (await s.db.query(`SELECT kind, staff_id FROM channel_accounts WHERE channel = 'telegram' AND external_id = '9101'`)).rows[0];
    expect(acc).toEqual({ kind: 'staff', staff_id: row.id });

    // Only admins may add people; an existing name gets a new code and is not added twice.
    expect(texts(await a.say(`staff:${s.weizhuangStaff}`, '/员工码 王五 工作人员 韦庄镇'))).toContain('只有管理员');
    expect(texts(await a.say(`staff:${s.admin}`, '/员工码 李华'))).not.toContain('已添加');
    expect((await s.db.query(`SELECT count(*)::int AS n FROM staff WHERE name = '李华'`)).rows[0]).toEqual({ n: 1 });
  });
});
