/**
 * Every BTCTurk protocol fact the adapter and simulator rely on, one constant
 * each. Facts marked (assumed) are not stated in BTCTurk's public material; a
 * correction should touch only this file (or the parser for message shapes).
 */
import type { TokenBucketSpec } from '../../core/venue.ts';

/** URL roles shared by `defaultUrls`, the adapter config and the simulator's ready line. */
export type BtcturkUrlRole = 'rest' | 'ws';

export const BTCTURK_DEFAULT_URLS: Readonly<Record<BtcturkUrlRole, string>> = {
  rest: 'https://api.btcturk.com',
  ws: 'wss://ws-feed-pro.btcturk.com',
};

export const BTCTURK_PATHS = {
  /** `DELETE ?id=` cancels (200 = received); `GET /{id}` reads one order in any state. */
  order: '/api/v1/order',
  openOrders: '/api/v1/openOrders',
  /** Public market list; ccxt's `loadMarkets` reads it before any private call. */
  exchangeInfo: '/api/v2/server/exchangeinfo',
} as const;

/** ccxt's `urls.api` roles are these prefixes of the REST host. */
export const PRIVATE_API_PREFIX = '/api/v1';
export const PUBLIC_API_PREFIX = '/api/v2';

// ------------------------------------------------------------------ auth ---

export const HEADER_PUBLIC_KEY = 'X-PCK';
export const HEADER_STAMP = 'X-Stamp';
export const HEADER_SIGNATURE = 'X-Signature';
/** (assumed) How far `X-Stamp` may be from the server clock before the request is refused. */
export const STAMP_TOLERANCE_MS = 30_000;
/** The WS login signs `publicKey + nonce`; BTCTurk's own examples use this fixed nonce. */
export const WS_LOGIN_NONCE = 3000;

// -------------------------------------------------------------- envelope ---

export const ENVELOPE_SUCCESS_MESSAGE = 'SUCCESS';
export const CODE_SUCCESS = 0;
export const CODE_UNAUTHORIZED = 1037;
/** (assumed) The message text of a 401; clients route on the status and code. */
export const MESSAGE_UNAUTHORIZED = 'UNAUTHORIZED';

// --------------------------------------------------------- cancel errors ---

export const ERROR_NO_ORDER = 'NO_ORDER_MATCHES_YOUR_REQUEST';
export const CODE_NO_ORDER = 1051;
export const ERROR_NOT_CANCELABLE = 'ORDER_COULD_NOT_BE_CANCELED';
export const CODE_NOT_CANCELABLE = 1050;
export const ERROR_CANCEL_BLOCKED = 'ORDER_CANCEL_BLOCKED';
/** (assumed) BTCTurk documents the message but not its numeric code. */
export const CODE_CANCEL_BLOCKED = 1056;
/** What the row shows for ORDER_CANCEL_BLOCKED. */
export const MAINTENANCE_MESSAGE = 'pair under maintenance';
/** The three cancel errors come as HTTP 400. */
export const STATUS_BAD_REQUEST = 400;
export const STATUS_UNAUTHORIZED = 401;
export const STATUS_RATE_LIMITED = 429;
/** (assumed) The message of a 429 body; clients route on the status and `Retry-After`. */
export const MESSAGE_RATE_LIMITED = 'TOO_MANY_REQUESTS';

// ----------------------------------------------------------- rate limits ---

/**
 * DELETE /api/v1/order: 10 a second and 300 a minute. (assumed) BTCTurk does
 * not say how it counts; we take each limit as a token bucket that starts
 * full (capacity = the limit, refill = limit / window), which is what the
 * simulator enforces. If BTCTurk counts a strict sliding minute instead, only
 * `cancelBuckets` below must change (capacity + 60 × refill ≤ 300).
 */
export const VENUE_CANCEL_LIMITS: readonly TokenBucketSpec[] = [
  { name: 'DELETE order 10/s', capacity: 10, refillPerSecond: 10 },
  { name: 'DELETE order 300/min', capacity: 300, refillPerSecond: 5 },
];

/**
 * The engine's buckets: the venue's, minus a safety margin. The engine takes
 * a token when it sends, the venue when the request arrives, so requests that
 * arrive bunched (a fresh connection is slower than a reused one) must find
 * tokens left over. At most `CANCEL_MAX_IN_FLIGHT` requests can be on their
 * way at once, so keeping that many tokens spare in every bucket means a
 * bunch can never outrun the venue's bucket, however late it arrives; a 2%
 * slower refill keeps long runs off the venue's edge. The cost is a few
 * tokens on a bulk cancel (about 1% on 400 orders).
 */
export const CANCEL_SPARE_TOKENS = 5;
export const CANCEL_SAFETY_REFILL = 0.98;

/** `scale` speeds the refill only (see the simulator's `rateLimitScale`): a scaled run is the real one, time-compressed. */
export function cancelBuckets(scale = 1): TokenBucketSpec[] {
  return VENUE_CANCEL_LIMITS.map((limit) => ({
    name: scale === 1 ? limit.name : `${limit.name} ×${scale}`,
    capacity: Math.max(1, limit.capacity - CANCEL_SPARE_TOKENS),
    refillPerSecond: limit.refillPerSecond * CANCEL_SAFETY_REFILL * scale,
  }));
}

/** One order per call: BTCTurk has no batch cancel. */
export const CANCEL_MAX_BATCH = 1;
/**
 * DELETEs on the wire at once: no more than the spare tokens (see above).
 * Five in flight still carry 10/s with up to 500 ms per round trip.
 */
export const CANCEL_MAX_IN_FLIGHT = CANCEL_SPARE_TOKENS;
/** (assumed) 452 normally follows the 200 within milliseconds; after this the engine reconciles. */
export const CONFIRM_DEADLINE_MS = 5000;

// ------------------------------------------------------------- websocket ---

export const WS_TYPE_WELCOME = 991;
export const WS_TYPE_LOGIN = 114;
export const WS_TYPE_USER_TRADE = 423;
export const WS_TYPE_ORDER_MATCH = 441;
export const WS_TYPE_ORDER_INSERT = 451;
export const WS_TYPE_ORDER_DELETE = 452;
export const WS_TYPE_ORDER_UPDATE = 453;
/** (assumed) Numeric `orderType` of 451/452/453: 0 buy, 1 sell. */
export const WS_ORDER_TYPE_SIDES = ['buy', 'sell'] as const;
/** (assumed) Numeric `method` of 451/452/453. */
export const WS_ORDER_METHODS = ['limit', 'market', 'stoplimit', 'stopmarket'] as const;
/** What the simulator's 991 says; clients only need to see the frame. */
export const WS_PROTOCOL_VERSION = { current: '5.1.0', min: '2.3.0' } as const;

export const RECONNECT_BASE_MS = 200;
export const RECONNECT_CAP_MS = 5000;
/** After BTCTurk refused the credentials: the wait before one more try (no retry storm). */
export const AUTH_RETRY_MS = 60_000;
/** (assumed) BTCTurk has no application ping; WebSocket protocol pings keep the socket honest. */
export const WS_PING_INTERVAL_MS = 15_000;
/** No 991 + login answer within this long → the attempt is dropped and retried. */
export const WS_LOGIN_TIMEOUT_MS = 10_000;
export const WS_HANDSHAKE_TIMEOUT_MS = 10_000;

export const HTTP_TIMEOUT_MS = 10_000;

/** Quote currencies BTCTurk pair symbols end with (BTCTRY, USDTTRY, ETHUSDT, ...), longest first. */
export const BTCTURK_QUOTES = ['USDT', 'USDC', 'TRY', 'EUR', 'BTC'] as const;

/** Pair symbols are `<BASE><QUOTE>` with sizes in base units. */
export function btcturkInstrument(pair: string): { quote: string; contractSize: string } {
  const upper = pair.toUpperCase();
  return { quote: BTCTURK_QUOTES.find((quote) => upper.endsWith(quote)) ?? upper, contractSize: '1' };
}
