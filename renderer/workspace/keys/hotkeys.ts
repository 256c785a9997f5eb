/**
 * The keymap's dispatcher: one keydown listener on the document turns a
 * chord into an action. Row actions (move, select, cancel, audit) apply when
 * the grid (or nothing) has focus; global ones (search, help, scope, panic,
 * views, select all) apply anywhere except while typing in a field. An open
 * dialog handles its own keys.
 */
import type { Commands } from '../state/commands.ts';
import { clearSelection, moveFocus, selectAll, toggleFocused } from '../state/selection.ts';
import type { WorkflowActions, WorkflowStore } from '../state/store.ts';
import { actionFor, type KeyIndex } from './keymap.ts';

const PAGE_ROWS = 20;

/** Fields where keys are text (or a native widget's own navigation). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
  }
  return false;
}

export interface HotkeyContext {
  workflow: WorkflowStore;
  actions: WorkflowActions;
  commands: Commands;
  index: () => KeyIndex;
  grid: () => HTMLElement | null;
}

export function handleKeyDown(event: KeyboardEvent, ctx: HotkeyContext): boolean {
  if (event.defaultPrevented || event.isComposing) return false;
  const state = ctx.workflow.getState();
  if (state.dialog) return false;
  const action = actionFor(ctx.index(), event);
  if (!action) return false;
  const target = event.target;
  const grid = ctx.grid();

  if (isTypingTarget(target)) {
    // Only leaving the field is a shortcut there: Esc goes back to the rows.
    if (action !== 'clear') return false;
    (target as HTMLElement).blur();
    ctx.actions.focusGrid();
    return true;
  }

  const onBody = target === document.body || target === document.documentElement || target === null;
  const inRows =
    grid !== null &&
    target instanceof Node &&
    (target === grid || (grid.contains(target) && (target as Element).closest?.('.grid-body') !== null));
  const gridContext = onBody || inRows;

  const { actions, commands } = ctx;
  const rowAction = (run: () => void): boolean => {
    if (!gridContext) return false;
    run();
    if (onBody) actions.focusGrid();
    return true;
  };

  switch (action) {
    case 'focusNext':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, 1, keys)));
    case 'focusPrev':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, -1, keys)));
    case 'focusFirst':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, 'first', keys)));
    case 'focusLast':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, 'last', keys)));
    case 'pageDown':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, PAGE_ROWS, keys)));
    case 'pageUp':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, -PAGE_ROWS, keys)));
    case 'extendNext':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, 1, keys, true)));
    case 'extendPrev':
      return rowAction(() => actions.updateSelection((s, keys) => moveFocus(s, -1, keys, true)));
    case 'toggleSelect':
      return rowAction(() =>
        actions.updateSelection((s, keys) =>
          s.focus === null ? moveFocus(s, 'first', keys) : toggleFocused(s),
        ),
      );
    case 'cancel':
      return rowAction(() => commands.cancelFocusedOrSelected());
    case 'audit':
      return rowAction(() => {
        const focus = ctx.workflow.getState().selection.focus;
        if (focus) actions.openDialog({ kind: 'audit', key: focus });
      });
    case 'selectAll':
      actions.updateSelection((s, keys) => selectAll(s, keys));
      if (!inRows) actions.focusGrid();
      return true;
    case 'clear':
      if (state.selection.selected.size === 0) return false;
      actions.updateSelection((s) => clearSelection(s));
      return true;
    case 'search':
      actions.focusSearch();
      return true;
    case 'help':
      actions.openDialog({ kind: 'help' });
      return true;
    case 'scopeCancel':
      commands.openScope();
      return true;
    case 'panic':
      commands.panic('app');
      return true;
    case 'viewOpen':
      actions.setView('open');
      return true;
    case 'viewRecent':
      actions.setView('recent');
      return true;
  }
}
