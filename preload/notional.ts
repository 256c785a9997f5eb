/**
 * Notional of orders, exact and per quote currency: a preview never adds
 * TRY to USD. Pure (no Node, no Electron): main's scope preview and the
 * renderer's selection preview use the same rules.
 */
import type { CancelPreview, Notional, Order, VenueId } from './contract.ts';
import { add, isDecimalString, multiply } from './decimal.ts';

export type NotionalSource = Pick<Order, 'price' | 'remaining' | 'quote' | 'contractSize'>;

/** price × remaining × contractSize; undefined when an amount is not a decimal string. */
export function orderNotional(order: NotionalSource): string | undefined {
  if (![order.price, order.remaining, order.contractSize].every(isDecimalString)) return undefined;
  return multiply(multiply(order.price, order.remaining), order.contractSize);
}

/** Sums per quote currency, sorted by currency. */
export function sumNotionals(orders: Iterable<NotionalSource>): Notional[] {
  const totals = new Map<string, string>();
  for (const order of orders) {
    const value = orderNotional(order);
    if (value === undefined) continue;
    totals.set(order.quote, add(totals.get(order.quote) ?? '0', value));
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([quote, amount]) => ({ quote, amount }));
}

/** Count and notional per venue, and the totals: what a bulk cancel of `orders` would take. */
export function previewOrders(orders: readonly Order[]): Omit<CancelPreview, 'keys'> {
  const byVenue = new Map<VenueId, Order[]>();
  for (const order of orders) {
    const list = byVenue.get(order.venue) ?? [];
    list.push(order);
    byVenue.set(order.venue, list);
  }
  return {
    total: orders.length,
    byVenue: [...byVenue.entries()].map(([venue, list]) => ({
      venue,
      count: list.length,
      notional: sumNotionals(list),
    })),
    notional: sumNotionals(orders),
  };
}
