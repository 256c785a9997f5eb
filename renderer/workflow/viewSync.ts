/**
 * Keeps the workflow store's rows in step with the book: at once when the
 * query or view changes, at once when the book's row set changes under the
 * default query (that costs nothing: the rows are the book's own array), and
 * at most every THROTTLE_MS for other queries, so a burst of 2,000 updates/s
 * never costs a filter+sort per frame.
 */
import type { AccountStatus } from '../../preload/contract.ts';
import type { BlotterState, BlotterStore } from '../store/store.ts';
import { refreshView, type WorkflowState, type WorkflowStore } from './store.ts';
import { dependsOnOrderChanges, isDefaultQuery } from './view.ts';

export const THROTTLE_MS = 150;

export interface ViewSyncClock {
  now(): number;
  after(ms: number, callback: () => void): () => void;
}

const defaultClock: ViewSyncClock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
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

  const throttled = () => {
    if (cancelTimer) return;
    const wait = lastRun + THROTTLE_MS - clock.now();
    if (wait <= 0) run();
    else cancelTimer = clock.after(wait, run);
  };

  const offBook = blotter.subscribe((state, previous) => {
    if (state.book === previous.book) return;
    const { query, view } = workflow.getState();
    const changedRows = baseRows(state.book, view) !== baseRows(previous.book, view);
    if (isDefaultQuery(query)) {
      if (changedRows) run();
    } else if (changedRows || dependsOnOrderChanges(query)) {
      throttled();
    }
  });

  const offWorkflow = workflow.subscribe((state, previous) => {
    if (state.query !== previous.query || state.view !== previous.view) run();
  });

  run();
  return () => {
    offBook();
    offWorkflow();
    cancelTimer?.();
  };
}
