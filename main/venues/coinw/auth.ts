/**
 * CoinW futures credentials and request signing:
 * `sign = Base64(HMAC-SHA256(secret, timestamp + METHOD + path + ("?" + query, GET only) + body))`.
 * The same function verifies signatures in the simulator, so both sides agree byte for byte.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HEADER_API_KEY, HEADER_SIGN, HEADER_TIMESTAMP } from './constants.ts';

export const coinwCredentialsSchema = z.object({
  apiKey: z.string().trim().min(1, 'API key is required').max(200),
  apiSecret: z.string().trim().min(1, 'API secret is required').max(200),
});
export type CoinwCredentials = z.infer<typeof coinwCredentialsSchema>;

/** Validates the credential object; the error names the field, never its value. */
export function parseCoinwCredentials(raw: Record<string, string>): CoinwCredentials {
  const parsed = coinwCredentialsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`coinw credentials: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

export interface SignInput {
  timestamp: string;
  method: string;
  path: string;
  /** The raw query string without "?"; signed only for GET. */
  query?: string;
  /** The exact body bytes sent ('' when none). */
  body?: string;
}

export function signaturePayload(input: SignInput): string {
  const method = input.method.toUpperCase();
  const query = method === 'GET' && input.query ? `?${input.query}` : '';
  return `${input.timestamp}${method}${input.path}${query}${input.body ?? ''}`;
}

export function sign(secret: string, input: SignInput): string {
  return createHmac('sha256', secret).update(signaturePayload(input), 'utf8').digest('base64');
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(secret: string, input: SignInput, received: string): boolean {
  const expected = Buffer.from(sign(secret, input), 'utf8');
  const got = Buffer.from(received, 'utf8');
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/** The three private-call headers. */
export function authHeaders(
  credentials: CoinwCredentials,
  input: Omit<SignInput, 'timestamp'>,
  now: number,
): Record<string, string> {
  const timestamp = String(now);
  return {
    [HEADER_API_KEY]: credentials.apiKey,
    [HEADER_TIMESTAMP]: timestamp,
    [HEADER_SIGN]: sign(credentials.apiSecret, { ...input, timestamp }),
  };
}

/**
 * `authHeaders` for one credential pair with the secret keyed once (keying it per request costs ~30 µs of
 * every cancel).
 */
export function headerSigner(
  credentials: CoinwCredentials,
): (input: Omit<SignInput, 'timestamp'>, now: number) => Record<string, string> {
  const key = createSecretKey(Buffer.from(credentials.apiSecret, 'utf8'));
  return (input, now) => {
    const timestamp = String(now);
    return {
      [HEADER_API_KEY]: credentials.apiKey,
      [HEADER_TIMESTAMP]: timestamp,
      [HEADER_SIGN]: createHmac('sha256', key)
        .update(signaturePayload({ ...input, timestamp }), 'utf8')
        .digest('base64'),
    };
  };
}

/**
 * The private WebSocket login. CoinW's `passphrase` is the account's secret key (the venue
 * sends it over TLS; CoinW.Net does the same).
 */
export function loginMessage(credentials: CoinwCredentials): {
  event: 'login';
  params: { api_key: string; passphrase: string };
} {
  return { event: 'login', params: { api_key: credentials.apiKey, passphrase: credentials.apiSecret } };
}
