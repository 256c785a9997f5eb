/**
 * Arrow-key movement between rows: from a focused control in a row, Up/Down,
 * PageUp/PageDown, Home/End move focus to the same control of another row,
 * scrolling it into the virtualized window first.
 */
import type { KeyboardEvent, RefObject } from 'react';

const PAGE_ROWS = 20;

function targetIndex(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return Math.min(current + 1, count - 1);
    case 'ArrowUp':
      return Math.max(current - 1, 0);
    case 'PageDown':
      return Math.min(current + PAGE_ROWS, count - 1);
    case 'PageUp':
      return Math.max(current - PAGE_ROWS, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

export function useGridKeyboard(
  gridRef: RefObject<HTMLElement | null>,
  rowCount: number,
  scrollToIndex: (index: number) => void,
): (event: KeyboardEvent<HTMLElement>) => void {
  return (event) => {
    if (!(event.target instanceof HTMLElement) || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = event.target.closest('[role="row"]');
    const ariaIndex = Number(row?.getAttribute('aria-rowindex'));
    if (!row || !Number.isInteger(ariaIndex) || ariaIndex < 2) return; // header or outside a row
    const next = targetIndex(event.key, ariaIndex - 2, rowCount);
    if (next === null) return;
    event.preventDefault();
    scrollToIndex(next);
    const focusTarget = () =>
      gridRef.current
        ?.querySelector<HTMLElement>(`[role="row"][aria-rowindex="${next + 2}"] button`)
        ?.focus();
    // The row may only mount after the virtualizer re-renders.
    requestAnimationFrame(() => requestAnimationFrame(focusTarget));
  };
}
