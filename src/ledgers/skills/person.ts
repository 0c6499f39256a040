import { openCasesOfElder } from '../../cases/case-facts.ts';
import type { Queryable } from '../../db/types.ts';
import { maskAddress, maskPhone } from '../../privacy/masking.ts';
import { formatElderRecord, loadElderRecord, type ElderMatch } from '../elder-record.ts';

/**
 * One person, looked up by name (查一下张建国, 张建国的情况): the record, the latest visits and the
 * open cases in a private chat; in a group only what may be shown there (health only when asked
 * about), and a pointer to /档案.
 */
export async function personCard(db: Queryable, elderId: number, opts: { today: string; timeZone: string; masked: boolean; health: boolean }): Promise<string | null> {
  const record = await loadElderRecord(db, elderId, opts.today);
  if (!record) return null;
  const cases = await openCasesOfElder(db, elderId, opts.timeZone);
  const caseLines = cases.length
    ? ['未办结的诉求：', ...cases.map((c) => `  ${c.number} ${c.label} ${c.status}（${c.openedOn}登记）${c.summary ? `：${c.summary.slice(0, 40)}` : ''}`)]
    : ['未办结的诉求：暂无'];
  if (!opts.masked) return [formatElderRecord(record), ...caseLines].join('\n');
  const e = record.elder;
  const s = (k: string) => (e[k] === null || e[k] === undefined ? '' : String(e[k]));
  return [
    `【${s('name')}】${s('gender')}｜${s('age')}岁｜${s('town')}${s('village')}｜${s('status')}`,
    `联系电话：${maskPhone(s('phone')) ?? ''}`,
    `住址：${maskAddress(s('address'), { town: e.town, village: e.village }) ?? ''}`,
    // Health only when the group asked about it (查一下张建国 shows none; 张建国身体怎么样 does).
    opts.health ? `身体状况：${s('health') || '—'}；行动能力：${s('mobility') || '—'}` : `身体状况：群里不显示，请问“${s('name')}身体怎么样”或私聊查看`,
    record.visits.length ? `最近走访：${record.visits[0]!.visitedOn}${record.visits[0]!.staffName ? `（${record.visits[0]!.staffName}）` : ''}` : '最近走访：暂无记录',
    cases.length ? `未办结的诉求：${cases.length} 件（${[...new Set(cases.map((c) => c.label))].join('、')}）` : '未办结的诉求：暂无',
    '完整档案请私聊我：/档案 姓名',
  ].join('\n');
}

/** Same-name people to tell apart by town, village and birth year. */
export function candidatesText(name: string, matches: ElderMatch[]): string {
  return [
    `有 ${matches.length} 位叫“${name}”的老干部，您问的是哪一位？回复镇或村的名字就行，例如“${matches[0]?.town ?? '韦庄镇'}那个”。`,
    ...matches.map((m, i) => `${i + 1}. ${m.name}（${m.town ?? ''}${m.village ?? ''}，${m.birthDate.slice(0, 4)}年生${m.status === '已故' ? '，已故' : ''}）`),
  ].join('\n');
}
