/**
 * The blotter's counts, one definition each (pure, unit-tested). The header, the filter bar, the
 * "Cancel selected" button and the confirmation dialog all count with these, and each count's
 * tooltip states its definition, so the same orders always give the same number:
 *
 * - open: orders not final (open, partially filled, cancel requested, cancelling, unknown) on every
 *   venue and account the blotter knows. A row that just turned final and still lingers in the Open
 *   view is not open.
 * - shown: open orders among the rows the grid shows now (after filters and search). With no filter it
 *   equals the header's open count.
 * - selected: selected orders that are still open, i.e. exactly those a cancel of the selection sends.
 *   A selected row that turned final (filled, cancelled meanwhile) is not counted.
 */
import type { Order } from '../../preload/contract.ts';
import { isFinalStatus } from '../book/status.ts';

export const COUNT_DEFINITIONS = {
  open: 'Open: orders not final (open, partially filled, cancel requested, cancelling, unknown) on every venue and account. Orders that just finished are not counted.',
  shown:
    'Shown: open orders among the rows in the grid now (after filters and search). Rows that just finished are not counted; with no filter this equals the open count.',
  finished: 'Finished: final orders (cancelled, filled, rejected, expired) in the Recent view.',
  selected:
    'Selected: selected orders that are still open — exactly what a cancel of the selection sends. A selected row that finished meanwhile is not counted.',
} as const;

/** How many of `keys` are orders that are not final. */
export function countOpen(keys: Iterable<string>, orders: ReadonlyMap<string, Order>): number {
  let open = 0;
  for (const key of keys) {
    const order = orders.get(key);
    if (order && !isFinalStatus(order.status)) open++;
  }
  return open;
}

/**
 * "shown" over grid rows (`{ key }` objects), without copying them. The book's own refs say whether their
 * order is live, sparing a map lookup per row (this runs over every row shown: 50,000 and more).
 */
export function countOpenRows(
  rows: readonly { readonly key: string; readonly live?: boolean }[],
  orders: ReadonlyMap<string, Order>,
): number {
  let open = 0;
  for (const row of rows) {
    if (row.live === undefined) {
      const order = orders.get(row.key);
      if (order && !isFinalStatus(order.status)) open++;
    } else if (row.live) open++;
  }
  return open;
}
