import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.ts';
import { config, makeAgent, texts, useSeededDb } from './fixtures.ts';
import { HOSTILE_OUTPUTS, leaks } from '../privacy/hostile-outputs.ts';
import { createSpeaker } from '../../src/bots/voice/speech-client.ts';
import { ledgerModelGuard } from '../../src/privacy/model-guard.ts';

/**
 * A hostile model behind the OpenAI wire format: whatever it writes, a person never sees a phone, an
 * ID number, an address, another elder's name or a foreign link from it, a speech engine never reads
 * one, and it cannot open a case the speaker did not ask for.
 */
type Script = (body: any) => unknown;

const call = (name: string, args: unknown) => ({ tool_calls: [{ id: `call_${name}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });

describe('a hostile model', () => {
  let fake: FakeOpenAI;
  let script: Script = () => ({ content: '您好！' });
  const s = useSeededDb('pglite', 'file');
  beforeAll(async () => {
    fake = await startFakeOpenAI({ chat: (body) => script(body), speech: () => Buffer.from('ID3fake-mp3') });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const llmConfig = () => ({ ...config, OPENAI_BASE_URL: fake.baseURL, OPENAI_CHAT_MODEL: 'qwen-test', OPENAI_TIMEOUT_MS: 5000, JINQIU_MODEL_LINK_HOSTS: ['gov.cn'] });
  const llmAgent = () => makeAgent(s.db, { brain: 'auto', config: llmConfig(), floodLimit: 10_000 });

  it('a clean reply of the model reaches the person (the check below can fail)', async () => {
    script = () => ({ content: '您好！今天天气不错，有事随时叫我。' });
    const r = await llmAgent().say(`elder:${s.zhang}`, '小金你好');
    expect(texts(r)).toBe('您好！今天天气不错，有事随时叫我。');
  });

  it(`none of ${HOSTILE_OUTPUTS.length} hostile replies reaches the person in any form`, async () => {
    const a = llmAgent();
    const reached: string[] = [];
    for (const h of HOSTILE_OUTPUTS) {
      script = () => ({ content: `您好！${h.text}。` });
      const r = await a.say(`elder:${s.zhang}`, '小金你好');
      if (leaks(texts(r), h.secret)) reached.push(`${h.label}: ${texts(r)}`);
    }
    expect(fake.requests).toHaveLength(HOSTILE_OUTPUTS.length);
    expect(reached).toEqual([]);
  });

  it('hostile words inside a case summary are hidden from the staff notice', async () => {
    script = () => call('open_case', { kind: 'jieyou', summary: '老人想聊天，请回电幺三八六二五二七六零一，详见 https://evil.example.com/x' });
    const r = await llmAgent().say(`elder:${s.li}`, '这几天心里头不大舒坦，想跟人唠唠');
    expect(r.caseId).toMatch(/^JY-/);
    const row = (await s.db.query<{ summary: string }>(`SELECT summary FROM cases WHERE number = $1`, [r.caseId])).rows[0]!;
    expect(leaks(row.summary, '13862527601')).toBe(false);
    expect(row.summary).not.toContain('evil.example.com');
    expect(row.summary).toContain('老人想聊天');
  });

  it('the speech engine reads none of the hostile outputs, nor a ledger list', async () => {
    const speaker = (await createSpeaker({ OPENAI_BASE_URL: fake.baseURL, OPENAI_TTS_MODEL: 'tts-1', OPENAI_TIMEOUT_MS: 5000 }, undefined, ledgerModelGuard(s.db)))!;
    for (const h of HOSTILE_OUTPUTS) await speaker.speak(`好的，记下了。\n${h.text}`);
    await speaker.speak('韦庄镇的老干部共2位：\n1. 张建国 男 86岁 韦庄村 13812341234\n2. 王德明 男 87岁 南社村 150****2222\n请按时走访。');
    const inputs = fake.requests.filter((q) => q.path.startsWith('/audio/speech')).map((q) => q.body.input as string);
    expect(inputs).toHaveLength(HOSTILE_OUTPUTS.length + 1);
    const heard = HOSTILE_OUTPUTS.filter((h, i) => leaks(inputs[i]!, h.secret)).map((h) => h.label);
    expect(heard).toEqual([]);
    for (const i of inputs.slice(0, -1)) expect(i).toMatch(/^好的，记下了。/);
    const list = inputs.at(-1)!;
    for (const secret of ['张建国', '王德明', '13812341234', '2222', '南社村']) expect(list).not.toContain(secret);
    expect(list).toContain('请按时走访');
  });
});

describe('a model cannot open a case the speaker did not ask for', () => {
  let fake: FakeOpenAI;
  let script: Script = () => ({ content: '好的' });
  const s = useSeededDb('pglite');
  beforeAll(async () => {
    fake = await startFakeOpenAI({ chat: (body) => script(body) });
  });
  afterAll(async () => {
    await fake.close();
  });
  const agent = () => makeAgent(s.db, { brain: 'auto', config: { ...config, OPENAI_BASE_URL: fake.baseURL, OPENAI_CHAT_MODEL: 'qwen-test', OPENAI_TIMEOUT_MS: 5000 } });
  const cases = async () => (await s.db.query<{ number: string; subkind: string | null }>(`SELECT number, subkind FROM cases ORDER BY id`)).rows;
  const holds = async () => (await s.db.query(`SELECT 1 FROM greeting_holds WHERE released_at IS NULL`)).rows.length;

  it.each([
    ['open_case{life_event, 病故}', { kind: 'life_event', subkind: '病故', summary: '老人已去世' }],
    ['open_case{life_event, 住院}', { kind: 'life_event', subkind: '住院', summary: '老人住院了' }],
    ['open_case{life_event} without a subkind', { kind: 'life_event', summary: '家里出事了' }],
    ['open_case{handoff, 病故}: a death slipped under another kind', { kind: 'handoff', subkind: '病故', summary: '老人去世，请处理后事' }],
  ])('after "你喜欢什么颜色", %s opens nothing and holds no greeting', async (_name, args) => {
    script = () => call('open_case', args);
    const r = await agent().say(`family:${s.zhangDaughter}`, '你喜欢什么颜色');
    expect(fake.requests.at(-1)!.path).toBe('/chat/completions');
    expect(r.caseId).toBeUndefined();
    expect(await cases()).toEqual([]);
    expect(await holds()).toBe(0);
    expect(texts(r)).not.toMatch(/SJ-|RG-|节哀/);
  });

  it('a death the speaker tells is opened by the frame reader, with the hold and the staff confirmation', async () => {
    script = () => call('open_case', { kind: 'life_event', subkind: '住院', summary: '随便写的' });
    const r = await agent().say(`family:${s.zhangDaughter}`, '我爸今天早上走了');
    expect(r.caseId).toMatch(/^SJ-/);
    expect(await cases()).toEqual([{ number: r.caseId, subkind: '病故' }]);
    expect(await holds()).toBe(1);
  });
});
