/**
 * What the adapter knows of each open order, so BTCTurk's stream events can
 * become complete `VenueOrder`s: the documented 451/452/453 fields carry no
 * side and no remaining size, and a 441 fill carries only the size of that
 * fill. What a frame lacks comes from the listing, an earlier frame or a
 * lookup. Entries leave when the order is final.
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

  /** The order as last known (listing, stream or lookup), if it is still open. */
  get(id: string): VenueOrder | undefined {
    return this.entries.get(id)?.order;
  }

  /** An order that became final elsewhere (a lookup said so): nothing more to track. */
  forget(id: string): void {
    this.entries.delete(id);
  }

  /** A lookup's answer for an open order: it is the truth now. */
  remember(order: VenueOrder): void {
    this.entries.set(order.venueOrderId, { order, seen: this.epoch });
  }

  /**
   * 451 OrderInsert and 453 OrderUpdate: the order as it rests now, the
   * frame's fields over what was known. Undefined when the two together do
   * not make a complete order (no side, size or what is left): the caller
   * looks it up. A 451 without `numLeft` is a new order, so all of it is left
   * (assumed: no source says whether 451 can follow a partial match on entry;
   * a 441 that follows corrects it).
   */
  resting(event: WsOrder, now: number, inserted: boolean): VenueOrder | undefined {
    const previous = this.entries.get(event.id)?.order;
    const quantity = event.amount ?? previous?.quantity;
    const remaining = event.left ?? (inserted ? (previous?.remaining ?? event.amount) : undefined);
    const market = event.market ?? previous?.market;
    const side = event.side ?? previous?.side;
    const price = event.price ?? previous?.price;
    if (!quantity || !remaining || !market || !side || !price) return undefined;
    const filled = filledOf(quantity, remaining);
    const order: VenueOrder = {
      venueOrderId: event.id,
      market,
      side,
      type: event.method ?? previous?.type ?? 'limit',
      price,
      quantity,
      filled,
      remaining,
      status: compare(filled, '0') > 0 ? 'partially_filled' : 'open',
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    this.entries.set(event.id, { order, seen: this.epoch });
    return order;
  }

  /**
   * 452 OrderDelete while a cancel of ours is in flight: the cancel is final.
   * Undefined (and nothing forgotten) when too little is known to describe
   * the order: the caller looks it up.
   */
  deleted(event: WsOrder, now: number): VenueOrder | undefined {
    const previous = this.entries.get(event.id)?.order;
    const quantity = previous?.quantity ?? event.amount;
    const remaining = event.left ?? previous?.remaining;
    const market = event.market ?? previous?.market;
    const side = event.side ?? previous?.side;
    const price = event.price ?? previous?.price;
    if (!quantity || !remaining || !market || !side || !price) return undefined;
    this.entries.delete(event.id);
    return {
      venueOrderId: event.id,
      market,
      side,
      type: event.method ?? previous?.type ?? 'limit',
      price,
      quantity,
      filled: filledOf(quantity, remaining),
      remaining,
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
