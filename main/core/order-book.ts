/**
 * The normalized, versioned book of every order the blotter knows. All state
 * changes go through `apply`, which enforces the state machine: a final
 * state never moves back, and every change bumps the order's version.
 */
import {
  canMove,
  FINAL_STATUSES,
  IN_FLIGHT_STATUSES,
  type Order,
  type OrderStatus,
} from '../../preload/contract.ts';
import { ORDER_FACT_FIELDS, type VenueAdapter, type VenueOrder } from './venue.ts';

export function orderKey(accountId: string, venueOrderId: string): string {
  return `${accountId}:${venueOrderId}`;
}

/** Where a venue's order comes from: the account, and what its market's amounts are worth. */
export type OrderSource = Pick<VenueAdapter, 'venue' | 'accountId' | 'instrument'>;

export type OrderPatch = Partial<Omit<Order, 'key' | 'venue' | 'accountId' | 'venueOrderId' | 'version'>>;

/** Told of every stored change; `previous` is the order before it (undefined for one first seen). */
export type BookListener = (order: Order, previous: Order | undefined) => void;

/** How many final orders stay in the book for the "recent" view before the oldest are dropped. */
export const RECENT_FINAL_LIMIT = 5000;

export class OrderBook {
  private readonly orders = new Map<string, Order>();
  private readonly finalOrder: string[] = [];
  private readonly listeners = new Set<BookListener>();
  private bookVersion = 0;
  /** Told of a status move the status machine does not allow (refused; the order keeps its state). */
  onRefusedMove: (key: string, from: OrderStatus, to: OrderStatus) => void = () => {};

  get version(): number {
    return this.bookVersion;
  }

  get(key: string): Order | undefined {
    return this.orders.get(key);
  }

  all(): Order[] {
    return [...this.orders.values()];
  }

  forAccount(accountId: string): Order[] {
    return this.all().filter((order) => order.accountId === accountId);
  }

  onChange(listener: BookListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies a patch. Returns the new order, or undefined when the patch was
   * refused (unknown key, or it would move a final order).
   */
  apply(key: string, patch: OrderPatch, now: number): Order | undefined {
    const current = this.orders.get(key);
    if (!current) return undefined;
    if (FINAL_STATUSES.has(current.status)) return undefined;
    if (patch.status !== undefined && !canMove(current.status, patch.status)) {
      this.onRefusedMove(key, current.status, patch.status);
      return undefined;
    }
    const next: Order = { ...current, ...patch, updatedAt: now, version: current.version + 1 };
    if (next.finishedAt === undefined && FINAL_STATUSES.has(next.status)) next.finishedAt = now;
    this.store(next);
    return next;
  }

  /** Inserts an order the book has not seen (from a listing or the stream). */
  insert(order: Omit<Order, 'version'>): Order {
    const existing = this.orders.get(order.key);
    if (existing) throw new Error(`order ${order.key} already in the book`);
    const next: Order = { ...order, version: 1 };
    // First seen already final (a lookup of an order gone from the listing): it ended by the venue's word.
    if (next.finishedAt === undefined && FINAL_STATUSES.has(next.status)) next.finishedAt = order.updatedAt;
    this.store(next);
    return next;
  }

  /**
   * Merges what the venue says about an order into the book: new orders are
   * inserted; for known orders amounts are refreshed and the venue's status
   * is mapped through `mergeVenueStatus`.
   */
  applyVenueOrder(source: OrderSource, update: VenueOrder, now: number): Order | undefined {
    const { venue, accountId } = source;
    const key = orderKey(accountId, update.venueOrderId);
    const current = this.orders.get(key);
    if (!current) {
      const { quote, contractSize, tickSize, lotSize } = source.instrument(update.market);
      return this.insert({
        key,
        venue,
        accountId,
        venueOrderId: update.venueOrderId,
        market: update.market,
        side: update.side,
        type: update.type,
        price: update.price,
        quantity: update.quantity,
        filled: update.filled,
        remaining: update.remaining,
        quote,
        contractSize,
        ...(tickSize !== undefined && { tickSize }),
        ...(lotSize !== undefined && { lotSize }),
        ...factsOf(update),
        status: update.status,
        createdAt: update.createdAt,
        updatedAt: now,
      });
    }
    const merged = mergeVenueStatus(current, update, now);
    if (!merged) return undefined;
    return this.apply(key, merged, now);
  }

  /** Forgets every order of an account (the account was removed); returns how many. */
  dropAccount(accountId: string): number {
    let dropped = 0;
    for (const [key, order] of this.orders) {
      if (order.accountId !== accountId) continue;
      this.orders.delete(key);
      dropped += 1;
    }
    if (dropped > 0) {
      const kept = this.finalOrder.filter((key) => this.orders.has(key));
      this.finalOrder.splice(0, this.finalOrder.length, ...kept);
      this.bookVersion += 1;
    }
    return dropped;
  }

  private store(order: Order): void {
    const previous = this.orders.get(order.key);
    this.orders.set(order.key, order);
    this.bookVersion += 1;
    if (FINAL_STATUSES.has(order.status) && !(previous && FINAL_STATUSES.has(previous.status))) {
      this.finalOrder.push(order.key);
      this.dropOldFinals();
    }
    for (const listener of this.listeners) listener(order, previous);
  }

  private dropOldFinals(): void {
    while (this.finalOrder.length > RECENT_FINAL_LIMIT) {
      const oldest = this.finalOrder.shift();
      if (oldest) this.orders.delete(oldest);
    }
  }
}

/** The optional facts a venue's message shows (time in force, flags, client order id). */
function factsOf(update: VenueOrder): Partial<Pick<Order, (typeof ORDER_FACT_FIELDS)[number]>> {
  const facts: Partial<Pick<Order, (typeof ORDER_FACT_FIELDS)[number]>> = {};
  if (update.timeInForce !== undefined) facts.timeInForce = update.timeInForce;
  if (update.reduceOnly !== undefined) facts.reduceOnly = update.reduceOnly;
  if (update.postOnly !== undefined) facts.postOnly = update.postOnly;
  if (update.clientOrderId !== undefined) facts.clientOrderId = update.clientOrderId;
  return facts;
}

/** Facts in `update` the order does not hold yet; a fact once known is kept (messages differ in what they show). */
function newFacts(
  current: Order,
  update: VenueOrder,
): Partial<Pick<Order, (typeof ORDER_FACT_FIELDS)[number]>> {
  const facts = factsOf(update);
  for (const field of ORDER_FACT_FIELDS) if (current[field] !== undefined) delete facts[field];
  return facts;
}

/**
 * The venue's word on an order, applied to what the blotter holds. Returns
 * undefined when nothing changes. A final order is never touched (the caller
 * checks); a cancel in flight keeps its state until the venue reports a final
 * state; a fill that ends an order being cancelled says "filled before cancel".
 */
export function mergeVenueStatus(current: Order, update: VenueOrder, now: number): OrderPatch | undefined {
  // Facts a later message shows that the first one did not (a stream push naming the client order id).
  const learned = newFacts(current, update);
  const amounts = {
    filled: update.filled,
    remaining: update.remaining,
    quantity: update.quantity,
    ...learned,
  };
  const amountsChanged =
    current.filled !== update.filled ||
    current.remaining !== update.remaining ||
    current.quantity !== update.quantity ||
    Object.keys(learned).length > 0;
  const inFlight = IN_FLIGHT_STATUSES.has(current.status);

  switch (update.status) {
    case 'open':
    case 'partially_filled': {
      if (inFlight) return amountsChanged ? amounts : undefined;
      if (!amountsChanged && current.status === update.status) return undefined;
      return { ...amounts, status: update.status };
    }
    case 'cancelling':
      if (current.status === 'cancelling' && !amountsChanged) return undefined;
      // A cancel the venue reports without our request (another client, the venue's own risk engine).
      return { ...amounts, status: 'cancelling' };
    case 'cancelled':
      return {
        ...amounts,
        status: 'cancelled',
        cancel: current.cancel ? { ...current.cancel, doneAt: now } : undefined,
      };
    case 'filled':
      return {
        ...amounts,
        status: 'filled',
        statusReason: current.cancel ? 'filled before cancel' : current.statusReason,
        cancel: current.cancel ? { ...current.cancel, doneAt: now } : undefined,
      };
    case 'rejected':
    case 'expired':
      return {
        ...amounts,
        status: update.status,
        cancel: current.cancel ? { ...current.cancel, doneAt: now } : undefined,
      };
  }
}
