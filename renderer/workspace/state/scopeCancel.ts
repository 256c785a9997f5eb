/**
 * What a scoped cancel starts from and what it may send. Pure: unit-tested.
 *
 * - The scope opens from the filter bar (venues, accounts, markets, side),
 *   narrowed by the group header it was opened from.
 * - A search text or a status filter cannot be expressed as a scope: then the
 *   cancel is restricted to the orders shown in the grid when it opened (a
 *   cancel never reaches an order the trader cannot see), and the dialog says so.
 * - The cancel sends exactly the keys of the preview the trader saw: an order
 *   that arrived after the preview is not in it.
 */
import type { CancelScope, OrderStatus } from '../../../preload/contract.ts';
import { STATUS_LABELS } from '../../book/status.ts';
import type { Filters } from './view.ts';

/** Only these orders (the ones shown) may be cancelled, and why. */
export interface VisibleOnly {
  keys: readonly string[];
  /** What narrows the view beyond the scope, in words ("search “btc”, status Open"). */
  reason: string;
}

/** The scope the current filters describe (status filters and search are not scope fields). */
export function scopeFromFilters(filters: Filters): CancelScope {
  const scope: CancelScope = {};
  if (filters.venues.length > 0) scope.venues = [...filters.venues];
  if (filters.accountIds.length > 0) scope.accountIds = [...filters.accountIds];
  if (filters.markets.length > 0) scope.markets = [...filters.markets];
  if (filters.side) scope.side = filters.side;
  return scope;
}

/** What the view narrows by that a scope cannot say, in words; null when nothing. */
export function unscopableNarrowing(filters: Filters, search: string): string | null {
  const parts: string[] = [];
  const text = search.trim();
  if (text !== '') parts.push(`search “${text}”`);
  if (filters.statuses.length > 0) {
    parts.push(`status ${filters.statuses.map((status: OrderStatus) => STATUS_LABELS[status]).join(', ')}`);
  }
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * Where a scoped cancel starts: the filters' scope with `narrow` (a group
 * header's venue or market) on top, and the shown keys when the view narrows
 * by something the scope cannot express.
 */
export function scopeStart(
  query: { filters: Filters; search: string },
  shownKeys: () => readonly string[],
  narrow: CancelScope = {},
): { initial: CancelScope; visibleOnly: VisibleOnly | null } {
  const initial: CancelScope = { ...scopeFromFilters(query.filters), ...narrow };
  const reason = unscopableNarrowing(query.filters, query.search);
  return { initial, visibleOnly: reason === null ? null : { keys: [...shownKeys()], reason } };
}

/** The previewed keys that may be sent: all of them, or those among the shown ones (in preview order). */
export function keysToCancel(previewKeys: readonly string[], shown: ReadonlySet<string> | null): string[] {
  return shown === null ? [...previewKeys] : previewKeys.filter((key) => shown.has(key));
}
