/**
 * What the venue's open-orders listing tells us about an order whose state we
 * are unsure of. Pure, so every rule is unit-tested; the engine acts on it.
 */
import { type ErrorInfo, FINAL_STATUSES, IN_FLIGHT_STATUSES, type Order } from '../../preload/contract.ts';
import type { VenueOrder } from './venue.ts';

export type ReconcileDecision =
  /** The venue still reports the cancel in progress: wait for another deadline. */
  | { action: 'keep-waiting' }
  /** The venue's answer is final. */
  | { action: 'final'; order: VenueOrder; reason?: string }
  /** Our cancel was acknowledged and the order is gone from the listing. */
  | { action: 'cancelled'; reason: string }
  /** Still open at the venue: the cancel did not take; the row shows why and stays cancellable. */
  | { action: 'reopen'; order: VenueOrder; error: ErrorInfo }
  /** Not in flight and listed: refresh amounts/status. */
  | { action: 'refresh'; order: VenueOrder }
  /** Still open or still cancelling at the venue after the deadline: send the cancel again (bounded). */
  | { action: 'resend' }
  /** Nobody can say; the row says so and why. */
  | { action: 'unknown'; reason: string };

export interface ReconcileContext {
  /** The venue accepted our cancel (202, submitted, 200-received...). */
  acknowledged: boolean;
  /** How many reconcile rounds this order has been through, this one included. */
  round: number;
  maxRounds: number;
  /** The venue can look orders up, but this one was not looked up in this pass (capped, or the lookup failed). */
  lookupPending?: boolean;
  /** Cancels already sent again for this order in this intent, and how many may be. */
  resends?: number;
  maxResends?: number;
}

export const REASON_ACK_THEN_GONE = 'venue accepted the cancel and no longer lists the order';
export const REASON_GONE_UNCONFIRMED =
  'no longer open at the venue, which did not say whether it was cancelled or filled';
export const ERROR_NOT_CONFIRMED = 'venue did not confirm the cancel; the order is still open';

export function decideReconcile(
  order: Order,
  listed: VenueOrder | undefined,
  lookedUp: VenueOrder | undefined,
  context: ReconcileContext,
): ReconcileDecision {
  const inFlight = IN_FLIGHT_STATUSES.has(order.status);
  const known = listed ?? lookedUp;
  if (known && FINAL_STATUSES.has(known.status)) return { action: 'final', order: known };
  const canResend = (context.resends ?? 0) < (context.maxResends ?? 0);
  if (listed) {
    if (listed.status === 'cancelling') {
      // One deadline of grace, then cancel again before ever calling it unknown.
      if (context.round < 2) return { action: 'keep-waiting' };
      if (inFlight && canResend) return { action: 'resend' };
      if (context.round < context.maxRounds + (context.maxResends ?? 0)) return { action: 'keep-waiting' };
      return {
        action: 'unknown',
        reason: `venue still reports the cancel in progress after ${context.round} checks`,
      };
    }
    if (inFlight) {
      if (canResend) return { action: 'resend' };
      return {
        action: 'reopen',
        order: listed,
        error: { code: 'not_confirmed', message: ERROR_NOT_CONFIRMED },
      };
    }
    return { action: 'refresh', order: listed };
  }
  // Gone could still mean filled: while a lookup can tell, ask it before concluding anything.
  if (context.lookupPending) return { action: 'keep-waiting' };
  if (inFlight && context.acknowledged) return { action: 'cancelled', reason: REASON_ACK_THEN_GONE };
  return { action: 'unknown', reason: REASON_GONE_UNCONFIRMED };
}
