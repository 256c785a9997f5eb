import { describe, expect, it } from 'vitest';
import {
  cancelTargets,
  clearSelection,
  click,
  EMPTY_SELECTION,
  moveFocus,
  orderedKeys,
  reconcile,
  type SelectionState,
  selectAll,
  setFocus,
  toggleFocused,
  toggleKey,
} from '../../../../../renderer/workspace/state/selection.ts';

const view = orderedKeys(['a', 'b', 'c', 'd', 'e']);
const plain = { range: false, toggle: false };
const ctrl = { range: false, toggle: true };
const shift = { range: true, toggle: false };
const ctrlShift = { range: true, toggle: true };
const sel = (state: SelectionState) => [...state.selected].sort();

describe('mouse selection', () => {
  it('click selects one row and anchors there', () => {
    const s = click(EMPTY_SELECTION, 'b', view, plain);
    expect(sel(s)).toEqual(['b']);
    expect(s.anchor).toBe('b');
    expect(s.focus).toBe('b');
    expect(sel(click(s, 'd', view, plain))).toEqual(['d']);
  });

  it('Shift-click selects the range from the anchor, either direction, replacing the selection', () => {
    let s = click(EMPTY_SELECTION, 'b', view, plain);
    s = click(s, 'd', view, shift);
    expect(sel(s)).toEqual(['b', 'c', 'd']);
    expect(s.anchor).toBe('b');
    s = click(s, 'a', view, shift);
    expect(sel(s)).toEqual(['a', 'b']);
  });

  it('Ctrl/Cmd-click toggles and re-anchors; Ctrl+Shift adds a range', () => {
    let s = click(EMPTY_SELECTION, 'a', view, plain);
    s = click(s, 'c', view, ctrl);
    expect(sel(s)).toEqual(['a', 'c']);
    s = click(s, 'a', view, ctrl);
    expect(sel(s)).toEqual(['c']);
    expect(s.anchor).toBe('a');
    s = click(s, 'b', view, ctrl);
    s = click(s, 'd', view, ctrlShift);
    expect(sel(s)).toEqual(['b', 'c', 'd']);
    s = click(s, 'e', view, ctrl);
    expect(sel(s)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('Shift-click without an anchor selects just that row', () => {
    const s = click(EMPTY_SELECTION, 'c', view, shift);
    expect(sel(s)).toEqual(['c']);
  });

  it('checkbox toggles without clearing', () => {
    let s = toggleKey(EMPTY_SELECTION, 'a', view);
    s = toggleKey(s, 'e', view);
    expect(sel(s)).toEqual(['a', 'e']);
    expect(sel(toggleKey(s, 'a', view))).toEqual(['e']);
  });
});

describe('keyboard selection', () => {
  it('moves focus with clamping; first move lands on the first row', () => {
    let s = moveFocus(EMPTY_SELECTION, 1, view);
    expect(s.focus).toBe('a');
    s = moveFocus(s, 1, view);
    expect(s.focus).toBe('b');
    s = moveFocus(s, -5, view);
    expect(s.focus).toBe('a');
    s = moveFocus(s, 'last', view);
    expect(s.focus).toBe('e');
    s = moveFocus(s, 20, view);
    expect(s.focus).toBe('e');
    expect(moveFocus(EMPTY_SELECTION, 'last', view).focus).toBe('e');
    expect(s.selected.size).toBe(0);
  });

  it('Space toggles the focused row; Shift+move extends from the anchor', () => {
    let s = moveFocus(EMPTY_SELECTION, 'first', view);
    s = toggleFocused(s);
    expect(sel(s)).toEqual(['a']);
    s = moveFocus(s, 1, view, true);
    s = moveFocus(s, 1, view, true);
    expect(sel(s)).toEqual(['a', 'b', 'c']);
    s = moveFocus(s, -2, view, true);
    expect(sel(s)).toEqual(['a']);
    s = toggleFocused(s);
    expect(sel(s)).toEqual([]);
  });

  it('select all visible and clear', () => {
    let s = selectAll(EMPTY_SELECTION, view);
    expect(s.selected.size).toBe(5);
    s = clearSelection(s);
    expect(s.selected.size).toBe(0);
    expect(clearSelection(s)).toBe(s);
  });

  it('setFocus ignores keys outside the view', () => {
    const s = setFocus(EMPTY_SELECTION, 'c', view);
    expect(s.focus).toBe('c');
    expect(setFocus(s, 'zz', view)).toBe(s);
  });
});

describe('view changes', () => {
  it('drops selected rows that left the view and keeps the rest', () => {
    let s = selectAll(EMPTY_SELECTION, view);
    s = reconcile(s, orderedKeys(['a', 'c', 'e']));
    expect(sel(s)).toEqual(['a', 'c', 'e']);
  });

  it('clears the focus when the focused row leaves: no neighbour inherits it', () => {
    let s = setFocus(EMPTY_SELECTION, 'c', view);
    s = reconcile(s, orderedKeys(['a', 'b', 'd', 'e']));
    expect(s.focus).toBeNull();
    // Delete now has nothing to cancel: 'd' (now at c's position) was never picked.
    expect(cancelTargets(s, orderedKeys(['a', 'b', 'd', 'e']))).toEqual({ keys: [], source: 'hotkey' });
    // Stays cleared as the view keeps changing, and an empty view is fine.
    expect(reconcile(s, orderedKeys(['a']))).toBe(s);
    expect(reconcile(s, orderedKeys([])).focus).toBeNull();
  });

  it('an explicit move after the focus was cleared starts where the row was', () => {
    let s = setFocus(EMPTY_SELECTION, 'c', view);
    const after = orderedKeys(['a', 'b', 'd', 'e']);
    s = reconcile(s, after);
    expect(moveFocus(s, 1, after).focus).toBe('d');
    expect(moveFocus(s, -1, after).focus).toBe('d');
    expect(moveFocus(s, 'first', after).focus).toBe('a');
    expect(moveFocus(s, 'last', after).focus).toBe('e');
    expect(moveFocus(s, 1, orderedKeys(['a'])).focus).toBe('a');
  });

  it('keeps the selection of rows still in view when the focused row leaves', () => {
    let s = click(EMPTY_SELECTION, 'b', view, plain);
    s = setFocus(s, 'c', view);
    s = reconcile(s, orderedKeys(['a', 'b', 'd']));
    expect(sel(s)).toEqual(['b']);
    expect(s.focus).toBeNull();
  });

  it('tracks the focused row when it moves and returns the same state when nothing changed', () => {
    const s = setFocus(EMPTY_SELECTION, 'c', view);
    const moved = reconcile(s, orderedKeys(['c', 'a', 'b']));
    expect(moved.focus).toBe('c');
    expect(moved.focusIndex).toBe(0);
    expect(reconcile(moved, orderedKeys(['c', 'a', 'b']))).toBe(moved);
  });
});

describe('cancel targets', () => {
  it('is the selection in view order when there is one, else the focused row', () => {
    let s = click(EMPTY_SELECTION, 'd', view, plain);
    s = click(s, 'a', view, ctrl);
    expect(cancelTargets(s, view)).toEqual({ keys: ['a', 'd'], source: 'selection' });
    s = clearSelection(s);
    expect(cancelTargets(s, view)).toEqual({ keys: ['a'], source: 'hotkey' });
    expect(cancelTargets(EMPTY_SELECTION, view)).toEqual({ keys: [], source: 'hotkey' });
  });
});
