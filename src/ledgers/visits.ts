import type { Queryable } from '../db/types.ts';
import { addDays } from '../kernel/time.ts';

/** 走访: the 一进两看三查 checklist (精神面貌, 健康状态, 子女照顾态度, 住宿情况, 用餐情况) plus notes. */
export const VISIT_ITEMS = ['spirit', 'health', 'childrenCare', 'housing', 'meals'] as const;
export type VisitItem = (typeof VISIT_ITEMS)[number];

export const VISIT_LABELS: Record<VisitItem | 'notes', string> = {
  spirit: '精神面貌',
  health: '健康状态',
  childrenCare: '子女照顾态度',
  housing: '住宿情况',
  meals: '用餐情况',
  notes: '备注',
};

export interface VisitFindings {
  spirit?: string;
  health?: string;
  childrenCare?: string;
  housing?: string;
  meals?: string;
  notes?: string;
}

export interface Visit extends VisitFindings {
  id: number;
  elderId: number;
  staffId: number | null;
  staffName: string | null;
  visitedOn: string;
}

/** What people write for each item, longest first within an item. */
const ITEM_WORDS: [VisitItem | 'notes', string][] = [
  ['spirit', '精神面貌|精神状态|精神头|精神|情绪|心情|气色'],
  ['health', '健康状态|健康状况|身体状况|身体情况|健康|身体'],
  ['childrenCare', '子女照顾态度|子女照顾|子女态度|儿女照顾|子女|儿女|孩子们|孩子'],
  ['housing', '住宿情况|住房情况|居住情况|住宿|住房|居住|房屋|房子|住的'],
  ['meals', '用餐情况|用餐|吃饭|饮食|伙食|吃的|三餐'],
  ['notes', '备注|其他|其它|另外'],
];
const ANY_ITEM = ITEM_WORDS.map(([, w]) => w).join('|');
const ITEM_RE = new RegExp(`(${ANY_ITEM})[：:]?`, 'g');

/**
 * Reads the checklist out of a message: "精神好 健康一般 子女照顾好 住房安全 用餐正常 备注…" or plain
 * words ("精神不错，身体还行，孩子很孝顺，吃饭正常"). Notes take the rest of the text after 备注.
 */
export function parseVisitFindings(text: string): VisitFindings {
  const out: VisitFindings = {};
  const matches = [...text.matchAll(ITEM_RE)];
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i]!;
    const word = m[1]!;
    const item = ITEM_WORDS.find(([, w]) => new RegExp(`^(?:${w})$`).test(word))?.[0];
    if (!item) continue;
    const start = m.index + m[0].length;
    const end = item === 'notes' ? text.length : (matches[i + 1]?.index ?? text.length);
    let value = text.slice(start, end);
    if (item !== 'notes') value = value.split(/[，,。；;、\s]/)[0] ?? '';
    value = value.replace(/^[：:，,\s]+|[，,。；;\s]+$/g, '').slice(0, item === 'notes' ? 500 : 50);
    if (value && out[item] === undefined) out[item] = value;
    if (item === 'notes') break;
  }
  return out;
}

/** 今天 (default), 昨天, 前天, or 12月1日 (this year, or last year if that date is still ahead). */
export function parseVisitDate(text: string, today: string): string {
  if (/前天/.test(text)) return addDays(today, -2);
  if (/昨天|昨日/.test(text)) return addDays(today, -1);
  const m = /(\d{1,2})月(\d{1,2})[日号]/.exec(text);
  if (m) {
    const year = Number(today.slice(0, 4));
    const md = `${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
    const d = `${year}-${md}`;
    if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(d)) return d > today ? `${year - 1}-${md}` : d;
  }
  return today;
}

export async function recordVisit(db: Queryable, v: { elderId: number; staffId: number | null; visitedOn: string } & VisitFindings): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO visits (elder_id, staff_id, visited_on, spirit, health, children_care, housing, meals, notes)
     VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [v.elderId, v.staffId, v.visitedOn, v.spirit ?? null, v.health ?? null, v.childrenCare ?? null, v.housing ?? null, v.meals ?? null, v.notes ?? null],
  );
  return r.rows[0]!.id;
}

export async function listVisits(db: Queryable, elderId: number, limit = 10): Promise<Visit[]> {
  const r = await db.query<{
    id: number;
    elder_id: number;
    staff_id: number | null;
    staff_name: string | null;
    visited_on: string;
    spirit: string | null;
    health: string | null;
    children_care: string | null;
    housing: string | null;
    meals: string | null;
    notes: string | null;
  }>(
    `SELECT v.id, v.elder_id, v.staff_id, s.name AS staff_name, v.visited_on, v.spirit, v.health, v.children_care, v.housing, v.meals, v.notes
       FROM visits v LEFT JOIN staff s ON s.id = v.staff_id
      WHERE v.elder_id = $1 ORDER BY v.visited_on DESC, v.id DESC LIMIT $2`,
    [elderId, limit],
  );
  return r.rows.map((x) => ({
    id: x.id,
    elderId: x.elder_id,
    staffId: x.staff_id,
    staffName: x.staff_name,
    visitedOn: x.visited_on,
    ...(x.spirit ? { spirit: x.spirit } : {}),
    ...(x.health ? { health: x.health } : {}),
    ...(x.children_care ? { childrenCare: x.children_care } : {}),
    ...(x.housing ? { housing: x.housing } : {}),
    ...(x.meals ? { meals: x.meals } : {}),
    ...(x.notes ? { notes: x.notes } : {}),
  }));
}

/** 精神面貌：好 … one line per filled item, in checklist order, notes last. */
export function visitItemLines(v: VisitFindings): string[] {
  return [...VISIT_ITEMS, 'notes' as const].filter((k) => v[k]).map((k) => `${VISIT_LABELS[k]}：${v[k]}`);
}

export function formatVisit(v: VisitFindings & { visitedOn: string; staffName?: string | null }): string {
  return [`${v.visitedOn}${v.staffName ? `（${v.staffName}）` : ''}`, ...visitItemLines(v).map((i) => `  ${i}`)].join('\n');
}

export interface DueVisit {
  id: number;
  name: string;
  town: string | null;
  village: string | null;
  /** Visits so far this month. */
  visits: number;
}

/**
 * Living elders visited fewer than `perMonth` times in the month of `today` (一进两看三查: twice a
 * month), bedridden, living alone and the oldest first: whom a reminder should name.
 */
export async function dueForVisit(db: Queryable, opts: { today: string; perMonth: number; towns: string[] | null }): Promise<DueVisit[]> {
  const r = await db.query<DueVisit>(
    `SELECT e.id, e.name, e.town, e.village, count(v.id)::int AS visits
       FROM elders e
       LEFT JOIN visits v ON v.elder_id = e.id AND v.visited_on >= date_trunc('month', $1::date)::date AND v.visited_on <= $1::date
      WHERE e.status = '在世' AND ($2::text[] IS NULL OR e.town = ANY($2::text[]))
      GROUP BY e.id
     HAVING count(v.id) < $3
      ORDER BY count(v.id), (e.mobility = '卧床') DESC, e.lives_alone DESC, (e.mobility = '行动不便') DESC, e.birth_date, e.id`,
    [opts.today, opts.towns, opts.perMonth],
  );
  return r.rows;
}
