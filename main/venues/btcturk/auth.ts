/**
 * BTCTurk credentials and signing. REST: `X-Signature = Base64(HMAC-SHA256(
 * Base64Decode(privateKey), publicKey + stamp))`; the WebSocket login signs
 * `publicKey + nonce` the same way. Keys and signatures are never logged or
 * put in an error message; verification (for the simulator) is constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { VenueCallError } from '../../core/venue.ts';
import { HEADER_PUBLIC_KEY, HEADER_SIGNATURE, HEADER_STAMP } from './constants.ts';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const btcturkCredentialsSchema = z.object({
  publicKey: z.string().trim().min(1),
  privateKey: z
    .string()
    .trim()
    .min(4)
    .refine((value) => BASE64.test(value) && value.length % 4 === 0, { message: 'expected Base64' }),
});
export type BtcturkCredentials = z.infer<typeof btcturkCredentialsSchema>;

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

export function restSignature(credentials: BtcturkCredentials, stamp: string): string {
  return hmacBase64(credentials.privateKey, `${credentials.publicKey}${stamp}`);
}

export function wsLoginSignature(credentials: BtcturkCredentials, nonce: number): string {
  return hmacBase64(credentials.privateKey, `${credentials.publicKey}${nonce}`);
}

/** The three auth headers of a private REST call, stamped `now`. */
export function authHeaders(credentials: BtcturkCredentials, now: number): Record<string, string> {
  const stamp = String(now);
  return {
    [HEADER_PUBLIC_KEY]: credentials.publicKey,
    [HEADER_STAMP]: stamp,
    [HEADER_SIGNATURE]: restSignature(credentials, stamp),
  };
}

/** Constant-time check of a Base64 signature against the one `message` should have. */
export function verifySignature(privateKeyBase64: string, message: string, signature: string): boolean {
  const expected = Buffer.from(hmacBase64(privateKeyBase64, message), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
