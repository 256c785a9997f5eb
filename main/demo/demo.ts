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
import { type DemoVenue, seedOrders, startActivity } from './activity.ts';

export interface DemoOptions {
  venues: VenueModule[];
  seed: number;
  logger: Logger;
  /** Seeded orders over all venues. */
  totalOrders?: number;
  /** Milliseconds between activity steps; 0 turns activity off (tests that need a still book). */
  activityIntervalMs?: number;
  faults?: Partial<SimFaults>;
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
  return {
    simulators,
    stop: async () => {
      stopActivity();
      await Promise.all(simulators.map((simulator) => simulator.stop().catch(() => {})));
    },
  };
}
