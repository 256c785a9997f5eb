/**
 * Glide Data Grid's page (canvas): the grid asks for each visible cell (`getCellContent`) and paints
 * only what it is told changed. In-place changes (fills, status) are damaged cell by cell with
 * `updateCells`, at most once a frame; when the set of rows changes (an order arrives on top or
 * leaves) the page hands the grid the new row list, which repaints the visible window.
 */
import {
  CompactSelection,
  DataEditor,
  type DataEditorRef,
  type GridCell,
  GridCellKind,
  type GridColumn,
  type GridSelection,
  type Item,
  type Rectangle,
  type Theme,
} from '@glideapps/glide-data-grid';
import '@glideapps/glide-data-grid/dist/index.css';
import { createRef, useCallback, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import type { PeerBook } from './book.ts';
import { CHANGING_COLUMNS, cellText, PEER_COLUMNS } from './columns.ts';
import { exposePeer, painted } from './page.ts';

const COLUMNS: GridColumn[] = PEER_COLUMNS.map((column) => ({
  id: column.id,
  title: column.header,
  width: column.size,
  ...(column.flex ? { grow: 1 } : {}),
}));
const CHANGING = PEER_COLUMNS.flatMap((column, i) => (CHANGING_COLUMNS.has(column.id) ? [i] : []));
const AGE = PEER_COLUMNS.findIndex((column) => column.id === 'age');
const CURSOR_COLUMN = PEER_COLUMNS.findIndex((column) => column.id === 'market');
/** Glide freezes leading columns only: our left-pinned ones (the right-pinned ones scroll with the rest). */
const FROZEN = PEER_COLUMNS.filter((column) => column.pinned === 'left').length;

const DARK: Partial<Theme> = {
  accentColor: '#4f8cff',
  accentLight: 'rgba(79, 140, 255, 0.2)',
  textDark: '#e6e8ee',
  textMedium: '#b4b8c4',
  textLight: '#8a8f9c',
  textHeader: '#b4b8c4',
  bgCell: '#16181d',
  bgCellMedium: '#1b1e24',
  bgHeader: '#1f2229',
  bgHeaderHasFocus: '#262a33',
  bgHeaderHovered: '#262a33',
  borderColor: 'rgba(255, 255, 255, 0.08)',
  baseFontStyle: '13px',
  headerFontStyle: '600 13px',
};
const BUY: Partial<Theme> = { textDark: '#3fbf7f' };
const SELL: Partial<Theme> = { textDark: '#f06b6b' };
const NO_SELECTION: GridSelection = { columns: CompactSelection.empty(), rows: CompactSelection.empty() };

/** The row list the grid shows, published at most once a frame. */
class ViewStore {
  private readonly book: PeerBook;
  private view: readonly string[];
  private readonly listeners = new Set<() => void>();
  constructor(book: PeerBook) {
    this.book = book;
    this.view = book.view();
  }
  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly snapshot = () => this.view;
  publish(): void {
    const next = this.book.view();
    if (next === this.view) return;
    this.view = next;
    for (const listener of this.listeners) listener();
  }
}

interface Controls {
  region: Rectangle;
  setSelection: (selection: GridSelection) => void;
}

function Grid({ book, store, controls }: { book: PeerBook; store: ViewStore; controls: Controls }) {
  const view = useSyncExternalStore(store.subscribe, store.snapshot);
  const [selection, setSelection] = useState<GridSelection>(NO_SELECTION);
  controls.setSelection = setSelection;
  const getCellContent = useCallback(
    ([col, row]: Item): GridCell => {
      const data = book.get(view[row] ?? '');
      const column = PEER_COLUMNS[col];
      if (!data || !column) return { kind: GridCellKind.Loading, allowOverlay: false };
      if (column.id === 'select')
        return { kind: GridCellKind.Boolean, data: false, allowOverlay: false, readonly: true };
      const text = cellText(data, column.id, Date.now());
      return {
        kind: GridCellKind.Text,
        data: text,
        displayData: text,
        allowOverlay: false,
        readonly: true,
        ...(column.numeric ? { contentAlign: 'right' as const } : {}),
        ...(column.id === 'side' ? { themeOverride: data.order.side === 'buy' ? BUY : SELL } : {}),
      };
    },
    [book, view],
  );
  return (
    <DataEditor
      ref={gridRef}
      columns={COLUMNS}
      rows={view.length}
      getCellContent={getCellContent}
      rowHeight={24}
      headerHeight={28}
      rowMarkers="none"
      freezeColumns={FROZEN}
      width={window.innerWidth}
      height={window.innerHeight}
      theme={DARK}
      gridSelection={selection}
      onGridSelectionChange={setSelection}
      onVisibleRegionChanged={(region) => {
        controls.region = region;
      }}
    />
  );
}

const gridRef = createRef<DataEditorRef>();

exposePeer((book) => {
  const store = new ViewStore(book);
  const controls: Controls = { region: { x: 0, y: 0, width: 0, height: 0 }, setSelection: () => {} };
  /** Keys changed in place since the last frame. */
  const changed = new Set<string>();
  let frameQueued = false;
  let cursor = -1;

  const visibleCells = (columns: readonly number[], keys: Iterable<string> | null) => {
    const { y, height } = controls.region;
    const view = store.snapshot();
    const cells: { cell: Item }[] = [];
    const rows: number[] = [];
    if (keys === null) {
      for (let row = y; row < Math.min(view.length, y + height); row++) rows.push(row);
    } else {
      const wanted = new Set(keys);
      for (let row = y; row < Math.min(view.length, y + height); row++) {
        if (wanted.has(view[row] ?? '')) rows.push(row);
      }
    }
    for (const row of rows) for (const col of columns) cells.push({ cell: [col, row] });
    return cells;
  };

  // Once a frame: a changed row set is a new row list (a full repaint of the window); otherwise
  // only the changed cells of visible rows are damaged.
  const frame = () => {
    frameQueued = false;
    const before = store.snapshot();
    store.publish();
    if (store.snapshot() === before && changed.size > 0)
      gridRef.current?.updateCells(visibleCells(CHANGING, changed));
    changed.clear();
  };
  const queueFrame = () => {
    if (frameQueued) return;
    frameQueued = true;
    requestAnimationFrame(frame);
  };

  return {
    scrollSelector: '.dvn-scroller',
    async mount() {
      const element = document.getElementById('grid');
      if (!element) throw new Error('no #grid element');
      store.publish();
      createRoot(element).render(<Grid book={book} store={store} controls={controls} />);
      while (!document.querySelector('.dvn-scroller')) await painted();
      await painted();
    },
    changed(applied) {
      if (applied.kind === 'update') changed.add(applied.row.key);
      queueFrame();
    },
    removed() {
      queueFrame();
    },
    tick() {
      gridRef.current?.updateCells(visibleCells([AGE], null));
    },
    moveCursor(delta) {
      const rows = store.snapshot().length;
      cursor = Math.max(0, Math.min(rows - 1, cursor + delta));
      controls.setSelection({
        current: {
          cell: [CURSOR_COLUMN, cursor],
          range: { x: CURSOR_COLUMN, y: cursor, width: 1, height: 1 },
          rangeStack: [],
        },
        columns: CompactSelection.empty(),
        rows: CompactSelection.empty(),
      });
      gridRef.current?.scrollTo(CURSOR_COLUMN, cursor, 'vertical');
    },
    rowCount: () => store.snapshot().length,
  };
});
