import type { Queryable } from '../db/types.ts';
import { caseKindText, STATUS_LABEL } from '../cases/catalog.ts';
import { normalize } from './normalize.ts';

/** "我的事办得怎么样了": an elder (or their family) asking after their own cases. */
const ASKS_PROGRESS = /进度|办得怎么样|办好了(?:没|吗)|办了(?:没|吗)|有人管(?:没|吗)|怎么还没(?:人)?(?:来|联系|打电话|回)|还没人(?:来|联系|打电话)|我的(?:事|诉求|案件|申请)(?:呢|怎么样|到哪)|[a-z]{2}-?\d{4}-?\d{1,4}/;

export function asksProgress(text: string): boolean {
  return ASKS_PROGRESS.test(normalize(text));
}

/** Only the cases of the speaker's own elder; never anybody else's. */
export async function ownCasesReply(q: Queryable, elderId: number, office: { name: string; phone: string }): Promise<string> {
  const r = await q.query<{ number: string; kind: string; subkind: string | null; status: string; assignee: string | null }>(
    `SELECT c.number, c.kind, c.subkind, c.status, s.name AS assignee FROM cases c LEFT JOIN staff s ON s.id = c.assignee_id
      WHERE c.elder_id = $1 ORDER BY c.created_at DESC LIMIT 5`,
    [elderId],
  );
  if (!r.rows.length) return `您现在没有登记中的事。需要帮忙，回复“菜单”。急事请打${office.name}电话：${office.phone}。`;
  const lines = r.rows.map((c) => `${c.number}（${caseKindText(c.kind, c.subkind)}）：${STATUS_LABEL[c.status] ?? c.status}${c.assignee && c.status !== 'closed' ? `，${c.assignee}在办` : ''}`);
  return [`您最近的事：`, ...lines, `着急的话，请打${office.name}电话：${office.phone}。`].join('\n');
}
