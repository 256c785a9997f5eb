/**
 * Demo mode: one simulator per venue on loopback, one demo account per venue
 * with the simulator's in-memory credentials (never the keychain), ~50
 * seeded orders and ongoing activity. The blotter talks to the simulators
 * over their real wire protocols, exactly as it talks to the venues.
 */
import type { BlotterService } from '../core/blotter-service.ts';
import type { Logger } from '../core/log.ts';
import { seededRandom } from '../core/random.ts';
import type { SimFaults, VenueSimulator } from '../venues/simulator.ts';
import type { VenueModule } from '../venues/types.ts';
import { type DemoVenue, demoInstrumentFacts, seedOrders, startActivity } from './activity.ts';

export interface DemoOptions {
  venues: VenueModule[];
  seed: number;
  logger: Logger;
  /** Seeded orders over all venues. */
  totalOrders?: number;
  /** Milliseconds between activity steps; 0 turns activity off (tests that need a still book). */
  activityIntervalMs?: number;
  faults?: Partial<SimFaults>;
  /** Scripted gateway outages (demo fault script, e2e tests): venue, when after the start, how long. */
  outages?: DemoOutage[];
}

export interface DemoOutage {
  venue: string;
  atMs: number;
  forMs: number;
}

/** `rails:2000:8000` → Rails down 2 s after the start, for 8 s. */
export function parseOutage(text: string): DemoOutage {
  const match = /^([a-z]+):(\d{1,7}):(\d{1,7})$/.exec(text);
  if (!match)
    throw new Error(`--outage takes <venue>:<at ms>:<for ms>, e.g. rails:2000:8000 (got "${text}")`);
  return { venue: match[1] as string, atMs: Number(match[2]), forMs: Number(match[3]) };
}

/** A demo that feels like a busy venue: cancels take a visible moment, some fills race them. */
export const DEMO_FAULTS: Partial<SimFaults> = { latencyMs: 15, confirmDelayMs: 600, conflictRate: 0.05 };

export interface RunningDemo {
  simulators: VenueSimulator[];
  stop(): Promise<void>;
}

export function demoAccountId(venue: string): string {
  return `demo-${venue}`;
}

export async function startDemo(service: BlotterService, options: DemoOptions): Promise<RunningDemo> {
  const random = seededRandom(options.seed);
  const total = options.totalOrders ?? 50;
  const perVenue = Math.ceil(total / Math.max(1, options.venues.length));
  const demoVenues: DemoVenue[] = [];
  const simulators: VenueSimulator[] = [];
  let stopActivity = () => {};
  try {
    for (const [index, venue] of options.venues.entries()) {
      const simulator = venue.createSimulator({
        seed: options.seed + index,
        faults: options.faults ?? DEMO_FAULTS,
      });
      simulators.push(simulator);
      const ready = await simulator.start();
      const demoVenue = { simulator, markets: venue.demoMarkets };
      seedOrders(random, demoVenue, perVenue);
      demoVenues.push(demoVenue);
      const accountId = demoAccountId(venue.id);
      const adapter = venue.createAdapter({
        accountId,
        urls: ready.urls,
        credentials: ready.credentials,
        logger: options.logger.child({ venue: venue.id, accountId }),
        markets: venue.demoMarkets.map((market) => market.market),
        instruments: Object.fromEntries(
          venue.demoMarkets.map((market) => [market.market, demoInstrumentFacts(market)]),
        ),
      });
      await service.addAccount({ adapter, label: `${venue.label} demo`, demo: true });
    }
    const interval = options.activityIntervalMs ?? 400;
    if (interval > 0) {
      stopActivity = startActivity({
        random,
        venues: demoVenues,
        targetOpenPerVenue: perVenue,
        intervalMs: interval,
        onError: (err) =>
          options.logger.warn('demo activity step failed', {
            error: err instanceof Error ? err.message : String(err),
          }),
      });
    }
  } catch (err) {
    await Promise.all(simulators.map((simulator) => simulator.stop().catch(() => {})));
    throw err;
  }
  const outageTimers = (options.outages ?? []).map((outage) => {
    const index = options.venues.findIndex((venue) => venue.id === outage.venue);
    const simulator = simulators[index];
    if (!simulator) throw new Error(`demo outage: no demo venue "${outage.venue}"`);
    return setTimeout(() => {
      options.logger.info('demo: venue gateway down', { venue: outage.venue, forMs: outage.forMs });
      void simulator
        .outage?.(outage.forMs)
        .then(() => options.logger.info('demo: venue gateway back', { venue: outage.venue }));
    }, outage.atMs);
  });
  return {
    simulators,
    stop: async () => {
      for (const timer of outageTimers) clearTimeout(timer);
      stopActivity();
      await Promise.all(simulators.map((simulator) => simulator.stop().catch(() => {})));
    },
  };
}
