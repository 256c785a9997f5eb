/**
 * BTCTurk credentials and signing. REST: `X-Signature = Base64(HMAC-SHA256(
 * Base64Decode(privateKey), publicKey + stamp))`; the WebSocket login signs
 * `publicKey + nonce` the same way. Keys and signatures are never logged or
 * put in an error message; verification (for the simulator) is constant-time.
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { VenueCallError } from '../../core/venue.ts';
import {
  HEADER_PUBLIC_KEY,
  HEADER_SIGNATURE,
  HEADER_STAMP,
  WS_LOGIN_NONCE,
  WS_TYPE_LOGIN,
} from './constants.ts';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const privateKeyField = z
  .string()
  .trim()
  .min(4)
  .refine((value) => BASE64.test(value) && value.length % 4 === 0, { message: 'expected Base64' });

/** An optional form field left empty arrives as '' (or not at all): both mean "not given". */
const emptyIsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * The REST pair, and optionally the WebSocket pair: BTCTurk creates WebSocket
 * keys separately (API Access → WebSocket) and its WS login may refuse a REST
 * key. Without a WS pair the REST pair logs in to the WebSocket.
 */
export const btcturkCredentialsSchema = z
  .object({
    publicKey: z.string().trim().min(1),
    privateKey: privateKeyField,
    wsPublicKey: z.preprocess(emptyIsAbsent, z.string().trim().min(1).optional()),
    wsPrivateKey: z.preprocess(emptyIsAbsent, privateKeyField.optional()),
  })
  .refine((value) => (value.wsPublicKey === undefined) === (value.wsPrivateKey === undefined), {
    message: 'the WebSocket public and private keys go together',
    path: ['wsPrivateKey'],
  });
export type BtcturkCredentials = z.infer<typeof btcturkCredentialsSchema>;

/** One key pair, as a signature needs it. */
export interface BtcturkKeyPair {
  publicKey: string;
  privateKey: string;
}

/** The pair the WebSocket logs in with, and whether it is the REST pair standing in. */
export function wsKeyPair(credentials: BtcturkCredentials): { keys: BtcturkKeyPair; separate: boolean } {
  if (credentials.wsPublicKey !== undefined && credentials.wsPrivateKey !== undefined) {
    return {
      keys: { publicKey: credentials.wsPublicKey, privateKey: credentials.wsPrivateKey },
      separate: true,
    };
  }
  return { keys: { publicKey: credentials.publicKey, privateKey: credentials.privateKey }, separate: false };
}

/** Validates the credential object; the error names fields and rules, never values. */
export function parseBtcturkCredentials(raw: Record<string, string>): BtcturkCredentials {
  const parsed = btcturkCredentialsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new VenueCallError({
    category: 'auth',
    code: 'credentials',
    message: `invalid credentials (${fields})`,
  });
}

/** Base64(HMAC-SHA256(key = Base64Decode(privateKey), message)). */
export function hmacBase64(privateKeyBase64: string, message: string): string {
  return createHmac('sha256', Buffer.from(privateKeyBase64, 'base64'))
    .update(message, 'utf8')
    .digest('base64');
}

export function restSignature(credentials: BtcturkKeyPair, stamp: string): string {
  return hmacBase64(credentials.privateKey, `${credentials.publicKey}${stamp}`);
}

export function wsLoginSignature(credentials: BtcturkKeyPair, nonce: number): string {
  return hmacBase64(credentials.privateKey, `${credentials.publicKey}${nonce}`);
}

/** The 114 login frame: `[114, {type, publicKey, timestamp, nonce, signature}]`, signed over `publicKey + nonce`. */
export function wsLoginFrame(keys: BtcturkKeyPair, now: number, nonce = WS_LOGIN_NONCE): string {
  return JSON.stringify([
    WS_TYPE_LOGIN,
    {
      type: WS_TYPE_LOGIN,
      publicKey: keys.publicKey,
      timestamp: now,
      nonce,
      signature: wsLoginSignature(keys, nonce),
    },
  ]);
}

/** The three auth headers of a private REST call, stamped `now`. */
export function authHeaders(credentials: BtcturkKeyPair, now: number): Record<string, string> {
  const stamp = String(now);
  return {
    [HEADER_PUBLIC_KEY]: credentials.publicKey,
    [HEADER_STAMP]: stamp,
    [HEADER_SIGNATURE]: restSignature(credentials, stamp),
  };
}

/**
 * The REST auth headers for one key pair, with the key decoded and keyed once: decoding the Base64 key
 * and building a key per request costs ~30 µs of every cancel (measured in bench/wire.ts's path).
 */
export function restHeaderSigner(credentials: BtcturkKeyPair): (now: number) => Record<string, string> {
  const key: KeyObject = createSecretKey(Buffer.from(credentials.privateKey, 'base64'));
  return (now) => {
    const stamp = String(now);
    return {
      [HEADER_PUBLIC_KEY]: credentials.publicKey,
      [HEADER_STAMP]: stamp,
      [HEADER_SIGNATURE]: createHmac('sha256', key)
        .update(`${credentials.publicKey}${stamp}`, 'utf8')
        .digest('base64'),
    };
  };
}

/** Constant-time check of a Base64 signature against the one `message` should have. */
export function verifySignature(privateKeyBase64: string, message: string, signature: string): boolean {
  const expected = Buffer.from(hmacBase64(privateKeyBase64, message), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
