import type { Db, Queryable } from '../db/types.ts';
import { getSetting, setSetting } from '../db/settings.ts';
import type { ElderInput } from './elder-fields.ts';
import { upsertElders } from './elder-repo.ts';
import { removeDemoPeople, seedDemoPeople } from '../people/staff.ts';

/**
 * A deterministic ledger of invented elders for a newcomer's first start: the same seed and day
 * give the same people, and a few birthdays always fall in the coming week so the scheduler has
 * something to show. Every name, phone and address here is made up.
 */
const TOWNS: Record<string, string[]> = {
  城关街道: ['东关社区', '西关社区', '北关社区', '南关社区'],
  韦庄镇: ['韦庄村', '南社村', '王家河村'],
  冯原镇: ['冯原村', '南串村', '东白村'],
  王庄镇: ['王庄村', '堡城村', '长宁村'],
  尧头镇: ['尧头村', '西河村', '坡头村'],
  赵庄镇: ['赵庄村', '庄子村', '北城村'],
  交道镇: ['交道村', '樊家川村', '东观村'],
  寺前镇: ['寺前村', '铁佛村', '北社村'],
  安里镇: ['安里村', '郊城堡村', '孔家坡村'],
  庄头镇: ['庄头村', '刘家洼村', '清水村'],
};
const SURNAMES = '王张李刘杨赵陈雷党白韦孙马高郭田周吴史冯何曹魏薛范宋贺'.split('');
const MALE = ['建国', '振华', '德胜', '守仁', '志明', '文斌', '国强', '长青', '永福', '保平', '进财', '明堂', '宏远', '春生', '树林', '万山', '玉海', '庆丰'];
const FEMALE = ['秀兰', '桂英', '玉梅', '淑芬', '翠萍', '凤琴', '惠敏', '丽华', '冬梅', '素珍', '金花', '月娥', '彩霞', '巧云'];
const UNITS = ['县教育局', '县卫健局', '县财政局', '县人民医院', '县法院', '县委办公室', '县农业农村局', '县供销社', '县粮食局', '县水务局', '县第一中学', '县公安局'];
const POSTS = ['科员', '副科长', '科长', '副局长', '局长', '校长', '主任', '会计', '教师', '医生', '所长'];
const ILLNESS = ['高血压', '糖尿病', '冠心病', '慢性支气管炎', '脑梗后遗症', '关节炎', '白内障', '阿尔茨海默病', '肺气肿', '前列腺增生'];
const NEEDS = ['希望定期上门量血压', '想参加老年大学书法班', '需要帮忙代购药品', '希望子女多回家', '想了解医药费报销', '需要理发上门服务', ''];

/** mulberry32: small, fast, and the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function generateDemoElders(count: number, today: string, seed = 20261128): ElderInput[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const towns = Object.keys(TOWNS);
  const seen = new Set<string>();
  const out: ElderInput[] = [];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  for (let i = 0; out.length < count; i++) {
    const gender = r() < 0.7 ? '男' : '女';
    const name = pick(SURNAMES) + pick(gender === '男' ? MALE : FEMALE);
    const lixiu = r() < 0.12;
    const year = lixiu ? 1926 + Math.floor(r() * 6) : 1932 + Math.floor(r() * 30);
    let month = 1 + Math.floor(r() * 12);
    let day = 1 + Math.floor(r() * 28);
    if (i % 25 === 3) {
      // A birthday in the coming days, so greetings show on the first day.
      const d = new Date(Date.UTC(ty, tm - 1, td + (i % 7)));
      month = d.getUTCMonth() + 1;
      day = d.getUTCDate();
    }
    const birth = `${year}-${pad(month)}-${pad(day)}`;
    if (seen.has(`${name}|${birth}`)) continue;
    seen.add(`${name}|${birth}`);
    const town = pick(towns);
    const village = pick(TOWNS[town]!);
    const age = ty - year;
    const ill = r() < 0.45 ? [pick(ILLNESS), ...(r() < 0.3 ? [pick(ILLNESS)] : [])] : [];
    const mobility = age > 92 && r() < 0.5 ? '卧床' : age > 85 && r() < 0.4 ? '行动不便' : r() < 0.1 ? '行动不便' : '好';
    const widowed = r() < (age > 85 ? 0.5 : 0.2);
    const alone = widowed && r() < 0.5;
    const kids = 1 + Math.floor(r() * 4);
    const deceased = i % 41 === 40;
    out.push({
      external_id: `DEMO-${String(out.length + 1).padStart(4, '0')}`,
      name,
      gender,
      birth_date: birth,
      lunar_birthday: r() < 0.3,
      category: lixiu ? '离休' : '退休',
      former_unit: pick(UNITS),
      former_post: pick(POSTS),
      party_member: r() < 0.75,
      party_branch: `${town}老干部党支部`,
      town,
      village,
      address: `澄城县${town}${village}${1 + Math.floor(r() * 120)}号`,
      phone: `1${pick(['33', '35', '38', '52', '58', '77', '80', '89'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
      health: ill.length ? [...new Set(ill)].join('、') : '良好',
      mobility,
      lives_alone: alone,
      widowed,
      children: `${kids}个子女${r() < 0.4 ? '，均在外地' : '，一子在县城'}`,
      emergency_contact: pick(SURNAMES) + pick([...MALE, ...FEMALE]),
      emergency_phone: `1${pick(['36', '39', '50', '87'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
      needs: pick(NEEDS) || null,
      notes: null,
      status: deceased ? '已故' : '在世',
      death_date: deceased ? `${ty - 1}-${pad(1 + (i % 12))}-15` : null,
    });
  }
  // The README's examples answer with real people: 张建国 of 韦庄镇 lives alone, and every town has
  // elders living alone (widowed, over 80 first), as a real county does.
  const first = out[0]!;
  Object.assign(first, { name: '张建国', gender: '男', town: '韦庄镇', village: '韦庄村', address: '澄城县韦庄镇韦庄村18号', widowed: true, lives_alone: true, status: '在世', death_date: null });
  for (const town of towns) {
    const living = out.filter((e) => e.town === town && e.status === '在世');
    const alone = living.filter((e) => e.lives_alone).length;
    const candidates = living.filter((e) => !e.lives_alone).sort((a, b) => Number(b.widowed) - Number(a.widowed) || a.birth_date.localeCompare(b.birth_date));
    for (const e of candidates.slice(0, Math.max(0, 2 - alone))) Object.assign(e, { widowed: true, lives_alone: true });
  }
  return out;
}

/**
 * A few months of 一进两看三查 visits by the demo's staff, so "这个月谁还没走访" and a person's visit
 * history show something on the first day.
 */
async function seedDemoVisits(tx: Queryable, today: string): Promise<void> {
  await tx.query(
    `INSERT INTO visits (elder_id, staff_id, visited_on, spirit, health, children_care, housing, meals)
     SELECT e.id, (SELECT id FROM staff WHERE demo ORDER BY id OFFSET (e.id % 3) LIMIT 1),
            $1::date - ((e.id * 7) % 75)::int,
            (ARRAY['精神很好', '精神尚可', '情绪有些低落'])[1 + e.id % 3], (ARRAY['身体稳定', '血压偏高，已提醒服药', '腿脚不便'])[1 + e.id % 3],
            (ARRAY['子女照顾到位', '子女在外，邻居照看'])[1 + e.id % 2], '住房安全', (ARRAY['饮食正常', '吃饭凑合，建议助餐'])[1 + e.id % 2]
       FROM elders e WHERE e.demo AND e.status = '在世' AND (e.id % 3 <> 0 OR e.lives_alone)`,
    [today],
  );
}

/** Removes the invented ledger (a real import replaces it), and the demo's staff and accounts with it. */
export async function removeDemoData(tx: Queryable): Promise<void> {
  await removeDemoPeople(tx);
  await tx.query('DELETE FROM elders WHERE demo');
}

export interface DemoSeedResult {
  seeded: boolean;
  elders: number;
  reason?: string;
}

/**
 * Fills an empty ledger with the demo on first start. Never when the operator said --no-demo,
 * when a real import happened, or when there is any elder already.
 */
export async function seedDemoIfEmpty(db: Db, opts: { today: string; disabled?: boolean; count?: number }): Promise<DemoSeedResult> {
  if (opts.disabled) {
    await setSetting(db, 'demo', { disabled: true, reason: '--no-demo' });
    return { seeded: false, elders: 0, reason: 'disabled' };
  }
  const state = await getSetting<{ disabled?: boolean; seeded?: boolean }>(db, 'demo');
  if (state?.disabled) return { seeded: false, elders: 0, reason: 'disabled' };
  if (state?.seeded) return { seeded: false, elders: 0, reason: 'already seeded' };
  return db.transaction(async (tx) => {
    const n = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM elders');
    if (n.rows[0]!.n > 0) return { seeded: false, elders: 0, reason: 'ledger not empty' };
    const elders = generateDemoElders(opts.count ?? 120, opts.today);
    const fields = Object.keys(elders[0]!);
    const up = await upsertElders(tx, elders, fields);
    await tx.query('UPDATE elders SET demo = true WHERE id = ANY($1::bigint[])', [up.ids]);
    await tx.query(
      `INSERT INTO health_records (elder_id, checkup_date, findings, follow_up)
       SELECT id, make_date(extract(year FROM $1::date)::int - 1, 5, 20), '血压偏高，' || health, '三个月后复查血压'
       FROM elders WHERE demo AND health <> '良好' AND id % 3 = 0`,
      [opts.today],
    );
    const staff = await seedDemoPeople(tx);
    await seedDemoVisits(tx, opts.today);
    await setSetting(tx, 'demo', { seeded: true, staff });
    return { seeded: true, elders: up.inserted };
  });
}
