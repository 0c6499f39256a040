import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.ts';
import { config, makeAgent, texts, useSeededDb } from './fixtures.ts';
import type { StaffSkill } from '../../src/chat/staff-command.ts';
import { text } from '../../src/chat/message.ts';
import { InputError } from '../../src/kernel/errors.ts';

/** The LLM brain against a local server speaking the chat-completions wire format, with scripted tool calls. */
type Script = (body: any) => unknown;

const call = (name: string, args: unknown) => ({
  tool_calls: [{ id: `call_${name}`, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } }],
});

describe('LLM brain', () => {
  let fake: FakeOpenAI;
  let script: Script = () => ({ content: '您好！' });
  const s = useSeededDb('pglite');
  beforeAll(async () => {
    fake = await startFakeOpenAI({ chat: (body) => script(body) });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const llmAgent = (over: Parameters<typeof makeAgent>[1] = {}, timeoutMs = 2000) =>
    makeAgent(s.db, { brain: 'auto', config: { ...config, OPENAI_BASE_URL: fake.baseURL, OPENAI_CHAT_MODEL: 'qwen-test', OPENAI_TIMEOUT_MS: timeoutMs }, ...over });
  const toolNames = (i = 0) => (fake.requests[i]!.body.tools as { function: { name: string } }[]).map((x) => x.function.name).sort();

  it('an elder gets case and policy tools, never a ledger tool; the model opens the case, code numbers it', async () => {
    script = () => call('open_case', { kind: 'jieyou', summary: '心里不舒坦，想找人唠唠' });
    const a = llmAgent();
    const r = await a.say(`elder:${s.zhang}`, '这几天心里头不大舒坦，想跟人唠唠');
    expect(toolNames()).toEqual(['answer_policy', 'open_case', 'show_menu']);
    expect(r.intent).toBe('jieyou');
    expect(r.caseId).toBe('JY-2026-0001');
    expect(texts(r)).toContain('JY-2026-0001');
    const row = (await s.db.query<{ elder_id: number; summary: string }>(`SELECT elder_id, summary FROM cases`)).rows[0];
    expect(row).toEqual({ elder_id: s.zhang, summary: '心里不舒坦，想找人唠唠' });
    // The model saw the message and a role word, nothing from the ledger.
    const sent = JSON.stringify(fake.requests[0]!.body.messages);
    for (const secret of ['张建国', '13812341234', '韦庄', '糖尿病']) expect(sent).not.toContain(secret);
    expect(fake.requests[0]!.body.model).toBe('qwen-test');
    // Validated by zod: the schema the model was given is the one the arguments are checked against.
    const openCase = (fake.requests[0]!.body.tools as any[]).find((x) => x.function.name === 'open_case');
    expect(openCase.function.parameters.properties.kind.enum).toEqual(['jieyou', 'legal', 'life_event', 'handoff']);
  });

  it('unknown people get policy, menu and binding tools only', async () => {
    script = () => call('how_to_bind', {});
    const r = await llmAgent().say('unknown:u', '我要怎么绑定啊老师');
    expect(toolNames()).toEqual(['answer_policy', 'how_to_bind', 'show_menu']);
    expect(texts(r)).toContain('绑定码');
  });

  it('staff get a ledger tool whose result goes to the person, not back to the model', async () => {
    const asked: string[] = [];
    const skill: StaffSkill = {
      name: 'ledger',
      intent: 'staff_ledger',
      async handle(ctx) {
        asked.push(ctx.msg.text);
        return ctx.msg.text === '韦庄镇有哪些独居老干部' ? { replies: [text('王德明 15011112222')], intent: 'staff_ledger' } : null;
      },
    };
    script = () => call('ask_ledger', { question: '韦庄镇有哪些独居老干部' });
    const r = await llmAgent({ staffSkills: [skill] }).say(`staff:${s.weizhuangStaff}`, '韦庄那边一个人过日子的老同志都有谁');
    expect(toolNames()).toEqual(['answer_policy', 'ask_ledger', 'list_open_cases']);
    expect(texts(r)).toContain('王德明');
    expect(asked).toEqual(['韦庄那边一个人过日子的老同志都有谁', '韦庄镇有哪些独居老干部']);
    expect(fake.requests).toHaveLength(1);
  });

  it('a staff skill\'s error on the rephrased question is told to the staff member, as without the model', async () => {
    const skill: StaffSkill = {
      name: 'ledger',
      intent: 'staff_ledger',
      async handle(ctx) {
        if (ctx.msg.text === '某某镇有哪些独居老干部') throw new InputError('unknown town 某某镇', '台账里没有某某镇。');
        return null;
      },
    };
    script = () => call('ask_ledger', { question: '某某镇有哪些独居老干部' });
    const r = await llmAgent({ staffSkills: [skill] }).say(`staff:${s.weizhuangStaff}`, '某某镇那边一个人过的都有谁');
    expect(r).toMatchObject({ intent: 'staff_ledger_error' });
    expect(texts(r)).toBe('台账里没有某某镇。');
  });

  it('answers small talk with the model\'s words', async () => {
    script = () => ({ content: '您好！今天精神怎么样？有事随时叫我。' });
    const r = await llmAgent().say(`elder:${s.zhang}`, '小金你好');
    expect(r.intent).toBe('greeting');
    expect(texts(r)).toBe('您好！今天精神怎么样？有事随时叫我。');
  });

  it.each([
    ['the endpoint fails', () => 500],
    ['the model calls a tool it was not given', () => call('ask_ledger', { question: '所有老人的电话' })],
    ['the arguments break the schema', () => call('open_case', { kind: 'export_all', summary: 'x' })],
    ['the arguments are not JSON', () => call('open_case', '{kind: jieyou')],
    ['the model chats instead of opening a case', () => ({ content: '别难过，一切都会好的。' })],
    ['the model makes up a phone number', () => ({ content: '请打13812341234找张建国' })],
  ])('falls back to the deterministic brain when %s', async (_name, reply) => {
    script = reply as Script;
    const r = await llmAgent().say(`elder:${s.zhang}`, '一个人在家太孤单了');
    expect(fake.requests.length).toBe(1);
    expect(r.intent).toBe('jieyou');
    expect(r.caseId).toBe('JY-2026-0001');
    expect(texts(r)).not.toContain('13812341234');
  });

  it('falls back when the endpoint is too slow', async () => {
    const slow = await startFakeOpenAI({ chat: () => ({ content: '太慢了' }), delayMs: 1500 });
    try {
      const a = makeAgent(s.db, { brain: 'auto', config: { ...config, OPENAI_BASE_URL: slow.baseURL, OPENAI_CHAT_MODEL: 'm', OPENAI_TIMEOUT_MS: 200 } });
      const started = Date.now();
      const r = await a.say(`elder:${s.zhang}`, '你好');
      expect(Date.now() - started).toBeLessThan(1400);
      expect(texts(r)).toContain('您好');
      expect(texts(r)).not.toContain('太慢了');
    } finally {
      await slow.close();
    }
  });

  it('danger never waits for the model', async () => {
    script = () => ({ content: '好的' });
    const r = await llmAgent().say(`elder:${s.zhang}`, '我不想活了');
    expect(fake.requests).toHaveLength(0);
    expect(texts(r)).toContain('110');
    expect(r.caseId).toMatch(/^JY-/);
  });
});
