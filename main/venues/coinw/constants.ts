/**
 * Every CoinW futures protocol fact the adapter and simulator rely on, one
 * constant each. Sources: the venue's API pages (seed + facts file) and the
 * maintained JKorf/CoinW.Net client. Facts marked (assumed) were not stated
 * by either; a correction should touch only this file (or the parser for
 * message shapes).
 */
import type { PacingSpec, TokenBucketSpec } from '../../core/venue.ts';

/** URL roles shared by `defaultUrls`, the adapter config and the simulator's ready line. */
export type CoinwUrlRole = 'rest' | 'ws';

export const COINW_DEFAULT_URLS: Readonly<Record<CoinwUrlRole, string>> = {
  rest: 'https://api.coinw.com',
  ws: 'wss://ws.futurescw.com/perpum',
};

export const COINW_PATHS = {
  /** DELETE: cancel one order, body `{"id":"<id>"}`. */
  cancelOrder: '/v1/perpum/order',
  /**
   * DELETE: cancel up to 20 orders, body `{"posType"?:"plan","sourceIds":[<id>,...]}`; no per-order
   * result. `posType` is optional (execute/plan/moveStop/stopProfitLoss) and its default is undocumented.
   */
  batchCancel: '/v1/perpum/batchOrders',
  /**
   * GET `?positionType=plan`: every open order of that type on every instrument when neither
   * `instrument` nor `sourceIds` is given (CoinW.Net's GetOpenOrdersAsync overload; the current docs'
   * Corrections); a JSON array. The blotter's listing.
   */
  currentOrders: '/v1/perpum/order',
  /** GET `?instrument=BTC&positionType=plan&page&pageSize`: one instrument only (`instrument` required), paged. */
  openOrders: '/v1/perpum/orders/open',
  /** GET `?instrument=BTC&page&pageSize`: orders of the last 7 days, newest first (assumed order), paged. */
  orderHistory: '/v1/perpum/orders/history',
} as const;

// ------------------------------------------------------------------ auth ---

export const HEADER_API_KEY = 'api_key';
export const HEADER_TIMESTAMP = 'timestamp';
export const HEADER_SIGN = 'sign';
/** (assumed) How far the simulator lets a request's `timestamp` drift from its clock. */
export const TIMESTAMP_TOLERANCE_MS = 30_000;

// ----------------------------------------------------------------- codes ---

export const CODE_SUCCESS = 0;
/** "Authentication error": unknown or missing api_key. */
export const CODE_AUTH = 6000;
/** "Invalid signature". */
export const CODE_BAD_SIGNATURE = 6001;
/** "Insufficient permissions". */
export const CODE_NO_PERMISSION = 6003;
export const CODE_MISSING_PARAMETER = 402;
/** "API access frequently": over a per-interface or the global frequency limit (docs' Frequency Limit section). */
export const CODE_RATE_LIMITED = 29001;
/** "Position not found.": the order is unknown or no longer open. */
export const CODE_ORDER_NOT_FOUND = 9012;
/** "Symbol currently doesn't allow trading" (CoinW.Net's error table): the instrument is suspended. */
export const CODE_SYMBOL_SUSPENDED = 9111;

/** "Invalid parameter" (CoinW.Net's error table); (assumed) also what an oversized batch gets. */
export const CODE_INVALID_PARAMETER = 1;

export const MSG_SUCCESS = 'Success';
/** (assumed) Texts the venue's pages do not quote; CoinW.Net's error table names. */
export const MSG_AUTH = 'Authentication error';
export const MSG_BAD_SIGNATURE = 'Invalid signature';
export const MSG_SYMBOL_SUSPENDED = "Symbol currently doesn't allow trading";
export const MSG_RATE_LIMITED = 'API access frequently';
export const MSG_ORDER_NOT_FOUND = 'Position not found.';

// ----------------------------------------------------------- rate limits ---

/** Single cancel: 10 requests/s per user ID and IP (seed page). */
export const SINGLE_CANCEL_PER_SECOND = 10;
/** Batch cancel and Get Current Orders: 10 requests/s each per user ID and IP (their docs pages; CoinW.Net's guards). */
export const BATCH_CANCEL_PER_SECOND = 10;
export const LISTING_PER_SECOND = 10;
/** (assumed, CoinW.Net's guard) Order history: 5 requests per 2 s. */
export const HISTORY_PER_2S = 5;
/** Every non-market futures call of the account: 100 requests/s per user (docs' global limit; CoinW.Net). */
export const GLOBAL_PER_SECOND = 100;
/** (assumed) The venue counts its per-second limits over a sliding second, as CoinW.Net models them. */
export const RATE_WINDOW_MS = 1000;
/** The history limit's window (CoinW.Net's guard: 5 per 2 s, sliding). */
export const HISTORY_WINDOW_MS = 2000;
/**
 * (assumed) How long a 29001 is waited out: the documented limits are per second (history per 2 s), and
 * the reply carries no Retry-After, so one window of the limit that refused.
 */
export const RATE_LIMITED_RETRY_MS = RATE_WINDOW_MS;

/**
 * The engine's bucket for the cancel endpoints. A bucket admits `capacity + refill × 1 s`
 * calls in any second, so capacity 1 + refill 9/s never exceeds the venue's 10 in a sliding
 * second (with ~110 ms of slack for network jitter). Single and batch cancels share it,
 * which is conservative if the venue counts them separately.
 */
export const CANCEL_BUCKET: TokenBucketSpec = {
  name: 'cancel 10/s (user+IP)',
  capacity: 1,
  refillPerSecond: 9,
};
/**
 * The account-wide 100/s is shared with listings and lookups the engine does not pace:
 * cancels take at most this share of it, leaving room for the rest.
 */
export const GLOBAL_BUCKET: TokenBucketSpec = {
  name: 'global 100/s per user (cancels share)',
  capacity: 10,
  refillPerSecond: 80,
};
/**
 * The adapter's own pacing of the cancel calls it adds beyond the engine's one per `cancelOrders`
 * (orders of several types in one engine batch take one call per type): the same 10/s.
 */
export const ADAPTER_CANCEL_PACING: readonly PacingSpec[] = [CANCEL_BUCKET];
/**
 * History lookups (reconcile), paced inside the adapter: capacity 3 + 0.9/s admits at most 4.8 calls in
 * any 2 s, under the 5 per 2 s the venue allows (CoinW.Net's guard), leaving room for transit jitter. The
 * burst of 3 matters more than the steady rate: after an outage the confirmation deadlines of several
 * batches expire a few hundred ms apart, and each of their reconcile passes looks its orders up.
 */
export const HISTORY_PACING: readonly PacingSpec[] = [
  { name: 'history 5 per 2 s (user+IP)', capacity: 3, refillPerSecond: 0.9 },
];
/**
 * The listing endpoints: 10/s each (docs, per user ID and IP). Capacity 2 + 7/s admits at most 9 in any
 * second (one of margin), and lets one full listing (a call per listed type) go out back to back.
 */
export const LISTING_PACING: readonly PacingSpec[] = [
  { name: 'listing 10/s (user+IP)', capacity: 2, refillPerSecond: 7 },
];
/**
 * (assumed) 29001 replies a single lookup or listing call waits out before it gives up and throws
 * (rate_limited): a few windows is what another client sharing the key could plausibly cost; longer
 * would stall the engine's reconcile pass.
 */
export const LOOKUP_RATE_LIMIT_RETRIES = 4;

// ------------------------------------------------------------ cancelling ---

/** Ids per batch cancel call (docs: at most 20). */
export const BATCH_CANCEL_MAX = 20;
/**
 * `positionType` / `posType` values in CoinW's words: `plan` = resting (limit) order, `execute` =
 * market order, `planTrigger` = trigger order (docs' "Get Current Orders"; CoinW.Net FuturesOrderType,
 * which also knows `moveStopProfitLoss`).
 */
export const POSITION_TYPE_PLAN = 'plan';
export const POSITION_TYPE_EXECUTE = 'execute';
export const POSITION_TYPE_TRIGGER = 'planTrigger';
/**
 * The order types the blotter lists, one listing call each. The docs warn the filter "may not always
 * function as expected" (execute may return plan orders; planTrigger works), so rows are deduplicated
 * by id and typed by their own `posType`, never by the query that returned them.
 */
export const LISTED_POSITION_TYPES: readonly string[] = [POSITION_TYPE_PLAN, POSITION_TYPE_TRIGGER];
/**
 * (assumed) How a resting trigger order is cancelled: the batch call's documented `posType` values
 * (execute/plan/moveStop/stopProfitLoss) do not include `planTrigger`, and neither the docs nor
 * CoinW.Net show a trigger-specific cancel endpoint; CoinW.Net's one cancel call takes any order id.
 * So trigger orders are cancelled one by one with the single cancel, never inside a batch.
 */
export const TRIGGER_CANCEL = { path: '/v1/perpum/order', batch: false } as const;
/**
 * Order statuses by meaning (CoinW.Net FuturesOrderStatus: `unFinish`, `part`, `Finish`/`finish`,
 * `Cancel`/`cancel`/`cancelAll`, and `markerChange`). `markerChange` ("marker change") has no documented
 * meaning — neither open nor closed in any source — so (assumed) a row carrying it, or any status not
 * below, is skipped and reported as malformed rather than guessed; it fails nothing else.
 */
export const OPEN_STATUSES: readonly string[] = ['unFinish'];
export const PARTIAL_STATUSES: readonly string[] = ['part'];
export const FILLED_STATUSES: readonly string[] = ['finish', 'Finish'];
export const CANCELLED_STATUSES: readonly string[] = ['cancel', 'Cancel', 'cancelAll'];
/**
 * (assumed) How a lookup reads an order it cannot find. The order history leaves out cancelled orders
 * without trades (CoinW.Net: "Canceled orders without trades are not returned"), so an order the engine
 * looks up — it does so only for orders the open listing no longer shows — that a complete history scan
 * does not return either closed without trades: it was cancelled. The adapter concludes so only for an
 * order it sent a cancel for that got no answer (the link dropped after the request left, so the venue may
 * have applied it) and that had no fill when last seen; anything else stays not found, and the engine
 * says it cannot tell.
 */
export const INFER_UNTRADED_CANCEL = true;
/** (assumed) A cancel accepted (code 0) but not confirmed on the stream within this long is reconciled. */
export const CONFIRM_DEADLINE_MS = 3000;
/** Concurrent cancel calls per account; the 10/s bucket is the real limit. */
export const MAX_IN_FLIGHT = 10;
/** (assumed) History pages scanned by a lookup before giving up (the orders looked up just closed). */
export const LOOKUP_MAX_PAGES = 3;
export const HISTORY_PAGE_SIZE = 100;
/** (assumed) Page size the simulator uses for `orders/open` when the client gives none. */
export const OPEN_ORDERS_DEFAULT_PAGE_SIZE = 20;

// ------------------------------------------------------------- websocket ---

export const WS_EVENT_LOGIN = 'login';
export const WS_EVENT_SUB = 'sub';
export const WS_EVENT_PING = 'ping';
export const WS_EVENT_PONG = 'pong';
export const WS_CHANNEL_LOGIN = 'login';
export const WS_CHANNEL_SUBSCRIBE = 'subscribe';
export const WS_BIZ_FUTURES = 'futures';
export const WS_TYPE_ORDER = 'order';
/**
 * Keep-alive: the client sends `{"event":"ping"}` and the venue answers a frame with `"event":"pong"`
 * (CoinW.Net: CoinWPingQuery sent every 5 s, a pong missing after 5 s reconnects; its futures message
 * handler routes `event == "pong"`). (assumed) Every 2 s rather than 5: a ping still unanswered (no frame
 * at all) at the next one drops the link, so a half-open link is declared dead within 4 s; a small JSON
 * frame every 2 s is far below anything a venue limits.
 */
export const WS_PING_INTERVAL_MS = 2000;
/** No login answer within this long → the attempt failed. */
export const WS_LOGIN_TIMEOUT_MS = 10_000;
export const WS_HANDSHAKE_TIMEOUT_MS = 10_000;
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_CAP_MS = 10_000;
/** After the venue refuses the credentials: retry this rarely, they will not fix themselves. */
export const AUTH_RETRY_MS = 60_000;

export const HTTP_TIMEOUT_MS = 10_000;

/** USDT-margined perpetuals: prices in USDT. */
export const COINW_QUOTE = 'USDT';
/**
 * (assumed) Base units per contract ("piece"), by instrument. The venue's instrument
 * listing has the authoritative value; unknown instruments count one base unit per piece.
 */
export const COINW_CONTRACT_SIZES: Readonly<Record<string, string>> = {
  BTC: '0.001',
  ETH: '0.01',
  SOL: '0.1',
};

export function coinwInstrument(market: string): { quote: string; contractSize: string } {
  const key = market.toUpperCase();
  // Own keys only: a market named like an Object.prototype member is just an unknown instrument.
  const size = Object.hasOwn(COINW_CONTRACT_SIZES, key) ? COINW_CONTRACT_SIZES[key] : undefined;
  return { quote: COINW_QUOTE, contractSize: size ?? '1' };
}
