import crypto from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/**
 * The callback security shared by the 服务号 and WeCom (same scheme, documented by both): a SHA-1 over
 * the sorted Token, timestamp, nonce (and, in 安全模式, the ciphertext), and AES-256-CBC with the
 * EncodingAESKey whose plaintext ends with the AppID / CorpID it was meant for.
 */
export interface SignedQuery {
  timestamp: string;
  nonce: string;
}

/** 明文模式 and URL verification on the 服务号: `signature` = sha1(sort(token, timestamp, nonce)). */
export function verifyPlainSignature(token: string, q: SignedQuery & { signature: string }): boolean {
  const expected = crypto.createHash('sha1').update([token, q.timestamp, q.nonce].sort().join('')).digest('hex');
  return safeEqual(expected, q.signature);
}

/** 安全模式 (and every WeCom callback): `msg_signature` = sha1(sort(token, timestamp, nonce, ciphertext)). */
export function verifyMsgSignature(token: string, q: SignedQuery & { msg_signature: string }, ciphertext: string): boolean {
  return safeEqual(getSignature(token, q.timestamp, q.nonce, ciphertext), q.msg_signature);
}

/** Decrypts a ciphertext and checks it was meant for `receiverId` (AppID or CorpID); undefined otherwise. */
export function openCiphertext(aesKey: string, ciphertext: string, receiverId: string): string | undefined {
  try {
    const r = decrypt(aesKey, ciphertext);
    return r.id === receiverId ? r.message : undefined;
  } catch {
    return undefined;
  }
}

/** The encrypted reply envelope's parts: ciphertext and its msg_signature. */
export function sealReply(token: string, aesKey: string, receiverId: string, plaintext: string, timestamp: string, nonce: string): { ciphertext: string; signature: string } {
  const ciphertext = encrypt(aesKey, plaintext, receiverId);
  return { ciphertext, signature: getSignature(token, timestamp, nonce, ciphertext) };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
