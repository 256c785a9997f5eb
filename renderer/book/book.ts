/**
 * The renderer's copy of the order book and the functions that apply a
 * snapshot or a batch of deltas to it. DOM-free and deterministic (`now` is a
 * parameter), so it is unit-tested under plain Node.
 *
 * Cost model: a delta costs O(changed orders × log book) plus, only when an
 * order enters or leaves a view, one splice of that view's row array (a
 * pointer memmove; the array is copied at most once per batch so React sees a
 * new reference). The order map is never copied: a Book owns its maps and the
 * apply functions mutate them in place, returning a new Book object (new
 * identity, same maps) when anything changed. Treat a Book as consumed once it
 * has been passed to `applyUpdates`/`expireLingering`: use the returned one.
 * Individual `Order` objects are immutable and replaced on change, so a
 * selector `orders.get(key)` sees a new reference exactly when that order moved.
 */
import type {
  AccountStatus,
  BlotterMode,
  BlotterUpdate,
  IntentProgress,
  Order,
  Snapshot,
} from '../../preload/contract.ts';
import { isFinalStatus, VENUE_ORDER } from './status.ts';

/** How long an order that just became final stays in the Open view. */
export const LINGER_MS = 3_000;
/** Intents kept for the header summary (newest first). */
export const MAX_INTENTS = 50;

/** A stable per-order row identity: the table's data rows. Created once per key. */
export interface RowRef {
  readonly key: string;
  /**
   * The order is not final, as of the latest order the book that made this ref applied (refs are shared by
   * every version of the book). Lets a count over 50,000 rows skip a map lookup per row; absent on refs
   * made elsewhere.
   */
  live?: boolean;
}

interface BookMaps {
  readonly orders: Map<string, Order>;
  readonly rows: Map<string, RowRef>;
  /** key → time the order became final (its `updatedAt` then); orders the Recent view. */
  readonly finalAt: Map<string, number>;
  /** key → time a just-final order leaves the Open view. */
  readonly lingerUntil: Map<string, number>;
  readonly accounts: Map<string, AccountStatus>;
  readonly intents: Map<string, IntentProgress>;
}

export interface Book {
  readonly mode: BlotterMode | null;
  /** Highest book version applied; -1 before the first snapshot. */
  readonly version: number;
  readonly orders: ReadonlyMap<string, Order>;
  /** Open view: non-final orders plus orders final for less than LINGER_MS; newest created first. */
  readonly openRows: readonly RowRef[];
  /** Recent view: final orders, most recently final first. */
  readonly recentRows: readonly RowRef[];
  /** Orders not in a final state. */
  readonly liveCount: number;
  /** Sorted by venue, then label. */
  readonly accounts: readonly AccountStatus[];
  /** Newest first. */
  readonly intents: readonly IntentProgress[];
  /** Owned mutable state; only this module touches it. */
  readonly maps: BookMaps;
}

function newMaps(): BookMaps {
  return {
    orders: new Map(),
    rows: new Map(),
    finalAt: new Map(),
    lingerUntil: new Map(),
    accounts: new Map(),
    intents: new Map(),
  };
}

export function emptyBook(): Book {
  const maps = newMaps();
  return {
    mode: null,
    version: -1,
    orders: maps.orders,
    openRows: [],
    recentRows: [],
    liveCount: 0,
    accounts: [],
    intents: [],
    maps,
  };
}

// ------------------------------------------------------------ ordering ---

type PrimaryOf = (key: string) => number;

/** Descending primary (newer first), then ascending key: a total, stable order. */
function compare(aPrimary: number, aKey: string, bPrimary: number, bKey: string): number {
  if (aPrimary !== bPrimary) return aPrimary > bPrimary ? -1 : 1;
  return aKey < bKey ? -1 : aKey > bKey ? 1 : 0;
}

function lowerBound(rows: readonly RowRef[], primary: number, key: string, primaryOf: PrimaryOf): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const row = rows[mid]!;
    if (compare(primaryOf(row.key), row.key, primary, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(rows: RowRef[], ref: RowRef, primaryOf: PrimaryOf): void {
  rows.splice(lowerBound(rows, primaryOf(ref.key), ref.key, primaryOf), 0, ref);
}

function removeSorted(rows: RowRef[], ref: RowRef, primaryOf: PrimaryOf): void {
  const at = lowerBound(rows, primaryOf(ref.key), ref.key, primaryOf);
  if (rows[at] === ref) {
    rows.splice(at, 1);
    return;
  }
  const fallback = rows.indexOf(ref); // only if a sort key changed behind our back
  if (fallback >= 0) rows.splice(fallback, 1);
}

function sortRows(rows: RowRef[], primaryOf: PrimaryOf): RowRef[] {
  return rows.sort((a, b) => compare(primaryOf(a.key), a.key, primaryOf(b.key), b.key));
}

function sortedAccounts(accounts: Map<string, AccountStatus>): AccountStatus[] {
  return [...accounts.values()].sort((a, b) => {
    const venue = VENUE_ORDER.indexOf(a.venue) - VENUE_ORDER.indexOf(b.venue);
    if (venue !== 0) return venue;
    return a.label < b.label ? -1 : a.label > b.label ? 1 : a.accountId < b.accountId ? -1 : 1;
  });
}

function sortedIntents(intents: Map<string, IntentProgress>): IntentProgress[] {
  const list = [...intents.values()].sort((a, b) => b.startedAt - a.startedAt);
  for (const dropped of list.splice(MAX_INTENTS)) intents.delete(dropped.intentId);
  return list;
}

// ------------------------------------------------------------ snapshot ---

/** Builds a fresh book from a snapshot (a snapshot replaces everything). O(n log n). */
export function applySnapshot(snapshot: Snapshot, now: number): Book {
  const maps = newMaps();
  const openRows: RowRef[] = [];
  const recentRows: RowRef[] = [];
  let liveCount = 0;
  for (const order of snapshot.orders) {
    const held = maps.orders.get(order.key);
    if (held && held.version >= order.version) continue;
    maps.orders.set(order.key, order);
  }
  for (const order of maps.orders.values()) {
    const ref: RowRef = { key: order.key, live: !isFinalStatus(order.status) };
    maps.rows.set(order.key, ref);
    if (!ref.live) {
      maps.finalAt.set(order.key, order.updatedAt);
      recentRows.push(ref);
      const until = order.updatedAt + LINGER_MS;
      if (until > now) {
        maps.lingerUntil.set(order.key, until);
        openRows.push(ref);
      }
    } else {
      liveCount++;
      openRows.push(ref);
    }
  }
  for (const account of snapshot.accounts) maps.accounts.set(account.accountId, account);
  for (const intent of snapshot.intents) maps.intents.set(intent.intentId, intent);
  return {
    mode: snapshot.mode,
    version: snapshot.version,
    orders: maps.orders,
    openRows: sortRows(openRows, createdAtOf(maps)),
    recentRows: sortRows(recentRows, finalAtOf(maps)),
    liveCount,
    accounts: sortedAccounts(maps.accounts),
    intents: sortedIntents(maps.intents),
    maps,
  };
}

function createdAtOf(maps: BookMaps): PrimaryOf {
  return (key) => maps.orders.get(key)?.createdAt ?? 0;
}

function finalAtOf(maps: BookMaps): PrimaryOf {
  return (key) => maps.finalAt.get(key) ?? 0;
}

// -------------------------------------------------------------- deltas ---

/** Copy-on-first-write view arrays for one batch. */
class Draft {
  readonly maps: BookMaps;
  readonly createdAt: PrimaryOf;
  readonly finalAt: PrimaryOf;
  version: number;
  liveCount: number;
  changed = false;
  accountsChanged = false;
  intentsChanged = false;
  readonly #book: Book;
  #open: RowRef[] | null = null;
  #recent: RowRef[] | null = null;

  constructor(book: Book) {
    this.#book = book;
    this.maps = book.maps;
    this.createdAt = createdAtOf(book.maps);
    this.finalAt = finalAtOf(book.maps);
    this.version = book.version;
    this.liveCount = book.liveCount;
  }

  open(): RowRef[] {
    this.#open ??= this.#book.openRows.slice();
    return this.#open;
  }

  recent(): RowRef[] {
    this.#recent ??= this.#book.recentRows.slice();
    return this.#recent;
  }

  finish(): Book {
    if (!this.changed) return this.#book;
    const book = this.#book;
    return {
      mode: book.mode,
      version: this.version,
      orders: this.maps.orders,
      openRows: this.#open ?? book.openRows,
      recentRows: this.#recent ?? book.recentRows,
      liveCount: this.liveCount,
      accounts: this.accountsChanged ? sortedAccounts(this.maps.accounts) : book.accounts,
      intents: this.intentsChanged ? sortedIntents(this.maps.intents) : book.intents,
      maps: this.maps,
    };
  }
}

function applyOrder(draft: Draft, order: Order, now: number): void {
  const { orders, rows, finalAt, lingerUntil } = draft.maps;
  const prev = orders.get(order.key);
  if (prev && order.version <= prev.version) return; // stale or duplicate
  draft.changed = true;

  let ref = rows.get(order.key);
  if (!ref) {
    // Made with both fields, as applySnapshot makes them: one object shape for every ref.
    ref = { key: order.key, live: true };
    rows.set(order.key, ref);
  }
  const wasFinal = prev ? isFinalStatus(prev.status) : false;
  const wasOpen = prev ? !wasFinal || lingerUntil.has(order.key) : false;
  const wasRecent = prev ? wasFinal : false;
  const nowFinal = isFinalStatus(order.status);
  ref.live = !nowFinal;

  if (nowFinal && prev && !wasFinal) lingerUntil.set(order.key, now + LINGER_MS);
  if (!nowFinal) lingerUntil.delete(order.key);
  const willOpen = !nowFinal || lingerUntil.has(order.key);
  const moved = prev !== undefined && prev.createdAt !== order.createdAt;

  // Removals read the sort keys of the held order, so they happen before the swap.
  if (wasOpen && (!willOpen || moved)) removeSorted(draft.open(), ref, draft.createdAt);
  if (wasRecent && !nowFinal) {
    removeSorted(draft.recent(), ref, draft.finalAt);
    finalAt.delete(order.key);
  }
  orders.set(order.key, order);
  if (willOpen && (!wasOpen || moved)) insertSorted(draft.open(), ref, draft.createdAt);
  if (nowFinal && !wasRecent) {
    finalAt.set(order.key, order.updatedAt);
    insertSorted(draft.recent(), ref, draft.finalAt);
  }
  draft.liveCount += (nowFinal ? 0 : 1) - (prev && !wasFinal ? 1 : 0);
}

/**
 * Applies coalesced deltas in arrival order. An order whose `version` is not
 * above the held one is dropped; account and intent changes from an update
 * whose book version is not above the book's are dropped too.
 */
export function applyUpdates(book: Book, updates: readonly BlotterUpdate[], now: number): Book {
  const draft = new Draft(book);
  for (const update of updates) {
    for (const order of update.orders) applyOrder(draft, order, now);
    if (update.version <= draft.version) continue;
    draft.version = update.version;
    draft.changed = true;
    for (const account of update.accounts) {
      draft.maps.accounts.set(account.accountId, account);
      draft.accountsChanged = true;
    }
    for (const intent of update.intents) {
      draft.maps.intents.set(intent.intentId, intent);
      draft.intentsChanged = true;
    }
  }
  return draft.finish();
}

/** Drops just-final orders from the Open view once their LINGER_MS is over. O(lingering). */
export function expireLingering(book: Book, now: number): Book {
  const { lingerUntil, rows } = book.maps;
  if (lingerUntil.size === 0) return book;
  const draft = new Draft(book);
  for (const [key, until] of lingerUntil) {
    if (until > now) continue;
    lingerUntil.delete(key);
    const ref = rows.get(key);
    const order = book.orders.get(key);
    if (ref && order && isFinalStatus(order.status)) {
      removeSorted(draft.open(), ref, draft.createdAt);
      draft.changed = true;
    }
  }
  return draft.finish();
}

export function hasLingering(book: Book): boolean {
  return book.maps.lingerUntil.size > 0;
}
