import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatorServer, type SimulatorServer } from '../../src/bots/simulator/server.ts';
import { createTestDb, testDbKinds, type TestDb } from '../helpers/db.ts';
import { adapterContract, type Sent } from './adapter-contract.ts';
import { FakeAgent, silentLog } from './helpers/fake-agent.ts';
import { seedPeople } from './helpers/seed.ts';
import { spokenWav, wavInMultipart } from './helpers/audio.ts';
import { startFakeOpenAI } from '../helpers/fake-openai.ts';
import { webClient, type WebClient } from '../helpers/web-client.ts';
import { runPipe } from '../../src/bots/voice/audio-convert.ts';
import { createTranscriber, espeakSpeaker } from '../../src/bots/voice/speech-client.ts';
import { readAudit } from '../../src/privacy/audit.ts';

const config = { JINQIU_HTTP_HOST: '127.0.0.1', JINQIU_HTTP_PORT: 0 };

async function events(web: WebClient, thread: string) {
  return ((await web.json(`/api/events?thread=${encodeURIComponent(thread)}&after=0`)) as { events: any[] }).events;
}

adapterContract('simulator', async ({ db, agent, people }) => {
  const sim = await createSimulatorServer({ db, agent, config, log: silentLog });
  const web = await webClient(sim.url);
  const elder = `elder:${people.elderId}`;
  const staff = `staff:${people.staffId}`;
  const sent: Sent[] = [];
  const after: Record<string, number> = {};
  // The page's view: what the bot put on a thread, read back over HTTP as the browser does.
  const send = async (identity: string, thread: 'private' | 'group', id: string, text: string) => {
    await web.post('/api/messages', { id, identity, thread, text });
    const threadId = thread === 'group' ? 'staff-group' : identity;
    for (const ev of await events(web, threadId)) {
      if (ev.seq <= (after[threadId] ?? 0)) continue;
      after[threadId] = ev.seq;
      if (ev.authorId === 'bot') for (const it of ev.items) sent.push({ threadId, kind: it.kind, text: it.text });
    }
  };
  return {
    unaddressedGroupMessages: false,
    privateText: (id, text) => send(elder, 'private', id, text),
    groupText: (id, text) => send(staff, 'group', id, text),
    // The page has no sticker picker; the nearest thing it can send is a message with nothing typed.
    sticker: (id) => send(elder, 'private', id, ''),
    sent: () => sent,
    close: () => sim.close(),
  };
});

describe.each(testDbKinds)('simulator page server (%s)', (kind) => {
  let t: TestDb;
  let sim: SimulatorServer;
  let agent: FakeAgent;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  let web: WebClient;
  beforeEach(async () => {
    t = await createTestDb(kind);
    people = await seedPeople(t.db);
    agent = new FakeAgent();
    sim = await createSimulatorServer({ db: t.db, agent, config, log: silentLog, wechatStatus: () => ({ state: 'scan', qrcode: 'https://login.weixin.qq.com/l/test' }) });
    web = await webClient(sim.url);
  });
  afterEach(async () => {
    await sim.close();
    await t.cleanup();
  });

  it('serves the phone page and lists identities from the ledger', async () => {
    const page = await (await fetch(sim.url)).text();
    expect(page).toContain('金秋');
    const { identities } = (await web.json('/api/identities')) as { identities: { id: string; kind: string; name: string }[] };
    expect(identities.map((i) => i.name)).toEqual(expect.arrayContaining(['王秀兰', '李建国', '王小明', '赵干事', '陌生访客']));
    // The list names the ledger's people: who asked (the address), which elders, how many.
    const [read] = await readAudit(t.db, { action: 'simulator.identities' });
    expect(read).toMatchObject({ actor: expect.stringMatching(/^web:(127\.0\.0\.1|::ffff:127\.0\.0\.1)$/), rowCount: identities.length });
    expect(read!.elderIds).toContain(Number(people.elderId));
  });

  it('binds the chosen identity as a web account the agent can recognise', async () => {
    const r = await web.post('/api/identity', { identity: `family:${people.familyId}` });
    expect(r.json.kind).toBe('family');
    const acc = await t.db.query<{ kind: string; elder_id: string }>(`SELECT kind, elder_id::text FROM channel_accounts WHERE channel = 'web' AND external_id = $1`, [`family:${people.familyId}`]);
    expect(acc.rows[0]).toEqual({ kind: 'family', elder_id: people.elderId });
    const g = await t.db.query(`SELECT kind FROM chat_groups WHERE channel = 'web' AND external_id = 'staff-group'`);
    expect(g.rows[0]).toEqual({ kind: 'staff' });
  });

  it('refuses an elder in the staff group and an identity that does not exist', async () => {
    expect((await web.post('/api/messages', { id: 'x1', identity: `elder:${people.elderId}`, thread: 'group', text: '你好' })).status).toBe(403);
    expect((await web.post('/api/messages', { id: 'x2', identity: 'elder:999999', thread: 'private', text: '你好' })).status).toBe(400);
    expect(agent.seen).toHaveLength(0);
  });

  it('shows the WeChat login QR code when WeChat is waiting for a scan', async () => {
    const w = (await web.json('/api/wechat')) as { state: string; qrSvg?: string };
    expect(w.state).toBe('scan');
    expect(w.qrSvg).toMatch(/^<svg/);
  });

  it('puts proactive notices on the group thread', async () => {
    await sim.adapter.deliver({ channel: 'web', threadId: 'staff-group', chatKind: 'group' }, [{ kind: 'text', text: '【新诉求】JY-2026-0001' }]);
    await web.post('/api/identity', { identity: `staff:${people.staffId}` });
    const evs = await events(web, 'staff-group');
    expect(evs.at(-1).items[0].text).toContain('JY-2026-0001');
  });

  it('transcribes a browser recording (WebM/Opus), shows 您说的是, and speaks the answer as MP3 when 语音回复 is on', async () => {
    const openai = await startFakeOpenAI({ transcriptions: () => '体检安排在什么时候' });
    const sim2 = await createSimulatorServer({
      db: t.db, agent, config, log: silentLog, speaker: espeakSpeaker(),
      transcriber: createTranscriber({ OPENAI_BASE_URL: openai.baseURL, OPENAI_TRANSCRIBE_MODEL: 'whisper-1', OPENAI_TIMEOUT_MS: 10_000 }),
    });
    try {
      const webm = await runPipe('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-c:a', 'libopus', '-f', 'webm', 'pipe:1'], await spokenWav('体检安排在什么时候'));
      const identity = `elder:${people.elderId}`;
      const web2 = await webClient(sim2.url);
      await web2.post('/api/voice-reply', { identity, on: true });
      const r = await web2.post('/api/messages', { id: 'v1', identity, thread: 'private', text: '', voice: { base64: webm.toString('base64'), mimeType: 'audio/webm;codecs=opus' } });
      expect(r.json).toMatchObject({ status: 'answered', transcript: '体检安排在什么时候' });
      expect(wavInMultipart(openai.requests[0]!.body as Buffer)).toEqual({ sampleRate: 16000, channels: 1 });
      const evs = await events(web2, identity);
      const mine = evs.find((e) => e.authorId === identity);
      expect(mine.items[0].kind).toBe('voice');
      const bot = evs.find((e) => e.authorId === 'bot');
      expect(bot.items.map((i: any) => i.kind)).toEqual(['text', 'text', 'voice']);
      expect(bot.items[0].text).toBe('您说的是：体检安排在什么时候');
      const audio = await web2.get(bot.items[2].url);
      expect(audio.headers.get('content-type')).toBe('audio/mpeg');
      expect((await audio.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      // Every read of personal data on this path is in the audit log: the speech requests both ways,
      // the thread's messages read over HTTP, the recording downloaded.
      const audit = await readAudit(t.db);
      const speech = audit.filter((a) => a.action.startsWith('speech.'));
      expect(speech.map((a) => [a.action, a.actor, a.rowCount])).toEqual([
        ['speech.transcribe', `web:${identity}`, 1],
        ['speech.synthesize', `web:${identity}`, 1],
      ]);
      expect(speech[0]!.query).toMatchObject({ bytes: webm.length, mimeType: 'audio/webm' });
      const reads = audit.filter((a) => a.action === 'simulator.events');
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((a) => /^web:/.test(a.actor) && a.elderIds.includes(Number(people.elderId)) && a.rowCount! > 0)).toBe(true);
      expect(audit.filter((a) => a.action === 'simulator.blob').map((a) => a.query)).toEqual([expect.objectContaining({ mimeType: 'audio/mpeg' })]);
    } finally {
      await sim2.close();
      await openai.close();
    }
  });
});
