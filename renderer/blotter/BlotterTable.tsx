/**
 * The order grid: TanStack Table v9 for the column model (sizes, visibility,
 * order, sorting state), TanStack Virtual for the rows (only the visible ones
 * are in the DOM), ARIA grid roles. The grid is one tab stop; the focused row
 * is its `aria-activedescendant`, so focus survives rows being virtualized
 * away. Keys are handled by the workspace's keymap (renderer/workflow).
 */
import {
  type ColumnOrderState,
  type ColumnVisibilityState,
  functionalUpdate,
  type SortingState,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type MouseEvent, useEffect, useMemo, useRef } from 'react';
import { useBlotter } from '../book/context.ts';
import { selectLoaded } from '../book/store.ts';
import {
  COLUMN_IDS,
  DEFAULT_VISIBILITY,
  normalizeOrder,
  resolveColumnOrder,
} from '../shared/order-columns.ts';
import { columns, features, gridTemplate } from './columns.ts';
import { observeOffsetEachFrame } from './frame-offset.ts';
import { GroupRow } from './GroupRow.tsx';
import { type GridGroup, type GridView, useGrid, useGridPort } from './grid-port.ts';
import { cellClassName, OrderRow, ROW_HEIGHT, rowDomId } from './OrderRow.tsx';
import './grid.css';
import { followPins } from './pin.ts';

const INITIAL_RECT = { width: 1280, height: 720 };
const NO_DATA: never[] = [];

const VIEW_LABELS: Record<GridView, string> = { open: 'Open orders', recent: 'Recent orders' };
const EMPTY_TEXT: Record<GridView, string> = { open: 'No open orders.', recent: 'No finished orders yet.' };

/**
 * Rows are keyed by a slot, not by order: a row that scrolls out at one end
 * hands its slot to the row that scrolls in at the other, which is re-filled
 * with that order's content (text and attributes changed in place) instead
 * of one row destroyed and another created — DOM nodes, fibers and
 * subscriptions — on every frame. Rows that stay keep their slot.
 */
export function assignSlots(
  previous: ReadonlyMap<number, number>,
  indexes: readonly number[],
): Map<number, number> {
  const next = new Map<number, number>();
  const kept = new Set<number>();
  for (const index of indexes) {
    const slot = previous.get(index);
    if (slot !== undefined) {
      next.set(index, slot);
      kept.add(slot);
    }
  }
  const free: number[] = [];
  let fresh = 0;
  for (const slot of previous.values()) {
    if (!kept.has(slot)) free.push(slot);
    if (slot >= fresh) fresh = slot + 1;
  }
  for (const index of indexes) {
    if (next.has(index)) continue;
    next.set(index, free.pop() ?? fresh++);
  }
  return next;
}

/**
 * The window's items in slot order, each with its key. Rows sit in the DOM by slot, not by
 * position (each is placed by its transform and named by `aria-rowindex`): in position order,
 * every scroll would move the recycled rows' DOM nodes to the other end — a remove and re-insert
 * of whole rows, their layout rebuilt — where in slot order a recycled row only changes content.
 */
function useSlotOrder<T extends { index: number }>(items: readonly T[]): { item: T; key: string }[] {
  const slots = useRef<Map<number, number>>(new Map());
  const assigned = assignSlots(
    slots.current,
    items.map((item) => item.index),
  );
  slots.current = assigned;
  return items
    .map((item) => ({ item, slot: assigned.get(item.index) ?? 0 }))
    .sort((a, b) => a.slot - b.slot)
    .map(({ item, slot }) => ({ item, key: `slot-${slot}` }));
}

/** Item index (rows plus group headers) of the row at `rowIndex`. */
function itemIndexOf(rowIndex: number, groups: readonly GridGroup[]): number {
  let headers = 0;
  for (const group of groups) {
    if (group.start > rowIndex) break;
    headers++;
  }
  return rowIndex + headers;
}

/**
 * "N new — show": orders that arrived while the rows were held. An overlay on the header row, so
 * it covers no order and moves nothing when it appears.
 */
function NewRowsStrip() {
  const { actions } = useGridPort();
  const incoming = useGrid((s) => (s.hold.frozen ? s.hold.incoming : 0));
  if (incoming === 0) return null;
  return (
    <button type="button" className="new-rows" data-testid="new-rows" onClick={() => actions.showNew()}>
      {incoming} new — show
    </button>
  );
}

function SelectAllBox() {
  const { actions } = useGridPort();
  const total = useGrid((s) => s.keys.length);
  const selected = useGrid((s) => s.selection.selected.size);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = selected > 0 && selected < total;
  }, [selected, total]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="row-check"
      checked={total > 0 && selected === total}
      aria-label="Select all visible orders"
      onChange={() => actions.toggleAll()}
    />
  );
}

export function BlotterTable() {
  const { store: workflow, actions } = useGridPort();
  const view = useGrid((s) => s.view);
  const result = useGrid((s) => s.result);
  const items = useGrid((s) => s.items);
  const sorting = useGrid((s) => s.query.sorting);
  const savedVisibility = useGrid((s) => s.prefs.columnVisibility);
  const savedOrder = useGrid((s) => s.prefs.columnOrder);
  const focusKey = useGrid((s) => s.selection.focus);
  const gridRequest = useGrid((s) => s.gridRequest);
  const loaded = useBlotter(selectLoaded);
  const rows = result.rows;

  const columnVisibility = useMemo<ColumnVisibilityState>(
    () => ({ ...DEFAULT_VISIBILITY, ...savedVisibility }),
    [savedVisibility],
  );
  const columnOrder = useMemo(() => normalizeOrder(resolveColumnOrder(savedOrder, COLUMN_IDS)), [savedOrder]);
  const table = useTable({
    features,
    columns,
    data: NO_DATA,
    manualSorting: true,
    enableMultiSort: true,
    enableSortingRemoval: true,
    // First click ascending (TanStack would guess from data values, and the table holds none).
    sortDescFirst: false,
    isMultiSortEvent: (event: unknown) => (event as { shiftKey?: boolean }).shiftKey === true,
    state: { columnVisibility, columnOrder, sorting: sorting as SortingState },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) =>
      actions.setColumnVisibility(functionalUpdate(updater, columnVisibility)),
    onColumnOrderChange: (updater: Updater<ColumnOrderState>) =>
      actions.setColumnOrder(normalizeOrder(functionalUpdate(updater, columnOrder))),
    onSortingChange: (updater: Updater<SortingState>) =>
      actions.setSorting(functionalUpdate(updater, sorting as SortingState)),
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const columnIdsKey = headers.map((header) => header.column.id).join(',');
  const visibleIds = useMemo(() => columnIdsKey.split(','), [columnIdsKey]);
  const scrollRef = useRef<HTMLDivElement>(null);

  const count = items ? items.length : rows.length;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    // Every row is ROW_HEIGHT and never measured, so positions need no per-row keys (the default
    // index keys keep the virtualizer's measurement pass cheap; React keys come from the rows).
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    // Scroll positions reach React once per frame, rendered inside that frame (frame-offset.ts), not
    // as a synchronous re-render inside each scroll event (measured: that tripled the long tasks).
    useFlushSync: false,
    observeElementOffset: observeOffsetEachFrame,
    initialRect: INITIAL_RECT, // first paint (before the scroll element is measured) already shows rows
    scrollPaddingStart: ROW_HEIGHT, // the sticky header row
  });

  // Keep the focused row on screen when focus moves (not when rows move under a still focus).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a focus change should scroll.
  useEffect(() => {
    if (focusKey === null) return;
    const { selection, result: current } = workflow.getState();
    if (selection.focus !== focusKey) return;
    const index = itemIndexOf(selection.focusIndex, current.groups);
    // Already fully on screen (inside the rendered window, off its overscan edges): nothing to do.
    // scrollToIndex would still read the scroll extent, forcing a layout in the middle of a frame.
    const range = virtualizer.range;
    if (range && index > range.startIndex && index < range.endIndex) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [focusKey]);

  /**
   * Focus given to the grid by code (Esc from the search box, a dialog closing, a click on a row)
   * must not pick a row: only an explicit navigation does (j/k/arrows, a click on the row itself,
   * Tab into the grid). Otherwise Delete would cancel a row the trader never chose.
   */
  const focusByCode = useRef(false);
  const focusGrid = () => {
    focusByCode.current = true;
    try {
      scrollRef.current?.focus({ preventScroll: true });
    } finally {
      focusByCode.current = false;
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new request should move focus.
  useEffect(() => {
    if (gridRequest > 0) focusGrid();
  }, [gridRequest]);

  const sizes = headers.map((header) => ({ id: header.column.id, size: header.getSize() }));
  const minWidth = sizes.reduce((sum, { size }) => sum + size, 0);
  const sizesKey = sizes.map(({ size }) => size).join(',');
  const style = {
    '--grid-columns': gridTemplate(sizes),
    '--grid-min-width': `${minWidth}px`,
  } as CSSProperties;

  // Rows hold still while a row has keyboard focus (the pointer is reported by the events below).
  const domFocus = useRef(false);
  const reportFocus = () =>
    actions.setHold('focus', domFocus.current && workflow.getState().selection.focus !== null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new focused row changes the hold.
  useEffect(reportFocus, [focusKey]);
  useEffect(
    () => () => {
      actions.setHold('pointer', false);
      actions.setHold('focus', false);
    },
    [actions],
  );

  const virtualItems = virtualizer.getVirtualItems();
  const slotted = useSlotOrder(virtualItems);

  // Pinned columns follow a sideways scroll by a transform (pin.ts), written to the grid element
  // directly: vertical scrolling, the hot path, touches nothing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new layout width moves the right pins.
  useEffect(() => {
    const grid = scrollRef.current;
    return grid ? followPins(grid) : undefined;
  }, [minWidth]);

  // The header re-renders only when columns or sorting change, not on each scroll frame of the body.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the header is a function of the column layout and the sorting.
  const headerRow = useMemo(
    () => (
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="row row-head" tabIndex={-1}>
          {headers.map((header) => {
            const column = header.column;
            const id = column.id;
            const sorted = column.getIsSorted();
            const canSort = column.getCanSort();
            const label = typeof column.columnDef.header === 'string' ? column.columnDef.header : id;
            return (
              <div
                key={header.id}
                role="columnheader"
                tabIndex={-1}
                className={cellClassName(id)}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
              >
                {id === 'select' ? (
                  <SelectAllBox />
                ) : canSort ? (
                  <button
                    type="button"
                    className="sort-button"
                    data-column={id}
                    title={`Sort by ${label} (Shift-click: add to the sort)`}
                    onClick={column.getToggleSortingHandler()}
                  >
                    {label}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      {sorted && sorting.length > 1 ? column.getSortIndex() + 1 : ''}
                    </span>
                  </button>
                ) : (
                  label
                )}
              </div>
            );
          })}
        </div>
      </div>
    ),
    [columnIdsKey, sizesKey, sorting],
  );

  const onMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    // Shift-click extends a selection; it must not select text.
    if (event.shiftKey) event.preventDefault();
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('[data-order-key]');
    if (!row) return;
    const key = row.dataset.orderKey;
    if (!key) return;
    focusGrid();
    if (target.closest('button, input, a, summary')) return;
    actions.clickRow(key, { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
  };

  const onDoubleClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.closest('button, input, a, summary')) return;
    const key = target.closest<HTMLElement>('[data-order-key]')?.dataset.orderKey;
    if (key) actions.openAudit(key);
  };

  return (
    // The pointer hold covers the whole frame, the "new" strip included: reaching for it keeps rows still.
    <div
      className="grid-frame"
      onPointerEnter={() => actions.setHold('pointer', true)}
      onPointerLeave={() => actions.setHold('pointer', false)}
    >
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: keys are the document-level keymap's (renderer/workflow/hotkeys.ts). */}
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        tabIndex={0}
        aria-label={VIEW_LABELS[view]}
        aria-multiselectable="true"
        aria-rowcount={count + 1}
        aria-colcount={headers.length}
        aria-busy={!loaded}
        aria-activedescendant={focusKey ? rowDomId(focusKey) : undefined}
        data-testid="order-grid"
        style={style}
        onMouseDown={onMouseDown}
        onBlur={(event) => {
          if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
          domFocus.current = false;
          reportFocus();
        }}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onFocus={(event) => {
          domFocus.current = true;
          // Tabbing into the grid lands on a row: focus is always somewhere visible. Not when code
          // moved focus here (see focusGrid), nor on a click (which picks the clicked row itself).
          const grid = event.currentTarget;
          if (
            !focusByCode.current &&
            event.target === grid &&
            grid.matches(':focus-visible') &&
            workflow.getState().selection.focus === null
          ) {
            actions.focusFirst();
          }
          reportFocus();
        }}
      >
        {headerRow}
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {slotted.map(({ item: virtual, key: slotKey }) => {
            if (items) {
              const item = items[virtual.index];
              if (!item) return null;
              if (item.kind === 'group') {
                return (
                  <GroupRow
                    key={`group:${item.group.id}`}
                    group={item.group}
                    ariaIndex={virtual.index + 2}
                    start={virtual.start}
                  />
                );
              }
              return (
                <OrderRow
                  key={slotKey}
                  rowKey={item.ref.key}
                  ariaIndex={virtual.index + 2}
                  start={virtual.start}
                  columns={visibleIds}
                />
              );
            }
            const row = rows[virtual.index];
            return row ? (
              <OrderRow
                key={slotKey}
                rowKey={row.key}
                ariaIndex={virtual.index + 2}
                start={virtual.start}
                columns={visibleIds}
              />
            ) : null;
          })}
        </div>
      </div>
      <NewRowsStrip />
      {rows.length === 0 ? (
        <p className="grid-empty">{loaded ? EMPTY_TEXT[view] : 'Loading orders…'}</p>
      ) : null}
    </div>
  );
}
