/**
 * Demo market activity: new orders, partial fills and full fills on the
 * simulators, paced and seeded so a demo session looks alive and a test run
 * replays the same sequence. Fills racing cancels come from the simulators'
 * conflict faults plus this driver filling orders that are being cancelled.
 */

import { add, compare, multiply, truncate } from '../../preload/decimal.ts';
import type { Random } from '../core/random.ts';
import type { SimOrderSpec, VenueSimulator } from '../venues/simulator.ts';
import type { DemoMarket } from '../venues/types.ts';

export interface DemoVenue {
  simulator: VenueSimulator;
  markets: DemoMarket[];
}

/** A random resting order around the market's mid: buys below, sells above, within ~2%. */
export function randomOrder(random: Random, market: DemoMarket): SimOrderSpec {
  const side = random.chance(0.5) ? 'buy' : 'sell';
  const ticksPerPercent = Math.max(1, Math.round(Number(market.mid) * 0.01 * 10 ** market.priceDecimals));
  const offsetTicks = random.int(1, 2 * ticksPerPercent + 1) * (side === 'buy' ? -1 : 1);
  const tick = market.priceDecimals > 0 ? `0.${'0'.repeat(market.priceDecimals - 1)}1` : '1';
  const price = truncate(add(market.mid, multiply(tick, String(offsetTicks))), market.priceDecimals);
  const quantity = multiply(market.size, String(random.int(1, 6)));
  return { market: market.market, side, price, quantity, type: 'limit' };
}

export function seedOrders(random: Random, venue: DemoVenue, count: number): void {
  for (let i = 0; i < count; i += 1)
    venue.simulator.placeOrder(randomOrder(random, random.pick(venue.markets)));
}

export interface ActivityOptions {
  random: Random;
  venues: DemoVenue[];
  /** Open orders per venue the driver steers toward. */
  targetOpenPerVenue: number;
  intervalMs: number;
  onError: (err: unknown) => void;
}

/** One step of activity on one venue. Exported for tests. */
export function activityStep(random: Random, venue: DemoVenue, targetOpen: number): void {
  const open = venue.simulator.openOrderIds();
  const roll = random.next();
  const wantMore = open.length < targetOpen;
  if (open.length === 0 || (wantMore && roll < 0.5)) {
    venue.simulator.placeOrder(randomOrder(random, random.pick(venue.markets)));
  } else if (roll < 0.8) {
    const id = random.pick(open);
    const remaining = venue.simulator.remainingOf(id);
    // Fill about half of what remains, exactly (no float touches the amount).
    if (remaining) venue.simulator.fill(id, halfOf(remaining));
  } else {
    venue.simulator.fill(random.pick(open));
  }
}

function halfOf(value: string): string {
  const half = multiply(value, '0.5');
  return compare(half, '0') > 0 ? half : value;
}

export function startActivity(options: ActivityOptions): () => void {
  const timer = setInterval(() => {
    try {
      const venue = options.random.pick(options.venues);
      activityStep(options.random, venue, options.targetOpenPerVenue);
    } catch (err) {
      options.onError(err);
    }
  }, options.intervalMs);
  return () => clearInterval(timer);
}
