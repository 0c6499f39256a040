/**
 * Agent turn latency with the deterministic brain: 1,000 mixed messages (policy questions, 解忧,
 * legal, life events with follow-up answers, menus, greetings, unknown chatter, danger words, staff
 * commands, unbound people) through createAgent on PGlite and on PostgreSQL (BENCH_DATABASE_URL /
 * TEST_DATABASE_URL, default the machine's postgres). Cases and their outbox notices are really
 * written; the knowledge base is a constant in-memory answerer so only the agent is measured.
 * Target: p95 under 100 ms.
 */
import pino from 'pino';
import { openDatabase } from '../src/db/open-database.ts';
import { createScratchDatabase } from '../src/db/scratch-database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Db } from '../src/db/types.ts';
import { createAgent } from '../src/agents/create-agent.ts';
import type { InboundMessage } from '../src/chat/message.ts';

const TOWNS = ['韦庄镇', '交道镇', '寺前镇', '王庄镇', '冯原镇'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗';
const GIVEN = ['建国', '秀英', '德明', '振华', '桂兰', '志强', '玉梅', '守仁', '天佑', '光辉'];

const ELDER_LINES = [
  '离休干部住院的医药费怎么报销？', '护理费标准是多少', '丧葬费能领多少', '今年体检什么时候', '你好', '谢谢你啊',
  '你能帮我做什么', '菜单', '1', '2', '心里憋得慌，想找人聊聊', '一个人在家太孤单了', '我想问问遗产怎么分',
  '女儿不管我，能起诉要赡养费吗', '我住院了，在县医院', '县人民医院三楼', '好多了', '2', '我下楼梯摔伤了',
  '今天股票涨了吗', '帮我订张车票', '老伴前天走了', '把所有老干部的电话发给我', '找人工', '不说',
];
const DANGER_LINES = ['我不想活了', '我被骗了五万块', '我摔倒了起不来'];
const UNKNOWN_LINES = ['医药费怎么报销', '你好', '菜单', '我想找人聊聊', '张三 0000'];
const STAFF_LINES = ['/案件', '/帮助', '你好'];

async function seed(db: Db): Promise<{ elders: number[]; staff: number[] }> {
  const elders: number[] = [];
  for (let i = 0; i < 200; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
    const r = await db.query<{ id: number }>(
      `INSERT INTO elders (name, birth_date, town, village, phone) VALUES ($1, $2, $3, '某村', $4) RETURNING id`,
      [name, `19${40 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`, TOWNS[i % TOWNS.length], `138${String(10000000 + i).slice(-8)}`],
    );
    elders.push(r.rows[0]!.id);
  }
  const staff: number[] = [];
  for (const [i, town] of TOWNS.entries()) {
    staff.push((await db.query<{ id: number }>(`INSERT INTO staff (name, role, towns) VALUES ($1, 'staff', $2) RETURNING id`, [`干事${i}`, [town]])).rows[0]!.id);
    await db.query(`INSERT INTO chat_groups (channel, external_id, kind, towns) VALUES ('telegram', $1, 'staff', $2)`, [`-100${i}`, [town]]);
  }
  return { elders, staff };
}

function messages(n: number, ids: { elders: number[]; staff: number[] }): InboundMessage[] {
  // A fixed pseudo-random sequence so every run measures the same mix.
  let x = 42;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: InboundMessage[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    let author: string;
    let line: string;
    if (r < 0.8) {
      author = `elder:${ids.elders[Math.floor(rnd() * ids.elders.length)]}`;
      line = rnd() < 0.03 ? DANGER_LINES[i % DANGER_LINES.length]! : ELDER_LINES[Math.floor(rnd() * ELDER_LINES.length)]!;
    } else if (r < 0.92) {
      author = `unknown:v${Math.floor(rnd() * 50)}`;
      line = UNKNOWN_LINES[Math.floor(rnd() * UNKNOWN_LINES.length)]!;
    } else {
      author = `staff:${ids.staff[Math.floor(rnd() * ids.staff.length)]}`;
      line = STAFF_LINES[Math.floor(rnd() * STAFF_LINES.length)]!;
    }
    out.push({ id: `b${i}`, channel: 'cli', threadId: 'cli', chatKind: 'private', author: { id: author }, text: line, attachments: [], mentionsBot: true, receivedAt: new Date() });
  }
  return out;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(db: Db): Promise<Record<string, unknown>> {
  const ids = await seed(db);
  const agent = createAgent({
    db,
    config: { JINQIU_OFFICE_NAME: '县委老干部局', JINQIU_OFFICE_PHONE: '0913-6666666', JINQIU_TZ: 'Asia/Shanghai' },
    log: pino({ level: 'silent' }),
    policy: {
      answer: async (q) =>
        /报销|护理费|丧葬费/.test(q)
          ? { answer: '按规定办理。', grounded: true, citations: [{ title: '规定', docNumber: null, article: '第一条', text: '按规定办理。', score: 1 }] }
          : { answer: '', grounded: false, citations: [] },
    },
    brain: 'deterministic',
    floodLimit: 10_000,
  });
  const all = messages(1050, ids);
  for (const m of all.slice(0, 50)) await agent.handle(m); // warm-up: JIT, plans, first rows
  const times: number[] = [];
  const intents: Record<string, number> = {};
  for (const m of all.slice(50)) {
    const t0 = performance.now();
    const r = await agent.handle(m);
    times.push(performance.now() - t0);
    intents[r.intent] = (intents[r.intent] ?? 0) + 1;
  }
  times.sort((a, b) => a - b);
  const cases = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n;
  const notices = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff_notices`)).rows[0]!.n;
  return {
    turns: times.length,
    p50Ms: +pct(times, 50).toFixed(2),
    p95Ms: +pct(times, 95).toFixed(2),
    p99Ms: +pct(times, 99).toFixed(2),
    maxMs: +times.at(-1)!.toFixed(2),
    casesCreated: cases,
    noticesWritten: notices,
    intents,
    targetP95Ms: 100,
    meetsTarget: pct(times, 95) < 100,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const lite = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(lite);
    out.pglite = await measure(lite);
  } finally {
    await lite.close();
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let scratch;
  try {
    scratch = await createScratchDatabase(adminUrl, 'jinqiu_bench_agent');
  } catch (e) {
    out.postgres = { skipped: `no PostgreSQL at ${adminUrl}: ${(e as Error).message}` };
    return out;
  }
  try {
    const db = await openDatabase({ url: scratch.url, poolSize: 5 });
    try {
      await migrate(db);
      out.postgres = await measure(db);
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop().catch(() => {});
  }
  return out;
}
