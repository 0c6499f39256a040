import type { Queryable } from '../db/types.ts';
import { candidateNames } from './query/scanner.ts';
import { formatVisit, listVisits, type Visit } from './visits.ts';

/** One elder's full record (档案): the ledger row, family contacts, health check-ups and recent visits. */

export interface ElderMatch {
  id: number;
  name: string;
  town: string | null;
  village: string | null;
  birthDate: string;
  status: string;
}

/**
 * Elders called `name` that the asker may see. `place` (a town or village word written after the
 * name) narrows same-name people down.
 */
export async function findEldersByName(db: Queryable, name: string, opts: { scopeTowns: string[] | null; place?: string }): Promise<ElderMatch[]> {
  const r = await db.query<{ id: number; name: string; town: string | null; village: string | null; birth_date: string; status: string }>(
    `SELECT id, name, town, village, birth_date, status FROM elders
      WHERE name = $1 AND ($2::text[] IS NULL OR town = ANY($2::text[]))
        AND ($3::text IS NULL OR strpos(coalesce(town, '') || coalesce(village, ''), $3) > 0)
      ORDER BY status = '在世' DESC, town, village, id LIMIT 20`,
    [name, opts.scopeTowns, opts.place ?? null],
  );
  return r.rows.map((x) => ({ id: x.id, name: x.name, town: x.town, village: x.village, birthDate: x.birth_date, status: x.status }));
}

/** Which of these strings are names of elders the asker may see. */
export async function knownNames(db: Queryable, candidates: string[], scopeTowns: string[] | null): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT DISTINCT name FROM elders WHERE name = ANY($1::text[]) AND ($2::text[] IS NULL OR town = ANY($2::text[]))`,
    [candidates, scopeTowns],
  );
  return r.rows.map((x) => x.name);
}

/** Names of elders the asker may see that occur in a free text, longest first. */
export async function namesInText(db: Queryable, text: string, scopeTowns: string[] | null): Promise<string[]> {
  const cands = candidateNames(text, 400);
  if (!cands.length) return [];
  return (await knownNames(db, cands, scopeTowns)).sort((a, b) => b.length - a.length);
}

export interface ElderRecord {
  elder: Record<string, unknown> & { id: number; name: string };
  contacts: { name: string; relation: string | null; phone: string | null; isEmergency: boolean }[];
  healthRecords: { checkupDate: string; findings: string; followUp: string | null }[];
  visits: Visit[];
}

export async function loadElderRecord(db: Queryable, elderId: number, today: string): Promise<ElderRecord | null> {
  const e = await db.query<Record<string, unknown> & { id: number; name: string }>(
    `SELECT e.*, date_part('year', age($2::date, e.birth_date))::int AS age FROM elders e WHERE e.id = $1`,
    [elderId, today],
  );
  const elder = e.rows[0];
  if (!elder) return null;
  const [contacts, health, visits] = await Promise.all([
    db.query<{ name: string; relation: string | null; phone: string | null; is_emergency: boolean }>(
      `SELECT name, relation, phone, is_emergency FROM family_contacts WHERE elder_id = $1 ORDER BY is_emergency DESC, id`,
      [elderId],
    ),
    db.query<{ checkup_date: string; findings: string; follow_up: string | null }>(
      `SELECT checkup_date, findings, follow_up FROM health_records WHERE elder_id = $1 ORDER BY checkup_date DESC LIMIT 5`,
      [elderId],
    ),
    listVisits(db, elderId, 5),
  ]);
  return {
    elder,
    contacts: contacts.rows.map((c) => ({ name: c.name, relation: c.relation, phone: c.phone, isEmergency: c.is_emergency })),
    healthRecords: health.rows.map((h) => ({ checkupDate: h.checkup_date, findings: h.findings, followUp: h.follow_up })),
    visits,
  };
}

const yesNo = (v: unknown) => (v === true ? '是' : v === false ? '否' : '');

export function formatElderRecord(r: ElderRecord): string {
  const e = r.elder;
  const s = (k: string) => (e[k] === null || e[k] === undefined || e[k] === '' ? '' : String(e[k]));
  const line = (label: string, v: string) => (v ? `${label}：${v}` : '');
  const lines = [
    `【${s('name')}的档案】`,
    line('性别', s('gender')),
    line('出生日期', `${e.birth_precision === 'month' ? `${s('birth_date').slice(0, 7)}（只知年月，请补上日）` : s('birth_date')}${e.lunar_birthday ? '（过农历生日）' : ''}${s('age') ? `，${s('age')}岁` : ''}`),
    line('类别', s('category')),
    line('原单位及职务', [s('former_unit'), s('former_post')].filter(Boolean).join(' ')),
    line('党员', `${yesNo(e.party_member)}${s('party_branch') ? `（${s('party_branch')}）` : ''}`),
    line('所在', `${s('town')}${s('village')}`),
    line('家庭住址', s('address')),
    line('联系电话', s('phone')),
    line('身体状况', s('health')),
    line('行动能力', s('mobility')),
    line('独居', yesNo(e.lives_alone)),
    line('丧偶', yesNo(e.widowed)),
    line('子女情况', s('children')),
    line('紧急联系人', [s('emergency_contact'), s('emergency_phone')].filter(Boolean).join(' ')),
    line('需求', s('needs')),
    line('备注', s('notes')),
    line('状态', `${s('status')}${s('death_date') ? `（${s('death_date')}去世）` : ''}`),
  ].filter(Boolean);
  if (r.contacts.length) lines.push('家属：', ...r.contacts.map((c) => `  ${c.name}${c.relation ? `（${c.relation}）` : ''} ${c.phone ?? ''}${c.isEmergency ? ' 紧急联系人' : ''}`));
  if (r.healthRecords.length) lines.push('体检记录：', ...r.healthRecords.map((h) => `  ${h.checkupDate} ${h.findings}${h.followUp ? `；随访：${h.followUp}` : ''}`));
  lines.push(r.visits.length ? '最近走访：' : '最近走访：暂无记录');
  for (const v of r.visits) lines.push(formatVisit(v).replace(/^/gm, '  '));
  return lines.join('\n');
}
