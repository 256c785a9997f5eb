/**
 * Benchmark 5 — call → wire. For each venue, on its own simulator: the time
 * from the service's cancel call (`BlotterService.cancel`: the engine, the
 * intent's audit line written, the pacer, the adapter and its HTTP or WebSocket
 * client) to the first byte of that cancel's request at the simulator, next
 * to a direct client sending the same cancel to the same simulator (CCXT
 * where it has the venue, with its throttle off; otherwise the plainest
 * client of the same transport: `node:http` with keep-alive for REST, `ws`
 * for a WebSocket frame). The simulator runs in a process of its own, as a
 * venue does (lib/wire-sim-host.ts), and stamps the first byte of each request
 * with a listener first in line on its accepted sockets (lib/wire-tap.ts);
 * `process.hrtime` is the system's monotonic clock in both processes.
 *
 * Cancels alternate, ours then direct, one at a time on warm connections, so
 * both see the same machine load; each waits for the venue's answer before the
 * next. Pacing must never hold one of ours (this measures the
 * path, not the rate limit: cancel-all measures that): BTCTurk's windows are
 * widened on both sides (`rateLimitScale`), and our cancels on the other
 * venues are spaced wider than their token buckets refill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog } from '../main/core/audit-log.ts';
import { BlotterService } from '../main/core/blotter-service.ts';
import { silentLogger } from '../main/core/log.ts';
import { seededRandom } from '../main/core/random.ts';
import type { Order, VenueId } from '../preload/contract.ts';
import { round, summarize } from './lib/stats.ts';
import { startWireSim } from './lib/wire-sim.ts';
import { unpacedSpacingMs, WIRE_RATE_LIMIT_SCALE, WIRE_VENUES, type WireVenue } from './lib/wire-venues.ts';

export interface WireParams {
  /** Measured cancels per path and venue. */
  cancels: number;
  /** Cancels per path first, not measured (connections, JIT). */
  warmup: number;
  /** Only these venues (default: all). */
  venues?: VenueId[];
}

export interface WirePathStats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface WireVenueResult {
  venue: VenueId;
  transport: 'REST' | 'WebSocket';
  /** What the direct client is. */
  direct: string;
  /** CCXT has this venue: the direct client is CCXT, and the 1.2× target applies. */
  ccxt: boolean;
  oursMs: WirePathStats;
  /** Of ours: the call until the adapter's cancel is invoked (engine, the intent's line written, queue, pacer). */
  oursToAdapterMs: WirePathStats;
  directMs: WirePathStats;
  /** ours p50 / direct p50. */
  ratioP50: number;
}

export interface WireMetrics {
  cancels: number;
  perVenue: WireVenueResult[];
}

const GAP_MS = 5;

function ms(from: bigint, to: bigint): number {
  return Number(to - from) / 1e6;
}

function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, delayMs)));
}

async function benchVenue(venue: WireVenue, params: WireParams): Promise<WireVenueResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-bench-wire-'));
  const audit = new FileAuditLog(dataDir, () => {});
  const service = new BlotterService({
    mode: 'demo',
    audit,
    logger: silentLogger,
    random: seededRandom(5).next,
  });
  const perPath = params.cancels + params.warmup;
  const simulator = await startWireSim({
    venue: venue.module.id,
    orders: 2 * perPath,
    scale: WIRE_RATE_LIMIT_SCALE,
  });
  let direct: Awaited<ReturnType<WireVenue['connectDirect']>> | undefined;
  try {
    const ready = simulator.ready;
    const accountId = `wire-${venue.module.id}`;
    const adapter = venue.createAdapter({
      accountId,
      urls: ready.urls,
      credentials: ready.credentials,
      logger: silentLogger,
      markets: venue.module.demoMarkets.map((market) => market.market),
    });
    const spacingMs = unpacedSpacingMs(adapter.capabilities.rateLimits);
    let adapterCalledAt = 0n;
    let adapterAnswered: Promise<unknown> = Promise.resolve();
    const cancelOrders = adapter.cancelOrders.bind(adapter);
    adapter.cancelOrders = (targets) => {
      adapterCalledAt = process.hrtime.bigint();
      const outcomes = cancelOrders(targets);
      adapterAnswered = outcomes.catch(() => {});
      return outcomes;
    };
    await service.addAccount({ adapter, label: `${venue.module.label} wire`, demo: true });
    const orders = service.book.forAccount(accountId).filter((order) => order.status === 'open');
    if (orders.length !== 2 * perPath)
      throw new Error(`loaded ${orders.length} orders, expected ${2 * perPath}`);
    direct = await venue.connectDirect(ready);

    const ours: number[] = [];
    const oursToAdapter: number[] = [];
    let lastOursAt = Number.NEGATIVE_INFINITY;
    const theirs: number[] = [];
    for (let i = 0; i < perPath; i++) {
      const mine = orders[2 * i] as Order;
      const other = orders[2 * i + 1] as Order;

      await sleep(lastOursAt + spacingMs - performance.now());
      lastOursAt = performance.now();
      const oursArrived = (await simulator.arm(venue.needle(mine.venueOrderId))).arrival;
      const oursCalled = process.hrtime.bigint();
      const ack = service.cancel({ keys: [mine.key], source: 'hotkey' });
      if (ack.accepted.length !== 1) throw new Error(`the engine did not accept ${mine.key}`);
      const oursAt = await oursArrived;
      await adapterAnswered;
      await sleep(GAP_MS);

      const directArrived = (await simulator.arm(venue.needle(other.venueOrderId))).arrival;
      const directCalled = process.hrtime.bigint();
      const answered = direct.cancel(other.venueOrderId, other.market);
      const directAt = await directArrived;
      await answered;
      await sleep(GAP_MS);

      if (i < params.warmup) continue;
      ours.push(ms(oursCalled, oursAt));
      oursToAdapter.push(ms(oursCalled, adapterCalledAt));
      theirs.push(ms(directCalled, directAt));
    }
    const oursMs = summarize2(ours);
    const directMs = summarize2(theirs);
    return {
      venue: venue.module.id,
      transport: venue.transport,
      direct: venue.directName,
      ccxt: venue.ccxt,
      oursMs,
      oursToAdapterMs: summarize2(oursToAdapter),
      directMs,
      ratioP50: round(oursMs.p50 / directMs.p50, 2),
    };
  } finally {
    await direct?.close().catch(() => {});
    await service.stop();
    await simulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Percentiles to the hundredth of a millisecond (these are sub-millisecond figures). */
function summarize2(values: readonly number[]): WirePathStats {
  const scaled = summarize(values.map((value) => value * 100));
  return { n: scaled.n, p50: scaled.p50 / 100, p95: scaled.p95 / 100, max: scaled.max / 100 };
}

export async function benchWire(params: WireParams): Promise<{ params: WireParams; metrics: WireMetrics }> {
  const perVenue: WireVenueResult[] = [];
  for (const venue of WIRE_VENUES) {
    if (params.venues && !params.venues.includes(venue.module.id)) continue;
    perVenue.push(await benchVenue(venue, params));
  }
  return { params, metrics: { cancels: params.cancels, perVenue } };
}
