import { describe, expect, it } from 'vitest';
import { testDbKinds } from '../../helpers/db.ts';
import { makeAgent, texts, useSeededDb } from '../../agents/fixtures.ts';
import { LedgerQueryService } from '../../../src/ledgers/query/run.ts';
import { createLedgerStaffTools } from '../../../src/ledgers/skills/index.ts';
import { asksAboutHealth } from '../../../src/ledgers/query/health-topic.ts';

/**
 * Health data in a staff group: 身体状况 (and 行动能力, what a visit saw of someone's health) shows only
 * when the question is about health; private chats see everything as before. Through the whole agent,
 * as a staff member writes in the group.
 */
describe.each(testDbKinds)('health data in staff groups on %s', (kind) => {
  const s = useSeededDb(kind);
  const agentWithLedger = () => {
    const tools = createLedgerStaffTools({ db: s.db, service: new LedgerQueryService(s.db) });
    return makeAgent(s.db, { staffCommands: tools.commands, staffSkills: tools.skills });
  };
  const inGroup = () => ({ chatKind: 'group' as const, threadId: `group:${s.weizhuangGroup}` });

  it('a question not about health shows no 身体状况 in the group; asked about health, it does', async () => {
    const a = agentWithLedger();
    const staff = `staff:${s.admin}`;
    const card = texts(await a.say(staff, '查一下张建国', inGroup()));
    expect(card).toContain('【张建国】');
    expect(card).not.toContain('糖尿病');
    expect(card).not.toMatch(/身体状况：[^群]/);
    // Everybody's details, asked for in the group: no health column either.
    const details = texts(await a.say(staff, '韦庄镇老干部的详细信息', inGroup()));
    expect(details).toContain('张建国');
    expect(details).not.toMatch(/糖尿病|肺癌|高血压/);
    // Asked about health, the same group gets it.
    expect(texts(await a.say(staff, '张建国身体怎么样', inGroup()))).toContain('糖尿病');
    const who = texts(await a.say(staff, '谁有高血压', inGroup()));
    expect(who).toContain('刘振华');
    expect(who).toContain('高血压');
    expect(who).not.toContain('张建国');
    // A follow-up of a health question is still about health.
    expect(texts(await a.say(staff, '其中韦庄镇的呢', inGroup()))).toMatch(/刘振华[^\n]*高血压/);
    // What a visit saw of the elder's health is health data too.
    await s.db.query(`INSERT INTO visits (elder_id, staff_id, visited_on, spirit, health, meals) VALUES ($1, $2, '2026-03-01', '精神好', '血压偏高', '正常')`, [s.zhang, s.admin]);
    const visits = texts(await a.say(staff, '张建国最近的走访记录', inGroup()));
    expect(visits).toContain('精神好');
    expect(visits).not.toContain('血压偏高');
    expect(texts(await a.say(staff, '张建国最近的走访记录', { channel: 'cli', threadId: 'cli' }))).toContain('血压偏高');
  });

  it('private chats are unchanged: the record shows the health conditions', async () => {
    const a = agentWithLedger();
    expect(texts(await a.say(`staff:${s.admin}`, '查一下张建国'))).toContain('糖尿病');
    expect(texts(await a.say(`staff:${s.admin}`, '韦庄镇老干部的详细信息'))).toContain('糖尿病');
  });
});

describe('which questions are about health', () => {
  it.each([
    ['谁有高血压', true], ['张建国身体怎么样', true], ['行动不便的有哪些', true], ['韦庄镇有哪些独居老干部', false], ['查一下张建国', false], ['本月谁过生日', false],
  ])('%s is about health: %s', (q, about) => {
    expect(asksAboutHealth(q)).toBe(about);
  });
});
