/**
 * Status and venue facts the renderer needs at runtime. `preload/contract.ts`
 * is imported type-only (it carries zod schemas main uses); the status sets come from the status machine
 * (`preload/order-status.ts`) and the venues from the one venue list (`preload/venues.ts`), both plain data.
 */
import { FINAL_STATUSES, IN_FLIGHT_STATUSES, type OrderStatus } from '../../preload/order-status.ts';
import { VENUE_IDS, VENUE_LABELS, type VenueId } from '../../preload/venues.ts';

/** States an order never leaves (`unknown` is not one: a reconcile may still settle it). */
export function isFinalStatus(status: OrderStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/** A cancel is on its way: a second request would only join it. */
export function isInFlightStatus(status: OrderStatus): boolean {
  return IN_FLIGHT_STATUSES.has(status);
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

/** Display order of venues (filters, grouping, previews): the one venue list's order. */
export const VENUE_ORDER: readonly VenueId[] = VENUE_IDS;

export { VENUE_LABELS };
