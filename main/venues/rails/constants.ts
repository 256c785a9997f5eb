/**
 * Every Rails protocol fact the adapter and simulator rely on, one constant
 * each. Facts marked (assumed) were not visible in Rails' public material; a
 * correction should touch only this file (or the parser for message shapes).
 */
import type { TokenBucketSpec } from '../../core/venue.ts';

/** URL roles shared by `defaultUrls`, the adapter config and the simulator's ready line. */
export type RailsUrlRole = 'auth' | 'rest' | 'account' | 'ws';

/**
 * Production base URLs. The split into auth / order / user-account hosts is
 * (assumed) from the host names Rails' docs use for each call.
 */
export const RAILS_DEFAULT_URLS: Readonly<Record<RailsUrlRole, string>> = {
  auth: 'https://api-auth.trade.rails.xyz',
  rest: 'https://api-order.trade.rails.xyz',
  account: 'https://api-user-account.trade.rails.xyz',
  ws: 'wss://ws.trade.rails.xyz',
};

export const RAILS_PATHS = {
  token: '/api/v1/token',
  openOrders: '/api/v1/open-orders',
  orders: '/api/v1/orders',
} as const;

// ------------------------------------------------------------------ auth ---

export const API_KEY_HEADER = 'X-Api-Key';
export const API_SECRET_HEADER = 'X-Api-Secret';
/** The WS handshake carries the token as the subprotocol `authorization#<JWT>`. */
export const WS_AUTH_PROTOCOL_PREFIX = 'authorization#';
/** Refresh at 80% of the token's lifetime so a request never races the expiry. */
export const TOKEN_REFRESH_FRACTION = 0.8;
/** Rails allows 20 token requests a minute; the client keeps under it even in a 401 loop. */
export const TOKEN_REQUESTS_PER_MINUTE = 20;
/** The documented lifetime; the simulator issues this unless a test shortens it. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 1800;

// ----------------------------------------------------------- rate limits ---

/** 6,000 requests a minute, shared by createOrder and cancelOrder across all markets. */
export const ORDER_REQUESTS_PER_MINUTE = 6000;
export const RATE_WINDOW_MS = 60_000;
/**
 * The engine's bucket for that limit. A bucket admits `capacity + refill × 60`
 * requests in any minute, so the refill is 98/s (100 + 5,880 ≤ 6,000) rather
 * than 100/s: a full burst followed by steady sending never trips the venue's
 * sliding minute. The blotter never creates orders, so it owns the whole limit.
 */
export const CANCEL_RATE_LIMIT: TokenBucketSpec = {
  name: 'create+cancel 6000/min',
  capacity: 100,
  refillPerSecond: 98,
};

// ------------------------------------------------------------- websocket ---

/** (assumed) One connection per market is documented; `market=ALL` is assumed to stream every market. */
export const WS_ALL_MARKETS = 'ALL';
/** (assumed) The query that subscribes the connection to order updates. */
export const WS_ORDER_SUBSCRIPTION = 'orders';
export const CANCEL_MESSAGE = 'cancelOrder';
export const CANCEL_BY_ORDER_ID = 'orderId';
/** (assumed) `resultType` of order-stream pushes; the parser routes on `data.order`, not on this. */
export const ORDER_STREAM_RESULT_TYPE = 'orderUpdate';
/** No 202/200/4xx for a cancel within this long → the adapter reports a network failure. */
export const CANCEL_ACK_TIMEOUT_MS = 3000;
export const RECONNECT_BASE_MS = 200;
export const RECONNECT_CAP_MS = 5000;
/** Ping cadence; a connection that misses a pong for a whole interval is treated as dead. */
export const WS_PING_INTERVAL_MS = 15_000;
export const WS_HANDSHAKE_TIMEOUT_MS = 10_000;

// ------------------------------------------------------------ cancelling ---

export const STATUS_ACCEPTED = 202;
export const STATUS_CONFIRMED = 200;
export const STATUS_CONFLICT = 409;
export const STATUS_RATE_LIMITED = 429;
/** (assumed) Errors other than 409/429 come as `data.statusCode` 4xx with the message in `data.body`; unknown order → 404. */
export const STATUS_NOT_FOUND = 404;

/** (assumed) Bulk-cancel pushes carry `clientRequestId` = `<bulk request id>#<index>`. */
export const BULK_REQUEST_ID_SEPARATOR = '#';
export function bulkClientRequestId(requestId: string, index: number): string {
  return `${requestId}${BULK_REQUEST_ID_SEPARATOR}${index}`;
}
/** Bulk cancel of every market: `DELETE /api/v1/orders?market=all`. */
export const BULK_ALL_MARKETS = 'all';

// ---------------------------------------------------------------- paging ---

/** (assumed) Page size of `GET /api/v1/open-orders`; only the simulator uses it, the client follows `last`. */
export const OPEN_ORDERS_PAGE_SIZE = 100;
/** A listing that pages longer than this is a server bug, not an account. */
export const MAX_OPEN_ORDER_PAGES = 10_000;

export const HTTP_TIMEOUT_MS = 10_000;

/**
 * (assumed) Markets are `<BASE>-<QUOTE>` (ETH-USD) with sizes in base units, so
 * notional is price × size in the quote after the last dash.
 */
export function railsInstrument(market: string): { quote: string; contractSize: string } {
  return { quote: market.slice(market.lastIndexOf('-') + 1) || market, contractSize: '1' };
}
