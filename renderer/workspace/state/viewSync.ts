/**
 * Keeps the workflow store's rows in step with the book:
 * - at once when the query or the view changes;
 * - under the default query, when the book's row set changes (orders arriving
 *   or leaving): at once after a quiet spell, then at most every
 *   ROWSET_THROTTLE_MS while rows keep coming — the rows themselves are the
 *   book's own array (no work), but each new row set re-lays the grid, and at
 *   2,000 updates/s that is every frame. An order's own changes (fills, its
 *   status, the pending mark) reach its row every frame regardless: rows
 *   subscribe to their order;
 * - under any other query at most every THROTTLE_MS, so a burst never costs a
 *   filter+sort per frame.
 */
import type { AccountStatus } from '../../../preload/contract.ts';
import type { BlotterState, BlotterStore } from '../../book/store.ts';
import { afterDelayInFrame } from '../../shared/frame.ts';
import { thaw } from './hold.ts';
import { refreshView, type WorkflowState, type WorkflowStore } from './store.ts';
import { dependsOnOrderChanges, isDefaultQuery } from './view.ts';

export const THROTTLE_MS = 150;
export const ROWSET_THROTTLE_MS = 100;

export interface ViewSyncClock {
  now(): number;
  after(ms: number, callback: () => void): () => void;
}

const defaultClock: ViewSyncClock = {
  now: () => Date.now(),
  // The view changes with a frame, never between frames (shared/frame.ts).
  after: afterDelayInFrame,
};

function baseRows(book: BlotterState['book'], view: WorkflowState['view']) {
  return view === 'open' ? book.openRows : book.recentRows;
}

export function startViewSync(
  blotter: BlotterStore,
  workflow: WorkflowStore,
  clock: ViewSyncClock = defaultClock,
): () => void {
  let lastRun = Number.NEGATIVE_INFINITY;
  let cancelTimer: (() => void) | null = null;
  let labelsFrom: readonly AccountStatus[] | null = null;
  let labels = new Map<string, string>();

  const accountLabel = (accountId: string): string => {
    const accounts = blotter.getState().book.accounts;
    if (accounts !== labelsFrom) {
      labelsFrom = accounts;
      labels = new Map(accounts.map((account) => [account.accountId, account.label]));
    }
    return labels.get(accountId) ?? accountId;
  };

  const run = () => {
    cancelTimer?.();
    cancelTimer = null;
    lastRun = clock.now();
    refreshView(workflow, blotter.getState().book, accountLabel);
  };

  const throttled = (interval: number) => {
    if (cancelTimer) return;
    const wait = lastRun + interval - clock.now();
    if (wait <= 0) run();
    else cancelTimer = clock.after(wait, run);
  };

  const offBook = blotter.subscribe((state, previous) => {
    if (state.book === previous.book) return;
    const { query, view } = workflow.getState();
    const changedRows = baseRows(state.book, view) !== baseRows(previous.book, view);
    if (isDefaultQuery(query)) {
      if (changedRows) throttled(ROWSET_THROTTLE_MS);
    } else if (changedRows || dependsOnOrderChanges(query)) {
      throttled(THROTTLE_MS);
    }
  });

  const offWorkflow = workflow.subscribe((state, previous) => {
    if (state.query !== previous.query || state.view !== previous.view) {
      // The trader acted: the rows they asked for (frozen again while they stay on the grid).
      // Thawing re-enters this listener, whose second branch then runs the view once.
      if (state.hold.frozen) workflow.setState({ hold: thaw(state.hold) });
      else run();
    } else if (state.hold.frozen === null && previous.hold.frozen !== null) {
      // Let go, or "show new": the live view.
      run();
    }
  });

  run();
  return () => {
    offBook();
    offWorkflow();
    cancelTimer?.();
  };
}
