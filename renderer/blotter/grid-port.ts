/**
 * What the grid needs from the rest of the window, declared by the grid. The
 * workspace (view, selection, preferences, commands) satisfies it and the app
 * shell binds the two (renderer/app/GridBinding.tsx), so the grid and the
 * workspace never import each other: the grid can be rebuilt (DOM, canvas)
 * without touching the trader's state, and the state tested without a grid.
 * Field names match the workspace store's, so binding it is a type check.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { RowRef } from '../book/book.ts';

export type GridView = 'open' | 'recent';

export interface GridGroup {
  readonly id: string;
  readonly label: string;
  readonly groupBy: 'venue' | 'market';
  /** The venue id or market name the group stands for. */
  readonly value: string;
  /** Index in `rows` of the group's first row. */
  readonly start: number;
  readonly count: number;
}

export type GridItem =
  | { readonly kind: 'row'; readonly ref: RowRef; readonly index: number }
  | { readonly kind: 'group'; readonly group: GridGroup };

export interface GridSortRule {
  readonly id: string;
  readonly desc: boolean;
}

export interface GridState {
  readonly view: GridView;
  /** Rows shown, in display order, and their groups (empty without grouping). */
  readonly result: { readonly rows: readonly RowRef[]; readonly groups: readonly GridGroup[] };
  /** Rows plus group headers when grouped; null when not grouped. */
  readonly items: readonly GridItem[] | null;
  readonly keys: { readonly length: number };
  readonly query: { readonly sorting: readonly GridSortRule[] };
  readonly prefs: {
    readonly columnVisibility: Readonly<Record<string, boolean>>;
    readonly columnOrder: readonly string[];
  };
  readonly selection: {
    readonly focus: string | null;
    readonly focusIndex: number;
    readonly selected: ReadonlySet<string>;
  };
  /** Bumped to ask the grid to take focus. */
  readonly gridRequest: number;
  /** Cancels sent from this window that main has not reflected yet (key → version and time). */
  readonly pending: ReadonlyMap<string, { readonly version: number; readonly at: number }>;
  /** Account → confirmation deadline (ms), for the overdue mark. */
  readonly deadlines: ReadonlyMap<string, number>;
  /** Rows frozen under the trader's pointer or focus, and how many new ones wait to be shown. */
  readonly hold: { readonly frozen: ReadonlySet<string> | null; readonly incoming: number };
}

export interface GridActions {
  /** A click on a row's body (Shift extends, Ctrl/Cmd toggles). */
  clickRow(key: string, how: { range: boolean; toggle: boolean }): void;
  /** The row's checkbox. */
  toggleRow(key: string): void;
  /** The header checkbox: all shown rows, or none when all are selected. */
  toggleAll(): void;
  /** Tab into the grid: focus lands on the first row. */
  focusFirst(): void;
  setColumnVisibility(visibility: Record<string, boolean>): void;
  setColumnOrder(order: string[]): void;
  setSorting(sorting: GridSortRule[]): void;
  openAudit(key: string): void;
  /** The row's Cancel button. */
  cancelOrder(key: string): void;
  /** A group header's Cancel button: opens the scope dialog for that venue or market. */
  cancelGroup(group: GridGroup): void;
  /** The pointer is over the grid, or a row has keyboard focus: rows must hold still. */
  setHold(source: 'pointer' | 'focus', on: boolean): void;
  /** "N new — show": let the waiting rows in. */
  showNew(): void;
}

/** Read-only view of a zustand store (the grid never writes the workspace's state). */
export type GridStore = Pick<StoreApi<GridState>, 'getState' | 'getInitialState' | 'subscribe'>;

export interface GridPort {
  readonly store: GridStore;
  readonly actions: GridActions;
}

export const GridPortContext = createContext<GridPort | null>(null);

export function useGridPort(): GridPort {
  const port = useContext(GridPortContext);
  if (!port) throw new Error('GridPortContext is not provided');
  return port;
}

export function useGrid<T>(selector: (state: GridState) => T): T {
  return useStore(useGridPort().store, selector);
}
