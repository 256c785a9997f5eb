/**
 * Row selection and the focused row, as pure state transitions over the keys
 * of the current view (in display order). No DOM, no React: unit-tested.
 *
 * - click: the row alone; Ctrl/Cmd toggles it; Shift selects the range from
 *   the anchor (Ctrl/Cmd+Shift adds the range to the selection).
 * - the anchor is where the last plain or toggling click/Space happened.
 * - the focused row is independent of the selection (Space toggles it).
 * - `reconcile` keeps the state valid when the view changes: selected keys
 *   that left the view are dropped (only what the trader can see is ever
 *   cancelled as a selection), and a focused row that left the view leaves
 *   no row focused (a cancel key never lands on a row the trader did not pick;
 *   the next move starts near the old position).
 */

export interface SelectionState {
  readonly selected: ReadonlySet<string>;
  readonly anchor: string | null;
  readonly focus: string | null;
  /** Position of the focused row when last seen: where the next move starts once that row left. */
  readonly focusIndex: number;
}

export const EMPTY_SELECTION: SelectionState = {
  selected: new Set(),
  anchor: null,
  focus: null,
  focusIndex: 0,
};

/** The keys of the view in display order, with O(1) position lookup (the index is built on first use). */
export interface OrderedKeys {
  readonly length: number;
  keyAt(index: number): string | undefined;
  indexOf(key: string): number;
  /** Keys from `start` to `end` (exclusive). */
  slice(start: number, end: number): string[];
}

/** A view over rows (`{ key }` objects) without copying them. */
export function orderedRows(rows: readonly { readonly key: string }[]): OrderedKeys {
  let index: Map<string, number> | null = null;
  return {
    length: rows.length,
    keyAt: (i) => rows[i]?.key,
    indexOf(key) {
      if (!index) {
        index = new Map();
        for (let i = 0; i < rows.length; i++) index.set((rows[i] as { key: string }).key, i);
      }
      return index.get(key) ?? -1;
    },
    slice: (start, end) => rows.slice(start, end).map((row) => row.key),
  };
}

export function orderedKeys(keys: readonly string[]): OrderedKeys {
  return orderedRows(keys.map((key) => ({ key })));
}

/** Position of `key`, trying the remembered index first (no index build when the row did not move). */
function positionOf(view: OrderedKeys, key: string, hint: number): number {
  return view.keyAt(hint) === key ? hint : view.indexOf(key);
}

export interface ClickModifiers {
  /** Shift held: range from the anchor. */
  range: boolean;
  /** Ctrl (or Cmd on macOS) held: toggle / add. */
  toggle: boolean;
}

function rangeKeys(view: OrderedKeys, from: string | null, to: string): string[] {
  const end = view.indexOf(to);
  if (end < 0) return [];
  const start = from === null ? -1 : view.indexOf(from);
  if (start < 0) return [to];
  const [lo, hi] = start <= end ? [start, end] : [end, start];
  return view.slice(lo, hi + 1);
}

export function click(
  state: SelectionState,
  key: string,
  view: OrderedKeys,
  modifiers: ClickModifiers,
): SelectionState {
  const focusIndex = Math.max(0, view.indexOf(key));
  if (modifiers.range) {
    const range = rangeKeys(view, state.anchor, key);
    const selected = new Set(modifiers.toggle ? state.selected : []);
    for (const each of range) selected.add(each);
    return { selected, anchor: state.anchor ?? key, focus: key, focusIndex };
  }
  if (modifiers.toggle) {
    const selected = new Set(state.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    return { selected, anchor: key, focus: key, focusIndex };
  }
  return { selected: new Set([key]), anchor: key, focus: key, focusIndex };
}

/** Space: toggles the focused row. */
export function toggleFocused(state: SelectionState): SelectionState {
  if (state.focus === null) return state;
  const selected = new Set(state.selected);
  if (selected.has(state.focus)) selected.delete(state.focus);
  else selected.add(state.focus);
  return { ...state, selected, anchor: state.focus };
}

/** Checkbox: toggles one row without moving the anchor's meaning for ranges. */
export function toggleKey(state: SelectionState, key: string, view: OrderedKeys): SelectionState {
  const selected = new Set(state.selected);
  if (selected.has(key)) selected.delete(key);
  else selected.add(key);
  return { ...state, selected, anchor: key, focus: key, focusIndex: Math.max(0, view.indexOf(key)) };
}

export function selectAll(state: SelectionState, view: OrderedKeys): SelectionState {
  return { ...state, selected: new Set(view.slice(0, view.length)) };
}

export function clearSelection(state: SelectionState): SelectionState {
  if (state.selected.size === 0 && state.anchor === null) return state;
  return { ...state, selected: new Set(), anchor: null };
}

/** Focus target for a move: by a delta (clamped), or `first`/`last`. */
export type Move = number | 'first' | 'last';

function targetIndex(current: number, move: Move, count: number): number {
  if (move === 'first') return 0;
  if (move === 'last') return count - 1;
  return Math.min(count - 1, Math.max(0, current + move));
}

/**
 * Moves the focused row. With `extend`, the selection becomes the range from
 * the anchor (set to the old focus if there is none) to the new focus.
 * Without a focused row, a move lands where the last focused row was (the
 * first row at start), `first`/`last` on the first/last row.
 */
export function moveFocus(
  state: SelectionState,
  move: Move,
  view: OrderedKeys,
  extend = false,
): SelectionState {
  const count = view.length;
  if (count === 0) return state.focus === null ? state : { ...state, focus: null, focusIndex: 0 };
  const current = state.focus === null ? -1 : positionOf(view, state.focus, state.focusIndex);
  const index =
    current < 0
      ? typeof move === 'number'
        ? Math.min(state.focusIndex, count - 1)
        : targetIndex(0, move, count)
      : targetIndex(current, move, count);
  const focus = view.keyAt(index) as string;
  if (!extend) return { ...state, focus, focusIndex: index };
  const anchor = state.anchor ?? state.focus ?? focus;
  const selected = new Set(rangeKeys(view, anchor, focus));
  return { selected, anchor, focus, focusIndex: index };
}

export function setFocus(state: SelectionState, key: string, view: OrderedKeys): SelectionState {
  const index = view.indexOf(key);
  if (index < 0) return state;
  return { ...state, focus: key, focusIndex: index };
}

/**
 * Brings the state in line with a new view: drops selected keys that are no
 * longer in it and clears a focus that left (keeping its position, so the next
 * j/k starts there). Focus never moves by itself to a neighbour: Delete would
 * then cancel an order the trader did not pick. Returns the same object when
 * nothing changed, so subscribers are not woken.
 */
export function reconcile(state: SelectionState, view: OrderedKeys): SelectionState {
  let selected = state.selected;
  for (const key of state.selected) {
    if (view.indexOf(key) >= 0) continue;
    if (selected === state.selected) selected = new Set(state.selected);
    (selected as Set<string>).delete(key);
  }
  // An anchor that left the view is harmless: a range from it falls back to the clicked row.
  const anchor = state.anchor;
  let focus = state.focus;
  let focusIndex = state.focusIndex;
  if (focus !== null) {
    const at = positionOf(view, focus, state.focusIndex);
    if (at >= 0) focusIndex = at;
    else focus = null;
  }
  if (
    selected === state.selected &&
    anchor === state.anchor &&
    focus === state.focus &&
    focusIndex === state.focusIndex
  ) {
    return state;
  }
  return { selected, anchor, focus, focusIndex };
}

/**
 * What Delete cancels: the selection when there is one, else the focused row.
 * Keys come in view order so the venue queues see them in the order shown.
 */
export function cancelTargets(
  state: SelectionState,
  view: OrderedKeys,
): { keys: string[]; source: 'selection' | 'hotkey' } {
  if (state.selected.size > 0) {
    const keys = [...state.selected].sort((a, b) => view.indexOf(a) - view.indexOf(b));
    return { keys, source: 'selection' };
  }
  return { keys: state.focus === null ? [] : [state.focus], source: 'hotkey' };
}
