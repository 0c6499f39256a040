import type { Db } from '../db/types.ts';
import { text } from '../chat/message.ts';
import type { NoticeOutbox } from '../chat/ports.ts';
import type { Logger } from '../kernel/logger.ts';
import { writeAudit } from '../privacy/audit.ts';

interface DigestRow {
  id: number;
  elder_id: number;
  status: 'failed' | 'uncertain' | 'call';
  title: string;
  occasion_date: string;
  elder_name: string | null;
  town: string | null;
  last_error: string | null;
}

const LABEL: Record<DigestRow['status'], string> = {
  call: '没有绑定账号，请电话问候',
  failed: '发送失败，请电话联系',
  uncertain: '发送中断，不确定是否收到，请核实（系统不会自动重发）',
};

/**
 * Tells staff, per town, whom to call and which sends need checking. Each row is reported once: the
 * notices are written in the same transaction that marks the rows as reported.
 */
export async function sendStaffDigest(db: Db, outbox: NoticeOutbox): Promise<number> {
  return db.transaction(async (tx) => {
    const r = await tx.query<DigestRow>(
      `WITH m AS (
         UPDATE deliveries SET reported_at = now()
         WHERE reported_at IS NULL AND elder_id IS NOT NULL AND status IN ('failed', 'uncertain', 'call') RETURNING *)
       SELECT m.id, m.elder_id, m.status, c.title, m.occasion_date, e.name AS elder_name, e.town, m.last_error
       FROM m JOIN campaigns c ON c.id = m.campaign_id LEFT JOIN elders e ON e.id = m.elder_id
       ORDER BY e.town NULLS LAST, m.status, e.name`,
    );
    for (const n of digestTexts(r.rows)) await outbox.toStaff(tx, n.town ? [n.town] : null, [text(n.text)]);
    // The lists name elders to each town's staff group: a disclosure the audit log records.
    if (r.rows.length) {
      await writeAudit(tx, { actor: 'system', action: 'jobs.call-list', channel: 'staff-group', query: { towns: [...new Set(r.rows.map((x) => x.town ?? ''))] }, elderIds: r.rows.map((x) => Number(x.elder_id)), rowCount: r.rows.length });
    }
    return r.rows.length;
  });
}

function digestTexts(rows: DigestRow[]): { town: string; text: string }[] {
  const byTown = new Map<string, DigestRow[]>();
  for (const r of rows) {
    const list = byTown.get(r.town ?? '');
    if (list) list.push(r);
    else byTown.set(r.town ?? '', [r]);
  }
  return [...byTown].map(([town, list]) => {
    const lines: string[] = [`【问候名单${town ? ` · ${town}` : ''}】`];
    for (const status of ['call', 'failed', 'uncertain'] as const) {
      const part = list.filter((r) => r.status === status);
      if (!part.length) continue;
      lines.push(`${LABEL[status]}（${part.length} 位）：`);
      const shown = part.slice(0, 40).map((r) => `${r.elder_name ?? '?'}（${r.title}）`);
      lines.push(shown.join('、') + (part.length > 40 ? ` 等，完整名单请发“/群发 报告”` : ''));
    }
    return { town, text: lines.join('\n') };
  });
}
