/**
 * The peer pages' order book: what an application feeding a third-party grid keeps itself. Orders
 * by key; an order that turns final stays LINGER_MS (as in our Open view) and then leaves. For a
 * grid that reads rows by index (Glide), `view()` gives the keys newest created first, rebuilt only
 * when the set of rows changed. DOM-free, so it is unit-tested under Node.
 */
import type { VenueOrder } from '../../main/core/venue.ts';
import type { VenueId } from '../../preload/venues.ts';
import { LINGER_MS } from '../../renderer/book/book.ts';
import { isFinalStatus } from '../../renderer/book/status.ts';

export interface PeerRow {
  readonly key: string;
  readonly venue: VenueId;
  readonly accountLabel: string;
  readonly order: VenueOrder;
}

export type Applied = { kind: 'add' | 'update'; row: PeerRow } | { kind: 'ignored' };

export class PeerBook {
  private readonly rows = new Map<string, PeerRow>();
  private readonly lingerUntil = new Map<string, number>();
  /** Newest created first; stale while `setChanged`. */
  private keys: string[] = [];
  private added: string[] = [];
  private removed = new Set<string>();
  private setChanged = true;

  get size(): number {
    return this.rows.size;
  }

  get(key: string): PeerRow | undefined {
    return this.rows.get(key);
  }

  /** One venue update; an order that is final on arrival (never shown open) is ignored. */
  apply(venue: VenueId, accountId: string, accountLabel: string, order: VenueOrder, now: number): Applied {
    const key = `${accountId}:${order.venueOrderId}`;
    const known = this.rows.get(key);
    const final = isFinalStatus(order.status);
    if (!known && final) return { kind: 'ignored' };
    const row: PeerRow = { key, venue, accountLabel, order };
    this.rows.set(key, row);
    if (final && !this.lingerUntil.has(key)) this.lingerUntil.set(key, now + LINGER_MS);
    if (known) return { kind: 'update', row };
    this.added.push(key);
    this.setChanged = true;
    return { kind: 'add', row };
  }

  /** Drops the orders whose linger is over; returns them. */
  expire(now: number): PeerRow[] {
    const gone: PeerRow[] = [];
    for (const [key, until] of this.lingerUntil) {
      if (until > now) continue;
      const row = this.rows.get(key);
      this.lingerUntil.delete(key);
      this.rows.delete(key);
      if (row) gone.push(row);
      this.removed.add(key);
      this.setChanged = true;
    }
    return gone;
  }

  /** Every row, newest created first. */
  all(): PeerRow[] {
    return this.view().map((key) => this.rows.get(key) as PeerRow);
  }

  /** Row keys newest created first: the same array until the set of rows changes. */
  view(): readonly string[] {
    if (!this.setChanged) return this.keys;
    const createdAt = (key: string) => this.rows.get(key)?.order.createdAt ?? 0;
    const added = this.added.filter((key) => this.rows.has(key)).sort((a, b) => createdAt(b) - createdAt(a));
    const kept = this.removed.size > 0 ? this.keys.filter((key) => !this.removed.has(key)) : this.keys;
    // Merge two newest-first lists (fresh orders land on top, so this is mostly a copy).
    const merged: string[] = [];
    let i = 0;
    let j = 0;
    while (i < added.length || j < kept.length) {
      const a = added[i];
      const k = kept[j];
      if (a !== undefined && (k === undefined || createdAt(a) >= createdAt(k))) {
        merged.push(a);
        i++;
      } else if (k !== undefined) {
        merged.push(k);
        j++;
      }
    }
    this.keys = merged;
    this.added = [];
    this.removed = new Set();
    this.setChanged = false;
    return this.keys;
  }
}
