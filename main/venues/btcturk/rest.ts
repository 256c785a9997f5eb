/**
 * BTCTurk private REST calls the blotter needs: the open-orders listing, the
 * single-order cancel and the order-by-id lookup. Every call is signed with
 * fresh `X-PCK` / `X-Stamp` / `X-Signature` headers; bodies come back as raw
 * text so the lossless JSON parser sees the exact digits; failures become
 * `VenueError`s that carry no header and no secret.
 */
import type { AxiosResponse } from 'axios';
import type { Logger } from '../../core/log.ts';
import { type CancelOutcome, VenueCallError } from '../../core/venue.ts';
import { bodyText, createTextHttp, transportError } from '../shared/http.ts';
import { type BtcturkKeyPair, restHeaderSigner } from './auth.ts';
import type { AuthGate } from './auth-gate.ts';
import {
  BTCTURK_PATHS,
  CODE_ORDER_NOT_FOUND,
  ERROR_NO_ORDER,
  HTTP_TIMEOUT_MS,
  STATUS_BAD_REQUEST,
} from './constants.ts';
import { cancelOutcomeFrom, venueErrorFrom } from './errors.ts';
import {
  type BtcturkEnvelope,
  type BtcturkOrder,
  parseEnvelope,
  parseOpenOrders,
  parseSingleOrder,
} from './parse.ts';

/** The cancel call as it goes on the wire: `DELETE /api/v1/order?id=` (no body). */
export function cancelRequest(id: string): {
  method: 'DELETE';
  path: string;
  params: Record<string, string>;
} {
  return { method: 'DELETE', path: BTCTURK_PATHS.order, params: { id } };
}

/** `path` with its query, as the request line carries it. */
function pathWithQuery(path: string, params?: Record<string, string>): string {
  return params ? `${path}?${new URLSearchParams(params).toString()}` : path;
}

/** The lookup: `GET /api/v1/order/{id}`. */
export function lookupPath(id: string): string {
  return `${BTCTURK_PATHS.order}/${encodeURIComponent(id)}`;
}

/**
 * Transport failures that prove the request never reached BTCTurk: no TCP
 * connection was made (refused by a gateway that is down, no route, no such
 * host). A reset or a timeout may come after the venue counted the request.
 */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

/** True when a cancel failed before any byte of it could reach BTCTurk (it cannot count in its windows). */
export function neverReachedVenue(outcome: CancelOutcome): boolean {
  return (
    outcome.kind === 'failed' &&
    outcome.error.category === 'network' &&
    NEVER_SENT_CODES.has(outcome.error.code)
  );
}

export interface BtcturkRestClient {
  /** Every open order of every pair (rows it cannot read are reported through `onMalformed` and skipped). */
  listOpenOrders(): Promise<BtcturkOrder[]>;
  /** One `DELETE /api/v1/order?id=`; never throws, a transport failure is a retryable outcome. */
  cancelOrder(id: string): Promise<CancelOutcome>;
  /** The venue's record of one order in any state; undefined when it does not know the id. */
  getOrder(id: string): Promise<BtcturkOrder | undefined>;
}

export interface BtcturkRestOptions {
  restUrl: string;
  /** The REST pair. */
  credentials: BtcturkKeyPair;
  logger: Logger;
  gate: AuthGate;
  /** A response body failed validation (the description is value-free). */
  onMalformed(description: string): void;
  now?: () => number;
  timeoutMs?: number;
}

interface Answer {
  status: number;
  envelope: BtcturkEnvelope | undefined;
  retryAfter: unknown;
}

export function createBtcturkRest(options: BtcturkRestOptions): BtcturkRestClient {
  const now = options.now ?? Date.now;
  const http = createTextHttp(options.timeoutMs ?? HTTP_TIMEOUT_MS);
  // Paths are absolute ('/api/…'): they replace any path of the configured URL, as `new URL(path, base)` did.
  const origin = new URL(options.restUrl).origin;
  const signedHeaders = restHeaderSigner(options.credentials);

  async function call(
    method: 'GET' | 'DELETE',
    path: string,
    params?: Record<string, string>,
  ): Promise<Answer> {
    const refusal = options.gate.blocked(now());
    if (refusal !== undefined) {
      throw new VenueCallError({ category: 'auth', code: 'credentials', message: refusal });
    }
    let response: AxiosResponse;
    try {
      response = await http.request({
        method,
        url: `${origin}${pathWithQuery(path, params)}`,
        headers: signedHeaders(now()),
      });
    } catch (err) {
      throw transportError(err);
    }
    const parsed = parseEnvelope(bodyText(response));
    if (!parsed.ok && response.status >= 200 && response.status < 300) options.onMalformed(parsed.error);
    const answer = {
      status: response.status,
      envelope: parsed.ok ? parsed.value : undefined,
      retryAfter: response.headers['retry-after'],
    };
    const error =
      answer.status >= 200 && answer.status < 300
        ? undefined
        : venueErrorFrom(answer.status, answer.envelope, answer.retryAfter, now());
    if (error?.category === 'auth') {
      options.gate.refused(error.message, now());
      options.logger.warn('btcturk refused the credentials', { path, code: error.code });
    } else if (error === undefined) {
      options.gate.accepted();
    }
    return answer;
  }

  /** A 2xx with `success: true` and valid data, or a thrown VenueCallError. */
  function dataOf(answer: Answer): unknown {
    if (answer.status < 200 || answer.status >= 300 || answer.envelope?.success !== true) {
      if (answer.envelope === undefined && answer.status >= 200 && answer.status < 300) {
        throw new VenueCallError({ category: 'network', code: 'malformed', message: 'unreadable answer' });
      }
      throw new VenueCallError(venueErrorFrom(answer.status, answer.envelope, answer.retryAfter, now()));
    }
    return answer.envelope.data;
  }

  function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
    if (result.ok) return result.value;
    options.onMalformed(result.error);
    // Retryable: a listing we cannot read must not be mistaken for an empty one.
    throw new VenueCallError({ category: 'network', code: 'malformed', message: result.error });
  }

  return {
    async listOpenOrders() {
      const answer = await call('GET', BTCTURK_PATHS.openOrders);
      const listing = unwrap(parseOpenOrders(dataOf(answer)));
      for (const skipped of listing.skipped) options.onMalformed(`skipped a listing row: ${skipped}`);
      return listing.orders;
    },

    async cancelOrder(id) {
      try {
        const request = cancelRequest(id);
        const answer = await call(request.method, request.path, request.params);
        return cancelOutcomeFrom(answer.status, answer.envelope, answer.retryAfter, now());
      } catch (err) {
        if (err instanceof VenueCallError) return { kind: 'failed', error: err.venueError };
        throw err;
      }
    },

    async getOrder(id) {
      const answer = await call('GET', lookupPath(id));
      // The docs' answer for an unknown id is code 1152; NO_ORDER_MATCHES_YOUR_REQUEST and 404 mean the same.
      const envelope = answer.envelope;
      if (envelope?.success === false && envelope.code === CODE_ORDER_NOT_FOUND) return undefined;
      if (answer.status === STATUS_BAD_REQUEST && envelope?.message === ERROR_NO_ORDER) return undefined;
      if (answer.status === 404) return undefined;
      return unwrap(parseSingleOrder(dataOf(answer)));
    },
  };
}
