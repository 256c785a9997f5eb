/**
 * HS256 JSON Web Tokens for the Rails simulator, on node:crypto alone: enough
 * of RFC 7519 to issue the venue's access tokens and to verify the signature
 * and expiry of the ones clients send back.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface RailsJwtClaims {
  /** As in the docs' example token: the limits the account gets. */
  accountType: string;
  iss: string;
  sub: string;
  aud: string[];
  /** Seconds since the epoch (NumericDate). */
  iat: number;
  exp: number;
  /** Unique per token, so two tokens issued in the same second differ. */
  jti: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(input: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signJwt(claims: RailsJwtClaims, secret: Buffer): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

export type JwtCheck = { ok: true; claims: RailsJwtClaims } | { ok: false; reason: string };

function isClaims(value: unknown): value is RailsJwtClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number' &&
    typeof claims.jti === 'string'
  );
}

export function verifyJwt(token: string, secret: Buffer, nowSeconds: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [header, payload, signature] = parts as [string, string, string];
  if (header !== HEADER) return { ok: false, reason: 'unsupported token header' };
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed claims' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed claims' };
  if (nowSeconds >= claims.exp) return { ok: false, reason: 'token expired' };
  return { ok: true, claims };
}
