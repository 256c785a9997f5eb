/**
 * Every Bluefin v2 protocol fact the adapter and simulator rely on, one
 * constant each. Facts marked (assumed) were not visible in Bluefin's public
 * material or official clients; a correction should touch only this file (or
 * the parser for message shapes).
 */
import type { TokenBucketSpec } from '../../core/venue.ts';

/** URL roles shared by `defaultUrls`, the adapter config and the simulator's ready line. */
export type BluefinUrlRole = 'rest' | 'ws' | 'onboarding';

/** Production: the dAPI gateway, the user-notifications WebSocket, and the URL signed at login. */
export const BLUEFIN_DEFAULT_URLS: Readonly<Record<BluefinUrlRole, string>> = {
  rest: 'https://dapi.api.sui-prod.bluefin.io',
  ws: 'wss://notifications.api.sui-prod.bluefin.io/',
  onboarding: 'https://trade-sui.bluefin.exchange',
};

export const BLUEFIN_STAGING_URLS: Readonly<Record<BluefinUrlRole, string>> = {
  rest: 'https://dapi.api.sui-staging.bluefin.io',
  ws: 'wss://notifications.api.sui-staging.bluefin.io/',
  onboarding: 'https://testnet.bluefin.io',
};

export const BLUEFIN_PATHS = {
  authorize: '/authorize',
  orders: '/orders',
  /** v1 cancel: the signature covers the hash list itself. */
  cancelV1: '/orders/hash',
  /** v2 cancel (current official TS client): the signature covers sha256 of the hash list. */
  cancelV2: '/v2/user/orders/hash',
} as const;

// ------------------------------------------------------------------ auth ---

export const WALLET_HEADER = 'x-wallet-address';
/** Login terms flag the official client sends; the blotter only logs in accounts that already trade. */
export const TERMS_ACCEPTED = true;
/** Key-type character between the 128 hex digits of the signature and the base64 public key. */
export const KEY_TYPE = { secp256k1: '0', ed25519: '1', uiWallet: '2', zkLogin: '3' } as const;
/** Raw ed25519 signature: 64 bytes = 128 hex digits. */
export const SIGNATURE_HEX_LENGTH = 128;
/** A refused login is not retried faster than this: bad keys do not fix themselves. */
export const AUTH_RETRY_MS = 60_000;

// ------------------------------------------------------------ cancelling ---

export type CancelVariant = 'v1' | 'v2';
export const DEFAULT_CANCEL_VARIANT: CancelVariant = 'v2';
/**
 * (assumed) No documented cap on hashes per cancel request, and the official TS tests cancel more
 * than 15 at once; 15 keeps each signed request small until the true cap is known.
 */
export const DEFAULT_MAX_HASHES_PER_CANCEL = 15;
/**
 * An order hash as the venue may write it: 64 hex digits, with or without `0x`, any case (the
 * Python client's own example passes `0x…` hashes; its order signer writes bare lowercase). The
 * blotter keys an order by the bare lowercase form (`normaliseOrderHash` in parse.ts, the one place
 * that reads a hash) and sends back, at cancel and lookup, the form the venue itself last showed.
 */
export const ORDER_HASH_PATTERN = /^(?:0[xX])?[0-9a-fA-F]{64}$/;
/** Venue hash forms (other than bare lowercase) remembered per account, most recent kept. */
export const WIRE_FORMS_KEPT = 20_000;

// ----------------------------------------------------------- rate limits ---

/** 5,000 requests per 60 s per IP and per account, over every endpoint. */
export const REQUESTS_PER_WINDOW = 5000;
export const RATE_WINDOW_MS = 60_000;
/** The venue's code on a 429. */
export const RATE_LIMIT_ERROR_CODE = 1015;
/**
 * The engine's bucket for cancel calls. A bucket admits `capacity + refill × 60`
 * calls in any minute: 40 + 75 × 60 = 4,540, leaving ~460 a minute of the
 * shared limit for listings, lookups and logins.
 */
export const CANCEL_RATE_LIMIT: TokenBucketSpec = {
  name: 'requests 5000/60s (cancel share)',
  capacity: 40,
  refillPerSecond: 75,
};
/**
 * Every REST request of the account (logins, listings, lookups, cancels) takes
 * a token here: 50 + 82 × 60 = 4,970 in any minute, under the 5,000.
 */
export const REQUEST_RATE_LIMIT: TokenBucketSpec = {
  name: 'requests 5000/60s',
  capacity: 50,
  refillPerSecond: 82,
};
/** Pause after a 429 that gave no Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1000;
/** Cancel calls on the wire at once for one account. */
export const MAX_IN_FLIGHT = 8;
/** After an accepted (CANCELLING) hash, how long to wait for the stream before asking the listing. */
export const CONFIRM_DEADLINE_MS = 5000;

// ---------------------------------------------------------------- orders ---

/** Prices and sizes are integers in 1e18 base. */
export const BASE_DECIMALS = 18;
/** The listing the blotter shows: the official client's "open" set plus (assumed) untriggered and cancelling orders. */
export const LISTED_STATUSES = [
  'PENDING',
  'OPEN',
  'PARTIAL_FILLED',
  'STAND_BY_PENDING',
  'STAND_BY',
  'CANCELLING',
] as const;
/** Every status, for looking up orders that left the listing (filled or cancelled?). */
export const ALL_STATUSES = [
  'PENDING',
  'OPEN',
  'PARTIAL_FILLED',
  'FILLED',
  'CANCELLING',
  'CANCELLED',
  'REJECTED',
  'EXPIRED',
  'STAND_BY_PENDING',
  'STAND_BY',
] as const;
/** `pageSize` must be ≤ 50. */
export const ORDERS_PAGE_SIZE = 50;
/**
 * (assumed) Whether `pageNumber` counts from 0 or from 1 no source settles (the official clients
 * say only "will fetch particular page records"). Nothing is assumed either way: the first
 * listing asks for pages 0 and 1 and learns from the answers which one is first (rest.ts
 * `detectFirstPage`); a page that repeats earlier ones stops the listing with a report.
 */
export type PageNumberBase = 0 | 1;
/** A listing that pages longer than this is a server bug, not an account. */
export const MAX_ORDER_PAGES = 2000;
/** Hashes per lookup request (one page). */
export const LOOKUP_CHUNK = ORDERS_PAGE_SIZE;

export const HTTP_TIMEOUT_MS = 10_000;

// ------------------------------------------------------ dead-man switch ---

/**
 * The dead-man switch ("cancel on disconnect") lives on its own base URL, the dAPI's plus this path in
 * every network of the official TS client (`dmsURL`: `https://dapi.api.sui-prod.bluefin.io/dead-man-switch`,
 * staging and dev alike), so it is derived from the account's REST URL rather than being a URL role.
 */
export const DMS_BASE_PATH = '/dead-man-switch';
/** `POST` sets countdowns (`{countDowns:[{symbol,countDown}], parentAddress?}`), `GET` reads them (`?symbol&parentAddress`). */
export const DMS_COUNTDOWN_PATH = '/dms-countdown';
/**
 * (assumed) Milliseconds per unit of `countDown`: no source states the unit; the official TS client's tests
 * arm 200000, which reads as 200 s in milliseconds. Every conversion goes through `dms.ts`
 * (`countdownToWire` / `countdownFromWire`), so a correction touches this one number.
 */
export const DMS_COUNTDOWN_UNIT_MS = 1;
/** The status the official client reads as "Cancel on Disconnect (dead-mans-switch) feature is currently unavailable". */
export const DMS_UNAVAILABLE_STATUS = 503;

// ------------------------------------------------------------- websocket ---

export const WS_SUBSCRIBE = 'SUBSCRIBE';
export const WS_USER_ROOM = 'userUpdates';
export const STREAM_EVENTS = {
  orderUpdate: 'OrderUpdate',
  orderCancelled: 'OrderCancelled',
  cancellationFailed: 'OrderCancellationFailed',
  cancelledOnReversion: 'OrderCancelledOnReversionUpdate',
  userTrade: 'UserTrade',
  positionUpdate: 'PositionUpdate',
  accountDataUpdate: 'AccountDataUpdate',
} as const;
/** (assumed) The notifications server closes a subscription whose token it refuses with 1008 (policy violation). */
export const WS_INVALID_TOKEN_CLOSE_CODE = 1008;
export const RECONNECT_BASE_MS = 250;
/**
 * The slowest reconnect attempt while the venue is away: one dial a second (token cached, no login)
 * means a gateway that returns is seen within about a second, and the cancels queued meanwhile go
 * out on that reconnect (the engine's own retry runs every 2 s).
 */
export const RECONNECT_CAP_MS = 1000;
/**
 * Keep-alive on the user stream: WebSocket protocol pings (RFC 6455 ping/pong). Bluefin v2 documents
 * no application-level ping for `notifications.api.sui-prod.bluefin.io` (its "WebSocket Rooms &
 * Events" page shows a plain socket and SUBSCRIBE only); the official Python client answers the
 * server's PING frames with PONG and offers `ping()` sending a protocol ping frame
 * (`socket_manager.py`), and the official TS client's raw `ws` socket sends none (ws answers pings
 * by itself). A ping still unanswered at the next one drops the socket, so a link that went silent
 * without closing is declared dead within two intervals (≤ 4 s) and dialled again.
 * (assumed) The cadence: the venue states none for v2; protocol pings cost a few bytes.
 */
export const WS_PING_INTERVAL_MS = 2000;
/** The account's status line after a missed pong. */
export const WS_MISSED_PONG_DETAIL = 'no answer to the keep-alive ping: link silent, reconnecting';
export const WS_HANDSHAKE_TIMEOUT_MS = 10_000;

/** (assumed) Perpetuals (`ETH-PERP`) are margined and priced in USDC, sizes in base units. */
export const BLUEFIN_QUOTE = 'USDC';

export function bluefinInstrument(_market: string): { quote: string; contractSize: string } {
  return { quote: BLUEFIN_QUOTE, contractSize: '1' };
}
