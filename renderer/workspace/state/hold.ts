/**
 * Rows hold still while the trader is on the grid. While the pointer is over
 * it, or one of its rows has keyboard focus, the rows shown are frozen: none
 * reorders, none appears above another, none leaves (a finished order stays,
 * showing its final state). Orders that would now be shown collect in a count
 * ("N new — show"); the live view returns when the trader leaves the grid or
 * acts (shows the new ones, changes the view or the query). So the order under
 * a resting pointer, or under the focused row, is the one the trader saw.
 */
import type { RowRef } from '../../book/book.ts';

export type HoldSource = 'pointer' | 'focus';

export interface HoldState {
  readonly pointer: boolean;
  readonly focus: boolean;
  /** Keys of the rows frozen in place; null while the view is live. */
  readonly frozen: ReadonlySet<string> | null;
  /** Rows the live view would show that the frozen one does not. */
  readonly incoming: number;
}

export const LIVE_VIEW: HoldState = { pointer: false, focus: false, frozen: null, incoming: 0 };

export function isHeld(hold: HoldState): boolean {
  return hold.pointer || hold.focus;
}

/** One source turned on or off; leaving the grid altogether lets the view go live again. */
export function setHoldSource(hold: HoldState, source: HoldSource, on: boolean): HoldState {
  if (hold[source] === on) return hold;
  const next = { ...hold, [source]: on };
  return isHeld(next) ? next : LIVE_VIEW;
}

/** Drops the frozen rows (the next refresh shows the live view, and freezes it again while held). */
export function thaw(hold: HoldState): HoldState {
  return hold.frozen === null && hold.incoming === 0 ? hold : { ...hold, frozen: null, incoming: 0 };
}

export function freeze(hold: HoldState, rows: readonly RowRef[]): HoldState {
  const frozen = new Set<string>();
  for (const row of rows) frozen.add(row.key);
  return { ...hold, frozen, incoming: 0 };
}

/** How many of `rows` the frozen view does not show. */
export function countIncoming(frozen: ReadonlySet<string>, rows: readonly RowRef[]): number {
  let incoming = 0;
  for (const row of rows) if (!frozen.has(row.key)) incoming++;
  return incoming;
}
