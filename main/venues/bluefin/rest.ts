/**
 * Bluefin REST: the paged open-orders listing, the order lookup by hash, and
 * the signed cancel by hash (v1 or v2). Every call carries the Bearer token
 * and the wallet header; a 401 re-authorizes once and resends, a second 401
 * fails clearly as `auth`.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import { VenueCallError } from '../../core/venue.ts';
import { bodyText, transportError } from '../shared/http.ts';
import { type BluefinSigner, cancelPayload } from './auth.ts';
import {
  ALL_STATUSES,
  BLUEFIN_PATHS,
  type CancelVariant,
  DEFAULT_RETRY_AFTER_MS,
  FIRST_PAGE_NUMBER,
  LISTED_STATUSES,
  LOOKUP_CHUNK,
  MAX_ORDER_PAGES,
  ORDERS_PAGE_SIZE,
  WALLET_HEADER,
} from './constants.ts';
import { statusError } from './http.ts';
import type { RequestPacer } from './pacer.ts';
import {
  type BluefinCancelResponse,
  type BluefinOrder,
  parseCancelResponse,
  parseOrdersPage,
} from './parse.ts';
import type { BluefinSession } from './session.ts';

export interface BluefinRest {
  listOpenOrders(): Promise<BluefinOrder[]>;
  /** Orders in any state by hash (for reconcile: cancelled or filled?). */
  lookupOrders(hashes: readonly string[]): Promise<BluefinOrder[]>;
  /** One signed cancel request for hashes of one market. */
  cancel(symbol: string, hashes: readonly string[], variant: CancelVariant): Promise<BluefinCancelResponse>;
}

export interface BluefinRestOptions {
  restUrl: string;
  session: BluefinSession;
  signer: BluefinSigner | VenueCallError;
  http: AxiosInstance;
  pacer: RequestPacer;
  onMalformed(description: string): void;
}

export function createBluefinRest(options: BluefinRestOptions): BluefinRest {
  const { session, http } = options;

  async function send(
    method: 'GET' | 'DELETE',
    path: string,
    query?: URLSearchParams,
    body?: unknown,
  ): Promise<AxiosResponse> {
    const url = `${options.restUrl}${path}${query ? `?${query.toString()}` : ''}`;
    const data = body === undefined ? undefined : JSON.stringify(body);
    const attempt = async (token: string): Promise<AxiosResponse> => {
      await options.pacer.acquire();
      let response: AxiosResponse;
      try {
        response = await http.request({
          method,
          url,
          data,
          headers: {
            Authorization: `Bearer ${token}`,
            [WALLET_HEADER]: session.address ?? '',
            'Content-Type': 'application/json',
          },
        });
      } catch (err) {
        throw transportError(err);
      }
      if (response.status === 429) {
        options.pacer.pause(statusError(response).retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
      }
      return response;
    };
    const first = await session.token();
    let response = await attempt(first);
    if (response.status === 401) {
      session.invalidate(first);
      response = await attempt(await session.token());
      if (response.status === 401) {
        const error = statusError(response);
        throw new VenueCallError({
          ...error,
          message: `token refused after re-authorizing: ${error.message}`,
        });
      }
    }
    if (response.status < 200 || response.status >= 300) throw new VenueCallError(statusError(response));
    return response;
  }

  function malformed(description: string): never {
    options.onMalformed(description);
    throw new VenueCallError({ category: 'network', code: 'malformed_reply', message: description });
  }

  async function pagedOrders(filter: (query: URLSearchParams) => void): Promise<BluefinOrder[]> {
    const byHash = new Map<string, BluefinOrder>();
    for (let page = FIRST_PAGE_NUMBER; page < FIRST_PAGE_NUMBER + MAX_ORDER_PAGES; page++) {
      const query = new URLSearchParams();
      filter(query);
      query.set('pageSize', String(ORDERS_PAGE_SIZE));
      query.set('pageNumber', String(page));
      const parsed = parseOrdersPage(bodyText(await send('GET', BLUEFIN_PATHS.orders, query)));
      if (!parsed.ok) malformed(parsed.error);
      // Orders can move between pages while we page: the hash keeps each once, latest wins.
      for (const order of parsed.value) byHash.set(order.hash, order);
      if (parsed.value.length < ORDERS_PAGE_SIZE) return [...byHash.values()];
    }
    throw new VenueCallError({
      category: 'network',
      code: 'paging',
      message: `more than ${MAX_ORDER_PAGES} pages of orders`,
    });
  }

  return {
    listOpenOrders() {
      return pagedOrders((query) => {
        for (const status of LISTED_STATUSES) query.append('statuses', status);
      });
    },

    async lookupOrders(hashes) {
      const found: BluefinOrder[] = [];
      for (let start = 0; start < hashes.length; start += LOOKUP_CHUNK) {
        const chunk = hashes.slice(start, start + LOOKUP_CHUNK);
        const orders = await pagedOrders((query) => {
          for (const status of ALL_STATUSES) query.append('statuses', status);
          for (const hash of chunk) query.append('orderHashes', hash);
        });
        found.push(...orders);
      }
      return found;
    },

    async cancel(symbol, hashes, variant) {
      if (hashes.length === 0) throw new Error('bluefin cancel: empty hash list');
      const { signer } = options;
      if (signer instanceof VenueCallError) throw signer;
      const cancelSignature = await signer.sign(cancelPayload(hashes, variant));
      const body =
        variant === 'v2'
          ? { symbol, orderHashes: [...hashes], cancelSignature, fromUI: true }
          : { symbol, orderHashes: [...hashes], cancelSignature };
      const path = variant === 'v2' ? BLUEFIN_PATHS.cancelV2 : BLUEFIN_PATHS.cancelV1;
      const parsed = parseCancelResponse(bodyText(await send('DELETE', path, undefined, body)));
      if (!parsed.ok) malformed(parsed.error);
      return parsed.value;
    },
  };
}
