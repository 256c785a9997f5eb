/**
 * The update stream the peer grids are fed, generated in their page: the render bench's own
 * synthetic venues (bench/lib/synthetic.ts) with the bench host's seeds, so a peer starts from the
 * same book and receives the same sequence of partial fills, fills and new orders at the same rate
 * (driveLoad's 5 ms slices) as our grid does through the product's path.
 */

import { seededRandom } from '../../main/core/random.ts';
import type { AdapterEvents, VenueOrder } from '../../main/core/venue.ts';
import { VENUE_IDS, type VenueId } from '../../preload/venues.ts';
import { driveLoad, SyntheticAdapter } from '../lib/synthetic.ts';

export interface StreamedOrder {
  venue: VenueId;
  accountId: string;
  /** The account's label in our grid (bench/lib/bench-host.ts). */
  accountLabel: string;
  order: VenueOrder;
}

export interface PeerStream {
  /** The book before the load: every adapter's open orders. */
  initial(): Promise<StreamedOrder[]>;
  /** `rate` updates a second for `seconds`, each handed to `onOrder` as the venue emits it. */
  run(
    rate: number,
    seconds: number,
    onOrder: (update: StreamedOrder) => void,
  ): Promise<{ sent: number; elapsedMs: number }>;
}

/** The same venues, accounts and seeds as bench/lib/bench-host.ts. */
export function createPeerStream(orders: number, seed = 1): PeerStream {
  const perVenue = Math.ceil(orders / VENUE_IDS.length);
  const adapters = VENUE_IDS.map(
    (venue, i) =>
      new SyntheticAdapter({
        venue,
        accountId: `bench-${venue}`,
        random: seededRandom(seed * 100 + i),
        orders: Math.max(0, Math.min(perVenue, orders - perVenue * i)),
      }),
  );
  const label = (venue: VenueId) => `${venue} bench`;
  return {
    async initial() {
      const all: StreamedOrder[] = [];
      for (const adapter of adapters) {
        for (const order of await adapter.listOpenOrders()) {
          all.push({
            venue: adapter.venue,
            accountId: adapter.accountId,
            accountLabel: label(adapter.venue),
            order,
          });
        }
      }
      return all;
    },
    async run(rate, seconds, onOrder) {
      for (const adapter of adapters) {
        const events: AdapterEvents = {
          order: (order) =>
            onOrder({
              venue: adapter.venue,
              accountId: adapter.accountId,
              accountLabel: label(adapter.venue),
              order,
            }),
          cancelFailed: () => {},
          connection: () => {},
          heartbeat: () => {},
          malformed: () => {},
        };
        await adapter.start(events);
      }
      return driveLoad(adapters, { rate, seconds, random: seededRandom(seed), targetOpen: orders });
    },
  };
}
