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
import { authHeaders, type CoinwCredentials } from './auth.ts';
import {
  AUTH_CODES,
  AUTH_RETRY_MS,
  CODE_ORDER_NOT_FOUND,
  CODE_RATE_LIMITED,
  CODE_SUCCESS,
  CODE_SYMBOL_SUSPENDED,
  COINW_PATHS,
  HISTORY_PAGE_SIZE,
  HTTP_TIMEOUT_MS,
  LISTING_POSITION_TYPE,
  RATE_WINDOW_MS,
} from './constants.ts';
import {
  type CoinwOrderPage,
  type CoinwOrderRow,
  orderListSchema,
  orderPageSchema,
  parseData,
  parseEnvelope,
} from './parse.ts';

export interface CoinwRestOptions {
  restUrl: string;
  credentials: CoinwCredentials;
  logger: Logger;
  onMalformed(description: string): void;
  now?: () => number;
  timeoutMs?: number;
}

export interface CoinwRest {
  /** `DELETE /v1/perpum/order`; resolves on code 0, throws `VenueCallError` otherwise. */
  cancelOne(orderId: string): Promise<void>;
  /** `DELETE /v1/perpum/batchOrders` with up to 20 ids; code 0 says nothing per order. */
  cancelBatch(orderIds: readonly string[]): Promise<void>;
  /** Every open (`plan`) order on every instrument. */
  listOpenOrders(): Promise<CoinwOrderRow[]>;
  /** One page of the 7-day order history, optionally of one instrument. */
  orderHistory(page: number, instrument?: string): Promise<CoinwOrderPage>;
}

const ORDER_ID = /^\d{1,30}$/;

/** A venue code in the engine's terms. */
export function codeError(code: number, message: string): VenueError {
  const text = message || `code ${code}`;
  const base = { code: String(code), message: text };
  if (AUTH_CODES.has(code)) return { category: 'auth', ...base };
  if (code === CODE_RATE_LIMITED) return { category: 'rate_limited', ...base, retryAfterMs: RATE_WINDOW_MS };
  if (code === CODE_ORDER_NOT_FOUND) return { category: 'not_found', ...base };
  if (code === CODE_SYMBOL_SUSPENDED) return { category: 'maintenance', ...base };
  return { category: 'rejected', ...base };
}

function httpError(response: AxiosResponse, message: string): VenueError {
  const status = response.status;
  const code = String(status);
  const text = message || `HTTP ${status}`;
  if (status === 401 || status === 403) return { category: 'auth', code, message: text };
  if (status === 429) return { category: 'rate_limited', code, message: text, retryAfterMs: RATE_WINDOW_MS };
  if (status >= 500) return { category: 'network', code, message: text };
  return { category: 'rejected', code, message: text };
}

/** `{"sourceIds":[1,2]}` with the ids as bare JSON numbers, digit for digit (JSON.stringify would need floats). */
export function batchCancelBody(orderIds: readonly string[]): string {
  for (const id of orderIds)
    if (!ORDER_ID.test(id)) throw new Error(`not a CoinW order id: ${JSON.stringify(id)}`);
  return `{"sourceIds":[${orderIds.join(',')}]}`;
}

/** `{"id":"<id>"}`: the seed page sends the Long id as a string, which keeps it exact. */
export function singleCancelBody(orderId: string): string {
  if (!ORDER_ID.test(orderId)) throw new Error(`not a CoinW order id: ${JSON.stringify(orderId)}`);
  return JSON.stringify({ id: orderId });
}

export function createCoinwRest(options: CoinwRestOptions): CoinwRest {
  const now = options.now ?? Date.now;
  const http = createTextHttp(options.timeoutMs ?? HTTP_TIMEOUT_MS);
  const base = options.restUrl.replace(/\/+$/, '');
  /** After the venue refused the credentials, calls fail here until this time instead of hammering it. */
  let authRefusedUntil = 0;
  let authRefusal: VenueError | undefined;

  async function call(
    method: 'GET' | 'DELETE',
    path: string,
    params: { query?: string; body?: string },
  ): Promise<unknown> {
    if (authRefusal && now() < authRefusedUntil) throw new VenueCallError(authRefusal);
    const headers = authHeaders(
      options.credentials,
      { method, path, query: params.query, body: params.body },
      now(),
    );
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
      const error = httpError(response, envelope.ok ? (envelope.value.msg ?? '') : '');
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

  function readData<T>(what: string, schema: Parameters<typeof parseData<T>>[0], data: unknown): T {
    const parsed = parseData(schema, data);
    if (!parsed.ok) {
      options.onMalformed(`${what}: ${parsed.error}`);
      throw new VenueCallError({
        category: 'network',
        code: 'malformed',
        message: `unreadable ${what}: ${parsed.error}`,
      });
    }
    return parsed.value;
  }

  return {
    async cancelOne(orderId) {
      await call('DELETE', COINW_PATHS.cancelOrder, { body: singleCancelBody(orderId) });
    },

    async cancelBatch(orderIds) {
      await call('DELETE', COINW_PATHS.batchCancel, { body: batchCancelBody(orderIds) });
    },

    async listOpenOrders() {
      const query = new URLSearchParams({ positionType: LISTING_POSITION_TYPE }).toString();
      const data = await call('GET', COINW_PATHS.currentOrders, { query });
      return readData('open orders', orderListSchema, data ?? []);
    },

    async orderHistory(page, instrument) {
      const params = new URLSearchParams();
      if (instrument) params.set('instrument', instrument);
      params.set('page', String(page));
      params.set('pageSize', String(HISTORY_PAGE_SIZE));
      const data = await call('GET', COINW_PATHS.orderHistory, { query: params.toString() });
      return readData('order history', orderPageSchema, data);
    },
  };
}
