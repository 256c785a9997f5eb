/**
 * AG Grid Community's page, set up as its high-frequency guide says: row ids (`getRowId`), every
 * update handed to `applyTransactionAsync` as it arrives (the grid applies them in one batch every
 * `asyncTransactionWaitMillis`, 50 ms), row animations off. Newest first is the grid's own sort on
 * the age column (created time, descending); `?placement=append` drops the sort, so new rows go
 * to the bottom instead.
 */
import {
  AllCommunityModule,
  type ColDef,
  colorSchemeDark,
  createGrid,
  type GridApi,
  ModuleRegistry,
  themeQuartz,
} from 'ag-grid-community';
import { formatAge } from '../../renderer/shared/format.ts';
import type { PeerRow } from './book.ts';
import { cellText, PEER_COLUMNS } from './columns.ts';
import { exposePeer, pageParams, painted } from './page.ts';

ModuleRegistry.registerModules([AllCommunityModule]);

function cancelButton(): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'cancel-button';
  button.tabIndex = -1;
  button.textContent = 'Cancel';
  return button;
}

function columnDefs(sortNewestFirst: boolean): ColDef<PeerRow>[] {
  // The select column is the grid's own checkbox column (rowSelection below).
  return PEER_COLUMNS.filter((column) => column.id !== 'select').map((column): ColDef<PeerRow> => {
    const base: ColDef<PeerRow> = {
      colId: column.id,
      headerName: column.header,
      ...(column.flex ? { flex: 1, minWidth: column.size } : { width: column.size }),
      ...(column.numeric ? { type: 'rightAligned' } : {}),
      ...(column.pinned ? { pinned: column.pinned } : {}),
    };
    if (column.id === 'age') {
      return {
        ...base,
        valueGetter: ({ data }) => data?.order.createdAt ?? 0,
        valueFormatter: ({ value }) => formatAge(Date.now() - Number(value)),
        ...(sortNewestFirst ? { sort: 'desc' as const } : {}),
      };
    }
    if (column.id === 'action') return { ...base, cellRenderer: cancelButton };
    return { ...base, valueGetter: ({ data }) => (data ? cellText(data, column.id, 0) : '') };
  });
}

exposePeer(() => {
  const { placement } = pageParams();
  let api: GridApi<PeerRow> | undefined;
  let cursor = -1;
  return {
    scrollSelector: '.ag-grid-viewport',
    async mount(rows) {
      const element = document.getElementById('grid');
      if (!element) throw new Error('no #grid element');
      await new Promise<void>((resolve) => {
        api = createGrid<PeerRow>(element, {
          theme: themeQuartz.withPart(colorSchemeDark).withParams({ fontSize: 13, spacing: 4 }),
          columnDefs: columnDefs(placement === 'newest-first'),
          rowData: rows,
          getRowId: ({ data }) => data.key,
          asyncTransactionWaitMillis: 50,
          animateRows: false,
          rowHeight: 24,
          headerHeight: 28,
          rowSelection: {
            mode: 'multiRow',
            checkboxes: true,
            headerCheckbox: false,
            enableClickSelection: false,
          },
          selectionColumnDef: { width: 32, minWidth: 32, maxWidth: 32, resizable: false, pinned: 'left' },
          onFirstDataRendered: () => resolve(),
        });
      });
      await painted();
    },
    changed(applied) {
      if (applied.kind === 'add') api?.applyTransactionAsync({ add: [applied.row] });
      else if (applied.kind === 'update') api?.applyTransactionAsync({ update: [applied.row] });
    },
    removed(rows) {
      api?.applyTransactionAsync({ remove: rows });
    },
    tick() {
      api?.refreshCells({ columns: ['age'], force: true });
    },
    moveCursor(delta) {
      if (!api) return;
      cursor = Math.max(0, Math.min(api.getDisplayedRowCount() - 1, cursor + delta));
      api.setFocusedCell(cursor, 'market');
      api.ensureIndexVisible(cursor);
    },
    rowCount: () => api?.getDisplayedRowCount() ?? 0,
  };
});
