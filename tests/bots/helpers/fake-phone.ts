import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface PhoneCall {
  provider: 'aliyun' | 'tencent';
  action: string;
  params: Record<string, unknown>;
  at: number;
}

/**
 * A local stand-in for the SMS and voice APIs of Aliyun (dysmsapi ROA-style ACS3 signatures, dyvmsapi
 * RPC HMAC-SHA1 signatures) and Tencent Cloud (TC3-HMAC-SHA256), answering in their JSON and with
 * their error codes. Every request's signature is checked with the shared secret, so a wrong key or a
 * badly signed request fails here as it would there (SignatureDoesNotMatch, AuthFailure.SignatureFailure).
 */
export async function startFakePhone(opts: { keyId?: string; secret?: string; templates?: string[]; now?: () => number } = {}) {
  const keyId = opts.keyId ?? 'LTAI-test-key';
  const secret = opts.secret ?? 'test-secret-value';
  const templates = new Set(opts.templates ?? ['SMS_465100001', 'TTS_287000001', '1234567', '7654321']);
  const now = opts.now ?? Date.now;
  const accepted: PhoneCall[] = [];
  const refused: (PhoneCall & { code: string })[] = [];
  const queued: string[] = [];
  const lastByNumber = new Map<string, number>();
  let seq = 1;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const h = req.headers as Record<string, string>;
    const json = (status: number, o: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(o));
    };
    const requestId = crypto.randomUUID().toUpperCase();

    if (h['x-tc-action']) {
      const action = h['x-tc-action'];
      const params = JSON.parse(raw || '{}') as Record<string, unknown>;
      const fail = (code: string, message: string) => json(200, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
      if (!tc3Valid(h, raw, keyId, secret)) return fail('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
      const call: PhoneCall = { provider: 'tencent', action, params, at: now() };
      if (action === 'SendSms') {
        const phone = String((params.PhoneNumberSet as string[])[0]);
        const code = queued.shift() ?? limitCode(phone, 30_000, 'LimitExceeded.PhoneNumberThirtySecondLimit') ?? (/^\+861[3-9]\d{9}$/.test(phone) ? undefined : 'InvalidParameterValue.IncorrectPhoneNumber');
        if (!templates.has(String(params.TemplateId))) return fail('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配');
        if (code) refused.push({ ...call, code });
        else accepted.push(call);
        return json(200, { Response: { SendStatusSet: [{ SerialNo: `2640:${seq++}`, PhoneNumber: phone, Fee: code ? 0 : 1, SessionContext: params.SessionContext ?? '', Code: code ?? 'Ok', Message: code ? 'limit' : 'send success', IsoCode: 'CN' }], RequestId: requestId } });
      }
      if (action === 'SendTtsVoice') {
        const phone = String(params.CalledNumber);
        const code = queued.shift() ?? limitCode(phone, 30_000, 'LimitExceeded.PhoneNumberThirtySecondLimit');
        if (code) {
          refused.push({ ...call, code });
          return fail(code, code.startsWith('Limit') ? '30秒内同一号码只能呼叫一次' : '号码格式错误');
        }
        accepted.push(call);
        return json(200, { Response: { SendStatus: { CallId: `vms-${seq++}`, SessionContext: params.SessionContext ?? '' }, RequestId: requestId } });
      }
      if (action === 'DescribeSmsTemplateList') {
        const id = (params.TemplateIdSet as number[])[0];
        return json(200, { Response: { DescribeTemplateStatusSet: templates.has(String(id)) ? [{ TemplateName: '生日问候', TemplateId: id, International: 0, ReviewReply: '', CreateTime: 1700000000, TemplateContent: '{1}您好，祝您{2}快乐！', StatusCode: 0 }] : [], RequestId: requestId } });
      }
      return fail('InvalidAction', `The action ${action} is not supported.`);
    }

    if ((h.authorization ?? '').startsWith('ACS3-HMAC-SHA256')) {
      // dysmsapi through the new SDK: ACS3-HMAC-SHA256, parameters in the query string.
      const action = h['x-acs-action'] ?? '';
      const params = Object.fromEntries(url.searchParams);
      if (!acs3Valid(req.method ?? 'POST', url, h, keyId, secret)) return json(400, { RequestId: requestId, HostId: 'dysmsapi.aliyuncs.com', Code: 'SignatureDoesNotMatch', Message: 'Specified signature does not match our calculation.' });
      const call: PhoneCall = { provider: 'aliyun', action, params, at: now() };
      if (action === 'SendSms') {
        const phone = String(params.PhoneNumbers);
        if (!templates.has(String(params.TemplateCode))) return json(200, { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '该账号下找不到对应模板', RequestId: requestId });
        const code = queued.shift() ?? limitCode(phone, 60_000, 'isv.BUSINESS_LIMIT_CONTROL') ?? (/^1[3-9]\d{9}$/.test(phone) ? undefined : 'isv.MOBILE_NUMBER_ILLEGAL');
        if (code) {
          refused.push({ ...call, code });
          return json(200, { Code: code, Message: code === 'isv.BUSINESS_LIMIT_CONTROL' ? '触发号码天级流控Permits:10' : '非法手机号', RequestId: requestId });
        }
        accepted.push(call);
        return json(200, { Code: 'OK', Message: 'OK', BizId: `9006197469364${seq++}^0`, RequestId: requestId });
      }
      if (action === 'QuerySmsTemplate') {
        const known = templates.has(String(params.TemplateCode));
        return json(200, known ? { Code: 'OK', Message: 'OK', RequestId: requestId, TemplateCode: params.TemplateCode, TemplateStatus: 1, TemplateName: '生日问候' } : { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不存在', RequestId: requestId });
      }
      return json(404, { Code: 'InvalidAction.NotFound', Message: `Specified api is not found, please check your url and method.`, RequestId: requestId });
    }

    // dyvmsapi through pop-core: RPC style, form body, HMAC-SHA1 signature.
    const form = Object.fromEntries(new URLSearchParams(raw));
    if (form.Action) {
      const rpcFail = (status: number, code: string, message: string) => json(status, { Code: code, Message: message, RequestId: requestId });
      if (form.AccessKeyId !== keyId || !rpcValid(form, secret)) return rpcFail(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
      const call: PhoneCall = { provider: 'aliyun', action: form.Action, params: form, at: now() };
      if (form.Action === 'SingleCallByTts') {
        if (!templates.has(form.TtsCode ?? '')) return rpcFail(400, 'isv.TTS_TEMPLATE_ILLEGAL', 'TTS模板不存在');
        const code = queued.shift() ?? limitCode(String(form.CalledNumber), 30_000, 'isv.BUSINESS_LIMIT_CONTROL') ?? (/^(1[3-9]\d{9}|0\d{9,11})$/.test(String(form.CalledNumber)) ? undefined : 'isv.MOBILE_NUMBER_ILLEGAL');
        if (code) {
          refused.push({ ...call, code });
          return rpcFail(400, code, code === 'isv.BUSINESS_LIMIT_CONTROL' ? '触发流控' : '号码非法');
        }
        accepted.push(call);
        return json(200, { Code: 'OK', Message: 'OK', CallId: `116012354148^${1028137 + seq++}`, RequestId: requestId });
      }
      if (form.Action === 'QueryCallDetailByCallId') return json(200, { Code: 'OK', Message: 'OK', Data: '{}', RequestId: requestId });
      return rpcFail(404, 'InvalidApi.NotFound', 'Specified api is not found');
    }
    json(404, { Code: 'NotFound' });
  });

  /** The provider's own per-number rate limit (Aliyun SMS 1/min, calls 1/30 s, Tencent 1/30 s). */
  function limitCode(phone: string, windowMs: number, code: string): string | undefined {
    const last = lastByNumber.get(phone);
    if (last !== undefined && now() - last < windowMs) return code;
    lastByNumber.set(phone, now());
    return undefined;
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    keyId,
    secret,
    accepted,
    refused,
    /** The next send is refused with this provider code. */
    refuseNext: (code: string) => void queued.push(code),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const sha256 = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');
const hmac = (key: crypto.BinaryLike, s: string) => crypto.createHmac('sha256', key).update(s).digest();

/** RFC 3986 encoding as Aliyun canonicalises it. */
function pct(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** ACS3-HMAC-SHA256 (Aliyun's V3 signature), recomputed from the request as received. */
function acs3Valid(method: string, url: URL, h: Record<string, string>, keyId: string, secret: string): boolean {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(h.authorization ?? '');
  if (!m || m[1] !== keyId) return false;
  const signed = m[2]!.split(';');
  const query = [...url.searchParams.entries()].map(([k, v]) => [pct(k), pct(v)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
  const headers = signed.map((n) => `${n}:${String(h[n] ?? '').trim()}\n`).join('');
  const canonical = [method, url.pathname || '/', query, headers, signed.join(';'), h['x-acs-content-sha256'] ?? sha256('')].join('\n');
  const expected = crypto.createHmac('sha256', secret).update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`).digest('hex');
  return expected === m[3];
}

/** Aliyun's RPC signature (HMAC-SHA1 over the sorted, encoded parameters). */
function rpcValid(form: Record<string, string>, secret: string): boolean {
  const { Signature, ...rest } = form;
  const canon = Object.keys(rest).sort().map((k) => `${pct(k)}=${pct(rest[k]!)}`).join('&');
  const toSign = `POST&${pct('/')}&${pct(canon)}`;
  return crypto.createHmac('sha1', `${secret}&`).update(toSign).digest('base64') === Signature;
}

/** TC3-HMAC-SHA256 (Tencent Cloud API 3.0), recomputed from the request as received. */
function tc3Valid(h: Record<string, string>, body: string, keyId: string, secret: string): boolean {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(h.authorization ?? '');
  if (!m || m[1] !== keyId) return false;
  const [, , date, service, signedHeaders, signature] = m;
  // The real endpoints have no port in Host; a local fake does, and the SDK signs the host name alone.
  const value = (n: string) => (n === 'host' ? String(h.host ?? '').replace(/:\d+$/, '') : String(h[n] ?? '')).trim().toLowerCase();
  const canonicalHeaders = signedHeaders!.split(';').map((n) => `${n}:${value(n)}\n`).join('');
  const canonical = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const toSign = ['TC3-HMAC-SHA256', h['x-tc-timestamp'], `${date}/${service}/tc3_request`, sha256(canonical)].join('\n');
  const kSigning = hmac(hmac(hmac(`TC3${secret}`, date!), service!), 'tc3_request');
  return crypto.createHmac('sha256', kSigning).update(toSign).digest('hex') === signature;
}
