/**
 * One virtualized body row. It subscribes to its own order, its own
 * selection bit and whether it holds the focus, so a delta or a selection
 * change re-renders exactly the rows it concerns.
 */
import { memo, useMemo } from 'react';
import type { Order } from '../../preload/contract.ts';
import { useBlotter } from '../book/context.ts';
import { NUMERIC_COLUMNS, PINNED_LEFT, PINNED_RIGHT } from '../shared/order-columns.ts';
import { CELLS } from './columns.ts';
import { useGrid } from './grid-port.ts';
import { RowOrderContext } from './rowOrder.ts';

export const ROW_HEIGHT = 24;

export interface OrderRowProps {
  rowKey: string;
  /** 1-based `aria-rowindex` (the header row is 1). */
  ariaIndex: number;
  /** Pixel offset from the virtualizer. */
  start: number;
  /** Visible column ids in display order (a stable array while the layout holds). */
  columns: readonly string[];
}

const CELL_CLASS: Record<string, string> = {};

/** Class of a column's cells: its id, numeric alignment, and the pin that keeps it on screen. */
export function cellClassName(columnId: string): string {
  let name = CELL_CLASS[columnId];
  if (name === undefined) {
    name = `cell cell-${columnId}`;
    if (NUMERIC_COLUMNS.has(columnId)) name += ' num';
    if (PINNED_LEFT.includes(columnId)) name += ' pin pin-left';
    if (PINNED_RIGHT.includes(columnId)) name += ' pin pin-right';
    CELL_CLASS[columnId] = name;
  }
  return name;
}

/** DOM id of an order's row, for `aria-activedescendant`. */
export function rowDomId(key: string): string {
  return `order-row-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
}

/**
 * Rows shift when orders arrive above them (a new position and aria-rowindex
 * every frame under load); the cells are memoized on the order and the
 * column layout, so such a shift only touches the row element itself.
 */
export const OrderRow = memo(function OrderRow({ rowKey, ariaIndex, start, columns }: OrderRowProps) {
  const held = useBlotter((s) => s.book.orders.get(rowKey));
  const selected = useGrid((s) => s.selection.selected.has(rowKey));
  const focused = useGrid((s) => s.selection.focus === rowKey);
  const pending = useGrid((s) => s.pending.get(rowKey));
  // A cancel this window sent that main has not reflected yet: shown as requested from the keypress.
  const isPending =
    pending !== undefined &&
    held !== undefined &&
    held.version === pending.version &&
    (held.status === 'open' || held.status === 'partially_filled');
  const order = useMemo<Order | undefined>(
    () =>
      isPending && held && pending
        ? {
            ...held,
            status: 'cancel_requested',
            cancel: { intentId: 'pending', requestedAt: pending.at, attempts: 0 },
          }
        : held,
    [held, pending, isPending],
  );
  const cells = useMemo(
    () =>
      order ? (
        <RowOrderContext value={order}>
          {columns.map((id) => {
            const Cell = CELLS[id];
            return Cell ? (
              <div key={id} role="gridcell" tabIndex={-1} className={cellClassName(id)}>
                <Cell />
              </div>
            ) : null;
          })}
        </RowOrderContext>
      ) : null,
    [order, columns],
  );
  if (!order) return null;
  // Zebra by position in the view, so stripes do not travel with a row's order.
  let className = ariaIndex % 2 === 1 ? 'row row-odd' : 'row';
  if (selected) className += ' row-selected';
  if (focused) className += ' row-focused';
  return (
    <div
      role="row"
      id={rowDomId(rowKey)}
      tabIndex={-1}
      aria-rowindex={ariaIndex}
      aria-selected={selected}
      data-order-key={order.key}
      data-status={order.status}
      data-pending={isPending ? 'true' : undefined}
      data-focused={focused ? 'true' : undefined}
      className={className}
      style={{ transform: `translateY(${start}px)` }}
    >
      {cells}
    </div>
  );
});
