import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { FakeAgent } from './helpers/fake-agent.ts';
import { seedPeople } from './helpers/seed.ts';
import type { Channel } from '../../src/chat/message.ts';
import { registerChatGroup } from '../../src/people/groups.ts';
import { text } from '../../src/chat/message.ts';
import type { SendTarget, Sender } from '../../src/chat/sender.ts';

/** What a platform saw the bot send back. */
export interface Sent {
  threadId: string;
  kind: 'text' | 'image' | 'file' | 'voice';
  text?: string;
}

/** Drives one adapter the way its platform would: events in, captured platform calls out. */
export interface ContractHarness {
  privateText(messageId: string, text: string): Promise<void>;
  /** mention=false: a group message not addressed to the bot. */
  groupText(messageId: string, text: string, mention: boolean): Promise<void>;
  sticker(messageId: string): Promise<void>;
  sent(): Sent[];
  /** The simulator's group is always addressed to the bot; real platforms are not. */
  unaddressedGroupMessages: boolean;
  /** false where the platform has no group chats the bot reads (服务号, WeCom app): the group case is skipped. */
  groups?: boolean;
  /** false where the platform cannot send files (服务号): the reply must then name the file in text. */
  files?: boolean;
  /**
   * The platform group groupText writes into. The bot answers only in registered groups, so the
   * contract registers it (as an elder group); the simulator registers its own staff group.
   */
  group?: { channel: Channel; externalId: string };
  close(): Promise<void>;
}

export type HarnessFactory = (ctx: { db: Db; agent: FakeAgent; people: Awaited<ReturnType<typeof seedPeople>> }) => Promise<ContractHarness>;

/** The behaviour every channel adapter must share; each adapter's test file runs it. */
export function adapterContract(name: string, make: HarnessFactory) {
  describe.each(testDbKinds)(`${name} adapter contract (%s)`, (kind) => {
    let t: TestDb;
    let agent: FakeAgent;
    let h: ContractHarness;
    beforeEach(async () => {
      t = await createTestDb(kind);
      agent = new FakeAgent();
      const people = await seedPeople(t.db);
      h = await make({ db: t.db, agent, people });
      if (h.group) await registerChatGroup(t.db, { ...h.group, kind: 'elder' });
    });
    afterEach(async () => {
      await h.close();
      await t.cleanup();
    });

    const texts = () => h.sent().filter((s) => s.kind === 'text').map((s) => s.text ?? '');

    it('turns a private text into a neutral message and sends the reply back', async () => {
      await h.privateText('m1', '医药费怎么报销？');
      expect(agent.seen).toHaveLength(1);
      const m = agent.seen[0]!;
      expect(m.chatKind).toBe('private');
      expect(m.mentionsBot).toBe(true);
      expect(m.text).toBe('医药费怎么报销？');
      expect(m.author.id).toBeTruthy();
      expect(texts()).toContain('收到：医药费怎么报销？');
    });

    it('handles the same message delivered twice only once', async () => {
      await h.privateText('dup-1', '你好');
      await h.privateText('dup-1', '你好');
      expect(agent.seen).toHaveLength(1);
      expect(texts().filter((x) => x === '收到：你好')).toHaveLength(1);
    });

    it('in a group answers only what is addressed to the bot', async () => {
      if (h.groups === false) return;
      if (h.unaddressedGroupMessages) {
        await h.groupText('g1', '大家下午好', false);
        expect(agent.seen).toHaveLength(0);
        expect(h.sent()).toHaveLength(0);
      }
      await h.groupText('g2', '韦庄镇有哪些独居老干部？', true);
      expect(agent.seen).toHaveLength(1);
      expect(agent.seen[0]!.chatKind).toBe('group');
      expect(agent.seen[0]!.text).toContain('韦庄镇有哪些独居老干部？');
      expect(agent.seen[0]!.text).not.toMatch(/@/);
      expect(texts().some((x) => x.includes('韦庄镇有哪些独居老干部？'))).toBe(true);
    });

    it('answers a sticker politely without bothering the agent', async () => {
      await h.sticker('s1');
      expect(agent.seen).toHaveLength(0);
      expect(texts().join('')).toMatch(/表情|文字|语音/);
    });

    it('keeps going after the agent fails, with a kind apology', async () => {
      await h.privateText('e1', '这句会出错');
      expect(texts().join('')).toMatch(/抱歉/);
      await h.privateText('e2', '还在吗');
      expect(texts()).toContain('收到：还在吗');
    });

    it('sends images and files the agent returns', async () => {
      await h.privateText('i1', '给我看图片');
      await h.privateText('f1', '导出台账');
      const kinds = h.sent().map((s) => s.kind);
      expect(kinds).toContain('image');
      if (h.files === false) expect(texts().join('\n')).toContain('台账.csv');
      else expect(kinds).toContain('file');
    });

    it('answers 200 KB of text politely', async () => {
      await h.privateText('big', '字'.repeat(200 * 1024));
      expect(agent.seen).toHaveLength(0);
      expect(texts().join('')).toMatch(/太长/);
    });
  });
}

/** What a send-only channel's fake saw (SMS, voice calls, WeCom robots). */
export interface SenderHarness {
  sender: Sender;
  /** Where a greeting goes on this channel (a phone number, a robot's name). */
  target: SendTarget;
  /** Requests the provider's fake accepted, with the text or template values it was given. */
  accepted(): { to: string; values: string[] }[];
  /** The provider's answer to the next send: the number is wrong for good, or a limit was hit. */
  failNext(kind: 'permanent' | 'limit'): void;
  close(): Promise<void>;
}

/**
 * The contract of channels the bot only sends on: a greeting reaches the provider once, carrying its
 * values; a wrong target is a permanent failure (never retried); a limit is a failure to retry later.
 */
export function senderContract(name: string, make: (ctx: { db: Db }) => Promise<SenderHarness>) {
  describe.each(testDbKinds)(`${name} sender contract (%s)`, (kind) => {
    let t: TestDb;
    let h: SenderHarness;
    beforeEach(async () => {
      t = await createTestDb(kind);
      h = await make({ db: t.db });
    });
    afterEach(async () => {
      await h.close();
      await t.cleanup();
    });
    const greeting = { purpose: 'greeting' as const, occasion: 'birthday', params: { 称呼: '王老', 姓名: '王秀兰', 场合: '生日', 日期: '2026年3月2日' } };

    it('sends a greeting once, with its values', async () => {
      const out = await h.sender.send(h.target, [text('王老，您好！今天是您的生日，祝您生日快乐！')], greeting);
      expect(out.ok).toBe(true);
      const got = h.accepted();
      expect(got).toHaveLength(1);
      expect(got[0]!.values.join(' ')).toMatch(/王老/);
    });

    it('a wrong target fails for good, a limit fails for later', async () => {
      h.failNext('permanent');
      const bad = await h.sender.send(h.target, [text('您好')], greeting);
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.permanent).toBe(true);
      h.failNext('limit');
      const later = await h.sender.send(h.target, [text('您好')], greeting);
      expect(later.ok).toBe(false);
      if (!later.ok) {
        expect(later.permanent).toBe(false);
        expect(later.retryAfterMs ?? 0).toBeGreaterThan(0);
      }
      expect(h.accepted()).toHaveLength(0);
    });
  });
}
