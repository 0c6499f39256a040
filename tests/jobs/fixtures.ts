import crypto from 'node:crypto';
import type { Queryable } from '../../src/db/types.ts';
import type { OutboundMessage } from '../../src/chat/message.ts';
import type { Sender, SendOutcome, SendTarget } from '../../src/chat/sender.ts';
import { createLogger } from '../../src/kernel/logger.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const silentLog = createLogger('silent');
export const env = { tz: 'Asia/Shanghai', officeName: '县委老干部局' };
export const jobsConfig = (redis?: string) => ({ REDIS_URL: redis, JINQIU_TZ: 'Asia/Shanghai', JINQIU_OFFICE_NAME: '县委老干部局' });

export function uniquePrefix(file: string): string {
  return `jqt-${file}-${crypto.randomBytes(4).toString('hex')}`;
}

export interface ElderSeed {
  name: string;
  birth: string;
  lunar?: boolean;
  town?: string;
  gender?: '男' | '女';
  status?: '在世' | '已故';
  party?: boolean;
  alone?: boolean;
  widowed?: boolean;
  health?: string;
  /** 'telegram' | 'wechat' bind an elder account; 'family' binds a family member's account; none: no account. */
  account?: 'telegram' | 'wechat' | 'family';
}

export async function addElder(db: Queryable, e: ElderSeed): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO elders (name, gender, birth_date, lunar_birthday, town, status, death_date, party_member, lives_alone, widowed, health)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [e.name, e.gender ?? '男', e.birth, e.lunar ?? false, e.town ?? '韦庄镇', e.status ?? '在世', e.status === '已故' ? '2026-01-01' : null, e.party ?? true, e.alone ?? false, e.widowed ?? false, e.health ?? null],
  );
  const id = r.rows[0]!.id;
  if (e.account) {
    const channel = e.account === 'family' ? 'wechat' : e.account;
    await db.query(
      `INSERT INTO channel_accounts (channel, external_id, kind, elder_id, relation, bound_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [channel, `${e.account}-${id}`, e.account === 'family' ? 'family' : 'elder', id, e.account === 'family' ? '女儿' : null],
    );
  }
  return id;
}

/** Many elders at once (fault tests and the benchmark), all with a Telegram account and a birthday on `birth`. */
export async function addManyElders(db: Queryable, n: number, birth: string, town = '韦庄镇'): Promise<void> {
  await db.query(
    `WITH e AS (
       INSERT INTO elders (name, birth_date, town) SELECT '老人' || g, $2::date, $3 FROM generate_series(1, $1) g RETURNING id)
     INSERT INTO channel_accounts (channel, external_id, kind, elder_id, bound_at) SELECT 'telegram', 'tg-' || id, 'elder', id, now() FROM e`,
    [n, birth, town],
  );
}

export async function addStaffGroup(db: Queryable, name: string, towns: string[] = []): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO chat_groups (channel, external_id, name, kind, towns) VALUES ('telegram', $1, $2, 'staff', $3) RETURNING id`,
    [`grp-${name}`, name, towns],
  );
  return r.rows[0]!.id;
}

export interface SentRecord {
  target: SendTarget;
  text: string;
}

/** A Sender that records what it was asked to send; `behave` decides each outcome. */
export class FakeSender implements Sender {
  readonly sent: SentRecord[] = [];
  calls = 0;
  constructor(private behave: (t: SendTarget, callNo: number) => SendOutcome | Promise<SendOutcome> = () => ({ ok: true })) {}
  async send(target: SendTarget, messages: OutboundMessage[]): Promise<SendOutcome> {
    this.calls++;
    const out = await this.behave(target, this.calls);
    if (out.ok) for (const m of messages) this.sent.push({ target, text: m.kind === 'text' ? m.text : `[${m.kind}]` });
    return out;
  }
  to(threadId: string): string[] {
    return this.sent.filter((s) => s.target.threadId === threadId).map((s) => s.text);
  }
}

export async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs = 20_000, stepMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export async function statusCounts(db: Queryable): Promise<Record<string, number>> {
  const r = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`);
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
}
