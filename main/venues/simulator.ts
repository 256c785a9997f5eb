/**
 * What every venue simulator offers besides its wire protocol: a control
 * surface for demo activity, tests and benchmarks. Simulators speak the
 * venue's real protocol on loopback; this interface is how the demo driver
 * and tests script the market around them.
 */
import type { Side, VenueId } from '../../preload/contract.ts';

export interface SimulatorReady {
  venue: VenueId;
  /** Base URLs by role, e.g. { auth, rest, ws } — the same roles the adapter's config takes. */
  urls: Record<string, string>;
  /** Demo credentials the simulator accepts (in-memory only, never stored in a keychain). */
  credentials: Record<string, string>;
}

export interface SimOrderSpec {
  market: string;
  side: Side;
  price: string;
  quantity: string;
  type?: string;
}

/** Scriptable faults shared by all simulators. Rates are probabilities 0..1 drawn from the seeded RNG. */
export interface SimFaults {
  /** Added before every reply (REST and WS). */
  latencyMs: number;
  /** Delay between a two-step cancel's acknowledgement and its confirmation. */
  confirmDelayMs: number;
  /** Cancel answered with the venue's "being filled" conflict; the order then fills or the retry succeeds. */
  conflictRate: number;
  /** Cancel confirmations that are never sent (the order is still cancelled at the venue). */
  dropConfirmationRate: number;
  /** Cancel rejected with the venue's business error. */
  rejectRate: number;
  /** Multiplies the venue's documented rate limits (1 = as documented). */
  rateLimitScale: number;
}

export const DEFAULT_FAULTS: SimFaults = {
  latencyMs: 0,
  confirmDelayMs: 50,
  conflictRate: 0,
  dropConfirmationRate: 0,
  rejectRate: 0,
  rateLimitScale: 1,
};

export interface SimulatorOptions {
  seed: number;
  faults?: Partial<SimFaults>;
}

export interface VenueSimulator {
  readonly venue: VenueId;
  /** Listens on 127.0.0.1 (port 0 = any free port). */
  start(port?: number): Promise<SimulatorReady>;
  stop(): Promise<void>;
  setFaults(faults: Partial<SimFaults>): void;
  /** Places an open order for the demo account; returns the venue order id. */
  placeOrder(spec: SimOrderSpec): string;
  /** Fills an open order by `quantity` (default, or more than remains: all that remains) and pushes the update on the stream. */
  fill(venueOrderId: string, quantity?: string): void;
  /** Drops every client connection (streams reconnect). */
  disconnectAll(): void;
  /**
   * A gateway outage of `ms`: connections and requests are refused, the book is kept and cancels accepted
   * before it still complete (the client learns their end on reconnect). Resolves when it answers again.
   */
  outage(ms: number): Promise<void>;
  /**
   * A half-open link for `ms`: sockets stay open but nothing passes either way (a heartbeat must notice);
   * resolves (where it returns a promise) when the link works again.
   */
  silence(ms: number): Promise<void> | void;
  /** Venue order ids currently open. */
  openOrderIds(): string[];
  /** What is left to fill of an open order (decimal string), undefined when not open. */
  remainingOf(venueOrderId: string): string | undefined;
}
