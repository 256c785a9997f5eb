/**
 * What the grid shows: the book's Open or Recent rows, filtered (venue,
 * account, market, side, status), searched, sorted on any column and
 * optionally grouped by venue or market. Pure and DOM-free (unit-tested).
 *
 * Cost: the default query (no filter, no search, no sort, no grouping) is the
 * book's already-ordered row array itself — zero work per frame. Any other
 * query is O(n) filtering plus O(m log m) sorting of the m matching rows; the
 * caller (useView) runs it when the query or the row set changes, and at most
 * every few hundred ms for changes inside orders, never once per delta.
 */
import type { Order, OrderStatus, Side, VenueId } from '../../../preload/contract.ts';
import { orderNotional } from '../../../preload/notional.ts';
import type { RowRef } from '../../book/book.ts';
import { STATUS_LABELS, VENUE_LABELS, VENUE_ORDER } from '../../book/status.ts';

export interface Filters {
  readonly venues: readonly VenueId[];
  readonly accountIds: readonly string[];
  readonly markets: readonly string[];
  readonly side: Side | null;
  readonly statuses: readonly OrderStatus[];
}

export const NO_FILTERS: Filters = { venues: [], accountIds: [], markets: [], side: null, statuses: [] };

/** TanStack's SortingState shape: column id + direction, first rule wins. */
export interface SortRule {
  readonly id: string;
  readonly desc: boolean;
}

export type GroupBy = 'none' | 'venue' | 'market';
export const GROUP_BY_OPTIONS: readonly GroupBy[] = ['none', 'venue', 'market'];

export interface ViewQuery {
  readonly filters: Filters;
  readonly search: string;
  readonly sorting: readonly SortRule[];
  readonly groupBy: GroupBy;
}

export const DEFAULT_QUERY: ViewQuery = { filters: NO_FILTERS, search: '', sorting: [], groupBy: 'none' };

export interface GroupInfo {
  readonly id: string;
  readonly label: string;
  readonly groupBy: Exclude<GroupBy, 'none'>;
  /** The venue id or market name the group stands for. */
  readonly value: string;
  /** Index in `rows` of the group's first row. */
  readonly start: number;
  readonly count: number;
}

export type ViewItem = { readonly kind: 'row'; readonly ref: RowRef; readonly index: number } | GroupItem;
export interface GroupItem {
  readonly kind: 'group';
  readonly group: GroupInfo;
}

export interface ViewResult {
  /** Matching rows in display order (grouped rows are contiguous). */
  readonly rows: readonly RowRef[];
  /** Groups in display order; empty without grouping. */
  readonly groups: readonly GroupInfo[];
}

export function filtersActive(filters: Filters): boolean {
  return (
    filters.venues.length > 0 ||
    filters.accountIds.length > 0 ||
    filters.markets.length > 0 ||
    filters.side !== null ||
    filters.statuses.length > 0
  );
}

export function isDefaultQuery(query: ViewQuery): boolean {
  return (
    !filtersActive(query.filters) &&
    query.search.trim() === '' &&
    query.sorting.length === 0 &&
    query.groupBy === 'none'
  );
}

/** True when the result can change while no row enters or leaves the book's view (status, fills). */
export function dependsOnOrderChanges(query: ViewQuery): boolean {
  if (query.filters.statuses.length > 0 || query.search.trim() !== '') return true;
  return query.sorting.some((rule) => MUTABLE_SORT_COLUMNS.has(rule.id));
}

const MUTABLE_SORT_COLUMNS: ReadonlySet<string> = new Set([
  'status',
  'filled',
  'remaining',
  'quantity',
  'notional',
  'finished',
]);

// ------------------------------------------------------------- comparing ---

/** Compares two decimal strings exactly (no float); non-decimals compare as text, after numbers. */
export function compareDecimal(a: string, b: string): number {
  const da = DECIMAL.test(a);
  const db = DECIMAL.test(b);
  if (!da || !db) return da === db ? compareText(a, b) : da ? -1 : 1;
  const negA = a.startsWith('-') && !isZeroText(a);
  const negB = b.startsWith('-') && !isZeroText(b);
  if (negA !== negB) return negA ? -1 : 1;
  const abs = compareAbs(a.replace(/^-/, ''), b.replace(/^-/, ''));
  return negA ? -abs : abs;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function isZeroText(value: string): boolean {
  return /^-?0+(\.0+)?$/.test(value);
}

function compareAbs(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const aw = ai.replace(/^0+(?=\d)/, '');
  const bw = bi.replace(/^0+(?=\d)/, '');
  if (aw.length !== bw.length) return aw.length < bw.length ? -1 : 1;
  if (aw !== bw) return aw < bw ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const ax = af.padEnd(width, '0');
  const bx = bf.padEnd(width, '0');
  return ax === bx ? 0 : ax < bx ? -1 : 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Known values first, in `compare`'s order; orders without the fact (the venue did not say) last. */
function compareOptional<T>(a: T | undefined, b: T | undefined, compare: (x: T, y: T) => number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return compare(a, b);
}

const notionals = new WeakMap<Order, string | null>();

/** An order's notional, computed once per (immutable) order object: a sort compares it n log n times. */
function notionalOf(order: Order): string | undefined {
  let value = notionals.get(order);
  if (value === undefined) {
    value = orderNotional(order) ?? null;
    notionals.set(order, value);
  }
  return value ?? undefined;
}

/** No flag, post-only, reduce-only, both. */
function flagRank(order: Order): number {
  return (order.postOnly ? 1 : 0) + (order.reduceOnly ? 2 : 0);
}

/** Lifecycle order: live first, then in flight, then finished. */
const STATUS_RANK: Record<OrderStatus, number> = {
  open: 0,
  partially_filled: 1,
  cancel_requested: 2,
  cancelling: 3,
  unknown: 4,
  cancelled: 5,
  filled: 6,
  rejected: 7,
  expired: 8,
};

export type AccountLabel = (accountId: string) => string;

type Comparator = (a: Order, b: Order) => number;

/** Ascending comparators per column id (TanStack reverses nothing for us: `desc` flips the sign here). */
export function comparatorFor(columnId: string, accountLabel: AccountLabel): Comparator | null {
  switch (columnId) {
    case 'venue':
      return (a, b) => VENUE_ORDER.indexOf(a.venue) - VENUE_ORDER.indexOf(b.venue);
    case 'account':
      return (a, b) => compareText(accountLabel(a.accountId), accountLabel(b.accountId));
    case 'market':
      return (a, b) => compareText(a.market, b.market);
    case 'side':
      return (a, b) => compareText(a.side, b.side);
    case 'type':
      return (a, b) => compareText(a.type, b.type);
    case 'price':
      return (a, b) => compareDecimal(a.price, b.price);
    case 'quantity':
      return (a, b) => compareDecimal(a.quantity, b.quantity);
    case 'filled':
      return (a, b) => compareDecimal(a.filled, b.filled);
    case 'remaining':
      return (a, b) => compareDecimal(a.remaining, b.remaining);
    case 'status':
      return (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'age':
      // Age ascending = youngest first.
      return (a, b) => b.createdAt - a.createdAt;
    case 'order':
      return (a, b) => compareText(a.venueOrderId, b.venueOrderId);
    case 'notional':
      // By magnitude, across quote currencies (the cell names each one); none (no price) last.
      return (a, b) => compareOptional(notionalOf(a), notionalOf(b), compareDecimal);
    case 'tif':
      return (a, b) => compareOptional(a.timeInForce, b.timeInForce, compareText);
    case 'flags':
      return (a, b) => flagRank(a) - flagRank(b);
    case 'clientOrderId':
      return (a, b) => compareOptional(a.clientOrderId, b.clientOrderId, compareText);
    case 'placed':
      return (a, b) => a.createdAt - b.createdAt;
    case 'finished':
      return (a, b) => compareOptional(a.finishedAt, b.finishedAt, (x, y) => x - y);
    default:
      return null;
  }
}

/** Columns the grid can sort on (every data column; not the checkbox or action column). */
export const SORTABLE_COLUMNS: ReadonlySet<string> = new Set([
  'venue',
  'account',
  'market',
  'side',
  'type',
  'price',
  'quantity',
  'filled',
  'remaining',
  'status',
  'age',
  'order',
  'notional',
  'tif',
  'flags',
  'clientOrderId',
  'placed',
  'finished',
]);

// ------------------------------------------------------------- matching ---

const searchTexts = new WeakMap<Order, string>();

/** Lower-case text a search matches against; cached per (immutable) order object. */
function searchText(order: Order, accountLabel: AccountLabel): string {
  let text = searchTexts.get(order);
  if (text === undefined) {
    text = [
      VENUE_LABELS[order.venue],
      order.venue,
      order.accountId,
      accountLabel(order.accountId),
      order.market,
      order.side,
      order.type,
      order.venueOrderId,
      order.price,
      order.quantity,
      STATUS_LABELS[order.status],
      order.statusReason ?? '',
    ]
      .join(' ')
      .toLowerCase();
    searchTexts.set(order, text);
  }
  return text;
}

export function searchTerms(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

export function matches(
  order: Order,
  filters: Filters,
  terms: readonly string[],
  accountLabel: AccountLabel,
): boolean {
  if (filters.venues.length > 0 && !filters.venues.includes(order.venue)) return false;
  if (filters.accountIds.length > 0 && !filters.accountIds.includes(order.accountId)) return false;
  if (filters.markets.length > 0 && !filters.markets.includes(order.market)) return false;
  if (filters.side !== null && order.side !== filters.side) return false;
  if (filters.statuses.length > 0 && !filters.statuses.includes(order.status)) return false;
  if (terms.length > 0) {
    const text = searchText(order, accountLabel);
    for (const term of terms) if (!text.includes(term)) return false;
  }
  return true;
}

// -------------------------------------------------------------- the view ---

function groupValue(order: Order, groupBy: Exclude<GroupBy, 'none'>): string {
  return groupBy === 'venue' ? order.venue : order.market;
}

function groupLabel(value: string, groupBy: Exclude<GroupBy, 'none'>): string {
  return groupBy === 'venue' ? (VENUE_LABELS[value as VenueId] ?? value) : value;
}

function compareGroups(groupBy: Exclude<GroupBy, 'none'>): (a: string, b: string) => number {
  if (groupBy === 'venue') {
    return (a, b) => VENUE_ORDER.indexOf(a as VenueId) - VENUE_ORDER.indexOf(b as VenueId);
  }
  return compareText;
}

/**
 * The rows to show. `base` is the book's view (already in its default order:
 * newest first); sorting is stable, so equal rows keep that order.
 */
export function computeView(
  base: readonly RowRef[],
  orders: ReadonlyMap<string, Order>,
  query: ViewQuery,
  accountLabel: AccountLabel,
): ViewResult {
  if (isDefaultQuery(query)) return { rows: base, groups: [] };
  const terms = searchTerms(query.search);
  const filtering = filtersActive(query.filters) || terms.length > 0;
  const picked: { ref: RowRef; order: Order }[] = [];
  for (const ref of base) {
    const order = orders.get(ref.key);
    if (!order) continue;
    if (filtering && !matches(order, query.filters, terms, accountLabel)) continue;
    picked.push({ ref, order });
  }
  const rules = query.sorting
    .map((rule) => ({ compare: comparatorFor(rule.id, accountLabel), sign: rule.desc ? -1 : 1 }))
    .filter((rule): rule is { compare: Comparator; sign: number } => rule.compare !== null);
  const groupBy = query.groupBy;
  const byGroup = groupBy === 'none' ? null : compareGroups(groupBy);
  if (rules.length > 0 || byGroup) {
    picked.sort((a, b) => {
      if (byGroup && groupBy !== 'none') {
        const g = byGroup(groupValue(a.order, groupBy), groupValue(b.order, groupBy));
        if (g !== 0) return g;
      }
      for (const rule of rules) {
        const c = rule.compare(a.order, b.order);
        if (c !== 0) return c * rule.sign;
      }
      return 0;
    });
  }
  const rows = picked.map((entry) => entry.ref);
  if (groupBy === 'none') return { rows, groups: [] };
  const groups: GroupInfo[] = [];
  for (let i = 0; i < picked.length; i++) {
    const value = groupValue((picked[i] as { order: Order }).order, groupBy);
    const last = groups[groups.length - 1];
    if (last && last.value === value) {
      groups[groups.length - 1] = { ...last, count: last.count + 1 };
    } else {
      groups.push({
        id: `${groupBy}:${value}`,
        label: groupLabel(value, groupBy),
        groupBy,
        value,
        start: i,
        count: 1,
      });
    }
  }
  return { rows, groups };
}

/** Flattens rows and group headers into the virtual list's items. */
export function viewItems(result: ViewResult): readonly ViewItem[] | null {
  if (result.groups.length === 0) return null;
  const items: ViewItem[] = [];
  for (const group of result.groups) {
    items.push({ kind: 'group', group });
    for (let i = group.start; i < group.start + group.count; i++) {
      items.push({ kind: 'row', ref: result.rows[i] as RowRef, index: i });
    }
  }
  return items;
}

/** Markets and accounts present in a set of orders, for the filter menus (sorted). */
export function facets(orders: Iterable<Order>): { markets: string[]; accountIds: string[] } {
  const markets = new Set<string>();
  const accountIds = new Set<string>();
  for (const order of orders) {
    markets.add(order.market);
    accountIds.add(order.accountId);
  }
  return { markets: [...markets].sort(compareText), accountIds: [...accountIds].sort(compareText) };
}
