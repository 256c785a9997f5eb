/**
 * The seam between the core and each venue. A venue folder implements
 * `VenueAdapter` and declares its `VenueCapabilities`; the cancel engine
 * reads the capabilities and never special-cases a venue.
 */
import type { ConnectionState, Side, VenueId } from '../../preload/contract.ts';

/** An order as a venue reports it, already normalized to decimal strings and string ids. */
export interface VenueOrder {
  venueOrderId: string;
  market: string;
  side: Side;
  /** limit, market, stop, ... as the venue names it */
  type: string;
  price: string;
  /** Original size. */
  quantity: string;
  /** Cumulative filled size. */
  filled: string;
  remaining: string;
  status: VenueOrderStatus;
  createdAt: number;
  updatedAt: number;
  /** Facts the venue's message shows (absent where it does not; never guessed). */
  timeInForce?: string;
  reduceOnly?: boolean;
  postOnly?: boolean;
  clientOrderId?: string;
}

/** The optional facts of a VenueOrder, copied onto the blotter's order. */
export const ORDER_FACT_FIELDS = ['timeInForce', 'reduceOnly', 'postOnly', 'clientOrderId'] as const;

export type VenueOrderStatus =
  | 'open'
  | 'partially_filled'
  | 'cancelling'
  | 'cancelled'
  | 'filled'
  | 'rejected'
  | 'expired';

/** What an order's amounts are worth: notional = price × remaining × contractSize, in `quote`. */
export interface InstrumentInfo {
  /** Currency of prices and notional (USD, USDT, TRY, ...). */
  quote: string;
  /** Base units per unit of quantity: "1" where sizes are in base units, the lot size where they are contracts. */
  contractSize: string;
  /** Price increment, where the venue's facts give it (decimal string); absent: prices shown as sent. */
  tickSize?: string;
  /** Quantity increment, likewise. */
  lotSize?: string;
}

/** What the engine needs to address an order on the wire. */
export interface CancelTarget {
  venueOrderId: string;
  market: string;
}

/**
 * How a venue failed a request, in the engine's terms:
 * - conflict, rate_limited, network: transient, retried with backoff inside a budget
 * - not_found: the order is no longer open there; the engine reconciles to learn why
 * - rejected, maintenance, auth: business answers, shown on the row, never retried
 */
export type VenueErrorCategory =
  | 'conflict'
  | 'rate_limited'
  | 'network'
  | 'not_found'
  | 'rejected'
  | 'maintenance'
  | 'auth';

export interface VenueError {
  category: VenueErrorCategory;
  /** The venue's own code (e.g. "409", "ORDER_CANCEL_BLOCKED", "20005"). */
  code: string;
  /** The venue's own message, free of secrets. */
  message: string;
  /** From Retry-After or the venue's window, when it says. */
  retryAfterMs?: number;
  /**
   * The request provably never reached the venue (connection refused, host unreachable): it used none of
   * the venue's rate budget, so the engine gives its pacing slot back. Retries through a long outage then
   * leave the budget whole for the moment the venue answers.
   */
  notSent?: boolean;
}

export const RETRYABLE_CATEGORIES: ReadonlySet<VenueErrorCategory> = new Set([
  'conflict',
  'rate_limited',
  'network',
]);

/** The per-order answer to a cancel call. */
export type CancelOutcome =
  /** The venue took the request; the final state arrives later on its stream (or by reconcile). */
  | { kind: 'accepted' }
  /** The venue answered with the final state synchronously. */
  | { kind: 'done'; status: 'cancelled' | 'filled' }
  | { kind: 'failed'; error: VenueError };

export interface TokenBucketSpec {
  /** Absent or 'token-bucket'. */
  kind?: 'token-bucket';
  /** e.g. "cancel 10/s" — shown in diagnostics and benchmarks. */
  name: string;
  capacity: number;
  refillPerSecond: number;
}

/**
 * A limit counted the way BTCTurk (and Rails) count: a window of `windowMs`
 * that opens with the first request after the previous window ended, admits
 * `limit` requests, and (at the venue) blocks the rest of the window — or
 * `blockMs` past it — after an overflow. The engine never overflows it: once
 * `limit` calls went out it waits for the window's end plus `guardMs` (the
 * venue anchors its window at arrival, we at sending; the guard covers the
 * difference in transit times).
 */
export interface FixedWindowSpec {
  kind: 'fixed-window';
  name: string;
  limit: number;
  windowMs: number;
  /** Margin added to the end of each window before the next one opens; default 50 ms. */
  guardMs?: number;
}

/** One limit a cancel call counts against. */
export type PacingSpec = TokenBucketSpec | FixedWindowSpec;

export interface VenueCapabilities {
  /**
   * `two-step`: an accepted cancel is confirmed later (stream or listing);
   * `synchronous`: the reply to the cancel call is final.
   */
  cancelFlow: 'two-step' | 'synchronous';
  /** Orders per cancel call; 1 when the venue has no batch call. */
  maxBatch: number;
  /** The venue's batch call takes orders of one market only (the engine groups batches by market). */
  batchPerMarket?: boolean;
  /** Every cancel call counts against every limit (token buckets and fixed windows alike). */
  rateLimits: PacingSpec[];
  /** Cancel calls allowed on the wire at once for one account. */
  maxInFlight: number;
  /** After this long without a final state, the engine reconciles against the open-orders listing. */
  confirmDeadlineMs: number;
  /** How the venue confirms: shown in diagnostics ("stream 200", "WS 452", "listing"). */
  confirmedBy: string;
  /**
   * The venue's own bulk cancel (`cancelAllOrders`): every open order of the account in one market, and/or
   * of the whole account, in one call. The engine uses it only where it cancels exactly the scope asked
   * for (never broader), and confirms each order as usual (stream, listing).
   */
  bulkCancel?: { market: boolean; account: boolean };
}

export interface AdapterEvents {
  /** An order update from the venue's stream (new order, fill, cancel confirmation, ...). */
  order(order: VenueOrder): void;
  /** A cancel that was accepted and then failed asynchronously (e.g. the venue's "cancellation failed" event). */
  cancelFailed(venueOrderId: string, error: VenueError): void;
  /** Connection state changes; after a reconnect the service reconciles the account's book. */
  connection(state: ConnectionState, detail?: string): void;
  /** Any message at all arrived (for the health indicator). */
  heartbeat(): void;
  /** A venue message failed validation; it was dropped. The description must not contain secrets. */
  malformed(description: string): void;
}

export interface VenueAdapter {
  readonly venue: VenueId;
  readonly accountId: string;
  readonly capabilities: VenueCapabilities;
  /** Connects streams; resolves once the first connection attempt settled (connected or failed). */
  start(events: AdapterEvents): Promise<void>;
  stop(): Promise<void>;
  /** Quote currency and contract size of a market, so notionals are summed per currency, never across. */
  instrument(market: string): InstrumentInfo;
  /** The complete list of open orders (all pages). */
  listOpenOrders(): Promise<VenueOrder[]>;
  /** One wire call for up to `capabilities.maxBatch` targets; one outcome per target, same order. */
  cancelOrders(targets: CancelTarget[]): Promise<CancelOutcome[]>;
  /**
   * Optional: the venue's record of orders that are no longer open (order by id,
   * order history), so a reconcile can tell "cancelled" from "filled". It looks
   * up every target it is given (the engine sends at most 20 a pass) or throws.
   */
  lookupOrders?(targets: CancelTarget[]): Promise<VenueOrder[]>;
  /**
   * Optional (see `capabilities.bulkCancel`): asks the venue to cancel every open order of the account in
   * `market` (or in every market when absent). Resolves once the venue accepted the request; throws a
   * VenueCallError when it did not. Each order's end still arrives as an order update (or a listing).
   */
  cancelAllOrders?(scope: { market?: string }): Promise<void>;
  /**
   * Optional: the venue's own dead-man switch (Bluefin's cancel-on-disconnect countdown). It works with the
   * app closed: the venue cancels the account's orders in a market whose countdown runs out.
   */
  readonly deadManSwitch?: DeadManSwitch;
}

/** A countdown per market, held by the venue. */
export interface MarketCountdown {
  market: string;
  countdownMs: number;
}

export interface DeadManSwitchReply {
  /** Markets whose countdown the venue set (or removed, for 0). */
  accepted: string[];
  failed: { market: string; reason: string }[];
}

export interface DeadManSwitch {
  /**
   * Sets each market's countdown (`countdownMs` > 0) or removes it (0). Throws a VenueCallError when the
   * request as a whole failed; a 503 is category `maintenance`, code `dms_unavailable`.
   */
  reset(countdowns: readonly MarketCountdown[]): Promise<DeadManSwitchReply>;
  /** The countdowns the venue holds now (time left), with the venue's own clock. */
  read(market?: string): Promise<{ countdowns: MarketCountdown[]; at: number }>;
}

/** Thrown by adapter methods when a call fails as a whole (listing, a batch call that got no per-order answer). */
export class VenueCallError extends Error {
  readonly venueError: VenueError;
  constructor(venueError: VenueError) {
    super(`${venueError.code}: ${venueError.message}`);
    this.name = 'VenueCallError';
    this.venueError = venueError;
  }
}

export function toVenueError(err: unknown): VenueError {
  if (err instanceof VenueCallError) return err.venueError;
  const message = err instanceof Error ? err.message : String(err);
  return { category: 'network', code: 'network', message };
}
