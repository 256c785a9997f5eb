/**
 * The Rails simulator's token authority: checks the API key and secret,
 * issues HS256 access tokens with an expiry (20 requests a minute per key,
 * counted from the first request like the venue), and verifies tokens for REST and the WS handshake. Tests
 * shorten the lifetime, mint expired tokens or revoke every token issued.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Random } from '../../../core/random.ts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, RATE_WINDOW_MS, TOKEN_REQUESTS_PER_MINUTE } from '../constants.ts';
import { seededBytes, seededUuid } from './ids.ts';
import { type JwtCheck, signJwt, verifyJwt } from './jwt.ts';
import { createSimWindow } from './window.ts';

export interface TokenIssue {
  status: number;
  body: unknown;
}

export interface TokenAuthority {
  readonly credentials: { apiKey: string; apiSecret: string };
  readonly userId: string;
  readonly issuedCount: number;
  /** `POST /api/v1/token` with the X-Api-Key / X-Api-Secret header values. */
  issue(apiKey: string | undefined, apiSecret: string | undefined, nowMs: number): TokenIssue;
  verify(token: string, nowMs: number): JwtCheck;
  /** A validly signed token outside the rate limit; a lifetime ≤ 0 gives an expired one. */
  mint(lifetimeSeconds: number, nowMs: number): string;
  setLifetime(seconds: number): void;
  /** Every token issued so far is refused from now on. */
  revokeAll(): void;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createTokenAuthority(random: Random, accountTypeClaim: string): TokenAuthority {
  const userId = seededUuid(random);
  const credentials = {
    apiKey: `sim-${seededBytes(random, 8).toString('hex')}`,
    apiSecret: seededBytes(random, 24).toString('base64url'),
  };
  const signingKey = seededBytes(random, 32);
  let lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS;
  let serial = 0;
  let revokedUpTo = 0;
  // Like every Rails limit, counted per minute from the first request.
  const tokenWindow = createSimWindow();

  function sign(lifetime: number, nowMs: number): string {
    serial++;
    const iat = Math.floor(nowMs / 1000);
    return signJwt(
      {
        accountType: accountTypeClaim,
        iss: 'sim.trade.rails.xyz',
        sub: userId,
        aud: ['sim-app.trade.rails.xyz'],
        iat,
        // Rounded up so a token is valid for at least `expires_in` seconds.
        exp: Math.ceil(nowMs / 1000 + lifetime),
        jti: String(serial),
      },
      signingKey,
    );
  }

  return {
    credentials,
    userId,
    get issuedCount() {
      return serial;
    },

    issue(apiKey, apiSecret, nowMs) {
      if (
        apiKey === undefined ||
        apiSecret === undefined ||
        !sameText(apiKey, credentials.apiKey) ||
        !sameText(apiSecret, credentials.apiSecret)
      ) {
        return { status: 401, body: { message: 'invalid api key or secret' } };
      }
      if (!tokenWindow.take(nowMs, TOKEN_REQUESTS_PER_MINUTE, RATE_WINDOW_MS)) {
        return { status: 429, body: { message: 'Too Many Requests' } };
      }
      return {
        status: 200,
        body: {
          access_token: sign(lifetimeSeconds, nowMs),
          token_type: 'Bearer',
          expires_in: lifetimeSeconds,
        },
      };
    },

    verify(token, nowMs) {
      const check = verifyJwt(token, signingKey, nowMs / 1000);
      if (check.ok && Number(check.claims.jti) <= revokedUpTo) return { ok: false, reason: 'token revoked' };
      return check;
    },

    mint: (lifetime, nowMs) => sign(lifetime, nowMs),
    setLifetime(seconds) {
      if (!Number.isInteger(seconds) || seconds <= 0)
        throw new Error('token lifetime must be a positive integer');
      lifetimeSeconds = seconds;
    },
    revokeAll() {
      revokedUpTo = serial;
    },
  };
}
