/**
 * Benchmark 3 — cancel-all of N orders spread evenly over every venue in
 * VENUE_MODULES, each on its own simulator (real wire protocol, its own rate
 * limits), through the real adapters, cancel engine and audit log. Measures
 * the time from the request to every order final, per venue and overall,
 * against the lower bound the venue's capabilities imply:
 *
 *   calls    = ceil(orders / maxBatch)
 *   send     = max over token buckets of max(0, (calls − capacity) / refillPerSecond)
 *   bound    = send + the simulator's confirmation delay (two-step venues)
 *
 * Venues work in parallel, so the overall bound is the largest venue bound.
 *
 * Then time-to-flat: the panic cancel's flatness check lists every account again until each shows nothing
 * open; `flatMs` is from the request to the last account seen flat (the venue's word, not our replies).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog } from '../main/core/audit-log.ts';
import { BlotterService } from '../main/core/blotter-service.ts';
import { silentLogger } from '../main/core/log.ts';
import { describePacing, pacingBoundMs } from '../main/core/pacing-bound.ts';
import { seededRandom } from '../main/core/random.ts';
import type { VenueCapabilities } from '../main/core/venue.ts';
import { randomOrder } from '../main/demo/activity.ts';
import { VENUE_MODULES } from '../main/venues/registry.ts';
import type { SimFaults, VenueSimulator } from '../main/venues/simulator.ts';
import { FINAL_STATUSES, type VenueId } from '../preload/contract.ts';
import { round } from './lib/stats.ts';

export interface CancelAllParams {
  orders: number;
  /** Simulator latency and two-step confirmation delay. */
  faults: Pick<SimFaults, 'latencyMs' | 'confirmDelayMs'>;
  /** The venues' own bulk cancels where they take the whole account (the product's default), or one cancel per order. */
  nativeBulk: boolean;
  /** Only these venues (default: all). */
  venues?: VenueId[];
}

export interface VenueResult {
  venue: VenueId;
  orders: number;
  maxBatch: number;
  calls: number;
  buckets: string[];
  boundMs: number;
  measuredMs: number;
  ratio: number;
  cancelled: number;
  otherFinal: number;
}

export interface CancelAllMetrics {
  venues: number;
  orders: number;
  boundMs: number;
  measuredMs: number;
  ratio: number;
  notFinal: number;
  /** Request → every account listed flat by its venue. */
  flatMs: number;
  /** Accounts the flatness check saw flat. */
  flatAccounts: number;
  perVenue: VenueResult[];
}

/** Time to put the calls of `orders` cancels through the account's limits (each call counts against every one). */
export function sendBoundMs(capabilities: VenueCapabilities, orders: number, nativeBulk = false): number {
  // A panic takes the whole account: with the venue's own cancel-all that is one call.
  const calls =
    nativeBulk && capabilities.bulkCancel?.account
      ? 1
      : Math.ceil(orders / Math.max(1, capabilities.maxBatch));
  return pacingBoundMs(capabilities.rateLimits, calls);
}

export async function benchCancelAll(
  params: CancelAllParams,
): Promise<{ params: CancelAllParams; metrics: CancelAllMetrics }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-bench-cancel-all-'));
  const audit = new FileAuditLog(dataDir, () => {});
  const service = new BlotterService({
    mode: 'demo',
    audit,
    logger: silentLogger,
    random: seededRandom(5).next,
    nativeBulk: params.nativeBulk,
  });
  const simulators: VenueSimulator[] = [];
  const random = seededRandom(11);
  const modules = VENUE_MODULES.filter((venue) => !params.venues || params.venues.includes(venue.id));
  const share = Math.floor(params.orders / modules.length);
  try {
    const accounts: { venue: VenueId; accountId: string; capabilities: VenueCapabilities; orders: number }[] =
      [];
    for (const [index, venue] of modules.entries()) {
      const simulator = venue.createSimulator({ seed: 100 + index, faults: { ...params.faults } });
      simulators.push(simulator);
      const ready = await simulator.start();
      const count = index === modules.length - 1 ? params.orders - share * index : share;
      for (let i = 0; i < count; i++)
        simulator.placeOrder(randomOrder(random, random.pick(venue.demoMarkets)));
      const accountId = `bench-${venue.id}`;
      const adapter = venue.createAdapter({
        accountId,
        urls: ready.urls,
        credentials: ready.credentials,
        logger: silentLogger,
        markets: venue.demoMarkets.map((market) => market.market),
      });
      await service.addAccount({ adapter, label: `${venue.label} bench`, demo: true });
      accounts.push({ venue: venue.id, accountId, capabilities: adapter.capabilities, orders: count });
    }
    const loaded = service.book.all().filter((order) => !FINAL_STATUSES.has(order.status)).length;
    if (loaded !== params.orders) throw new Error(`loaded ${loaded} open orders, expected ${params.orders}`);

    const remaining = new Map(accounts.map((account) => [account.accountId, account.orders]));
    const doneAt = new Map<string, number>();
    const start = performance.now();
    const allFinal = new Promise<void>((resolve) => {
      const off = service.book.onChange((order) => {
        if (!FINAL_STATUSES.has(order.status)) return;
        const left = (remaining.get(order.accountId) ?? 0) - 1;
        remaining.set(order.accountId, left);
        if (left === 0) doneAt.set(order.accountId, performance.now() - start);
        if (doneAt.size === accounts.length) {
          off();
          resolve();
        }
      });
    });
    const startedAt = Date.now();
    let flatAt: number | undefined;
    let flatAccounts = 0;
    const flat = new Promise<void>((resolve) => {
      const off = service.subscribe((update) => {
        for (const intent of update.intents) {
          if (intent.flatness?.flatAt === undefined) continue;
          flatAt = intent.flatness.flatAt;
          flatAccounts = intent.flatness.accounts.filter((account) => account.state === 'flat').length;
          off();
          resolve();
        }
      });
    });
    const ack = service.cancelScope({ scope: {}, source: 'panic' });
    if (ack.accepted.length !== params.orders)
      throw new Error(`engine accepted ${ack.accepted.length} orders`);
    const timeoutMs = 180_000;
    await Promise.race([
      allFinal,
      new Promise((_, reject) => setTimeout(() => reject(new Error('cancel-all did not finish')), timeoutMs)),
    ]);
    const measuredMs = performance.now() - start;
    await Promise.race([
      flat,
      new Promise((_, reject) => setTimeout(() => reject(new Error('never flat')), timeoutMs)),
    ]);

    const perVenue: VenueResult[] = accounts.map((account) => {
      const capabilities = account.capabilities;
      const floor = capabilities.cancelFlow === 'two-step' ? params.faults.confirmDelayMs : 0;
      const boundMs =
        sendBoundMs(capabilities, account.orders, params.nativeBulk) + floor + 2 * params.faults.latencyMs;
      const measured = doneAt.get(account.accountId) ?? Number.NaN;
      const orders = service.book.forAccount(account.accountId);
      return {
        venue: account.venue,
        orders: account.orders,
        maxBatch: capabilities.maxBatch,
        calls:
          params.nativeBulk && capabilities.bulkCancel?.account
            ? 1
            : Math.ceil(account.orders / Math.max(1, capabilities.maxBatch)),
        buckets: capabilities.rateLimits.map(describePacing),
        boundMs: round(boundMs, 0),
        measuredMs: round(measured, 0),
        ratio: round(measured / boundMs, 2),
        cancelled: orders.filter((order) => order.status === 'cancelled').length,
        otherFinal: orders.filter((order) => order.status !== 'cancelled' && FINAL_STATUSES.has(order.status))
          .length,
      };
    });
    const boundMs = Math.max(...perVenue.map((venue) => venue.boundMs));
    return {
      params,
      metrics: {
        venues: accounts.length,
        orders: params.orders,
        boundMs: round(boundMs, 0),
        measuredMs: round(measuredMs, 0),
        ratio: round(measuredMs / boundMs, 2),
        notFinal: service.book.all().filter((order) => !FINAL_STATUSES.has(order.status)).length,
        flatMs: round((flatAt ?? Number.NaN) - startedAt, 0),
        flatAccounts,
        perVenue,
      },
    };
  } finally {
    await service.stop();
    await Promise.all(simulators.map((simulator) => simulator.stop().catch(() => {})));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
