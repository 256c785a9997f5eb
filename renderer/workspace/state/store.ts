/**
 * The trader's working state, apart from the book: which view, the query
 * (filters, search, sort, grouping), the computed rows, the selection and
 * focused row, preferences, keymap and the open dialog. A vanilla zustand
 * store of its own so the book store keeps its one-write-per-frame rhythm.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppCommand, CancelScope, CancelSource, HealthReport } from '../../../preload/contract.ts';
import type { Book } from '../../book/book.ts';
import {
  applyOverrides,
  bindChord,
  KEYMAP_STORAGE_KEY,
  type Keymap,
  type KeymapOverrides,
  type KeyValueStorage,
  parseOverrides,
  saveOverrides,
} from '../keys/keymap.ts';
import {
  countIncoming,
  freeze,
  type HoldSource,
  type HoldState,
  isHeld,
  LIVE_VIEW,
  setHoldSource,
  thaw,
} from './hold.ts';
import { loadPrefs, type Prefs, savePrefs } from './prefs.ts';
import type { VisibleOnly } from './scopeCancel.ts';
import {
  EMPTY_SELECTION,
  type OrderedKeys,
  orderedRows,
  reconcile,
  type SelectionState,
} from './selection.ts';
import {
  type AccountLabel,
  computeView,
  DEFAULT_QUERY,
  type Filters,
  NO_FILTERS,
  type ViewItem,
  type ViewQuery,
  type ViewResult,
  viewItems,
} from './view.ts';

export type View = 'open' | 'recent';

export type Dialog =
  | { kind: 'help' }
  | { kind: 'scope'; initial: CancelScope; visibleOnly: VisibleOnly | null }
  | { kind: 'panic'; origin: 'app' | 'shortcut' }
  | { kind: 'confirm'; keys: string[]; source: CancelSource }
  | { kind: 'audit'; key: string };

export interface WorkflowState {
  view: View;
  query: ViewQuery;
  /** Rows shown (filtered, sorted, grouped) and their keys in display order. */
  result: ViewResult;
  keys: OrderedKeys;
  /** Rows plus group headers when grouped; null when not grouped. */
  items: readonly ViewItem[] | null;
  selection: SelectionState;
  prefs: Prefs;
  keymap: Keymap;
  overrides: KeymapOverrides;
  dialog: Dialog | null;
  /** Bumped to ask the search box to take focus. */
  searchRequest: number;
  /** Bumped to ask the grid to take focus. */
  gridRequest: number;
  /** Latest health report from main (polled while the window is open). */
  health: HealthReport | null;
  /** Account → confirmation deadline (ms): an in-flight cancel older than this is shown overdue. */
  deadlines: ReadonlyMap<string, number>;
  /** The OS-wide panic shortcut, when main registered one (Electron only). */
  globalShortcut: Extract<AppCommand, { type: 'panic-shortcut' }> | null;
  /**
   * Cancels sent from this window that main has not reflected yet: key → the
   * order's version when the request left and the time. A row shows
   * `cancel requested` from the keypress until main's own state for it
   * arrives (any newer version), or reverts with a notice if main refuses.
   */
  pending: ReadonlyMap<string, PendingCancel>;
  /** Whether the rows shown are frozen under the trader's pointer or focus (hold.ts). */
  hold: HoldState;
}

export interface PendingCancel {
  version: number;
  at: number;
}

export type WorkflowStore = StoreApi<WorkflowState>;

const EMPTY_RESULT: ViewResult = { rows: [], groups: [] };

export function createWorkflowStore(
  storage: KeyValueStorage | undefined,
  knownColumns: readonly string[],
  /** The book at creation, so the very first render (and server rendering) already has rows. */
  initialBook?: Book,
): WorkflowStore {
  const prefs = loadPrefs(storage, knownColumns);
  let overrides: KeymapOverrides = {};
  try {
    overrides = parseOverrides(storage?.getItem(KEYMAP_STORAGE_KEY) ?? null);
  } catch {
    // Storage disabled: defaults.
  }
  const keymap = applyOverrides(overrides);
  const query: ViewQuery = { ...DEFAULT_QUERY, sorting: prefs.sorting, groupBy: prefs.groupBy };
  const result = initialBook
    ? computeView(initialBook.openRows, initialBook.orders, query, (accountId) => accountId)
    : EMPTY_RESULT;
  return createStore<WorkflowState>()(() => ({
    view: 'open',
    query,
    result,
    keys: orderedRows(result.rows),
    items: viewItems(result),
    selection: EMPTY_SELECTION,
    prefs,
    keymap,
    overrides,
    dialog: null,
    searchRequest: 0,
    gridRequest: 0,
    health: null,
    deadlines: new Map(),
    globalShortcut: null,
    pending: new Map(),
    hold: LIVE_VIEW,
  }));
}

/** The store's writers, bound to the storage that persists preferences and the keymap. */
export function workflowActions(store: WorkflowStore, storage: KeyValueStorage | undefined) {
  const get = store.getState;
  const set = store.setState;

  const setPrefs = (patch: Partial<Prefs>) => {
    const prefs = { ...get().prefs, ...patch };
    set({ prefs });
    savePrefs(storage, prefs);
  };

  const setQuery = (patch: Partial<ViewQuery>) => {
    const query = { ...get().query, ...patch };
    set({ query });
    if (patch.sorting !== undefined || patch.groupBy !== undefined) {
      setPrefs({ sorting: [...query.sorting], groupBy: query.groupBy });
    }
  };

  return {
    setView: (view: View) => {
      if (get().view !== view) set({ view });
    },
    setQuery,
    setFilters: (patch: Partial<Filters>) => setQuery({ filters: { ...get().query.filters, ...patch } }),
    clearFilters: () => setQuery({ filters: NO_FILTERS, search: '' }),
    setSelection: (selection: SelectionState) => {
      if (selection !== get().selection) set({ selection });
    },
    updateSelection: (update: (selection: SelectionState, keys: OrderedKeys) => SelectionState) => {
      const { selection, keys } = get();
      const next = update(selection, keys);
      if (next !== selection) set({ selection: next });
    },
    openDialog: (dialog: Dialog) => set({ dialog }),
    closeDialog: () => {
      if (get().dialog) set({ dialog: null, gridRequest: get().gridRequest + 1 });
    },
    setHealth: (health: HealthReport) => {
      const previous = get().deadlines;
      const same =
        previous.size === health.accounts.length &&
        health.accounts.every((account) => previous.get(account.accountId) === account.confirmDeadlineMs);
      const deadlines = same
        ? previous
        : new Map(health.accounts.map((account) => [account.accountId, account.confirmDeadlineMs]));
      set({ health, deadlines });
    },
    markPending: (orders: readonly { key: string; version: number }[], at: number) => {
      if (orders.length === 0) return;
      const pending = new Map(get().pending);
      for (const order of orders) pending.set(order.key, { version: order.version, at });
      set({ pending });
    },
    /** Drops pending marks of `keys` (only those set at `at`, when given: a newer request keeps its own). */
    clearPending: (keys: readonly string[], at?: number) => {
      const current = get().pending;
      let pending: Map<string, PendingCancel> | null = null;
      for (const key of keys) {
        const entry = current.get(key);
        if (!entry || (at !== undefined && entry.at !== at)) continue;
        pending ??= new Map(current);
        pending.delete(key);
      }
      if (pending) set({ pending });
    },
    /** The pointer entered or left the grid, or a row gained or lost keyboard focus. */
    setHold: (source: HoldSource, on: boolean) => {
      const { hold: current, result } = get();
      let hold = setHoldSource(current, source, on);
      // Freeze exactly what is on screen now (not a fresher view: that would move rows as the pointer lands).
      if (isHeld(hold) && hold.frozen === null) hold = freeze(hold, result.rows);
      if (hold !== current) set({ hold });
    },
    /** "N new — show": the live view now, frozen again while the trader stays on the grid. */
    showNew: () => {
      const hold = thaw(get().hold);
      if (hold !== get().hold) set({ hold });
    },
    setGlobalShortcut: (info: WorkflowState['globalShortcut']) => set({ globalShortcut: info }),
    focusSearch: () => set({ searchRequest: get().searchRequest + 1 }),
    focusGrid: () => set({ gridRequest: get().gridRequest + 1 }),
    setPrefs,
    bind: (action: keyof Keymap, chord: string, replaceAt?: number): boolean => {
      const overrides = bindChord(get().keymap, action, chord, replaceAt);
      if (!overrides) return false;
      set({ overrides, keymap: applyOverrides(overrides) });
      saveOverrides(storage, overrides);
      return true;
    },
    setOverrides: (overrides: KeymapOverrides) => {
      set({ overrides, keymap: applyOverrides(overrides) });
      saveOverrides(storage, overrides);
    },
  };
}

export type WorkflowActions = ReturnType<typeof workflowActions>;

/** Re-derives the rows for the current book and query, and keeps the selection valid for them. */
export function refreshView(store: WorkflowStore, book: Book, accountLabel: AccountLabel): void {
  const state = store.getState();
  const base = state.view === 'open' ? book.openRows : book.recentRows;
  const result = computeView(base, book.orders, state.query, accountLabel);
  const { hold } = state;
  if (hold.frozen) {
    // Held: the rows stay as they are; only the count of what is waiting changes.
    const incoming = countIncoming(hold.frozen, result.rows);
    if (incoming !== hold.incoming) store.setState({ hold: { ...hold, incoming } });
    return;
  }
  const nextHold = isHeld(hold) ? freeze(hold, result.rows) : hold;
  if (result.rows === state.result.rows && result.groups.length === 0 && state.items === null) {
    if (nextHold !== hold) store.setState({ hold: nextHold });
    return;
  }
  const keys = orderedRows(result.rows);
  const selection = reconcile(state.selection, keys);
  store.setState({ result, keys, items: viewItems(result), selection, hold: nextHold });
}
