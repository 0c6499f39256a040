import crypto from 'node:crypto';
import type { Logger } from '../../kernel/logger.ts';
import { openCiphertext, sealReply, verifyMsgSignature, verifyPlainSignature } from './callback-crypto.ts';
import { buildXml, field, parseCallbackXml, type XmlFields } from './xml.ts';

/**
 * Callbacks are small XML documents (a text message is at most a few KB); the cap leaves room for an
 * oversized paste, which then gets the polite "too long" answer, and nothing larger is read.
 */
const MAX_BODY_BYTES = 1024 * 1024;

export interface CallbackSecurity {
  /** The Token typed into the console. */
  token: string;
  /** The EncodingAESKey (43 characters); required for WeCom, and for the 服务号 in 安全模式 or 兼容模式. */
  aesKey?: string;
  /** AppID (服务号) or CorpID (WeCom): the id every ciphertext must end with. */
  receiverId: string;
  /**
   * 'oa': the 服务号 (plain `signature`, or `msg_signature` when encrypt_type=aes); 'wecom': always
   * encrypted, the URL check's echostr too.
   */
  flavour: 'oa' | 'wecom';
}

/**
 * A message handler for the endpoint: given the (decrypted) fields, returns the plaintext reply XML to
 * send back passively, or undefined to answer "success" (服务号) / an empty body (WeCom).
 */
export type CallbackHandler = (fields: XmlFields) => Promise<string | undefined>;

/**
 * One HTTP endpoint for WeChat's callbacks: the GET that verifies the URL when the console saves it,
 * and the POSTs that carry messages and events. Every request proves itself by its signature; one that
 * does not gets a 401 and reaches nothing else, so the route needs no login.
 */
export function createCallbackEndpoint(sec: CallbackSecurity, onMessage: CallbackHandler, log: Logger) {
  return async function endpoint(req: Request): Promise<Response> {
    const q = Object.fromEntries(new URL(req.url).searchParams);
    const timestamp = q.timestamp ?? '';
    const nonce = q.nonce ?? '';
    if (req.method === 'GET') return verifyUrl(q, timestamp, nonce);
    if (req.method !== 'POST') return new Response('method not allowed', { status: 405 });

    const body = await readLimited(req);
    if (body === undefined) return new Response('too large', { status: 413 });
    const outer = parseCallbackXml(body);
    if (!outer) return new Response('bad xml', { status: 400 });
    const encrypted = sec.flavour === 'wecom' || q.encrypt_type === 'aes';
    let fields: XmlFields | undefined;
    if (encrypted) {
      const ciphertext = field(outer, 'Encrypt');
      if (!sec.aesKey || !ciphertext || !verifyMsgSignature(sec.token, { msg_signature: q.msg_signature ?? '', timestamp, nonce }, ciphertext)) return unauthorized();
      const inner = openCiphertext(sec.aesKey, ciphertext, sec.receiverId);
      fields = inner === undefined ? undefined : parseCallbackXml(inner);
      if (!fields) return unauthorized();
    } else {
      if (!verifyPlainSignature(sec.token, { signature: q.signature ?? '', timestamp, nonce })) return unauthorized();
      fields = outer;
    }

    let reply: string | undefined;
    try {
      reply = await onMessage(fields);
    } catch (e) {
      // WeChat retries a failed callback and then tells the person the service is down: answer, log.
      log.error({ err: e }, 'WeChat callback handler failed');
    }
    if (!reply) return text(sec.flavour === 'oa' ? 'success' : '');
    if (!encrypted) return xml(reply);
    const ts = String(Math.floor(Date.now() / 1000));
    const n = crypto.randomBytes(8).toString('hex');
    const sealed = sealReply(sec.token, sec.aesKey!, sec.receiverId, reply, ts, n);
    return xml(buildXml({ Encrypt: sealed.ciphertext, MsgSignature: sealed.signature, TimeStamp: Number(ts), Nonce: n }));
  };

  function verifyUrl(q: Record<string, string>, timestamp: string, nonce: string): Response {
    const echostr = q.echostr ?? '';
    if (!echostr) return new Response('missing echostr', { status: 400 });
    if (sec.flavour === 'oa' && q.signature) {
      return verifyPlainSignature(sec.token, { signature: q.signature, timestamp, nonce }) ? text(echostr) : unauthorized();
    }
    if (!sec.aesKey || !verifyMsgSignature(sec.token, { msg_signature: q.msg_signature ?? '', timestamp, nonce }, echostr)) return unauthorized();
    const plain = openCiphertext(sec.aesKey, echostr, sec.receiverId);
    return plain === undefined ? unauthorized() : text(plain);
  }
}

async function readLimited(req: Request): Promise<string | undefined> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return undefined;
  const reader = req.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const unauthorized = () => new Response('signature mismatch', { status: 401 });
const text = (s: string) => new Response(s, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
const xml = (s: string) => new Response(s, { status: 200, headers: { 'content-type': 'application/xml; charset=utf-8' } });
