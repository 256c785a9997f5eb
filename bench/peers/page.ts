/**
 * What every peer page shares: the in-page stream and book, the j/k cursor keys, the linger sweep
 * and the age tick, and the `window.__peer` handle the bench drives the page through. A page only
 * says how its grid shows rows and takes changes (`PeerGrid`).
 */
import { type Applied, PeerBook, type PeerRow } from './book.ts';
import { createPeerStream } from './stream.ts';

/** How the page's grid shows the book and takes its changes. */
export interface PeerGrid {
  /** The element the bench scrolls (sets scrollTop on), as a wheel would. */
  readonly scrollSelector: string;
  /** Shows the initial rows (newest first); resolves once they are painted. */
  mount(rows: PeerRow[]): Promise<void>;
  /** One venue update as it arrives. */
  changed(applied: Applied): void;
  /** Orders whose linger is over. */
  removed(rows: PeerRow[]): void;
  /** The age column's second went by. */
  tick(): void;
  /** j / k: the keyboard cursor one row down / up, kept in view. */
  moveCursor(delta: 1 | -1): void;
  rowCount(): number;
}

/** The handle the bench (bench/peer-grids.ts) drives a peer page through. */
export interface PeerPage {
  readonly scrollSelector: string;
  mount(): Promise<number>;
  startLoad(rate: number, seconds: number): Promise<{ sent: number; elapsedMs: number }>;
  rowCount(): number;
}

declare global {
  interface Window {
    __peer?: PeerPage;
  }
}

/** As often as our renderer sweeps lingering orders (renderer/book/sync.ts). */
const LINGER_SWEEP_MS = 250;
/** As often as our age cells tick (renderer/blotter/cells.tsx). */
const AGE_TICK_MS = 1_000;

export type RowPlacement = 'newest-first' | 'append';

export function pageParams(): { orders: number; seed: number; placement: RowPlacement } {
  const query = new URLSearchParams(location.search);
  return {
    orders: Number(query.get('orders') ?? 10_000),
    seed: Number(query.get('seed') ?? 1),
    placement: query.get('placement') === 'append' ? 'append' : 'newest-first',
  };
}

export function exposePeer(createGrid: (book: PeerBook) => PeerGrid): void {
  const { orders, seed } = pageParams();
  const stream = createPeerStream(orders, seed);
  const book = new PeerBook();
  const grid = createGrid(book);
  window.__peer = {
    scrollSelector: grid.scrollSelector,
    async mount() {
      const now = Date.now();
      for (const { venue, accountId, accountLabel, order } of await stream.initial()) {
        book.apply(venue, accountId, accountLabel, order, now);
      }
      await grid.mount(book.all());
      window.addEventListener('keydown', (event) => {
        if (event.key === 'j') grid.moveCursor(1);
        else if (event.key === 'k') grid.moveCursor(-1);
      });
      setInterval(() => {
        const gone = book.expire(Date.now());
        if (gone.length > 0) grid.removed(gone);
      }, LINGER_SWEEP_MS);
      setInterval(() => grid.tick(), AGE_TICK_MS);
      return grid.rowCount();
    },
    startLoad(rate, seconds) {
      return stream.run(rate, seconds, ({ venue, accountId, accountLabel, order }) => {
        const applied = book.apply(venue, accountId, accountLabel, order, Date.now());
        if (applied.kind !== 'ignored') grid.changed(applied);
      });
    },
    rowCount: () => grid.rowCount(),
  };
}

/** Resolves after the next two animation frames (the one that paints, then one more). */
export function painted(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
