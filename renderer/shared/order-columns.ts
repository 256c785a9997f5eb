/**
 * The catalog of the blotter's columns: id, header, default width, how it
 * aligns and whether the trader may hide or move it. One list, read by the
 * grid (which renders the cells) and by the workspace (column menu, saved
 * preferences), so neither has to import the other to agree on a column.
 */
export interface ColumnSpec {
  readonly id: string;
  readonly header: string;
  /** Default width in px. */
  readonly size: number;
  /** A data column: sortable from its header. */
  readonly sortable: boolean;
  /** The trader may hide it. */
  readonly hideable: boolean;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
  /** Takes the spare width. */
  readonly flex?: boolean;
}

const data = (id: string, header: string, size: number, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  id,
  header,
  size,
  sortable: true,
  hideable: true,
  ...extra,
});

export const COLUMN_SPECS: readonly ColumnSpec[] = [
  { id: 'select', header: 'Select', size: 32, sortable: false, hideable: false },
  data('venue', 'Venue', 76),
  data('account', 'Account', 120),
  data('market', 'Market', 120, { flex: true }),
  data('side', 'Side', 64),
  data('type', 'Type', 64),
  data('order', 'Order id', 150),
  data('price', 'Price', 132, { numeric: true }),
  data('quantity', 'Quantity', 100, { numeric: true }),
  data('filled', 'Filled', 100, { numeric: true }),
  data('remaining', 'Remaining', 100, { numeric: true }),
  data('notional', 'Notional', 150, { numeric: true }),
  data('tif', 'TIF', 72),
  data('flags', 'Flags', 64),
  data('clientOrderId', 'Client id', 130),
  data('placed', 'Placed', 84, { numeric: true }),
  data('finished', 'Finished', 84, { numeric: true }),
  data('status', 'Status', 240, { flex: true }),
  data('age', 'Age', 72, { numeric: true }),
  { id: 'action', header: 'Action', size: 110, sortable: false, hideable: false },
];

export const COLUMN_IDS: readonly string[] = COLUMN_SPECS.map((spec) => spec.id);

export const COLUMN_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(
  COLUMN_SPECS.map((spec) => [spec.id, spec.header]),
);

/**
 * Hidden until the trader shows them: facts a trader looks up now and then. Order type and notional show
 * by default (what a cancel decision reads).
 */
export const DEFAULT_VISIBILITY: Readonly<Record<string, boolean>> = {
  tif: false,
  flags: false,
  clientOrderId: false,
  placed: false,
  finished: false,
};

/**
 * Pinned while the grid scrolls sideways, so every window shows what a cancel needs: which order
 * (market, side) on the left, its state and its Cancel button on the right.
 */
export const PINNED_LEFT: readonly string[] = ['select', 'market', 'side'];
export const PINNED_RIGHT: readonly string[] = ['status', 'action'];

/** Columns that cannot be moved: the pinned ones keep their ends. */
export const FIXED_COLUMNS: ReadonlySet<string> = new Set([...PINNED_LEFT, ...PINNED_RIGHT]);

export const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(
  COLUMN_SPECS.filter((spec) => spec.numeric).map((spec) => spec.id),
);

export const FLEX_COLUMNS: ReadonlySet<string> = new Set(
  COLUMN_SPECS.filter((spec) => spec.flex).map((spec) => spec.id),
);

/** Full order with the pinned columns at their ends. */
export function normalizeOrder(order: readonly string[]): string[] {
  const middle = order.filter((id) => !FIXED_COLUMNS.has(id));
  return [...PINNED_LEFT, ...middle, ...PINNED_RIGHT];
}

/** A saved order, without ids no longer known and with new columns appended. */
export function resolveColumnOrder(saved: readonly string[], defaults: readonly string[]): string[] {
  const known = new Set(defaults);
  const order = saved.filter((id) => known.has(id));
  for (const id of defaults) if (!order.includes(id)) order.push(id);
  return order;
}
