/**
 * Demo market activity: new orders, partial fills and full fills on the
 * simulators, paced and seeded so a demo session looks alive and a test run
 * replays the same sequence. Fills racing cancels come from the simulators'
 * conflict faults plus this driver filling orders that are being cancelled.
 */

import type { InstrumentFacts } from '../../preload/contract.ts';
import { add, compare, multiply, truncate } from '../../preload/decimal.ts';
import type { Random } from '../core/random.ts';
import type { SimOrderSpec, VenueSimulator } from '../venues/simulator.ts';
import type { DemoMarket } from '../venues/types.ts';

export interface DemoVenue {
  simulator: VenueSimulator;
  markets: DemoMarket[];
}

/** One increment at `decimals` fractional digits: 2 → "0.01", 0 → "1". */
function increment(decimals: number): string {
  return decimals > 0 ? `0.${'0'.repeat(decimals - 1)}1` : '1';
}

/** Fractional digits of the demo market's lot: three below its typical size's, so halved fills stay on it. */
function lotDecimals(market: DemoMarket): number {
  return (market.size.split('.')[1]?.length ?? 0) + 3;
}

/**
 * The simulated market's tick and lot, as the demo account is told them: prices sit on the tick
 * (`randomOrder`) and fills on the lot (`activityStep`), so the facts are true of every demo order.
 */
export function demoInstrumentFacts(market: DemoMarket): InstrumentFacts {
  return { tickSize: increment(market.priceDecimals), lotSize: increment(lotDecimals(market)) };
}

/** A random resting order around the market's mid: buys below, sells above, within ~2%. */
export function randomOrder(random: Random, market: DemoMarket): SimOrderSpec {
  const side = random.chance(0.5) ? 'buy' : 'sell';
  const ticksPerPercent = Math.max(1, Math.round(Number(market.mid) * 0.01 * 10 ** market.priceDecimals));
  const offsetTicks = random.int(1, 2 * ticksPerPercent + 1) * (side === 'buy' ? -1 : 1);
  const tick = increment(market.priceDecimals);
  const price = truncate(add(market.mid, multiply(tick, String(offsetTicks))), market.priceDecimals);
  const quantity = multiply(market.size, String(random.int(1, 6)));
  return { market: market.market, side, price, quantity, type: 'limit' };
}

/** The market of each order the demo placed, per simulator: a partial fill is cut to that market's lot. */
const placedMarkets = new WeakMap<VenueSimulator, Map<string, DemoMarket>>();

function place(random: Random, venue: DemoVenue): void {
  const market = random.pick(venue.markets);
  const id = venue.simulator.placeOrder(randomOrder(random, market));
  let placed = placedMarkets.get(venue.simulator);
  if (!placed) {
    placed = new Map();
    placedMarkets.set(venue.simulator, placed);
  }
  placed.set(id, market);
  // Orders that ended (filled, cancelled) are forgotten once they outnumber the open ones.
  if (placed.size > 200) {
    const open = new Set(venue.simulator.openOrderIds());
    for (const known of placed.keys()) if (!open.has(known)) placed.delete(known);
  }
}

export function seedOrders(random: Random, venue: DemoVenue, count: number): void {
  for (let i = 0; i < count; i += 1) place(random, venue);
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
    place(random, venue);
  } else if (roll < 0.8) {
    const id = random.pick(open);
    const remaining = venue.simulator.remainingOf(id);
    // Fill about half of what remains, exactly (no float touches the amount).
    const market = placedMarkets.get(venue.simulator)?.get(id);
    if (remaining) venue.simulator.fill(id, halfOf(remaining, market ? lotDecimals(market) : undefined));
  } else {
    venue.simulator.fill(random.pick(open));
  }
}

/** About half of `value`, on the lot when it is known; all of it when half is less than one lot. */
function halfOf(value: string, lot: number | undefined): string {
  const half = multiply(value, '0.5');
  const onLot = lot === undefined ? half : truncate(half, lot);
  return compare(onLot, '0') > 0 ? onLot : value;
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
