/**
 * Status and venue facts the renderer needs at runtime. `preload/contract.ts`
 * is imported type-only (it carries zod schemas main uses), so the few runtime
 * constants are restated here, checked against the contract's types.
 */
import type { OrderStatus, VenueId } from '../../preload/contract.ts';

const FINAL: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['cancelled', 'filled', 'rejected', 'expired']);
const IN_FLIGHT: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['cancel_requested', 'cancelling']);

/** States an order never leaves (`unknown` is not one: a reconcile may still settle it). */
export function isFinalStatus(status: OrderStatus): boolean {
  return FINAL.has(status);
}

/** A cancel is on its way: a second request would only join it. */
export function isInFlightStatus(status: OrderStatus): boolean {
  return IN_FLIGHT.has(status);
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  open: 'open',
  partially_filled: 'partially filled',
  cancel_requested: 'cancel requested',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  filled: 'filled',
  rejected: 'rejected',
  expired: 'expired',
  unknown: 'unknown',
};

export const VENUE_ORDER: readonly VenueId[] = ['rails', 'oxfun', 'coinw', 'btcturk', 'bluefin'];

export const VENUE_LABELS: Record<VenueId, string> = {
  rails: 'Rails',
  oxfun: 'OX.FUN',
  coinw: 'CoinW',
  btcturk: 'BTCTurk',
  bluefin: 'Bluefin',
};
