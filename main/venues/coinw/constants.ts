/**
 * Every CoinW futures protocol fact the adapter and simulator rely on, one
 * constant each. Sources: the venue's API pages (seed + facts file) and the
 * maintained JKorf/CoinW.Net client. Facts marked (assumed) were not stated
 * by either; a correction should touch only this file (or the parser for
 * message shapes).
 */
import type { TokenBucketSpec } from '../../core/venue.ts';

/** URL roles shared by `defaultUrls`, the adapter config and the simulator's ready line. */
export type CoinwUrlRole = 'rest' | 'ws';

export const COINW_DEFAULT_URLS: Readonly<Record<CoinwUrlRole, string>> = {
  rest: 'https://api.coinw.com',
  ws: 'wss://ws.futurescw.com/perpum',
};

export const COINW_PATHS = {
  /** DELETE: cancel one order, body `{"id":"<id>"}`. */
  cancelOrder: '/v1/perpum/order',
  /** DELETE: cancel up to 20 orders, body `{"sourceIds":[<id>,...]}`; no per-order result. */
  batchCancel: '/v1/perpum/batchOrders',
  /**
   * GET `?positionType=plan`: every open order of that type on every instrument when neither
   * `instrument` nor `sourceIds` is given (the docs' "get order information"); a JSON array.
   */
  currentOrders: '/v1/perpum/order',
  /** GET `?instrument=BTC&positionType=plan&page&pageSize`: one instrument, paged. */
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
/** "API access frequently": over a frequency limit (global or per interface — the latter assumed). */
export const CODE_RATE_LIMITED = 29001;
/** "Position not found.": the order is unknown or no longer open. */
export const CODE_ORDER_NOT_FOUND = 9012;
/** "Symbol currently doesn't allow trading" (CoinW.Net's error table): the instrument is suspended. */
export const CODE_SYMBOL_SUSPENDED = 9111;
export const AUTH_CODES: ReadonlySet<number> = new Set([CODE_AUTH, CODE_BAD_SIGNATURE, CODE_NO_PERMISSION]);

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
/** (assumed, CoinW.Net's guard) Batch cancel and the order listings: 10 requests/s each. */
export const BATCH_CANCEL_PER_SECOND = 10;
export const LISTING_PER_SECOND = 10;
/** (assumed, CoinW.Net's guard) Order history: 5 requests per 2 s. */
export const HISTORY_PER_2S = 5;
/** Every private call of the account: 100 requests/s per user. */
export const GLOBAL_PER_SECOND = 100;
/** (assumed) The venue counts its per-second limits over a sliding second, as CoinW.Net models them. */
export const RATE_WINDOW_MS = 1000;

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

// ------------------------------------------------------------ cancelling ---

/** Ids per batch cancel call (docs: at most 20). */
export const BATCH_CANCEL_MAX = 20;
/** Resting limit orders are `plan` orders (CoinW.Net samples); `execute` is a market order. */
export const LISTING_POSITION_TYPE = 'plan';
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
/** CoinW.Net pings every 5 s; (assumed) 10 s is inside the venue's idle timeout. */
export const WS_PING_INTERVAL_MS = 10_000;
/** No pong (or any frame) for this long after a ping → the connection is dead. */
export const WS_PONG_TIMEOUT_MS = 5000;
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
  return { quote: COINW_QUOTE, contractSize: COINW_CONTRACT_SIZES[market.toUpperCase()] ?? '1' };
}
