/**
 * One virtualized body row. It subscribes to its own order, its own
 * selection bit and whether it holds the focus, so a delta or a selection
 * change re-renders exactly the rows it concerns.
 */
import { memo } from 'react';
import { useBlotter } from '../components/context.ts';
import { useWorkflow } from '../workflow/context.ts';
import { CELLS, NUMERIC_COLUMNS } from './columns.ts';
import { RowOrderContext } from './rowOrder.ts';

export const ROW_HEIGHT = 24;

export interface OrderRowProps {
  rowKey: string;
  /** 1-based `aria-rowindex` (the header row is 1). */
  ariaIndex: number;
  /** Pixel offset from the virtualizer. */
  start: number;
  odd: boolean;
  /** Visible column ids in display order (a stable array while the layout holds). */
  columns: readonly string[];
}

export function cellClassName(columnId: string): string {
  return NUMERIC_COLUMNS.has(columnId) ? `cell cell-${columnId} num` : `cell cell-${columnId}`;
}

/** DOM id of an order's row, for `aria-activedescendant`. */
export function rowDomId(key: string): string {
  return `order-row-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
}

export const OrderRow = memo(function OrderRow({ rowKey, ariaIndex, start, odd, columns }: OrderRowProps) {
  const order = useBlotter((s) => s.book.orders.get(rowKey));
  const selected = useWorkflow((s) => s.selection.selected.has(rowKey));
  const focused = useWorkflow((s) => s.selection.focus === rowKey);
  if (!order) return null;
  let className = odd ? 'row row-odd' : 'row';
  if (selected) className += ' row-selected';
  if (focused) className += ' row-focused';
  return (
    <RowOrderContext value={order}>
      <div
        role="row"
        id={rowDomId(rowKey)}
        tabIndex={-1}
        aria-rowindex={ariaIndex}
        aria-selected={selected}
        data-order-key={order.key}
        data-status={order.status}
        data-focused={focused ? 'true' : undefined}
        className={className}
        style={{ transform: `translateY(${start}px)` }}
      >
        {columns.map((id) => {
          const Cell = CELLS[id];
          return Cell ? (
            <div key={id} role="gridcell" tabIndex={-1} className={cellClassName(id)}>
              <Cell />
            </div>
          ) : null;
        })}
      </div>
    </RowOrderContext>
  );
});
