/** The blotter's columns (TanStack Table v9 definitions) and the grid geometry derived from them. */
import { columnSizingFeature, createColumnHelper, tableFeatures } from '@tanstack/react-table';
import type { RowRef } from '../store/book.ts';
import {
  AccountCell,
  ActionCell,
  AgeCell,
  FilledCell,
  MarketCell,
  PriceCell,
  QuantityCell,
  RemainingCell,
  SideCell,
  StatusCell,
  TypeCell,
  VenueCell,
} from './cells.tsx';

export const features = tableFeatures({ columnSizingFeature });

const helper = createColumnHelper<typeof features, RowRef>();

export const columns = helper.columns([
  helper.display({ id: 'venue', header: 'Venue', size: 76, cell: VenueCell }),
  helper.display({ id: 'account', header: 'Account', size: 120, cell: AccountCell }),
  helper.display({ id: 'market', header: 'Market', size: 120, cell: MarketCell }),
  helper.display({ id: 'side', header: 'Side', size: 64, cell: SideCell }),
  helper.display({ id: 'type', header: 'Type', size: 64, cell: TypeCell }),
  helper.display({ id: 'price', header: 'Price', size: 110, cell: PriceCell }),
  helper.display({ id: 'quantity', header: 'Quantity', size: 100, cell: QuantityCell }),
  helper.display({ id: 'filled', header: 'Filled', size: 100, cell: FilledCell }),
  helper.display({ id: 'remaining', header: 'Remaining', size: 100, cell: RemainingCell }),
  helper.display({ id: 'status', header: 'Status', size: 240, cell: StatusCell }),
  helper.display({ id: 'age', header: 'Age', size: 72, cell: AgeCell }),
  helper.display({ id: 'action', header: 'Action', size: 76, cell: ActionCell }),
]);

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

export const getRowId = (row: RowRef): string => row.key;
