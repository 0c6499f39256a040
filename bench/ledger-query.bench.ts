/**
 * Ledger questions at county scale: parse + query latency (p50/p95) for a mix of Chinese questions over
 * 100,000 generated elders on PostgreSQL, in a fresh database created and dropped here
 * (BENCH_DATABASE_URL / TEST_DATABASE_URL, default the machine's postgres). Target: p95 under 50 ms.
 */
import { openDatabase } from '../src/db/open-database.ts';
import { refreshLedgerStatistics } from '../src/ledgers/elder-repo.ts';
import { createScratchDatabase } from '../src/db/scratch-database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Db } from '../src/db/types.ts';
import { LedgerQueryService } from '../src/ledgers/query/run.ts';
import { PermissionError } from '../src/kernel/errors.ts';
import { refreshLunarBirthKeys } from '../src/ledgers/lunar-keys.ts';

const ELDERS = 100_000;
const ROUNDS = 15;
const TODAY = '2026-12-01';

const TOWNS = ['城关街道', '韦庄镇', '冯原镇', '王庄镇', '尧头镇', '赵庄镇', '交道镇', '寺前镇', '安里镇', '庄头镇', '罕井镇', '孙镇', '椿林镇', '兴镇', '龙阳镇', '洛滨镇', '陈庄镇', '党睦镇', '高阳镇', '永丰镇'];
const VILLAGE_SUFFIX = ['东', '西', '南', '北', '前', '后', '上', '下', '新', '老', '中', '大', '小', '高', '李'];
const SURNAMES = '王张李刘杨赵陈雷党白韦孙马高郭田周吴史冯何曹魏薛范宋贺罗黄常'.split('');
const GIVEN1 = '建振德守志文国长永保进明宏春树万玉庆秀桂淑翠凤惠丽冬素金月彩巧兰英梅芬萍琴敏华'.split('');
const GIVEN2 = '国华胜仁明斌强青福平财堂远生林山海丰兰英梅芬萍琴敏华珍花娥霞云芳荣贵祥'.split('');
const UNITS = ['县教育局', '县卫健局', '县财政局', '县人民医院', '县法院', '县委办公室', '县农业农村局', '县供销社', '县粮食局', '县水务局', '县第一中学', '县公安局', '县检察院', '县委组织部'];
const POSTS = ['科员', '副科长', '科长', '副局长', '局长', '校长', '主任', '会计', '教师', '医生', '所长', '调研员'];
const HEALTH = ['良好', '良好', '良好', '高血压', '糖尿病', '冠心病', '高血压、糖尿病', '慢性支气管炎', '脑梗后遗症', '关节炎', '白内障', '阿尔茨海默病', '肺癌', '骨质疏松', '帕金森病'];
const NEEDS = ['', '', '', '需要助餐服务', '想参加老年大学书法班', '希望定期上门看望', '需要医疗陪护', '希望解决医药费报销问题', '想找人聊聊天'];

const QUESTIONS = [
  '韦庄镇有哪些独居老干部？',
  '90岁以上的有几位？',
  '本月谁过生日？',
  '按镇统计患病老干部人数',
  '80到89岁的女同志有多少',
  '患有冠心病的老干部',
  '丧偶台账',
  '罕井镇罕井东村的老干部名单',
  '行动不便的女同志',
  '县公安局退休的老同志',
  '各年龄段人数',
  '下周过生日的老干部',
  '离休干部有多少人',
  '年龄最大的10位老干部',
  '需要助餐服务的老干部',
  '交道镇卧床的党员电话',
  // Staff questions beyond the plain filters (issue 14): lunar birthdays, two-way statistics,
  // averages, exclusions, either-or, visits.
  '这个月过农历生日的有哪些',
  '今年过整寿的老干部',
  '按镇和性别统计人数',
  '全县老干部平均年龄多大',
  '除了城关街道，其他镇90岁以上的老人有几位',
  '高血压或者糖尿病的女同志',
  '这个月还没走访的有几位',
  '韦庄镇独居老人里本月还没走访的',
];

let lunarKeys = { rows: 0, ms: 0 };

export async function generate(db: Db): Promise<number> {
  const pick = (arr: string) => `(${arr})[1 + floor(random() * array_length(${arr}, 1))::int]`;
  await db.query('SELECT setseed(0.42)');
  await db.query(
    `INSERT INTO elders (name, gender, birth_date, lunar_birthday, category, former_unit, former_post, party_member, party_branch,
                         town, village, address, phone, health, mobility, lives_alone, widowed, children, needs, status, death_date)
     SELECT ${pick('$1::text[]')} || ${pick('$2::text[]')} || ${pick('$3::text[]')},
            CASE WHEN random() < 0.55 THEN '男' ELSE '女' END,
            date '1924-01-01' + floor(random() * 14600)::int,
            random() < 0.2,
            CASE WHEN random() < 0.1 THEN '离休' ELSE '退休' END,
            ${pick('$4::text[]')}, ${pick('$5::text[]')},
            random() < 0.85,
            ($6::text[])[r.t] || '老干部党支部',
            ($6::text[])[r.t],
            left(($6::text[])[r.t], 2) || ($7::text[])[r.v] || '村',
            '某县' || ($6::text[])[r.t] || left(($6::text[])[r.t], 2) || ($7::text[])[r.v] || '村' || (1 + floor(random() * 99))::int || '号',
            '1' || (30 + floor(random() * 60))::int || lpad(floor(random() * 100000000)::bigint::text, 8, '0'),
            ${pick('$8::text[]')},
            CASE WHEN random() < 0.8 THEN '好' WHEN random() < 0.7 THEN '行动不便' ELSE '卧床' END,
            random() < 0.12, random() < 0.25,
            '子女' || (1 + floor(random() * 4))::int || '人',
            ${pick('$9::text[]')},
            CASE WHEN r.dead THEN '已故' ELSE '在世' END,
            CASE WHEN r.dead THEN date '2020-01-01' + floor(random() * 2000)::int END
       FROM generate_series(1, $10::int) AS i
       CROSS JOIN LATERAL (SELECT 1 + floor(random() * array_length($6::text[], 1))::int + 0 * i AS t,
                                  1 + floor(random() * array_length($7::text[], 1))::int + 0 * i AS v,
                                  random() + 0 * i < 0.03 AS dead) AS r
     ON CONFLICT DO NOTHING`,
    [SURNAMES, GIVEN1, GIVEN2, UNITS, POSTS, TOWNS, VILLAGE_SUFFIX, HEALTH, NEEDS, ELDERS],
  );
  // Six months of visits, about one in three elders visited each month (一进两看三查 at county scale).
  await db.query(
    `INSERT INTO visits (elder_id, visited_on, spirit)
     SELECT e.id, date '2026-12-01' - (floor(random() * 180))::int, '精神好'
       FROM elders e CROSS JOIN generate_series(1, 2) AS k WHERE random() < 0.9`,
  );
  // What an import does at its end (refreshLedgerStatistics): the lunar keys of the 农历 birthdays.
  const l0 = performance.now();
  lunarKeys = { rows: await refreshLunarBirthKeys(db), ms: Math.round(performance.now() - l0) };
  // A settled database (autovacuum has run): the visibility map lets counts use index-only scans.
  await db.query('VACUUM ANALYZE elders');
  await db.query('VACUUM ANALYZE visits');
  const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM elders');
  return n.rows[0]!.n;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function measure(service: LedgerQueryService, opts: { defaultLimit: number; scopeTowns: string[] | null }) {
  const times: number[] = [];
  const perQuestion: Record<string, { p50: number; total: number }> = {};
  // A staff member asking about another town is refused; that answer is timed like any other.
  const ask = (q: string) => service.ask(q, { today: TODAY, ...opts }).catch((e: unknown) => {
    if (e instanceof PermissionError) return { total: -1 };
    throw e;
  });
  for (const q of QUESTIONS) await ask(q); // warm caches and plans
  for (let round = 0; round < ROUNDS; round++)
    for (const q of QUESTIONS) {
      const t0 = performance.now();
      const r = await ask(q);
      const ms = performance.now() - t0;
      times.push(ms);
      (perQuestion[q] ??= { p50: 0, total: r.total }).p50 += ms / ROUNDS;
    }
  const sorted = [...times].sort((a, b) => a - b);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    samples: times.length,
    p50_ms: round1(percentile(sorted, 50)),
    p95_ms: round1(percentile(sorted, 95)),
    max_ms: round1(sorted.at(-1) ?? NaN),
    mean_by_question_ms: Object.fromEntries(Object.entries(perQuestion).map(([q, v]) => [q, { mean: round1(v.p50), total: v.total }])),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = await createScratchDatabase(adminUrl, 'jinqiu_bench_lq');
  const db = await openDatabase({ url: scratch.url, poolSize: 4 });
  try {
    await migrate(db);
    const t0 = performance.now();
    const elders = await generate(db);
    // What an import of that size does at its end (src/ledgers/import-ledger.ts).
    await refreshLedgerStatistics(db);
    const generateMs = Math.round(performance.now() - t0);
    const service = new LedgerQueryService(db);
    const g0 = performance.now();
    await service.gazetteer.get();
    const gazetteerMs = Math.round(performance.now() - g0);

    const page = await measure(service, { defaultLimit: 20, scopeTowns: null });
    const scoped = await measure(service, { defaultLimit: 20, scopeTowns: ['韦庄镇', '交道镇'] });
    const cliPage = await measure(service, { defaultLimit: 1000, scopeTowns: null });
    return {
      elders,
      generate_ms: generateMs,
      gazetteer_load_ms: gazetteerMs,
      lunar_keys: lunarKeys,
      target_p95_ms: 50,
      admin_page20: page,
      staff_two_towns_page20: { p50_ms: scoped.p50_ms, p95_ms: scoped.p95_ms, max_ms: scoped.max_ms },
      cli_page1000: { p50_ms: cliPage.p50_ms, p95_ms: cliPage.p95_ms, max_ms: cliPage.max_ms },
    };
  } finally {
    await db.close();
    await scratch.drop();
  }
}
