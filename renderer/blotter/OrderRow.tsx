/**
 * One virtualized body row. It subscribes to its own order only, so a delta
 * re-renders exactly the rows whose order changed.
 */
import { FlexRender, type Row } from '@tanstack/react-table';
import { memo } from 'react';
import { useBlotter } from '../components/context.ts';
import type { RowRef } from '../store/book.ts';
import { type features, NUMERIC_COLUMNS } from './columns.ts';
import { RowOrderContext } from './rowOrder.ts';

export const ROW_HEIGHT = 24;

export interface OrderRowProps {
  row: Row<typeof features, RowRef>;
  /** 0-based position in the view. */
  index: number;
  /** Pixel offset from the virtualizer. */
  start: number;
}

export function cellClassName(columnId: string): string {
  return NUMERIC_COLUMNS.has(columnId) ? `cell cell-${columnId} num` : `cell cell-${columnId}`;
}

/**
 * Rows compare by id, not identity: the table rebuilds its row objects whenever
 * a view gains or loses an order, but a row's cells depend only on its order
 * (read from the store) and the static columns.
 */
function sameRow(a: OrderRowProps, b: OrderRowProps): boolean {
  return a.row.id === b.row.id && a.index === b.index && a.start === b.start;
}

export const OrderRow = memo(function OrderRow({ row, index, start }: OrderRowProps) {
  const order = useBlotter((s) => s.book.orders.get(row.id));
  if (!order) return null;
  return (
    <RowOrderContext value={order}>
      <div
        role="row"
        tabIndex={-1}
        aria-rowindex={index + 2}
        data-order-key={order.key}
        data-status={order.status}
        className={index % 2 === 1 ? 'row row-odd' : 'row'}
        style={{ transform: `translateY(${start}px)` }}
      >
        {row.getAllCells().map((cell) => (
          <div key={cell.id} role="gridcell" tabIndex={-1} className={cellClassName(cell.column.id)}>
            <FlexRender cell={cell} />
          </div>
        ))}
      </div>
    </RowOrderContext>
  );
}, sameRow);
