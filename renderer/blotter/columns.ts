/**
 * The blotter's columns. TanStack Table v9 owns the column model: sizes,
 * visibility, order and the sorting state (with its header toggles and
 * Shift-click multi-sort). It does not own the rows: the grid renders the
 * workflow view's rows itself (virtualized), so the table gets no data and
 * `manualSorting` — the sort runs in renderer/workflow/view.ts, which reads
 * live orders from the store and never rebuilds a 10,000-row model per frame.
 * Data columns are accessor columns only because TanStack enables sorting on
 * accessor columns; the accessor is never called (there is no data).
 */
import {
  type ColumnOrderState,
  type ColumnVisibilityState,
  columnOrderingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { ComponentType } from 'react';
import type { RowRef } from '../store/book.ts';
import {
  AccountCell,
  ActionCell,
  AgeCell,
  FilledCell,
  MarketCell,
  OrderIdCell,
  PriceCell,
  QuantityCell,
  RemainingCell,
  SelectCell,
  SideCell,
  StatusCell,
  TypeCell,
  VenueCell,
} from './cells.tsx';

export const features = tableFeatures({
  columnSizingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  rowSortingFeature,
});

const helper = createColumnHelper<typeof features, RowRef>();
const key = (row: RowRef) => row.key;

export const columns = helper.columns([
  helper.display({ id: 'select', header: 'Select', size: 32, enableHiding: false }),
  helper.accessor(key, { id: 'venue', header: 'Venue', size: 76 }),
  helper.accessor(key, { id: 'account', header: 'Account', size: 120 }),
  helper.accessor(key, { id: 'market', header: 'Market', size: 120 }),
  helper.accessor(key, { id: 'side', header: 'Side', size: 64 }),
  helper.accessor(key, { id: 'type', header: 'Type', size: 64 }),
  helper.accessor(key, { id: 'order', header: 'Order id', size: 150 }),
  helper.accessor(key, { id: 'price', header: 'Price', size: 110 }),
  helper.accessor(key, { id: 'quantity', header: 'Quantity', size: 100 }),
  helper.accessor(key, { id: 'filled', header: 'Filled', size: 100 }),
  helper.accessor(key, { id: 'remaining', header: 'Remaining', size: 100 }),
  helper.accessor(key, { id: 'status', header: 'Status', size: 240 }),
  helper.accessor(key, { id: 'age', header: 'Age', size: 72 }),
  helper.display({ id: 'action', header: 'Action', size: 110, enableHiding: false }),
]);

export const COLUMN_IDS: readonly string[] = columns.map((column) => column.id as string);

/** The body cell of each column; cells read their order from RowOrderContext. */
export const CELLS: Readonly<Record<string, ComponentType>> = {
  select: SelectCell,
  venue: VenueCell,
  account: AccountCell,
  market: MarketCell,
  side: SideCell,
  type: TypeCell,
  order: OrderIdCell,
  price: PriceCell,
  quantity: QuantityCell,
  filled: FilledCell,
  remaining: RemainingCell,
  status: StatusCell,
  age: AgeCell,
  action: ActionCell,
};

/** Hidden until the trader shows them. */
export const DEFAULT_VISIBILITY: ColumnVisibilityState = { type: false };

/** Columns that cannot be moved (the checkbox stays first, the action last). */
export const FIXED_COLUMNS: ReadonlySet<string> = new Set(['select', 'action']);

/** Full order with the fixed columns pinned to the ends. */
export function normalizeOrder(order: ColumnOrderState): ColumnOrderState {
  const middle = order.filter((id) => !FIXED_COLUMNS.has(id));
  return ['select', ...middle, 'action'];
}

/** Right-aligned, tabular figures. */
export const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([
  'price',
  'quantity',
  'filled',
  'remaining',
  'age',
]);
/** Columns that take the spare width. */
const FLEX_COLUMNS: ReadonlySet<string> = new Set(['market', 'status']);

export function gridTemplate(sizes: readonly { id: string; size: number }[]): string {
  return sizes
    .map(({ id, size }) => (FLEX_COLUMNS.has(id) ? `minmax(${size}px, 1fr)` : `${size}px`))
    .join(' ');
}
