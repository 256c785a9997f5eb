/**
 * OX.FUN credentials and its two signature schemes: the WebSocket login
 * (`Base64(HMAC-SHA256(secret, ms + "GET/auth/self/verify"))`) and the REST
 * headers (`Base64(HMAC-SHA256(secret, ts\nnonce\nVERB\nhost\npath\nbody))`).
 * Used by the adapter to sign and by the simulator to verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { OPS, REST_HEADERS, WS_LOGIN_SIGNED_SUFFIX } from './constants.ts';

export const oxfunCredentialsSchema = z.object({
  apiKey: z.string().trim().min(1),
  apiSecret: z.string().min(1),
});
export type OxfunCredentials = z.infer<typeof oxfunCredentialsSchema>;

/** Validates the credential object; the error names missing fields, never their values. */
export function parseOxfunCredentials(raw: Record<string, string>): OxfunCredentials {
  const parsed = oxfunCredentialsSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new Error(`oxfun credentials: missing or empty ${fields}`);
  }
  return parsed.data;
}

function hmacBase64(secret: string, message: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(message, 'utf8').digest('base64');
}

export function wsLoginSignature(secret: string, timestampMs: string): string {
  return hmacBase64(secret, `${timestampMs}${WS_LOGIN_SIGNED_SUFFIX}`);
}

export interface OxfunLoginMessage {
  op: typeof OPS.login;
  tag: string;
  data: { apiKey: string; timestamp: string; signature: string };
}

export function loginMessage(credentials: OxfunCredentials, nowMs: number, tag: string): OxfunLoginMessage {
  const timestamp = String(nowMs);
  return {
    op: OPS.login,
    tag,
    data: {
      apiKey: credentials.apiKey,
      timestamp,
      signature: wsLoginSignature(credentials.apiSecret, timestamp),
    },
  };
}

/** `yyyy-MM-ddTHH:mm:ss` in UTC, the REST `Timestamp` header. */
export function restTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export interface RestSigningParts {
  timestamp: string;
  nonce: string;
  /** Uppercase HTTP verb. */
  verb: string;
  /** Host as addressed (`api.ox.fun`, or `127.0.0.1:port`). */
  host: string;
  path: string;
  /** JSON body text; for GET the query string without `?`; empty when none. */
  body: string;
}

export function restMessage(parts: RestSigningParts): string {
  return `${parts.timestamp}\n${parts.nonce}\n${parts.verb}\n${parts.host}\n${parts.path}\n${parts.body}`;
}

export function restSignature(secret: string, parts: RestSigningParts): string {
  return hmacBase64(secret, restMessage(parts));
}

export function restHeaders(credentials: OxfunCredentials, parts: RestSigningParts): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    [REST_HEADERS.key]: credentials.apiKey,
    [REST_HEADERS.timestamp]: parts.timestamp,
    [REST_HEADERS.signature]: restSignature(credentials.apiSecret, parts),
    [REST_HEADERS.nonce]: parts.nonce,
  };
}

/** Constant-time comparison of two base64 signatures. */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
