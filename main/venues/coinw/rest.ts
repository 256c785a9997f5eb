/**
 * The CoinW futures REST client: signs every private call, sends DELETE
 * parameters as a JSON body, reads bodies as raw text (so ids above 2^53
 * keep every digit) and turns the `{code,msg,data}` envelope into values or
 * `VenueCallError`s free of headers and secrets.
 */
import type { AxiosResponse } from 'axios';
import type { Logger } from '../../core/log.ts';
import { VenueCallError, type VenueError } from '../../core/venue.ts';
import { bodyText, createTextHttp, transportError } from '../shared/http.ts';
import { type CoinwCredentials, headerSigner } from './auth.ts';
import { AUTH_RETRY_MS, CODE_SUCCESS, COINW_PATHS, HISTORY_PAGE_SIZE, HTTP_TIMEOUT_MS } from './constants.ts';
import { codeError, httpError } from './errors.ts';
import { type CoinwOrder, ORDER_ID_PATTERN, parseEnvelope, parseListing, parseOrderRows } from './parse.ts';

export interface CoinwRestOptions {
  restUrl: string;
  credentials: CoinwCredentials;
  logger: Logger;
  /** A reply or a listing row that failed validation (rows are skipped, the rest of the listing stands). */
  onMalformed(description: string): void;
  now?: () => number;
  timeoutMs?: number;
}

/** The readable rows of one listing or history page, and how many rows the venue sent in all. */
export interface CoinwRows {
  rows: CoinwOrder[];
  /** Rows on the wire, readable or not (paging counts these). */
  received: number;
  /** The venue's total across pages, when it sent one. */
  total?: number;
}

export interface CoinwRest {
  /** `DELETE /v1/perpum/order`; resolves on code 0, throws `VenueCallError` otherwise. */
  cancelOne(orderId: string): Promise<void>;
  /** `DELETE /v1/perpum/batchOrders` with up to 20 ids (and their `posType` when known); code 0 says nothing per order. */
  cancelBatch(orderIds: readonly string[], posType?: string): Promise<void>;
  /** `GET /v1/perpum/order?positionType=…`: every open order of that type on every instrument. */
  currentOrders(positionType: string): Promise<CoinwRows>;
  /** One page of the 7-day order history, optionally of one instrument. */
  orderHistory(page: number, instrument?: string): Promise<CoinwRows>;
}

const POS_TYPE = /^[A-Za-z]{1,40}$/;

/**
 * Ids are written as bare JSON numbers, so only digits without a leading zero ("0" itself is fine):
 * "007" would make `[007]`, which is not JSON. Anything else is refused with an Error before any text
 * is built.
 */
function checkId(id: string): void {
  if (typeof id !== 'string' || !ORDER_ID_PATTERN.test(id)) {
    const why = typeof id === 'string' && /^0\d+$/.test(id) ? ' (leading zero)' : '';
    throw new Error(`not a CoinW order id${why}: ${JSON.stringify(String(id).slice(0, 40))}`);
  }
}

/**
 * `{"posType":"plan","sourceIds":[1,2]}`: the ids as bare JSON numbers, digit for digit (JSON.stringify
 * would need floats; the docs accept numbers or strings), `posType` only when the orders' type is known.
 */
export function batchCancelBody(orderIds: readonly string[], posType?: string): string {
  for (const id of orderIds) checkId(id);
  if (posType !== undefined && !POS_TYPE.test(posType))
    throw new Error(`not a CoinW posType: ${JSON.stringify(posType)}`);
  const type = posType !== undefined ? `"posType":${JSON.stringify(posType)},` : '';
  return `{${type}"sourceIds":[${orderIds.join(',')}]}`;
}

/** `{"id":"<id>"}`: the seed page sends the Long id as a string, which keeps it exact. */
export function singleCancelBody(orderId: string): string {
  checkId(orderId);
  return JSON.stringify({ id: orderId });
}

/** The listing's query: no instrument, so every instrument (docs' Corrections; CoinW.Net). */
export function currentOrdersQuery(positionType: string): string {
  return new URLSearchParams({ positionType }).toString();
}

export function historyQuery(page: number, instrument?: string): string {
  const params = new URLSearchParams();
  if (instrument) params.set('instrument', instrument);
  params.set('page', String(page));
  params.set('pageSize', String(HISTORY_PAGE_SIZE));
  return params.toString();
}

export function createCoinwRest(options: CoinwRestOptions): CoinwRest {
  const now = options.now ?? Date.now;
  const http = createTextHttp(options.timeoutMs ?? HTTP_TIMEOUT_MS);
  const base = options.restUrl.replace(/\/+$/, '');
  const authHeaders = headerSigner(options.credentials);
  /** After the venue refused the credentials, calls fail here until this time instead of hammering it. */
  let authRefusedUntil = 0;
  let authRefusal: VenueError | undefined;

  async function call(
    method: 'GET' | 'DELETE',
    path: string,
    params: { query?: string; body?: string },
  ): Promise<unknown> {
    if (authRefusal && now() < authRefusedUntil) throw new VenueCallError(authRefusal);
    const headers = authHeaders({ method, path, query: params.query, body: params.body }, now());
    let response: AxiosResponse;
    try {
      response = await http.request({
        method,
        url: `${base}${path}${params.query ? `?${params.query}` : ''}`,
        headers: { ...headers, ...(params.body !== undefined && { 'Content-Type': 'application/json' }) },
        ...(params.body !== undefined && { data: params.body }),
      });
    } catch (err) {
      throw transportError(err);
    }
    const envelope = parseEnvelope(bodyText(response));
    if (response.status < 200 || response.status >= 300) {
      const code = envelope.ok && envelope.value.code !== CODE_SUCCESS ? envelope.value.code : undefined;
      const error = httpError(response.status, code, envelope.ok ? (envelope.value.msg ?? '') : '');
      noteAuth(error);
      throw new VenueCallError(error);
    }
    if (!envelope.ok) {
      options.onMalformed(`${method} ${path}: ${envelope.error}`);
      throw new VenueCallError({
        category: 'network',
        code: 'malformed',
        message: `unreadable reply: ${envelope.error}`,
      });
    }
    if (envelope.value.code !== CODE_SUCCESS) {
      const error = codeError(envelope.value.code, envelope.value.msg ?? '');
      noteAuth(error);
      throw new VenueCallError(error);
    }
    authRefusal = undefined;
    return envelope.value.data;
  }

  function noteAuth(error: VenueError): void {
    if (error.category !== 'auth') return;
    authRefusal = error;
    authRefusedUntil = now() + AUTH_RETRY_MS;
    options.logger.warn('coinw refused the API credentials', { code: error.code, detail: error.message });
  }

  /** The rows of a listing reply; a row that cannot be read is reported and skipped, never fatal. */
  function readRows(what: string, data: unknown): CoinwRows {
    const listing = parseListing(data);
    if (!listing.ok) {
      options.onMalformed(`${what}: ${listing.error}`);
      throw new VenueCallError({
        category: 'network',
        code: 'malformed',
        message: `unreadable ${what}: ${listing.error}`,
      });
    }
    const { rows, skipped } = parseOrderRows(listing.value.rows);
    for (const description of skipped) options.onMalformed(`${what}: skipped ${description}`);
    return {
      rows,
      received: listing.value.rows.length,
      ...(listing.value.total !== undefined && { total: listing.value.total }),
    };
  }

  return {
    async cancelOne(orderId) {
      await call('DELETE', COINW_PATHS.cancelOrder, { body: singleCancelBody(orderId) });
    },

    async cancelBatch(orderIds, posType) {
      await call('DELETE', COINW_PATHS.batchCancel, { body: batchCancelBody(orderIds, posType) });
    },

    async currentOrders(positionType) {
      const data = await call('GET', COINW_PATHS.currentOrders, { query: currentOrdersQuery(positionType) });
      return readRows(`open ${positionType} orders`, data);
    },

    async orderHistory(page, instrument) {
      const data = await call('GET', COINW_PATHS.orderHistory, { query: historyQuery(page, instrument) });
      return readRows('order history', data);
    },
  };
}
