/**
 * The signed OX.FUN REST client: open orders, order status, and the cancel
 * endpoints used when the socket is down. Paces itself under the venue's
 * per-IP limits (a token bucket; a 429 pauses it) and turns every failure
 * into a `VenueCallError` whose message carries no header or signature.
 */
import { randomBytes } from 'node:crypto';
import { tryParseJsonLossless } from '../../core/json.ts';
import type { Logger } from '../../core/log.ts';
import { TokenBucket } from '../../core/token-bucket.ts';
import { type CancelTarget, VenueCallError, type VenueError } from '../../core/venue.ts';
import { neverReachedVenue } from '../shared/never-sent.ts';
import { type OxfunCredentials, type RestSigningParts, restHeaders, restTimestamp } from './auth.ts';
import { CODES, HTTP_TIMEOUT_MS, REST_CLIENT_BUCKET, REST_PATHS } from './constants.ts';
import { oxfunError } from './errors.ts';
import {
  type OxfunOrderStatus,
  type OxfunRestCancelItem,
  type OxfunWorkingOrder,
  type ParseResult,
  parseCancelAllResponse,
  parseCancelResponse,
  parseOrderStatus,
  parseRestError,
  parseWorkingOrders,
} from './parse.ts';

export interface OxfunRestOptions {
  restUrl: string;
  credentials: OxfunCredentials;
  logger: Logger;
  onMalformed(description: string): void;
  now?: () => number;
}

export interface OxfunRest {
  listWorking(): Promise<OxfunWorkingOrder[]>;
  /** The venue's record of one order; undefined when it does not know the id. */
  orderStatus(orderId: string): Promise<OxfunOrderStatus | undefined>;
  /** `DELETE /v3/orders/cancel` for up to 8 orders; per-order items as the venue returned them. */
  cancel(targets: readonly CancelTarget[]): Promise<OxfunRestCancelItem[]>;
  /** `DELETE /v3/orders/cancel-all`, optionally for one market; the venue's notice. */
  cancelAll(market?: string): Promise<string>;
}

/** Default pause after a 429 that gave no Retry-After. */
const RATE_LIMIT_PAUSE_MS = 1000;

/**
 * `DELETE /v3/orders/cancel-all`'s body: `{"marketCode":…}` for one market, else `{}` — what CCXT sends
 * and signs for the whole account (its sign() JSON-encodes the params of every DELETE).
 */
export function cancelAllBody(market?: string): string {
  return JSON.stringify(market ? { marketCode: market } : {});
}

/** `DELETE /v3/orders/cancel`'s body for up to 8 orders. */
export function cancelBody(targets: readonly CancelTarget[], timestampMs: number): string {
  return JSON.stringify({
    responseType: 'FULL',
    timestamp: timestampMs,
    // The REST docs show ids as strings here (unlike the WebSocket, which takes numbers).
    orders: targets.map((target) => ({ marketCode: target.market, orderId: target.venueOrderId })),
  });
}

/** What one request signs: for GET the query string takes the body's place. */
export function signingParts(request: {
  verb: 'GET' | 'DELETE';
  host: string;
  path: string;
  query?: string;
  body?: string;
  timestamp: string;
  nonce: string;
}): RestSigningParts {
  return {
    timestamp: request.timestamp,
    nonce: request.nonce,
    verb: request.verb,
    host: request.host,
    path: request.path,
    body: request.verb === 'GET' ? (request.query ?? '') : (request.body ?? ''),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createOxfunRest(options: OxfunRestOptions): OxfunRest {
  const now = options.now ?? Date.now;
  const base = new URL(options.restUrl);
  const bucket = new TokenBucket(REST_CLIENT_BUCKET, now());

  async function acquire(): Promise<void> {
    for (;;) {
      const wait = bucket.waitMs(now());
      if (wait <= 0 && bucket.tryTake(now())) return;
      await sleep(Math.max(wait, 1));
    }
  }

  function fail(error: VenueError): never {
    throw new VenueCallError(error);
  }

  async function request(
    verb: 'GET' | 'DELETE',
    path: string,
    params: { query?: URLSearchParams; body?: string } = {},
  ): Promise<unknown> {
    await acquire();
    const query = params.query?.toString() ?? '';
    const body = params.body ?? '';
    const url = new URL(path + (query ? `?${query}` : ''), base);
    const headers = restHeaders(
      options.credentials,
      signingParts({
        verb,
        host: url.host,
        path,
        query,
        body,
        timestamp: restTimestamp(new Date(now())),
        nonce: randomBytes(8).toString('hex'),
      }),
    );
    let response: Response;
    try {
      response = await fetch(url, {
        method: verb,
        headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
      const reason = cause?.message ?? (err instanceof Error ? err.message : String(err));
      // A refused dial never reached the venue: its per-IP limit did not count it, so neither does our bucket
      // (else a long outage's retries leave the account throttled just when the venue is back).
      const notSent = neverReachedVenue((cause as { code?: string } | undefined)?.code);
      if (notSent) bucket.refund(now());
      return fail({
        category: 'network',
        code: 'network',
        message: `${verb} ${path}: ${reason}`,
        ...(notSent && { notSent: true }),
      });
    }
    const text = await response.text();
    const json = tryParseJsonLossless(text);
    const venueFailure = json.ok ? parseRestError(json.value) : undefined;
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after'));
      const retryAfterMs =
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : RATE_LIMIT_PAUSE_MS;
      bucket.pauseUntil(now() + retryAfterMs);
      return fail(
        oxfunError(
          venueFailure?.code ?? CODES.restRateLimit,
          venueFailure?.message || 'Rate limit reached',
          response.status,
          retryAfterMs,
        ),
      );
    }
    // Status and code both go through the table (errors.ts): auth statuses outrank the body's code.
    if (venueFailure) return fail(oxfunError(venueFailure.code, venueFailure.message, response.status));
    if (!response.ok) {
      return fail(oxfunError(undefined, `${verb} ${path}: HTTP ${response.status}`, response.status));
    }
    if (!json.ok) {
      options.onMalformed(`${path}: body is not JSON`);
      return fail({ category: 'network', code: 'malformed', message: `${path}: body is not JSON` });
    }
    return json.value;
  }

  function unwrap<T>(path: string, result: ParseResult<T>): T {
    if (result.ok) return result.value;
    options.onMalformed(result.error);
    return fail({ category: 'network', code: 'malformed', message: `${path}: unexpected reply` });
  }

  return {
    async listWorking() {
      const parsed = unwrap(REST_PATHS.working, parseWorkingOrders(await request('GET', REST_PATHS.working)));
      for (const rejected of parsed.rejected) options.onMalformed(rejected);
      return parsed.orders;
    },

    async orderStatus(orderId) {
      try {
        const json = await request('GET', REST_PATHS.status, { query: new URLSearchParams({ orderId }) });
        return unwrap(REST_PATHS.status, parseOrderStatus(json));
      } catch (err) {
        if (err instanceof VenueCallError && err.venueError.category === 'not_found') return undefined;
        throw err;
      }
    },

    async cancel(targets) {
      const body = cancelBody(targets, now());
      return unwrap(
        REST_PATHS.cancel,
        parseCancelResponse(await request('DELETE', REST_PATHS.cancel, { body })),
      );
    },

    async cancelAll(market) {
      const json = await request('DELETE', REST_PATHS.cancelAll, { body: cancelAllBody(market) });
      return unwrap(REST_PATHS.cancelAll, parseCancelAllResponse(json)).notice;
    },
  };
}
