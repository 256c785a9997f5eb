/**
 * The order grid: TanStack Table v9 for columns and the row model, TanStack
 * Virtual for the rows (only the visible ones are in the DOM), ARIA grid roles.
 */
import { FlexRender, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useRef } from 'react';
import { useBlotter } from '../components/context.ts';
import { selectLoaded, selectOpenRows, selectRecentRows } from '../store/store.ts';
import { columns, features, getRowId, gridTemplate } from './columns.ts';
import { useGridKeyboard } from './keyboard.ts';
import { cellClassName, OrderRow, ROW_HEIGHT } from './OrderRow.tsx';

export type View = 'open' | 'recent';

const INITIAL_RECT = { width: 1280, height: 720 };

const VIEW_LABELS: Record<View, string> = { open: 'Open orders', recent: 'Recent orders' };
const EMPTY_TEXT: Record<View, string> = { open: 'No open orders.', recent: 'No finished orders yet.' };

export function BlotterTable({ view }: { view: View }) {
  const data = useBlotter(view === 'open' ? selectOpenRows : selectRecentRows);
  const loaded = useBlotter(selectLoaded);
  const table = useTable({ features, columns, data, getRowId });
  const rows = table.getRowModel().rows;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 12,
    initialRect: INITIAL_RECT, // first paint (before the scroll element is measured) already shows rows
    scrollPaddingStart: ROW_HEIGHT, // the sticky header row
  });
  const onKeyDown = useGridKeyboard(scrollRef, rows.length, (index) => virtualizer.scrollToIndex(index));

  const sizes = headers.map((header) => ({ id: header.column.id, size: header.getSize() }));
  const style = {
    '--grid-columns': gridTemplate(sizes),
    '--grid-min-width': `${sizes.reduce((sum, { size }) => sum + size, 0)}px`,
  } as CSSProperties;

  return (
    <div className="grid-frame">
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label={VIEW_LABELS[view]}
        aria-rowcount={rows.length + 1}
        aria-colcount={headers.length}
        aria-busy={!loaded}
        style={style}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="grid-head">
          <div role="row" aria-rowindex={1} className="row row-head" tabIndex={-1}>
            {headers.map((header) => (
              <div
                key={header.id}
                role="columnheader"
                tabIndex={-1}
                className={cellClassName(header.column.id)}
              >
                <FlexRender header={header} />
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return row ? <OrderRow key={row.id} row={row} index={item.index} start={item.start} /> : null;
          })}
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="grid-empty">{loaded ? EMPTY_TEXT[view] : 'Loading orders…'}</p>
      ) : null}
    </div>
  );
}
