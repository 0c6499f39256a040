import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai.ts';
import { testDbKinds } from '../helpers/db.ts';
import { config, makeAgent, silentLog, texts, useSeededDb } from './fixtures.ts';
import { flat } from '../privacy/hostile-outputs.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { ingestPaths } from '../../src/knowledge/ingest.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/default-knowledge.ts';
import { createEmbedder } from '../../src/knowledge/embeddings.ts';
import { createPolicyAnswerer } from '../../src/knowledge/policy-answerer.ts';
import { createLlmQueryPlanner } from '../../src/ledgers/query/llm-planner.ts';
import { LedgerQueryService } from '../../src/ledgers/query/run.ts';
import { createLedgerStaffTools } from '../../src/ledgers/skills/index.ts';
import { createSpeaker } from '../../src/bots/voice/speech-client.ts';
import { ledgerModelGuard } from '../../src/privacy/model-guard.ts';

/**
 * Every request body that reaches the model endpoint (chat completions for the agent, the policy
 * writer and the ledger planner; embeddings; speech) during conversations full of personal data, read
 * back by the fake server: none may carry a ledger phone, an ID number, an address or an elder's name.
 */
const LEDGER_PHONES = ['13812341234', '13900005678', '15011112222', '13300001111', '13300002222', '18600001111'];
const LEDGER_NAMES = ['张建国', '李秀英', '王德明', '刘振华'];
const LEDGER_ADDRESSES = ['澄城县韦庄镇韦庄村1号', '澄城县交道镇樊家川村1号', '澄城县韦庄镇南社村1号'];
const TYPED = ['610525194003021234', '13862527601', '东关村3组12号'];

function found(body: string): string[] {
  const f = flat(body);
  return [...LEDGER_PHONES, ...TYPED, ...LEDGER_NAMES, ...LEDGER_ADDRESSES].filter((s) => body.includes(s) || f.includes(flat(s)));
}

describe.each(testDbKinds)('what leaves for the model endpoint (%s)', (kind) => {
  const s = useSeededDb(kind);

  it('carries no ledger phone, ID number, address or elder\'s name, in chat, embeddings or speech', async () => {
    const vector = (t: string) => Array.from({ length: 8 }, (_v, i) => ((t.charCodeAt(i % t.length) ?? 1) % 17) / 17 + 0.01);
    const fake = await startFakeOpenAI({
      chat: (body) => {
        const tools = ((body.tools ?? []) as { function: { name: string } }[]).map((x) => x.function.name);
        if (tools.includes('ledger_query')) return { tool_calls: [{ id: 'q', type: 'function', function: { name: 'ledger_query', arguments: JSON.stringify({ filters: { name: '[姓名1]' } }) } }] };
        if (tools.includes('open_case')) return { content: '好的，我知道了，有事随时叫我。' };
        if (tools.includes('ask_ledger')) return { tool_calls: [{ id: 'a', type: 'function', function: { name: 'ask_ledger', arguments: JSON.stringify({ question: '[姓名1]的电话是多少' }) } }] };
        return { content: '按规定办理[1]。' };
      },
      embeddings: (inputs) => inputs.map(vector),
      speech: () => Buffer.from('ID3fake'),
    });
    try {
      const cfg = { ...loadConfig({ OPENAI_BASE_URL: fake.baseURL, OPENAI_CHAT_MODEL: 'qwen-test', OPENAI_EMBEDDING_MODEL: 'emb-test', OPENAI_TTS_MODEL: 'tts-1', OPENAI_TIMEOUT_MS: '5000' }), ...config };
      const guard = ledgerModelGuard(s.db);
      await ingestPaths(s.db, [DEFAULT_KNOWLEDGE_DIR], { embedder: createEmbedder(cfg, guard)! });
      const policy = createPolicyAnswerer({ db: s.db, config: cfg, log: silentLog });
      const service = new LedgerQueryService(s.db, { planner: createLlmQueryPlanner(cfg, silentLog, guard)! });
      const tools = createLedgerStaffTools({ db: s.db, service });
      const a = makeAgent(s.db, { brain: 'auto', config: cfg, policy, staffCommands: tools.commands, staffSkills: tools.skills, floodLimit: 1000 });
      const speaker = (await createSpeaker(cfg, silentLog, guard))!;
      const said = [
        [`elder:${s.zhang}`, '小金你好，我是张建国，我的新电话是138.6252.7601'],
        [`elder:${s.zhang}`, '我搬家了，现在住澄城县韦庄镇东关村3组12号，身份证610525194003021234'],
        [`elder:${s.zhang}`, '李秀英和王德明最近身体咋样'],
        [`elder:${s.zhang}`, '低保怎么申请？'],
        [`elder:${s.li}`, '我住澄城县交道镇樊家川村1号，电话幺三九零零零零五六七八，医药费怎么报销'],
        [`family:${s.zhangDaughter}`, '我是张建国的女儿，电话18600001111，我爸住院了'],
        [`unknown:u1`, '刘振华的电话是13300001111吗'],
        [`staff:${s.admin}`, '王德明那个老同志电话多少来着'],
        [`staff:${s.admin}`, '查一下住在澄城县韦庄镇南社村1号的那位'],
        [`staff:${s.admin}`, '韦庄镇老干部的电话'],
      ] as const;
      for (const [who, words] of said) {
        const r = await a.say(who, words);
        // Each reply read aloud, as a voice reply would be.
        await speaker.speak(texts(r));
      }
      const paths = new Set(fake.requests.map((r) => r.path.replace(/\?.*$/, '')));
      expect([...paths].sort()).toEqual(['/audio/speech', '/chat/completions', '/embeddings']);
      const leaks = fake.requests.flatMap((r) => found(JSON.stringify(r.body)).map((x) => `${r.path}: ${x}`));
      expect(leaks).toEqual([]);
      // The placeholders did go out where the words were.
      expect(JSON.stringify(fake.requests.map((r) => r.body))).toContain('[姓名1]');
    } finally {
      await fake.close();
    }
  });
});
