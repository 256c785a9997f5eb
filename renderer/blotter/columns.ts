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
  columnOrderingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { ComponentType } from 'react';
import type { RowRef } from '../book/book.ts';
import { COLUMN_SPECS, FLEX_COLUMNS } from '../shared/order-columns.ts';
import {
  AccountCell,
  ActionCell,
  AgeCell,
  ClientOrderIdCell,
  FilledCell,
  FinishedCell,
  FlagsCell,
  MarketCell,
  NotionalCell,
  OrderIdCell,
  PlacedCell,
  PriceCell,
  QuantityCell,
  RemainingCell,
  SelectCell,
  SideCell,
  StatusCell,
  TimeInForceCell,
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

export const columns = helper.columns(
  COLUMN_SPECS.map((spec) =>
    spec.sortable
      ? helper.accessor(key, { id: spec.id, header: spec.header, size: spec.size })
      : helper.display({ id: spec.id, header: spec.header, size: spec.size, enableHiding: spec.hideable }),
  ),
);

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
  notional: NotionalCell,
  tif: TimeInForceCell,
  flags: FlagsCell,
  clientOrderId: ClientOrderIdCell,
  placed: PlacedCell,
  finished: FinishedCell,
  status: StatusCell,
  age: AgeCell,
  action: ActionCell,
};

export function gridTemplate(sizes: readonly { id: string; size: number }[]): string {
  return sizes
    .map(({ id, size }) => (FLEX_COLUMNS.has(id) ? `minmax(${size}px, 1fr)` : `${size}px`))
    .join(' ');
}
