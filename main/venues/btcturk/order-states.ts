/**
 * What the adapter knows of each open order, so BTCTurk's stream events can
 * become complete `VenueOrder`s: 451/453 carry the order's size and what is
 * left, but a 441 fill carries only the size of that fill, and a full fill
 * ends the order without a 452. Entries leave when the order is final.
 *
 * (assumed) For one fill, the 441 precedes the 453 that reports the new
 * `numLeft`; the 453 is authoritative when both arrive.
 */
import { compare, subtract } from '../../../preload/decimal.ts';
import type { VenueOrder } from '../../core/venue.ts';
import type { WsOrder } from './parse.ts';

interface Entry {
  order: VenueOrder;
  /** The listing epoch of the last update; a listing drops only entries older than itself. */
  seen: number;
}

export class OrderStates {
  private readonly entries = new Map<string, Entry>();
  private epoch = 0;

  get size(): number {
    return this.entries.size;
  }

  /** Call before requesting a listing; pass the result to `applyListing`. */
  beginListing(): number {
    this.epoch += 1;
    return this.epoch;
  }

  /** The listing is the truth for orders no stream event touched since it was requested. */
  applyListing(orders: readonly VenueOrder[], epoch: number): void {
    const listed = new Set<string>();
    for (const order of orders) {
      listed.add(order.venueOrderId);
      const entry = this.entries.get(order.venueOrderId);
      if (!entry || entry.seen < epoch) this.entries.set(order.venueOrderId, { order, seen: epoch });
    }
    for (const [id, entry] of this.entries) {
      if (!listed.has(id) && entry.seen < epoch) this.entries.delete(id);
    }
  }

  /** 451 OrderInsert and 453 OrderUpdate: the order as it rests now. */
  resting(event: WsOrder, now: number): VenueOrder {
    const previous = this.entries.get(event.id)?.order;
    const filled = filledOf(event.amount, event.left);
    const order: VenueOrder = {
      venueOrderId: event.id,
      market: event.market,
      side: event.side,
      type: event.method,
      price: event.price,
      quantity: event.amount,
      filled,
      remaining: event.left,
      status: compare(filled, '0') > 0 ? 'partially_filled' : 'open',
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    this.entries.set(event.id, { order, seen: this.epoch });
    return order;
  }

  /** 452 OrderDelete: the cancel is final. */
  deleted(event: WsOrder, now: number): VenueOrder {
    const previous = this.entries.get(event.id)?.order;
    this.entries.delete(event.id);
    return {
      venueOrderId: event.id,
      market: event.market,
      side: event.side,
      type: event.method,
      price: event.price,
      quantity: event.amount,
      filled: filledOf(event.amount, event.left),
      remaining: event.left,
      status: 'cancelled',
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
  }

  /** 441 UserOrderMatch; undefined when the order is not known (the next listing settles it). */
  matched(orderId: string, amount: string, now: number): VenueOrder | undefined {
    const entry = this.entries.get(orderId);
    if (!entry) return undefined;
    const previous = entry.order;
    const left = subtract(previous.remaining, amount);
    const done = compare(left, '0') <= 0;
    const remaining = done ? '0' : left;
    const order: VenueOrder = {
      ...previous,
      filled: filledOf(previous.quantity, remaining),
      remaining,
      status: done ? 'filled' : 'partially_filled',
      updatedAt: now,
    };
    if (done) this.entries.delete(orderId);
    else this.entries.set(orderId, { order, seen: this.epoch });
    return order;
  }
}

function filledOf(quantity: string, remaining: string): string {
  const filled = subtract(quantity, remaining);
  return compare(filled, '0') < 0 ? '0' : filled;
}
