/**
 * Every BTCTurk protocol fact the adapter and simulator rely on, one constant
 * each. Facts marked (assumed) are not stated in BTCTurk's public material; a
 * correction should touch only this file (or the parser for message shapes).
 */
import { DEFAULT_FIXED_WINDOW_GUARD_MS } from '../../core/fixed-window.ts';
import type { FixedWindowSpec } from '../../core/venue.ts';

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
/** `GET /api/v1/order/{id}` for an id the venue does not know: `{"success":false,"message":"Order not found","code":1152}` (docs' Get Single Order). */
export const CODE_ORDER_NOT_FOUND = 1152;
export const MESSAGE_ORDER_NOT_FOUND = 'Order not found';
/** (assumed) The HTTP status of that answer; the docs show only the body, so the client routes on the code. */
export const STATUS_ORDER_NOT_FOUND = 400;
/** (assumed) BTCTurk documents the message but not its numeric code. */
export const CODE_CANCEL_BLOCKED = 1056;
/** What the row shows for ORDER_CANCEL_BLOCKED. */
export const MAINTENANCE_MESSAGE = 'pair under maintenance';
/** The three cancel errors come as HTTP 400. */
export const STATUS_BAD_REQUEST = 400;
export const STATUS_UNAUTHORIZED = 401;
export const STATUS_RATE_LIMITED = 429;
/** A 429's body: `{"message":"TOO_MANY_REQUESTS","success":false,"code":429,"details":...}` (docs.btcturk.com/rate-limits). */
export const MESSAGE_RATE_LIMITED = 'TOO_MANY_REQUESTS';

// ----------------------------------------------------------- rate limits ---

/**
 * DELETE /api/v1/order, as docs.btcturk.com/rate-limits counts it: per
 * account and IP, a 1 s window admitting 10 and a 60 s window admitting 300,
 * each starting at the first request after the previous one ended. A request
 * past the limit earns 429 + `Retry-After` and a block for the rest of that
 * window. A token bucket admits ~15 in the first second and ~590 in the
 * first minute and trips both, so the engine paces with windows of the same
 * kind (plus its guard after each window's end).
 */
export const VENUE_CANCEL_LIMITS: readonly FixedWindowSpec[] = [
  { kind: 'fixed-window', name: 'DELETE order 10/s', limit: 10, windowMs: 1000 },
  { kind: 'fixed-window', name: 'DELETE order 300/min', limit: 300, windowMs: 60_000 },
];

/** GET /api/v1/order/{id}: 30 a second and 900 a minute (same page); the adapter paces its own lookups. */
export const VENUE_LOOKUP_LIMITS: readonly FixedWindowSpec[] = [
  { kind: 'fixed-window', name: 'GET order 30/s', limit: 30, windowMs: 1000 },
  { kind: 'fixed-window', name: 'GET order 900/min', limit: 900, windowMs: 60_000 },
];

/**
 * How long the engine waits past the end of each of its windows before the
 * next call. Our window opens when we send, BTCTurk's when the request
 * arrives; the first request of a window can be slower than the first of the
 * next (a cold connection), and then BTCTurk's window is still open when our
 * next one starts. The guard must outlast that difference: 100 ms on the 1 s
 * window, 1 s on the 60 s window (a 60 s block costs far more than 1 s). On
 * 400 orders they cost about 3 % over the venue's own bound. A stall longer
 * than the guard is caught by the adapter's own count (cancel-windows.ts),
 * which anchors each window at the answer to its first request.
 */
export const CANCEL_WINDOW_GUARDS_MS: Readonly<Record<number, number>> = { 1000: 100, 60000: 1000 };

/**
 * A time-compressed (test) run shrinks the windows and the guards, but
 * transit time and event-loop stalls do not compress, so a guard never
 * drops below this.
 */
export const MIN_SCALED_GUARD_MS = 25;

/**
 * `limits` with every window divided by `scale` (the simulator's
 * `rateLimitScale`: a scaled run is the real one, time-compressed) and the
 * engine's guard after each window.
 */
export function scaledWindows(limits: readonly FixedWindowSpec[], scale = 1): FixedWindowSpec[] {
  return limits.map((limit) => {
    const guardMs = CANCEL_WINDOW_GUARDS_MS[limit.windowMs] ?? DEFAULT_FIXED_WINDOW_GUARD_MS;
    if (scale === 1) return { ...limit, guardMs };
    return {
      ...limit,
      name: `${limit.name} ×${scale}`,
      windowMs: limit.windowMs / scale,
      guardMs: Math.max(MIN_SCALED_GUARD_MS, guardMs / scale),
    };
  });
}

/** The engine's cancel pacing: the venue's own windows plus the guards above. */
export function cancelWindows(scale = 1): FixedWindowSpec[] {
  return scaledWindows(VENUE_CANCEL_LIMITS, scale);
}

/** One order per call: BTCTurk has no batch cancel. */
export const CANCEL_MAX_BATCH = 1;
/**
 * DELETEs on the wire at once: a 1 s window's worth. More could not go out
 * before the window ends anyway; ten carry 10/s with round trips up to 1 s.
 */
export const CANCEL_MAX_IN_FLIGHT = 10;
/** (assumed) 452 normally follows the 200 within milliseconds; after this the engine reconciles. */
export const CONFIRM_DEADLINE_MS = 5000;
/**
 * (assumed) Without a logged-in WebSocket no 452 can come: the adapter looks
 * an accepted cancel up this long after the 200, and once more at twice it,
 * before the engine's confirm deadline reconciles whatever is left.
 */
export const CONFIRM_LOOKUP_DELAY_MS = 1000;

// ------------------------------------------------------------- websocket ---

export const WS_TYPE_WELCOME = 991;
export const WS_TYPE_LOGIN = 114;
export const WS_TYPE_USER_TRADE = 423;
export const WS_TYPE_ORDER_MATCH = 441;
export const WS_TYPE_ORDER_INSERT = 451;
export const WS_TYPE_ORDER_DELETE = 452;
export const WS_TYPE_ORDER_UPDATE = 453;
/**
 * (assumed) Numeric `orderType` of 451/452/453 when present: 0 buy, 1 sell
 * (BtcTurkApiCore's model comment). BTCTrader's feed manual lists no side at
 * all, so the parser never requires it: the side comes from the listing or a lookup.
 */
export const WS_ORDER_TYPE_SIDES = ['buy', 'sell'] as const;
/** (assumed) Numeric `method` of 451/452/453: 0 limit, 1 market (BtcTurkApiCore), the stop kinds after them. */
export const WS_ORDER_METHODS = ['limit', 'market', 'stoplimit', 'stopmarket'] as const;
/** What the simulator's 991 says; clients only need to see the frame. */
export const WS_PROTOCOL_VERSION = { current: '5.1.0', min: '2.3.0' } as const;

export const RECONNECT_BASE_MS = 200;
/**
 * The backoff's ceiling: with equal jitter a lost gateway is dialled every
 * 0.5–1 s, so the stream is back (and the cancels queued behind the outage
 * are sent) within about a second of BTCTurk answering again. The connection
 * limit below is kept by the stream's connect limiter, not by a slow backoff.
 */
export const RECONNECT_CAP_MS = 1000;
/**
 * WebSocket connection requests: at most 15 a minute, else new connections
 * are blocked for 60 s (docs.btcturk.com/rate-limits). The stream keeps at
 * most this many attempts in any 60 s span (stricter than a window anchored
 * at the first attempt, so it holds however the venue anchors it).
 */
export const WS_CONNECT_LIMIT = 15;
export const WS_CONNECT_WINDOW_MS = 60_000;
export const WS_CONNECT_BLOCK_MS = 60_000;
/** Slack past the oldest attempt's minute before the next attempt (clock skew, transit). */
export const WS_CONNECT_GUARD_MS = 250;
/**
 * (assumed) BTCTurk counts a connection request when its gateway answers the
 * upgrade (accepted, or refused with an HTTP status); a dial refused or reset
 * at TCP level, or one that got no answer before the handshake timeout, never
 * reached it. docs.btcturk.com/rate-limits says only "connection requests".
 * Counting unanswered dials would spend the 15 during an outage and hold the
 * first reconnect back for up to a minute once the venue is up again.
 */
export const COUNT_UNANSWERED_WS_DIALS = false;
/** After BTCTurk refused the credentials: the wait before one more try (no retry storm). */
export const AUTH_RETRY_MS = 60_000;
/**
 * Keep-alive: WebSocket protocol ping frames. (assumed) BTCTurk documents no
 * application-level ping or heartbeat: the model list of its feed
 * (docs.btcturk.com/websocket-feed/models: 100 Result, 101 Request, 111/114
 * login, 151 subscription, the channel and user events) has none, and the
 * server sends nothing on a quiet socket; a server bound by RFC 6455 answers
 * a ping with a pong. A ping still unanswered at the next one drops the link,
 * so silence is noticed within 2–4 s (inside the 5 s a silent link may stay
 * undetected).
 */
export const WS_PING_INTERVAL_MS = 2000;
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
