/**
 * Every Rails protocol fact the adapter and simulator rely on, one constant
 * each. Facts marked (assumed) were not visible in Rails' public material; a
 * correction should touch only this file (or the parser for message shapes).
 * Sources: docs.rails.xyz "latest" (WebSocket v2, REST, rate limits), which
 * the live venue follows; the seed page is the legacy (v1) Order Creation
 * WebSocket — see tests/fixtures/rails/SOURCES.md.
 */
import type { FixedWindowSpec } from '../../core/venue.ts';

/**
 * URL roles shared by `defaultUrls`, the adapter config and the simulator's
 * ready line: `rest` is the Order host (bulk cancel), `account` the User
 * Account host (open-orders listing).
 */
export type RailsUrlRole = 'auth' | 'rest' | 'account' | 'ws';

/** Production base URLs, as the docs' request examples name each host. */
export const RAILS_DEFAULT_URLS: Readonly<Record<RailsUrlRole, string>> = {
  auth: 'https://api-auth.trade.rails.xyz',
  rest: 'https://order.trade.rails.xyz',
  account: 'https://user-account.trade.rails.xyz',
  ws: 'wss://ws.trade.rails.xyz',
};

export const RAILS_PATHS = {
  token: '/api/v1/token',
  openOrders: '/api/v1/open-orders',
  orders: '/api/v1/orders',
  /** Get Order By ID, on the Order host (`?market=M&order-id=<ULID>`). */
  order: '/api/v1/order',
} as const;

/** Query parameters of Get Order By ID: `market` is required, then `order-id` or `client-request-id`, not both. */
export const ORDER_LOOKUP_PARAMS = {
  market: 'market',
  orderId: 'order-id',
  clientRequestId: 'client-request-id',
} as const;
/**
 * Get Order By ID still answers for an order cancelled or filled within the
 * last hour; after that it is 404 Not Found (docs). The simulator keeps
 * closed orders this long.
 */
export const ORDER_LOOKUP_RETENTION_MS = 3_600_000;

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

/**
 * Every Rails limit is counted per minute from the first request (not per
 * clock minute): a fixed window that opens with the first call after the
 * previous one ended.
 */
export const RATE_WINDOW_MS = 60_000;

/** The account types the venue's limits depend on; the account form offers them. */
export type RailsAccountType = 'retail' | 'market-maker';

export interface RailsAccountLimits {
  label: string;
  /**
   * Create + cancel-by-id (+ leverage, get-order-by-id, and UI use) per
   * window, account-wide across markets and keys.
   */
  orderRequestsPerMinute: number;
  /**
   * The blotter's own share of `orderRequestsPerMinute` for Get Order By ID
   * (reconcile lookups), taken out of the cancel window so the two together
   * stay under the venue's count and lookups never take a cancel's place.
   * A choice, not a venue fact: the engine asks at most 20 lookups a pass, so
   * 20 lets one pass go in one window on either account type, at 8% of a
   * retail window and 1% of a market maker's.
   */
  lookupsPerMinute: number;
  /** New WebSocket connections per minute. */
  newConnectionsPerMinute: number;
  /** Concurrent market-agnostic (`market=ALL`) connections; one more is refused with 403. */
  concurrentConnections: number;
}

/**
 * The per-account-type limits, the ONE place they live. Order requests:
 * market maker 10,000/min; retail/institutional 250/min (the docs' figure at
 * review time, (assumed) to change as Rails tunes it — it was 6,000/min for
 * everyone on the legacy page). New connections: 60 / 20 per minute.
 * Concurrent: retail 5 market-agnostic; market makers "per-market limit ×
 * markets" — 8 here is (assumed) a floor (4 order-creation × 2 markets).
 */
export const RAILS_ACCOUNT_LIMITS: Readonly<Record<RailsAccountType, RailsAccountLimits>> = {
  retail: {
    label: 'Retail / institutional',
    orderRequestsPerMinute: 250,
    lookupsPerMinute: 20,
    newConnectionsPerMinute: 20,
    concurrentConnections: 5,
  },
  'market-maker': {
    label: 'Market maker',
    orderRequestsPerMinute: 10_000,
    lookupsPerMinute: 100,
    newConnectionsPerMinute: 60,
    concurrentConnections: 8,
  },
};

/** The conservative choice: the lower limits, used when an account does not say (or says something unknown). */
export const DEFAULT_ACCOUNT_TYPE: RailsAccountType = 'retail';

export function isRailsAccountType(value: unknown): value is RailsAccountType {
  return typeof value === 'string' && Object.hasOwn(RAILS_ACCOUNT_LIMITS, value);
}

/** An account setting as a type: anything unknown (or absent) is the conservative default, never a crash. */
export function railsAccountType(value: unknown): RailsAccountType {
  return isRailsAccountType(value) ? value : DEFAULT_ACCOUNT_TYPE;
}

/**
 * Rails' access token names the account type in an `accountType` claim (the
 * docs' example token: `"retail"`). The market-maker spelling is (assumed):
 * any value that reads "market maker" in some casing or separator.
 */
export function accountTypeOfClaim(claim: string): RailsAccountType | undefined {
  if (/^(retail|institutional)$/i.test(claim)) return 'retail';
  if (/^market[-_ ]?maker$/i.test(claim)) return 'market-maker';
  return undefined;
}
/** (assumed) What the simulator writes in its tokens for a market maker. */
export const MARKET_MAKER_CLAIM = 'marketMaker';

/**
 * The Rails UI polls 240 requests a minute from a market maker's account
 * limit while it is open. The blotter cannot know whether it is, so it
 * leaves that share to the UI.
 */
export const UI_POLLING_REQUESTS_PER_MINUTE = 240;

/**
 * The engine's pacing for an account type. `scale` compresses time (tests and
 * benches: a scaled run is the real one, faster): the window shrinks, the
 * count per window stays as documented. What the UI polls (market makers) and
 * the adapter's lookup share are left out of it.
 */
export function cancelRateLimit(accountType: RailsAccountType, scale = 1): FixedWindowSpec {
  const limits = RAILS_ACCOUNT_LIMITS[accountType];
  const reserve = accountType === 'market-maker' ? UI_POLLING_REQUESTS_PER_MINUTE : 0;
  const limit = limits.orderRequestsPerMinute - reserve - limits.lookupsPerMinute;
  return {
    kind: 'fixed-window',
    name: `account create+cancel ${limit}/min (${accountType})`,
    limit,
    windowMs: RATE_WINDOW_MS / scale,
  };
}

/**
 * The adapter's own pacing of Get Order By ID: its share of the account
 * window, counted the same way. (assumed) Rails counts cancels and lookups in
 * ONE window from its first request, while this window and the engine's open
 * independently; lookups run only when a reconcile finds orders gone
 * unconfirmed, and a 429 that this rare overlap could cause pauses the lookups
 * a whole window (adapter.ts) and is retried by the engine like any other.
 */
export function lookupRateLimit(accountType: RailsAccountType, scale = 1): FixedWindowSpec {
  const limit = RAILS_ACCOUNT_LIMITS[accountType].lookupsPerMinute;
  return {
    kind: 'fixed-window',
    name: `account get-order-by-id ${limit}/min (${accountType})`,
    limit,
    windowMs: RATE_WINDOW_MS / scale,
  };
}

// ------------------------------------------------------------- websocket ---

/** `market=ALL` streams every market (v2); cancels on such a socket must name `content.market`. */
export const WS_ALL_MARKETS = 'ALL';
/** The subscription for order requests and notifications (also v2's default when omitted). */
export const WS_ORDER_SUBSCRIPTION = 'orders';
export const CANCEL_MESSAGE = 'cancelOrder';
export const CANCEL_BY_ORDER_ID = 'orderId';
/** (assumed) `resultType` of order-stream pushes; the parser routes on `data.order`, not on this. */
export const ORDER_STREAM_RESULT_TYPE = 'orderUpdate';
/** No 202/200/4xx for a cancel within this long → the adapter reports a network failure. */
export const CANCEL_ACK_TIMEOUT_MS = 3000;
export const RECONNECT_BASE_MS = 200;
/**
 * The backoff's ceiling: with equal jitter a lost gateway is dialled every
 * 0.5–1 s, so the stream is back (and queued cancels out) within about a
 * second of Rails answering again. The new-connection limit is kept by the
 * dial limiter in stream.ts, not by a slow backoff.
 */
export const RECONNECT_CAP_MS = 1000;
/**
 * (assumed) Rails counts a new connection against the per-minute limit when
 * its gateway answers the upgrade (accepted, or refused with a status); a dial
 * that got no HTTP answer (refused or reset at TCP level, timed out) never
 * reached it. The docs say only "new connections per minute"; counting
 * unanswered dials would spend the budget during an outage and hold the
 * reconnect back once the venue is up again.
 */
export const COUNT_UNANSWERED_DIALS = false;
/**
 * Keep-alive is the application-level `ping` message, answered by a
 * `resultType: "pong"` frame: the docs prefer it to control frames, which the
 * gateway may not answer. Any inbound frame counts as the answer; a ping still
 * unanswered at the next one drops the link, so silence is noticed within
 * 2–4 s (the ping goes out at most one interval after the last frame, and
 * the link is dropped one interval later) — inside the 5 s a silent link may
 * stay undetected. (assumed) Pings do not count against the account's order-request
 * window: the docs' list of what counts does not name them.
 */
export const WS_PING_INTERVAL_MS = 2000;
export const WS_PING_MESSAGE = 'ping';
export const WS_PONG_RESULT_TYPE = 'pong';
export const WS_HANDSHAKE_TIMEOUT_MS = 10_000;

// ------------------------------------------------------------ cancelling ---

export const STATUS_ACCEPTED = 202;
export const STATUS_CONFIRMED = 200;
export const STATUS_CONFLICT = 409;
export const STATUS_RATE_LIMITED = 429;
/** Unknown, filled or already cancelled order (docs). */
export const STATUS_NOT_FOUND = 404;
/**
 * (assumed) Other errors come as `data.statusCode` 4xx with the message in
 * `data.body` (e.g. a missing `content.market` on a `market=ALL` socket → 400).
 */
export const STATUS_BAD_REQUEST = 400;
/** A connection over the concurrent cap is refused with 403 (docs). */
export const STATUS_FORBIDDEN = 403;

/** Bulk-cancel notifications carry `clientRequestId` = `<bulk request id>#<index>`, in no particular order (docs). */
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
