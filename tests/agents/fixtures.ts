import fs from 'node:fs';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { createTestDb, type TestDb, type TestDbKind } from '../helpers/db.ts';
import type { InboundMessage, OutboundMessage } from '../../src/chat/message.ts';
import type { PolicyAnswer, PolicyAnswerer } from '../../src/chat/ports.ts';
import type { Queryable } from '../../src/db/types.ts';
import { createAgent } from '../../src/agents/create-agent.ts';
import type { AgentDeps } from '../../src/agents/deps.ts';

export const silentLog = pino({ level: 'silent' });

export const config = { JINQIU_OFFICE_NAME: '县委老干部局', JINQIU_OFFICE_PHONE: '0913-6666666', JINQIU_TZ: 'Asia/Shanghai' };

export interface Seed {
  zhang: number; // 张建国, 韦庄镇, 13812341234
  li: number; // 李秀英, 交道镇, 13900005678
  wang: number; // 王德明, 韦庄镇, 15011112222
  namesakeA: number; // 刘振华 ×2, different towns
  namesakeB: number;
  zhangDaughter: number; // family_contacts id of 张丽 (女儿)
  admin: number;
  weizhuangStaff: number; // covers 韦庄镇 only
  jiaodaoStaff: number;
  weizhuangGroup: number;
  jiaodaoGroup: number;
  elderGroup: number;
}

/** Invented people, the same shape as the office's ledger. */
export async function seed(db: Db): Promise<Seed> {
  const elder = async (name: string, birth: string, town: string, village: string, phone: string, health = '高血压', address = `澄城县${town}${village}1号`) =>
    (
      await db.query<{ id: number }>(
        `INSERT INTO elders (name, gender, birth_date, category, town, village, address, phone, health) VALUES ($1, '男', $2, '退休', $3, $4, $5, $6, $7) RETURNING id`,
        [name, birth, town, village, address, phone, health],
      )
    ).rows[0]!.id;
  const zhang = await elder('张建国', '1940-03-02', '韦庄镇', '韦庄村', '13812341234', '糖尿病');
  const li = await elder('李秀英', '1945-07-09', '交道镇', '樊家川村', '13900005678', '冠心病');
  const wang = await elder('王德明', '1938-11-20', '韦庄镇', '南社村', '15011112222', '肺癌');
  const namesakeA = await elder('刘振华', '1941-01-01', '韦庄镇', '北社村', '13300001111');
  const namesakeB = await elder('刘振华', '1943-05-05', '交道镇', '交道村', '13300002222');
  const zhangDaughter = (
    await db.query<{ id: number }>(`INSERT INTO family_contacts (elder_id, name, relation, phone) VALUES ($1, '张丽', '女儿', '18600001111') RETURNING id`, [zhang])
  ).rows[0]!.id;
  const staff = async (name: string, role: string, towns: string[]) =>
    (await db.query<{ id: number }>(`INSERT INTO staff (name, role, towns, phone) VALUES ($1, $2, $3, '13700000000') RETURNING id`, [name, role, towns])).rows[0]!.id;
  const admin = await staff('赵局长', 'admin', []);
  const weizhuangStaff = await staff('孙干事', 'staff', ['韦庄镇']);
  const jiaodaoStaff = await staff('周干事', 'liaison', ['交道镇']);
  const group = async (ext: string, kind: string, towns: string[]) =>
    (await db.query<{ id: number }>(`INSERT INTO chat_groups (channel, external_id, name, kind, towns) VALUES ('telegram', $1, $1, $2, $3) RETURNING id`, [ext, kind, towns])).rows[0]!.id;
  const weizhuangGroup = await group('-100weizhuang', 'staff', ['韦庄镇']);
  const jiaodaoGroup = await group('-100jiaodao', 'staff', ['交道镇']);
  const elderGroup = await group('-100elders', 'elder', []);
  return { zhang, li, wang, namesakeA, namesakeB, zhangDaughter, admin, weizhuangStaff, jiaodaoStaff, weizhuangGroup, jiaodaoGroup, elderGroup };
}

export type SeededDb = Seed & { db: Db };

/**
 * A fresh migrated database of this kind holding the seed people above, for every test of the
 * enclosing describe block or (`per: 'file'`) shared by them all; dropped afterwards. The fields
 * are filled by the hooks, so read them inside tests, not at describe time.
 */
export function useSeededDb(kind: TestDbKind, per: 'test' | 'file' = 'test'): SeededDb {
  const seeded = {} as SeededDb;
  let t: TestDb | undefined;
  (per === 'test' ? beforeEach : beforeAll)(async () => {
    t = await createTestDb(kind);
    Object.assign(seeded, await seed(t.db), { db: t.db });
  });
  (per === 'test' ? afterEach : afterAll)(async () => {
    await t?.cleanup();
  });
  return seeded;
}

/** ../shared/eval/elder-intents.dev.jsonl: what an elder says, the intent, and whether a case is due. */
export function elderIntentsDev(): { text: string; intent: string; case: boolean }[] {
  return fs
    .readFileSync(new URL('../../../shared/eval/elder-intents.dev.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; intent: string; case: boolean });
}

/** A knowledge base of one fact: enough to tell a grounded answer from a fallback. */
export function fakePolicy(): PolicyAnswerer & { questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    async answer(q: string): Promise<PolicyAnswer> {
      questions.push(q);
      if (/报销|医药费/.test(q)) {
        return {
          answer: '离休干部的医药费按规定实报实销。',
          grounded: true,
          citations: [{ title: '关于离休干部医疗保障的规定', docNumber: '陕老干发〔2020〕1号', article: '第五条', text: '离休干部医药费实报实销。', score: 1 }],
        };
      }
      return { answer: '', grounded: false, citations: [] };
    },
  };
}

/**
 * The staff notices the outbox holds, once each (the outbox writes one row per covering group), in
 * the order they were written. Tests read the real outbox rather than a fake notifier.
 */
export async function staffNotices(db: Queryable): Promise<{ towns: string[] | null; messages: OutboundMessage[] }[]> {
  const r = await db.query<{ towns: string[] | null; messages: { kind: string; text?: string }[] }>(
    `SELECT towns, messages FROM staff_notices WHERE target = 'group' GROUP BY towns, messages ORDER BY min(id)`,
  );
  return r.rows.map((row) => ({ towns: row.towns, messages: row.messages.map((m) => (m.kind === 'text' ? { kind: 'text' as const, text: m.text ?? '' } : { kind: 'text' as const, text: `[${m.kind}]` })) }));
}

let seq = 0;
export function msg(author: string, text: string, opts: Partial<InboundMessage> = {}): InboundMessage {
  seq += 1;
  return {
    id: `m${seq}-${Math.random().toString(36).slice(2)}`,
    channel: 'cli',
    threadId: 'cli',
    chatKind: 'private',
    author: { id: author },
    text,
    attachments: [],
    mentionsBot: true,
    receivedAt: new Date(),
    ...opts,
  };
}

export function texts(r: { replies: OutboundMessage[] } | { messages: OutboundMessage[] }): string {
  return ('replies' in r ? r.replies : r.messages).map((m) => (m.kind === 'text' ? m.text : `[${m.kind}]`)).join('\n');
}

export function makeAgent(db: Db, over: Partial<AgentDeps> = {}) {
  const policy = fakePolicy();
  let now = new Date('2026-03-10T02:00:00Z');
  const agent = createAgent({ db, config, log: silentLog, policy, now: () => now, brain: 'deterministic', ...over });
  return {
    agent,
    policy,
    notices: () => staffNotices(db),
    setNow: (d: Date) => void (now = d),
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
    say: (author: string, text: string, opts: Partial<InboundMessage> = {}) => agent.handle(msg(author, text, opts)),
  };
}
