/**
 * Rails REST calls the blotter needs: the paged open-orders listing (User
 * Account host), the per-market bulk cancel and Get Order By ID (Order host). Bearer auth; a
 * 401 gets exactly one token refresh and retry (the token may have been
 * revoked before its refresh point).
 */
import type { AxiosResponse } from 'axios';
import type { Logger } from '../../core/log.ts';
import { VenueCallError } from '../../core/venue.ts';
import { bodyText, createTextHttp, transportError } from '../shared/http.ts';
import type { TokenClient } from './auth.ts';
import { HTTP_TIMEOUT_MS, MAX_OPEN_ORDER_PAGES, STATUS_NOT_FOUND } from './constants.ts';
import { statusError } from './errors.ts';
import {
  type ParseResult,
  parseBulkCancelResponse,
  parseOpenOrdersPage,
  parseOrderLookupResponse,
  type RailsBulkCancelResult,
  type RailsOrder,
} from './parse.ts';
import { bulkCancelUrl, openOrdersUrl, orderLookupUrl } from './requests.ts';

export interface RailsRestClient {
  /** Every open order (all pages), optionally of one market; unreadable rows are skipped and reported. */
  listOpenOrders(market?: string): Promise<RailsOrder[]>;
  /**
   * `DELETE /api/v1/orders?market=M` (or `all`); the per-order 202/200 follow on
   * the stream as `<clientRequestId>#<i>`.
   */
  cancelMarket(market: string, clientRequestId?: string): Promise<RailsBulkCancelResult>;
  /**
   * Get Order By ID (counted in the account's window; the caller paces it).
   * Undefined when Rails answers 404: it does not know the order (never
   * existed, or closed more than an hour ago). Any other failure throws.
   */
  lookupOrder(target: { market: string; venueOrderId: string }): Promise<RailsOrder | undefined>;
}

export interface RailsRestOptions {
  /** The Order host (`rest` role). */
  orderUrl: string;
  /** The User Account host (`account` role). */
  accountUrl: string;
  tokens: TokenClient;
  logger: Logger;
  /** A response body or a listing row failed validation (already value-free). */
  onMalformed(description: string): void;
}

export function createRailsRest(options: RailsRestOptions): RailsRestClient {
  const http = createTextHttp(HTTP_TIMEOUT_MS);

  async function call(method: 'GET' | 'DELETE', url: string): Promise<AxiosResponse> {
    const send = (token: string): Promise<AxiosResponse> =>
      http.request({ method, url, headers: { Authorization: `Bearer ${token}` } });
    try {
      const token = await options.tokens.get();
      const response = await send(token);
      if (response.status !== 401) return response;
      options.logger.info('rails REST 401, refreshing token', { path: new URL(url).pathname });
      return await send(await options.tokens.refresh(token));
    } catch (err) {
      throw transportError(err);
    }
  }

  function ensureOk(response: AxiosResponse): string {
    if (response.status < 200 || response.status >= 300) throw new VenueCallError(statusError(response));
    return bodyText(response);
  }

  function unwrap<T>(result: ParseResult<T>): T {
    if (result.ok) return result.value;
    options.onMalformed(result.error);
    // Retryable: a listing we cannot read must not be mistaken for an empty one.
    throw new VenueCallError({ category: 'network', code: 'malformed', message: result.error });
  }

  return {
    async listOpenOrders(market) {
      const orders: RailsOrder[] = [];
      const seenCursors = new Set<string>();
      let start: string | undefined;
      for (let page = 0; page < MAX_OPEN_ORDER_PAGES; page++) {
        const url = openOrdersUrl(options.accountUrl, {
          ...(market !== undefined && { market }),
          ...(start !== undefined && { start }),
        });
        const parsed = unwrap(parseOpenOrdersPage(ensureOk(await call('GET', url))));
        for (const description of parsed.skipped) options.onMalformed(description);
        orders.push(...parsed.orders);
        if (parsed.next === null || parsed.orders.length + parsed.skipped.length === 0) return orders;
        if (seenCursors.has(parsed.next)) {
          throw new VenueCallError({
            category: 'network',
            code: 'paging',
            message: 'open-orders cursor repeated',
          });
        }
        seenCursors.add(parsed.next);
        start = parsed.next;
      }
      throw new VenueCallError({
        category: 'network',
        code: 'paging',
        message: 'open-orders listing never ended',
      });
    },

    async lookupOrder(target) {
      const response = await call('GET', orderLookupUrl(options.orderUrl, target));
      if (response.status === STATUS_NOT_FOUND) return undefined;
      const order = unwrap(parseOrderLookupResponse(ensureOk(response)));
      // An answer about another order cannot say anything about this one: not readable, retried.
      if (order.orderId !== target.venueOrderId) {
        return unwrap<RailsOrder>({ ok: false, error: 'order lookup: answered for another order id' });
      }
      return order;
    },

    async cancelMarket(market, clientRequestId) {
      const response = await call('DELETE', bulkCancelUrl(options.orderUrl, market, clientRequestId));
      return unwrap(parseBulkCancelResponse(ensureOk(response)));
    },
  };
}
