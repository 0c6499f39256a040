import { InputError } from '../kernel/errors.ts';
import type { Queryable } from '../db/types.ts';

export interface CampaignReport {
  campaignId: number;
  title: string;
  occasion: string;
  occasionDate: string;
  status: string;
  total: number;
  sent: number;
  failed: number;
  pending: number;
  /** No bound account: staff phone these elders (plus accounts that turned out unreachable). */
  toCall: number;
  /** A worker stopped mid-send: staff check whether the greeting arrived. */
  uncertain: number;
  cancelled: number;
}

interface Row {
  id: number;
  title: string;
  occasion: string;
  occasion_date: string;
  status: string;
  total: number;
  sent: number;
  failed: number;
  pending: number;
  to_call: number;
  uncertain: number;
  cancelled: number;
}

/** Counts per campaign, newest first. */
export async function campaignReports(db: Queryable, f: { campaignId?: number; since?: string; limit?: number } = {}): Promise<CampaignReport[]> {
  const { rows } = await db.query<Row>(
    `SELECT c.id, c.title, c.occasion, c.occasion_date, c.status,
            count(d.id)::int AS total,
            count(*) FILTER (WHERE d.status = 'sent')::int AS sent,
            count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
            count(*) FILTER (WHERE d.status IN ('pending', 'sending'))::int AS pending,
            count(*) FILTER (WHERE d.status IN ('call', 'called'))::int AS to_call,
            count(*) FILTER (WHERE d.status = 'uncertain')::int AS uncertain,
            count(*) FILTER (WHERE d.status = 'cancelled')::int AS cancelled
     FROM campaigns c LEFT JOIN deliveries d ON d.campaign_id = c.id
     WHERE ($1::bigint IS NULL OR c.id = $1) AND ($2::date IS NULL OR c.occasion_date >= $2)
     GROUP BY c.id ORDER BY c.occasion_date DESC, c.id DESC LIMIT $3`,
    [f.campaignId ?? null, f.since ?? null, f.limit ?? 50],
  );
  return rows.map((r) => ({
    campaignId: r.id, title: r.title, occasion: r.occasion, occasionDate: r.occasion_date, status: r.status, total: r.total,
    sent: r.sent, failed: r.failed, pending: r.pending, toCall: r.to_call, uncertain: r.uncertain, cancelled: r.cancelled,
  }));
}

export function formatReport(r: CampaignReport): string {
  const extra = [r.uncertain ? `待核实 ${r.uncertain}` : '', r.cancelled ? `已取消 ${r.cancelled}` : ''].filter(Boolean).join('，');
  return `${r.occasionDate} ${r.title}：共 ${r.total} 人，已发送 ${r.sent}，失败 ${r.failed}，待发送 ${r.pending}，需电话联系 ${r.toCall}${extra ? `，${extra}` : ''}`;
}

export interface ProblemRow {
  id: number;
  elder_id: number | null;
  status: 'failed' | 'uncertain' | 'call';
  title: string;
  elder_name: string | null;
  town: string | null;
  phone: string | null;
  last_error: string | null;
}

/** Rows staff must act on (call list, failures, uncertain sends) for one campaign. */
export async function campaignProblems(db: Queryable, campaignId: number): Promise<ProblemRow[]> {
  const { rows } = await db.query<ProblemRow>(
    `SELECT d.id, d.elder_id, d.status, c.title, e.name AS elder_name, e.town, e.phone, d.last_error
     FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id LEFT JOIN elders e ON e.id = d.elder_id
     WHERE d.campaign_id = $1 AND d.status IN ('failed', 'uncertain', 'call') ORDER BY d.status, e.town, e.name`,
    [campaignId],
  );
  return rows;
}

export type Resolution = 'sent' | 'called' | 'resend';

/**
 * Staff close an uncertain or failed row after checking by phone: it did arrive (sent), they called
 * instead (called), or it did not arrive and should go again (resend: back to pending; the next
 * catch-up queues it when its day is today).
 */
export async function resolveDelivery(db: Queryable, id: number, as: Resolution, by: string): Promise<{ id: number; status: string }> {
  const to = as === 'resend' ? 'pending' : as;
  const from = as === 'called' ? ['uncertain', 'failed', 'call'] : ['uncertain', 'failed'];
  const { rows } = await db.query<{ id: number; status: string }>(
    `UPDATE deliveries SET status = $2, last_error = coalesce(last_error, '') || $4, updated_at = now(),
            sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
     WHERE id = $1 AND status = ANY($3) RETURNING id, status`,
    [id, to, from, ` [resolved ${as} by ${by}]`],
  );
  if (!rows[0]) throw new InputError(`delivery ${id} is not uncertain/failed`, `第 ${id} 条不是待核实或失败的记录，无需处理。`);
  return rows[0];
}
