import type { Queryable } from '../../db/types.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { WebhookRoute } from '../webhooks.ts';

/** One receipt as both providers report it, reduced to what phone_sends records. */
interface Receipt {
  providerId?: string;
  outId?: string;
  delivered: boolean;
  raw: unknown;
}

/**
 * Delivery receipts (短信回执, 呼叫结果): the providers POST them to a URL set in their console. Neither
 * signs these pushes, so the URL carries a secret (PHONE_RECEIPT_TOKEN) and anything else gets a 404.
 * Aliyun: JSON arrays of SmsReport (biz_id, out_id, success) and VoiceReport (call_id, out_id,
 * status_code 200000 = answered); Tencent: arrays of SMS reports (sid, report_status SUCCESS) and
 * {voiceprompt_callback: {callid, result "0" = answered}}.
 */
export function createReceiptRoutes(deps: { db: Queryable; token: string; log: Logger; basePath?: string }): WebhookRoute[] {
  const base = deps.basePath ?? '/hooks/phone-receipts';
  const route = (provider: 'aliyun' | 'tencent', parse: (body: unknown) => Receipt[], ok: unknown): WebhookRoute => ({
    name: `phone-receipts-${provider}`,
    path: `${base}/${provider}/${deps.token}`,
    async handler(req) {
      if (req.method !== 'POST') return new Response('method not allowed', { status: 405 });
      if (Number(req.headers.get('content-length') ?? 0) > 1024 * 1024) return new Response('too large', { status: 413 });
      const body = await req.json().catch(() => undefined);
      if (body === undefined) return new Response('bad json', { status: 400 });
      const receipts = parse(body);
      let matched = 0;
      for (const r of receipts) matched += await record(deps.db, provider, r);
      deps.log.info({ provider, receipts: receipts.length, matched }, 'phone receipts recorded');
      return Response.json(ok);
    },
  });
  return [route('aliyun', parseAliyun, { code: 0, msg: '成功' }), route('tencent', parseTencent, { result: 0, errmsg: 'OK' })];
}

async function record(db: Queryable, provider: string, r: Receipt): Promise<number> {
  const res = await db.query(
    `UPDATE phone_sends SET status = $4, receipt = $5, reported_at = now()
      WHERE provider = $1 AND (($2::text IS NOT NULL AND provider_id = $2) OR ($3::text IS NOT NULL AND id::text = $3))`,
    [provider, r.providerId || null, r.outId && /^\d+$/.test(r.outId) ? r.outId : null, r.delivered ? 'delivered' : 'failed', JSON.stringify(r.raw)],
  );
  return res.rowCount ?? 0;
}

const arr = (b: unknown): Record<string, unknown>[] => (Array.isArray(b) ? b : [b]).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

function parseAliyun(body: unknown): Receipt[] {
  return arr(body).map((x) => {
    if ('call_id' in x) return { providerId: str(x.call_id), outId: str(x.out_id), delivered: str(x.status_code) === '200000', raw: x };
    return { providerId: str(x.biz_id), outId: str(x.out_id), delivered: x.success === true || x.success === 'true', raw: x };
  });
}

function parseTencent(body: unknown): Receipt[] {
  return arr(body).map((x) => {
    const v = x.voiceprompt_callback as Record<string, unknown> | undefined;
    if (v) return { providerId: str(v.callid), outId: str(v.session_context ?? v.ext), delivered: str(v.result) === '0', raw: x };
    return { providerId: str(x.sid), outId: str(x.ext), delivered: str(x.report_status) === 'SUCCESS', raw: x };
  });
}
