/**
 * Every OX.FUN protocol fact the adapter and simulator rely on, one constant
 * each. Sources: the venue's API docs (oxfun-github/oxfun-exchange-docs, live
 * at docs.ox.fun), CCXT's `oxfun` exchange (exceptions table, sign()) and the
 * seed page; tests/fixtures/oxfun/SOURCES.md lists them. Facts marked
 * (assumed) were not confirmed there; a correction should touch only this
 * file (or the parser for message shapes, or errors.ts for a code's meaning).
 */
import type { TokenBucketSpec } from '../../core/venue.ts';

/** URL roles shared by `defaultUrls`, the adapter config and the simulator's ready line. */
export type OxfunUrlRole = 'rest' | 'ws';

export const OXFUN_DEFAULT_URLS: Readonly<Record<OxfunUrlRole, string>> = {
  rest: 'https://api.ox.fun',
  ws: 'wss://api.ox.fun/v2/websocket',
};

export const WS_PATH = '/v2/websocket';

export const REST_PATHS = {
  working: '/v3/orders/working',
  status: '/v3/orders/status',
  cancel: '/v3/orders/cancel',
  cancelAll: '/v3/orders/cancel-all',
} as const;

// ------------------------------------------------------------------ auth ---

/** The WS login signs `<ms timestamp>` + this constant. */
export const WS_LOGIN_SIGNED_SUFFIX = 'GET/auth/self/verify';
/** (assumed) How far a login timestamp may be from the server clock before 20024. */
export const LOGIN_TIMESTAMP_WINDOW_MS = 30_000;
/** (assumed) Same tolerance for the REST `Timestamp` header (second resolution, UTC). */
export const REST_TIMESTAMP_WINDOW_MS = 60_000;
export const REST_HEADERS = {
  key: 'AccessKey',
  timestamp: 'Timestamp',
  signature: 'Signature',
  nonce: 'Nonce',
} as const;

// ------------------------------------------------------------- websocket ---

export const OPS = {
  login: 'login',
  subscribe: 'subscribe',
  cancelOrder: 'cancelorder',
  cancelOrders: 'cancelorders',
} as const;
export const ORDER_CHANNEL_ALL = 'order:all';
export const ORDER_TABLE = 'order';
/** Event of every per-order cancel reply, single and batch alike. */
export const CANCEL_REPLY_EVENT = 'cancelorder';
/** Event of the matching engine's own answer to a cancel (e.g. 100004 after a fill won), and of cancel-all acks. */
export const ENGINE_CANCEL_EVENT = 'CANCEL';
/**
 * Keep-alive: the venue's application-level ping, plain text frames, not JSON (docs-ws "Session Keep
 * Alive": send text `ping` within every minute, the server answers text `pong`).
 */
export const PING_TEXT = 'ping';
export const PONG_TEXT = 'pong';
/**
 * How often the adapter pings. Far more often than the venue's once a minute, because the ping is also
 * how a link that went silent without closing is found: any frame counts as the answer, and a ping
 * still unanswered at the next one drops the socket, so a silent link is declared dead within
 * 2 × this (≤ 4 s) and reconnected. One tiny frame every 2 s costs nothing against 50 requests a second.
 */
export const PING_INTERVAL_MS = 2_000;
/** `tag` is echoed as a string, at most 32 characters. */
export const TAG_MAX_LENGTH = 32;
/**
 * (assumed) The docs' python samples wait for a frame with a top-level `nonce` (`'nonce' in data`)
 * before logging in, so the server greets each connection with one; reports of the live venue show it
 * as an event (`{"event":"nonce",…}`). The parser accepts either; the simulator sends both keys, so
 * the docs' sample and an event-dispatching client each see their greeting. The adapter logs in on
 * open and only notes the greeting.
 */
export const GREETING_EVENT = 'nonce';
/** No login reply this long after the socket opened → dead link (the ping only starts once logged in). */
export const LOGIN_REPLY_TIMEOUT_MS = 5_000;
export const RECONNECT_BASE_MS = 250;
/**
 * A gateway that comes back is re-dialled within about a second (the book is reconciled ≤ 2 s after the
 * venue answers); the venue allows 200 new connections a minute (WS_CONNECTIONS_PER_MINUTE), far above 1/s.
 */
export const RECONNECT_CAP_MS = 1_000;
/**
 * After a login refused for credentials or clock, retry this slowly (and stay `down`): the key
 * will not fix itself and the venue limits auth attempts, so fast retries would only be a storm.
 */
export const AUTH_RETRY_MS = 60_000;
/** The upgrade takes milliseconds on a healthy link; one that does not finish in this long is dead. */
export const WS_HANDSHAKE_TIMEOUT_MS = 5_000;

// ------------------------------------------------------------ cancelling ---

/** `cancelorders` takes 20 entries (the docs derive it from the message length limit). */
export const WS_CANCEL_BATCH_MAX = 20;
/** `DELETE /v3/orders/cancel` takes up to 8 orders. */
export const REST_CANCEL_BATCH_MAX = 8;
/** No reply for every order of a cancel message within this long → network failure for the rest. */
export const CANCEL_ACK_TIMEOUT_MS = 5_000;

/**
 * Authenticated WebSocket requests: 50 a second. (assumed) Counted per account over all its connections,
 * one message (a whole `cancelorders` batch included) being one request.
 */
export const WS_REQUESTS_PER_SECOND = 50;
/** Initialising WebSocket connections: 200 a minute. */
export const WS_CONNECTIONS_PER_MINUTE = 200;
/**
 * The engine's bucket for that limit, with a margin (9 burst + 40/s ≤ 49 in any second) because the simulator and the
 * venue count arrivals, which network jitter can bunch closer together than the sends were. (assumed) The keep-alive
 * ping may count as a request too (the docs do not say): at most one falls in any second, so 9 + 40 + 1 ≤ 50.
 */
export const CANCEL_RATE_LIMIT: TokenBucketSpec = {
  name: 'ws 50/s',
  capacity: 9,
  refillPerSecond: 40,
};

/** REST per IP: 100 a second and 2,500 per 5 minutes. */
export const REST_REQUESTS_PER_SECOND = 100;
export const REST_REQUESTS_PER_WINDOW = 2_500;
export const REST_WINDOW_MS = 300_000;
/**
 * The adapter's own REST pacing (listing, status lookups, fallback cancels): a bucket admits
 * `capacity + refill × 300` requests in any 5 minutes; 50 + 8 × 300 = 2,450 ≤ 2,500.
 */
export const REST_CLIENT_BUCKET: TokenBucketSpec = {
  name: 'rest 2500/5min',
  capacity: 50,
  refillPerSecond: 8,
};
export const HTTP_TIMEOUT_MS = 10_000;
/**
 * Reconcile looks orders up one REST call each (`GET /v3/orders/status`), this many at a time; the
 * engine asks for at most 20 a pass, so a mass reconcile cannot eat the 5-minute REST budget.
 */
export const LOOKUP_CONCURRENCY = 4;

// ----------------------------------------------------------------- codes ---

export const CODES = {
  noAuthority: '05001',
  badSignature: '20000',
  serverError: '20001',
  badRequest: '20002',
  unknownOp: '20003',
  alreadyLoggedIn: '20005',
  tooRapid: '20007',
  badJson: '20009',
  orderIdRequired: '20010',
  marketRequired: '20011',
  timestampWindow: '20024',
  invalidKey: '20025',
  tokenInvalid: '20026',
  messageTooLong: '20027',
  marketClosed: '20031',
  serverTimeout: '20032',
  tagTooLong: '20034',
  rejectCancelNotFound: '100004',
  openOrderNotFound: '100005',
  notOwner: '100006',
  marketInactive: '200050',
  internalUnavailable: '000101',
  tradeServiceBusy: '000201',
  restRateLimit: '429',
  restNotFound: '40035',
  generalNetworkFailure: '10001',
  missingParameter: '30001',
  serverAlert: '40001',
  unknownServerError: '50001',
  recvWindowExpired: '100015',
  restKeyRefused: '35034',
  restKeyForbidden: '35046',
  accountStatus: '300001',
} as const;

/**
 * How the REST API writes a code in its error bodies: with a leading `-` (CCXT's exceptions table is
 * keyed "-20000", "-05001", "-100005", "-429"). Readers normalise (errors.ts); the simulator writes this.
 */
export function restErrorCode(code: string): string {
  return `-${code}`;
}

/** Order-channel close status that confirms our cancel. */
export const CLOSED_BY_USER = 'CANCELED_BY_USER';

/**
 * (assumed) Markets are `<BASE>-<QUOTE>[-SWAP-LIN]` (BTC-USD-SWAP-LIN, OX-USDT) with
 * quantities in base units: the quote is the second segment.
 */
export function oxfunInstrument(market: string): { quote: string; contractSize: string } {
  return { quote: market.split('-')[1] ?? market, contractSize: '1' };
}
