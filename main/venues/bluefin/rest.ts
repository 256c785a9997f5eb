/**
 * Bluefin REST: the paged open-orders listing, the order lookup by hash, and
 * the signed cancel by hash (v1 or v2). Every call carries the Bearer token
 * and the wallet header; a 401 re-authorizes once and resends, a second 401
 * fails clearly as `auth`.
 */
import type { AxiosResponse } from 'axios';
import { VenueCallError } from '../../core/venue.ts';
import { bodyText, type TextHttp, transportError } from '../shared/http.ts';
import { type BluefinSigner, cancelPayload } from './auth.ts';
import {
  ALL_STATUSES,
  BLUEFIN_PATHS,
  type CancelVariant,
  DEFAULT_RETRY_AFTER_MS,
  LISTED_STATUSES,
  LOOKUP_CHUNK,
  MAX_ORDER_PAGES,
  ORDERS_PAGE_SIZE,
  type PageNumberBase,
  WALLET_HEADER,
} from './constants.ts';
import { statusError } from './errors.ts';
import type { RequestPacer } from './pacer.ts';
import {
  type BluefinCancelResponse,
  type BluefinOrder,
  type OrdersPage,
  parseCancelResponse,
  parseOrdersPage,
} from './parse.ts';
import type { BluefinSession } from './session.ts';

export interface BluefinRest {
  listOpenOrders(): Promise<BluefinOrder[]>;
  /** Orders in any state by hash, as the venue writes them (for reconcile: cancelled or filled?). */
  lookupOrders(wireHashes: readonly string[]): Promise<BluefinOrder[]>;
  /** The page number the venue counts from, once a listing has shown it. */
  readonly firstPageNumber: PageNumberBase | undefined;
  /** One signed cancel request for hashes of one market. */
  cancel(symbol: string, hashes: readonly string[], variant: CancelVariant): Promise<BluefinCancelResponse>;
}

/** What a `GET /orders` asks for, besides the page. */
export interface OrdersFilter {
  statuses: readonly string[];
  orderHashes?: readonly string[];
}

/**
 * The `GET /orders` query: repeated `statuses=` (the simulator and, per the notes, the venue take
 * `statuses[]=` too, which is how the official client's axios writes arrays), then the page.
 */
export function ordersQuery(filter: OrdersFilter, pageNumber: number): URLSearchParams {
  const query = new URLSearchParams();
  for (const status of filter.statuses) query.append('statuses', status);
  for (const hash of filter.orderHashes ?? []) query.append('orderHashes', hash);
  query.set('pageSize', String(ORDERS_PAGE_SIZE));
  query.set('pageNumber', String(pageNumber));
  return query;
}

/** A signed cancel's path and body, as the official clients write them (TS: v2 with `fromUI`; Python: v1). */
export function cancelRequest(
  symbol: string,
  wireHashes: readonly string[],
  cancelSignature: string,
  variant: CancelVariant,
): { path: string; body: Record<string, unknown> } {
  return variant === 'v2'
    ? {
        path: BLUEFIN_PATHS.cancelV2,
        body: { symbol, orderHashes: [...wireHashes], cancelSignature, fromUI: true },
      }
    : { path: BLUEFIN_PATHS.cancelV1, body: { symbol, orderHashes: [...wireHashes], cancelSignature } };
}

export interface BluefinRestOptions {
  restUrl: string;
  session: BluefinSession;
  signer: BluefinSigner | VenueCallError;
  http: TextHttp;
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
        options.pacer.failed(transportError(err));
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

  /** Learned from the first listing's answers (see `detectFirstPage`), kept for the adapter's life. */
  let firstPage: PageNumberBase | undefined;

  async function fetchPage(filter: OrdersFilter, page: number): Promise<OrdersPage> {
    const parsed = parseOrdersPage(
      bodyText(await send('GET', BLUEFIN_PATHS.orders, ordersQuery(filter, page))),
    );
    if (!parsed.ok) malformed(parsed.error);
    return parsed.value;
  }

  /**
   * Pages 0 and 1 tell which one the venue counts from. A venue counting from 1 answers page 0
   * with a refusal, nothing, or page 1 again (mostly the same hashes: a clamp); a venue counting
   * from 0 answers two different pages, or page 0 and then nothing. Orders can move between the
   * two requests, so "the same" means sharing more than half of the smaller page. Both empty says
   * nothing (no orders): `base` stays undefined and the next listing asks again. Returns the
   * pages to use, in order.
   */
  async function detectFirstPage(
    filter: OrdersFilter,
  ): Promise<{ base: PageNumberBase | undefined; pages: OrdersPage[] }> {
    let zero: OrdersPage | undefined;
    try {
      zero = await fetchPage(filter, 0);
    } catch (err) {
      // Only a refusal of page 0 itself says "counts from 1"; a token or network failure is the listing's.
      if (!(err instanceof VenueCallError) || err.venueError.category !== 'rejected') throw err;
    }
    const one = await fetchPage(filter, 1);
    if (!zero) return { base: 1, pages: [one] };
    if (zero.rows === 0) return { base: one.rows > 0 ? 1 : undefined, pages: [one] };
    if (one.rows === 0) return { base: 0, pages: [zero, one] };
    const zeroKeys = new Set(zero.orders.map((order) => order.hash.key));
    const shared = one.orders.filter((order) => zeroKeys.has(order.hash.key)).length;
    const smaller = Math.min(zero.orders.length, one.orders.length);
    if (smaller > 0 && shared * 2 > smaller) return { base: 1, pages: [one] };
    return { base: 0, pages: [zero, one] };
  }

  /**
   * Every page of a filter, each order once (by its key; orders moving between pages while we
   * page: latest wins). A page that brings nothing new (the venue repeating a page, or ignoring
   * `pageNumber`) ends the listing with a report instead of paging on forever.
   */
  async function pagedOrders(filter: OrdersFilter): Promise<BluefinOrder[]> {
    const byKey = new Map<string, BluefinOrder>();
    let pending: OrdersPage[];
    let page: number;
    if (firstPage === undefined) {
      const detected = await detectFirstPage(filter);
      if (detected.base === undefined) return [];
      firstPage = detected.base;
      pending = detected.pages;
    } else {
      const first = await fetchPage(filter, firstPage);
      if (first.rows === 0) {
        // Never an empty listing on the word of one page: ask both candidates again (numbering changed?).
        firstPage = undefined;
        return pagedOrders(filter);
      }
      pending = [first];
    }
    page = firstPage;
    for (let count = 0; count < MAX_ORDER_PAGES; count++) {
      const current = pending.shift() ?? (await fetchPage(filter, page));
      // One odd row never fails the page: it is reported (once, on the page used) and the rest are listed.
      for (const reason of current.skipped) options.onMalformed(`${reason} (page ${page})`);
      const fresh = current.orders.filter((order) => !byKey.has(order.hash.key)).length;
      if (count > 0 && current.orders.length > 0 && fresh === 0) {
        options.onMalformed(`GET /orders page ${page} repeated earlier pages; listing stopped there`);
        return [...byKey.values()];
      }
      for (const order of current.orders) byKey.set(order.hash.key, order);
      // A page the detection already fetched is used even after a short one: its orders are real.
      if (current.rows < ORDERS_PAGE_SIZE && pending.length === 0) return [...byKey.values()];
      page++;
    }
    throw new VenueCallError({
      category: 'network',
      code: 'paging',
      message: `more than ${MAX_ORDER_PAGES} pages of orders`,
    });
  }

  return {
    get firstPageNumber() {
      return firstPage;
    },

    listOpenOrders() {
      return pagedOrders({ statuses: LISTED_STATUSES });
    },

    async lookupOrders(wireHashes) {
      const found: BluefinOrder[] = [];
      for (let start = 0; start < wireHashes.length; start += LOOKUP_CHUNK) {
        const chunk = wireHashes.slice(start, start + LOOKUP_CHUNK);
        const orders = await pagedOrders({ statuses: ALL_STATUSES, orderHashes: chunk });
        found.push(...orders);
      }
      return found;
    },

    async cancel(symbol, hashes, variant) {
      if (hashes.length === 0) throw new Error('bluefin cancel: empty hash list');
      const { signer } = options;
      if (signer instanceof VenueCallError) throw signer;
      const request = cancelRequest(
        symbol,
        hashes,
        await signer.sign(cancelPayload(hashes, variant)),
        variant,
      );
      const parsed = parseCancelResponse(
        bodyText(await send('DELETE', request.path, undefined, request.body)),
      );
      if (!parsed.ok) malformed(parsed.error);
      return parsed.value;
    },
  };
}
