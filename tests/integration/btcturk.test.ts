/**
 * The BTCTurk adapter against the BTCTurk simulator over real loopback
 * sockets (signed REST + WebSocket with login 114), driven through the
 * BlotterService where the engine's behaviour (pacing, reconcile) matters,
 * plus ccxt's `btcturk` class pointed at the simulator, unmodified.
 */
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { MAX_RESENDS } from '../../main/core/cancel-engine.ts';
import { silentLogger } from '../../main/core/log.ts';
import { pacingBoundMs, withoutGuards } from '../../main/core/pacing-bound.ts';
import { seededRandom } from '../../main/core/random.ts';
import {
  type BtcturkAdapter,
  type BtcturkAdapterOptions,
  btcturkCapabilities,
  createBtcturkAdapter,
} from '../../main/venues/btcturk/adapter.ts';
import { createAuthGate } from '../../main/venues/btcturk/auth-gate.ts';
import { scaledWindows, VENUE_CANCEL_LIMITS } from '../../main/venues/btcturk/constants.ts';
import { createBtcturkRest } from '../../main/venues/btcturk/rest.ts';
import {
  type BtcturkSimulator,
  type BtcturkSimulatorOptions,
  createBtcturkSimulator,
} from '../../main/venues/btcturk/sim/index.ts';
import type { SimFaults, SimulatorReady } from '../../main/venues/simulator.ts';
import type { AccountStatus, Order } from '../../preload/contract.ts';
import { recordEvents } from '../support/adapter-events.ts';
import { onCleanup, secretCheckedLogger } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

const capturingLogger = secretCheckedLogger;

async function startSim(
  faults: Partial<SimFaults> = {},
  options: Omit<BtcturkSimulatorOptions, 'seed' | 'faults'> = {},
): Promise<{ sim: BtcturkSimulator; ready: SimulatorReady }> {
  const sim = createBtcturkSimulator({ seed: 42, faults: { confirmDelayMs: 20, ...faults }, ...options });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  return { sim, ready };
}

function makeAdapter(
  ready: SimulatorReady,
  accountId = 'btcturk-1',
  options: BtcturkAdapterOptions = {},
  credentials: Record<string, string> = ready.credentials,
): BtcturkAdapter {
  return createBtcturkAdapter(
    {
      accountId,
      urls: ready.urls,
      credentials,
      logger: capturingLogger([credentials.privateKey ?? '', ready.credentials.privateKey ?? '']),
    },
    {
      reconnectBaseMs: 20,
      reconnectCapMs: 200,
      random: seededRandom(7).next,
      confirmDeadlineMs: 1500,
      ...options,
    },
  );
}

interface ServiceRig {
  service: BlotterService;
  audit: MemoryAuditLog;
  order(id: string, accountId?: string): Order | undefined;
  account(accountId?: string): AccountStatus | undefined;
}

async function serviceWith(...adapters: BtcturkAdapter[]): Promise<ServiceRig> {
  const audit = new MemoryAuditLog();
  const service = new BlotterService({
    mode: 'demo',
    audit,
    logger: silentLogger,
    random: seededRandom(3).next,
  });
  onCleanup(() => service.stop());
  for (const adapter of adapters) await service.addAccount({ adapter, label: adapter.accountId, demo: true });
  return {
    service,
    audit,
    order: (id, accountId = 'btcturk-1') => service.book.get(`${accountId}:${id}`),
    account: (accountId = 'btcturk-1') =>
      service.snapshot().accounts.find((entry) => entry.accountId === accountId),
  };
}

function place(sim: BtcturkSimulator, market = 'BTCTRY', quantity = '0.004'): string {
  return sim.placeOrder({ market, side: 'buy', price: '3984000', quantity });
}

describe('btcturk adapter ↔ simulator', () => {
  it('logs in over the WebSocket, streams new orders and fills, and lists open orders exactly', async () => {
    const { sim, ready } = await startSim();
    const adapter = makeAdapter(ready);
    const recorded = recordEvents();
    await adapter.start(recorded.events);
    onCleanup(() => adapter.stop());
    expect(recorded.states()).toEqual(['connecting', 'connected']);
    expect(sim.stats().loginsAccepted).toBe(1);

    const a = place(sim, 'BTCTRY', '0.004');
    const b = sim.placeOrder({ market: 'USDTTRY', side: 'sell', price: '41.27', quantity: '250' });
    await waitFor(() => recorded.lastOrder(b) !== undefined, 5000, '451 pushed');
    expect(recorded.lastOrder(a)).toMatchObject({
      status: 'open',
      quantity: '0.004',
      remaining: '0.004',
      side: 'buy',
    });

    const listed = await adapter.listOpenOrders();
    expect(listed.map((order) => order.venueOrderId).sort()).toEqual([a, b].sort());
    expect(listed.find((order) => order.venueOrderId === b)).toMatchObject({
      market: 'USDTTRY',
      side: 'sell',
      type: 'limit',
      price: '41.27',
      quantity: '250',
      filled: '0',
      remaining: '250',
      status: 'open',
    });

    // 441 (+423) then 453 for a partial fill; 441 alone ends a full fill.
    sim.fill(a, '0.001');
    await waitFor(() => recorded.lastOrder(a)?.filled === '0.001', 5000, 'partial fill pushed');
    expect(recorded.lastOrder(a)).toMatchObject({ status: 'partially_filled', remaining: '0.003' });
    sim.fill(b);
    await waitFor(() => recorded.lastOrder(b)?.status === 'filled', 5000, 'full fill pushed');
    expect(recorded.lastOrder(b)).toMatchObject({ filled: '250', remaining: '0' });
    expect(recorded.malformed).toEqual([]);
  });

  it('cancels one order: 200 means received (cancelling), WS 452 makes it cancelled', async () => {
    const { sim, ready } = await startSim({ confirmDelayMs: 150 });
    const id = place(sim);
    const rig = await serviceWith(makeAdapter(ready));
    expect(rig.order(id)?.status).toBe('open');

    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => rig.order(id)?.cancel?.ackAt !== undefined, 5000, '200 received');
    expect(rig.order(id)?.status).toBe('cancelling');
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, '452');
    expect(sim.stats()).toMatchObject({ cancelRequests: 1, confirmationsSent: 1, rateLimited: 0 });
    expect(sim.openOrderIds()).not.toContain(id);
  });

  it('no batch call: a bulk cancel is one DELETE per order', async () => {
    const { sim, ready } = await startSim();
    const ids = Array.from({ length: 25 }, (_, i) => place(sim, i % 2 === 0 ? 'BTCTRY' : 'ETHTRY'));
    const rig = await serviceWith(makeAdapter(ready));
    const ack = rig.service.cancelScope({ scope: { venues: ['btcturk'] }, source: 'scope' });
    expect(ack.accepted).toHaveLength(25);
    await waitFor(() => ids.every((id) => rig.order(id)?.status === 'cancelled'), 10_000, 'all cancelled');
    expect(sim.stats()).toMatchObject({ cancelRequests: 25, rateLimited: 0 });
  });

  it('cancel-all of 400 orders: zero 429s under the fixed windows, within 1.1× of their bound (×10)', async () => {
    const scale = 10;
    const { sim, ready } = await startSim({ rateLimitScale: scale, confirmDelayMs: 5 });
    const ids = Array.from({ length: 400 }, (_, i) => place(sim, ['BTCTRY', 'ETHTRY', 'USDTTRY'][i % 3]));
    const adapter = makeAdapter(ready, 'btcturk-1', { rateLimitScale: scale, confirmDeadlineMs: 5000 });
    const rig = await serviceWith(adapter);
    expect(rig.service.snapshot().orders).toHaveLength(400);

    const started = performance.now();
    rig.service.cancelScope({ scope: {}, source: 'scope' });
    await waitFor(
      () => ids.every((id) => rig.order(id)?.status === 'cancelled'),
      30_000,
      'all 400 cancelled',
    );
    const elapsed = performance.now() - started;

    // The venue's own windows (10 per 1 s, 300 per 60 s, time-compressed): nothing can finish faster.
    const venueBound = pacingBoundMs(withoutGuards(scaledWindows(VENUE_CANCEL_LIMITS, scale)), 400);
    // 300 in the first 60 s window (29 one-second windows), the other 100 after it: 69 s unscaled.
    expect(venueBound).toBe(69_000 / scale);
    expect(sim.stats().rateLimited).toBe(0);
    expect(sim.stats().cancelRequests).toBe(400);
    expect(elapsed).toBeGreaterThanOrEqual(venueBound * 0.99);
    expect(elapsed).toBeLessThan(venueBound * 1.1);
  });

  it('the engine paces with fixed windows of the venue kind, not token buckets', () => {
    const [perSecond, perMinute] = btcturkCapabilities().rateLimits;
    expect(perSecond).toMatchObject({ kind: 'fixed-window', limit: 10, windowMs: 1000, guardMs: 100 });
    expect(perMinute).toMatchObject({ kind: 'fixed-window', limit: 300, windowMs: 60_000 });
    // Scaled: the windows shrink, the guard keeps a floor for transit time.
    const [scaledSecond] = btcturkCapabilities({ rateLimitScale: 10 }).rateLimits;
    expect(scaledSecond).toMatchObject({ kind: 'fixed-window', limit: 10, windowMs: 100, guardMs: 25 });
  });

  it('the simulator enforces the documented 10/s: an unpaced burst gets 429 + Retry-After and a block', async () => {
    const { sim, ready } = await startSim();
    const ids = Array.from({ length: 13 }, () => place(sim));
    // The REST client alone does not pace (the engine and the adapter do): twelve DELETEs at once.
    const rest = createBtcturkRest({
      restUrl: ready.urls.rest ?? '',
      credentials: {
        publicKey: ready.credentials.publicKey ?? '',
        privateKey: ready.credentials.privateKey ?? '',
      },
      logger: silentLogger,
      gate: createAuthGate(),
      onMalformed: () => {},
    });
    const outcomes = await Promise.all(ids.slice(0, 12).map((id) => rest.cancelOrder(id)));
    expect(outcomes.filter((outcome) => outcome.kind === 'accepted')).toHaveLength(10);
    const limited = outcomes.filter((outcome) => outcome.kind === 'failed');
    expect(limited).toHaveLength(2);
    for (const outcome of limited) {
      expect(outcome).toMatchObject({ error: { category: 'rate_limited', code: '429', retryAfterMs: 1000 } });
    }
    // The overflow blocks the rest of the window: the next call is refused too, not counted.
    expect(await rest.cancelOrder(ids[12] ?? '')).toMatchObject({ kind: 'failed', error: { code: '429' } });
    expect(sim.stats().rateLimited).toBe(3);
  });

  it('the adapter never overflows a window, even when the engine asks for more at once', async () => {
    const { sim, ready } = await startSim({ rateLimitScale: 10 });
    const ids = Array.from({ length: 25 }, () => place(sim));
    const adapter = makeAdapter(ready, 'btcturk-1', { rateLimitScale: 10 });
    const started = performance.now();
    const outcomes = await adapter.cancelOrders(ids.map((id) => ({ venueOrderId: id, market: 'BTCTRY' })));
    expect(outcomes.every((outcome) => outcome.kind === 'accepted')).toBe(true);
    expect(sim.stats().rateLimited).toBe(0);
    // Three 100 ms windows: the last ten wait for the second window's end.
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('recovers when the venue answers 429: pauses for Retry-After, then every cancel lands', async () => {
    const { sim, ready } = await startSim();
    const ids = Array.from({ length: 6 }, () => place(sim));
    const rig = await serviceWith(makeAdapter(ready));
    sim.forceRateLimit(3, 300);
    const started = performance.now();
    rig.service.cancelScope({ scope: {}, source: 'scope' });
    await waitFor(
      () => ids.every((id) => rig.order(id)?.status === 'cancelled'),
      10_000,
      'all cancelled after 429s',
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(sim.stats().rateLimited).toBe(3);
    expect(sim.stats().cancelRequests).toBe(9);
    const retried = ids.map((id) => rig.order(id)?.cancel?.attempts ?? 0).filter((attempts) => attempts > 1);
    expect(retried).toHaveLength(3);
  });

  it('a fill racing the cancel: 441 first, then ORDER_COULD_NOT_BE_CANCELED → "filled before cancel"', async () => {
    const { sim, ready } = await startSim({ conflictRate: 1 });
    const id = place(sim);
    const rig = await serviceWith(makeAdapter(ready));
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => rig.order(id)?.status === 'filled', 5000, 'filled');
    expect(rig.order(id)).toMatchObject({
      statusReason: 'filled before cancel',
      filled: '0.004',
      remaining: '0',
    });
    expect(sim.stats().cancelRequests).toBe(1);
    const reply = rig.audit.entries.find((entry) => entry.type === 'venue_reply');
    expect(JSON.stringify(reply)).toContain('ORDER_COULD_NOT_BE_CANCELED');
  });

  it('ORDER_COULD_NOT_BE_CANCELED on an order still open: reconciled, back to open after the bounded resends', async () => {
    const { sim, ready } = await startSim({ rejectRate: 1 });
    const id = place(sim);
    const rig = await serviceWith(makeAdapter(ready));
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(
      () => rig.order(id)?.status === 'open' && rig.order(id)?.cancel?.lastError !== undefined,
      5000,
      'reopened',
    );
    // The engine cancels an order still listed again, bounded, before it gives it back as open.
    expect(sim.stats().cancelRequests).toBe(1 + MAX_RESENDS);
    expect(sim.stats().listings).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rig.audit.entries)).toContain('ORDER_COULD_NOT_BE_CANCELED');
  });

  it('ORDER_CANCEL_BLOCKED: "pair under maintenance" on the row, no retry loop', async () => {
    const { sim, ready } = await startSim();
    const id = place(sim, 'ETHTRY');
    const other = place(sim, 'BTCTRY');
    sim.setMaintenance('ETHTRY', true);
    const rig = await serviceWith(makeAdapter(ready));
    rig.service.cancel({ keys: [`btcturk-1:${id}`, `btcturk-1:${other}`], source: 'selection' });
    await waitFor(() => rig.order(other)?.status === 'cancelled', 5000, 'the other pair cancels');
    await waitFor(() => rig.order(id)?.cancel?.lastError !== undefined, 5000, 'blocked shown');
    expect(rig.order(id)?.status).toBe('open');
    expect(rig.order(id)?.cancel?.lastError).toEqual({
      code: 'ORDER_CANCEL_BLOCKED',
      message: 'pair under maintenance',
    });
    expect(sim.stats().cancelRequests).toBe(2);
    // Once maintenance ends, the order can be cancelled again.
    sim.setMaintenance('ETHTRY', false);
    expect(rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' }).accepted).toHaveLength(1);
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, 'cancelled after maintenance');
  });

  it('NO_ORDER_MATCHES_YOUR_REQUEST → not_found', async () => {
    const { ready } = await startSim();
    const adapter = makeAdapter(ready);
    const outcomes = await adapter.cancelOrders([{ venueOrderId: '123', market: 'BTCTRY' }]);
    expect(outcomes).toEqual([
      {
        kind: 'failed',
        error: {
          category: 'not_found',
          code: 'NO_ORDER_MATCHES_YOUR_REQUEST',
          message: 'NO_ORDER_MATCHES_YOUR_REQUEST',
        },
      },
    ]);
  });

  it('a dropped 452 is settled by reconcile: gone from the listing, the lookup says cancelled', async () => {
    const { sim, ready } = await startSim({ dropConfirmationRate: 1 });
    const id = place(sim);
    const rig = await serviceWith(makeAdapter(ready, 'btcturk-1', { confirmDeadlineMs: 300 }));
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, 'reconciled');
    expect(sim.stats()).toMatchObject({ confirmationsSent: 0, confirmationsDropped: 1 });
    expect(sim.stats().lookups).toBeGreaterThanOrEqual(1);
    expect(rig.audit.entries.some((entry) => entry.type === 'reconcile')).toBe(true);
  });

  it('disconnect mid-cancel: reconnects, logs in again and the listing settles the cancel', async () => {
    const { sim, ready } = await startSim({ dropConfirmationRate: 1 });
    const id = place(sim);
    // A deadline far away: only the reconnect's resync can settle the order in time.
    const rig = await serviceWith(makeAdapter(ready, 'btcturk-1', { confirmDeadlineMs: 20_000 }));
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => sim.order(id)?.status === 'Canceled', 5000, 'cancelled at the venue');
    expect(rig.order(id)?.status).toBe('cancelling');
    const listingsBefore = sim.stats().listings;
    sim.disconnectAll();
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, 'settled after reconnect');
    expect(sim.stats().loginsAccepted).toBe(2);
    expect(sim.stats().listings).toBeGreaterThan(listingsBefore);
    expect(rig.account()?.connection).toBe('connected');
  });

  it('simulated gateway outage: REST and WS refused, the book kept, a received cancel completes, same port after', async () => {
    const { sim, ready } = await startSim({ confirmDelayMs: 200 });
    const id = place(sim);
    const other = place(sim);
    const rest = createBtcturkRest({
      restUrl: ready.urls.rest!,
      credentials: { publicKey: ready.credentials.publicKey!, privateKey: ready.credentials.privateKey! },
      logger: silentLogger,
      gate: createAuthGate(),
      onMalformed: () => {},
    });
    expect(await rest.cancelOrder(id)).toEqual({ kind: 'accepted' });
    await sim.gatewayDown();
    // A pooled keep-alive socket may first fail as reset; a new dial is refused at TCP level.
    expect(await rest.cancelOrder(other)).toMatchObject({ kind: 'failed', error: { category: 'network' } });
    const refused = await rest.cancelOrder(other);
    expect(refused).toMatchObject({ kind: 'failed', error: { category: 'network', code: 'ECONNREFUSED' } });
    await expect(rest.listOpenOrders()).rejects.toMatchObject({ venueError: { category: 'network' } });
    // The matching engine went on: the cancel it received before the outage completed.
    await waitFor(() => sim.order(id)?.status === 'Canceled', 2000, 'completed while down');
    expect(sim.openOrderIds()).toEqual([other]);
    await sim.gatewayUp();
    const listed = await rest.listOpenOrders();
    expect(listed.map((order) => order.id)).toEqual([other]);
    expect((await rest.getOrder(id))?.status).toBe('Canceled');
  });

  it('simulated silent link: a socket open before it gets no frame and no pong; REST hangs, then is served', async () => {
    const { sim, ready } = await startSim();
    const id = place(sim);
    const rest = createBtcturkRest({
      restUrl: ready.urls.rest!,
      credentials: { publicKey: ready.credentials.publicKey!, privateKey: ready.credentials.privateKey! },
      logger: silentLogger,
      gate: createAuthGate(),
      onMalformed: () => {},
    });
    const adapter = makeAdapter(ready, 'btcturk-1', { confirmDeadlineMs: 5000 });
    const recorded = recordEvents();
    await adapter.start(recorded.events);
    onCleanup(() => adapter.stop());
    const raw = new WebSocket(ready.urls.ws!);
    onCleanup(() => raw.terminate());
    await new Promise((resolve) => raw.once('open', resolve));
    let pongs = 0;
    raw.on('pong', () => {
      pongs += 1;
    });
    raw.ping();
    await waitFor(() => pongs === 1, 1000, 'a pong before the silence');
    const silentAt = Date.now();
    sim.silence(600);
    let answeredAt: number | undefined;
    const pending = rest.cancelOrder(id).then((outcome) => {
      answeredAt = Date.now();
      return outcome;
    });
    raw.ping();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pongs).toBe(1);
    expect(answeredAt).toBeUndefined();
    expect(sim.stats().cancelRequests).toBe(0);
    expect(await pending).toEqual({ kind: 'accepted' });
    expect(answeredAt! - silentAt).toBeGreaterThanOrEqual(590);
    // The 452 went to no one: the socket from before the silence is dead for good.
    await waitFor(() => sim.order(id)?.status === 'Canceled', 2000, 'cancelled at the venue');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorded.lastOrder(id)?.status).not.toBe('cancelled');
  });

  it('bad credentials: the account is down with a clear detail, no retry storm, the other account is unaffected', async () => {
    const { sim, ready } = await startSim();
    const id = place(sim);
    const good = makeAdapter(ready, 'btcturk-1');
    const wrongKey = Buffer.from('not-the-right-private-key-000000').toString('base64');
    const bad = makeAdapter(
      ready,
      'btcturk-bad',
      {},
      { publicKey: ready.credentials.publicKey ?? '', privateKey: wrongKey },
    );
    const rig = await serviceWith(good, bad);

    expect(rig.account('btcturk-bad')).toMatchObject({ connection: 'down' });
    expect(rig.account('btcturk-bad')?.detail).toMatch(/WebSocket login refused/);
    expect(rig.account('btcturk-1')?.connection).toBe('connected');
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, 'good account cancels');
    // The engine retries its listing every second; the adapter answers locally instead of calling the venue.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(sim.stats().loginsRefused).toBe(1);
    // One refused listing closes the REST gate: the engine's retries are answered locally.
    expect(sim.stats().authFailures).toBe(1);
    expect(rig.account('btcturk-bad')?.connection).toBe('down');
    expect(rig.service.book.forAccount('btcturk-bad')).toEqual([]);
  });

  it('WebSocket keys created apart: the REST key is refused on the WS, REST cancels go on, confirmed by lookup', async () => {
    const { sim, ready } = await startSim({}, { wsKeys: 'separate' });
    const id = place(sim);
    const restOnly = {
      publicKey: ready.credentials.publicKey ?? '',
      privateKey: ready.credentials.privateKey ?? '',
    };
    const rig = await serviceWith(makeAdapter(ready, 'btcturk-1', { confirmLookupDelayMs: 100 }, restOnly));
    expect(rig.account()).toMatchObject({ connection: 'down' });
    expect(rig.account()?.detail).toMatch(/WebSocket login refused/);
    expect(rig.account()?.detail).toMatch(/API Access → WebSocket/);
    expect(rig.order(id)?.status).toBe('open');

    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    // The deadline is 1.5 s: the adapter's lookup settles it first.
    await waitFor(() => rig.order(id)?.status === 'cancelled', 1400, 'confirmed by lookup');
    expect(sim.stats()).toMatchObject({ loginsRefused: 1, authFailures: 0, cancelRequests: 1 });
    expect(sim.stats().lookups).toBeGreaterThanOrEqual(1);
  });

  it('WebSocket keys created apart: with the WS pair in the account the login succeeds', async () => {
    const { sim, ready } = await startSim({}, { wsKeys: 'separate' });
    expect(ready.credentials.wsPublicKey).toBeDefined();
    const id = place(sim);
    const rig = await serviceWith(makeAdapter(ready));
    expect(rig.account()?.connection).toBe('connected');
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, '452');
    expect(sim.stats()).toMatchObject({ loginsAccepted: 1, loginsRefused: 0, confirmationsSent: 1 });
  });

  it('a 452 with no cancel of ours in flight is only "gone": the lookup says filled', async () => {
    const { sim, ready } = await startSim();
    const id = place(sim);
    const rig = await serviceWith(makeAdapter(ready));
    expect(rig.order(id)?.status).toBe('open');
    // The venue filled it and the stream missed the fill; then a 452 arrives.
    sim.closeQuietly(id, 'Closed');
    sim.sendRaw(
      `[452,{"type":452,"pairId":1,"symbol":"BTCTRY","id":${id},"method":0,"userId":1,"price":"3984000","amount":"0.004"}]`,
    );
    await waitFor(() => rig.order(id)?.status === 'filled', 5000, 'filled from the lookup');
    expect(rig.order(id)).toMatchObject({ filled: '0.004', remaining: '0' });
    expect(sim.stats().lookups).toBe(1);
  });

  it('a 452 with no cancel of ours, cancelled elsewhere: the lookup says cancelled', async () => {
    const { sim, ready } = await startSim();
    const id = place(sim);
    const rig = await serviceWith(makeAdapter(ready));
    // Another client (here a second adapter on the same key) cancels it.
    const other = makeAdapter(ready, 'btcturk-other');
    expect(await other.cancelOrders([{ venueOrderId: id, market: 'BTCTRY' }])).toEqual([
      { kind: 'accepted' },
    ]);
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, 'cancelled from the lookup');
    expect(sim.stats().lookups).toBe(1);
  });

  it('documented 451 frames (no side, no numLeft) are completed by a lookup', async () => {
    const { sim, ready } = await startSim();
    const adapter = makeAdapter(ready);
    const recorded = recordEvents();
    await adapter.start(recorded.events);
    onCleanup(() => adapter.stop());
    const id = sim.placeOrder({ market: 'USDTTRY', side: 'sell', price: '41.27', quantity: '250' });
    await waitFor(() => recorded.lastOrder(id) !== undefined, 5000, 'order completed');
    expect(recorded.lastOrder(id)).toMatchObject({ side: 'sell', remaining: '250', status: 'open' });
    expect(sim.stats().lookups).toBe(1);
    // Once known, the 441 fill completes from what is known; the 453 that follows has no numLeft, so it is looked up.
    sim.fill(id, '50');
    await waitFor(() => recorded.lastOrder(id)?.filled === '50', 5000, 'partial fill');
    await waitFor(() => sim.stats().lookups === 2, 5000, '453 looked up');
    expect(recorded.lastOrder(id)).toMatchObject({ status: 'partially_filled', remaining: '200' });
    expect(recorded.malformed).toEqual([]);
  });

  it('dials refused at TCP level during an outage do not spend the connection limit: back at once when the venue is', async () => {
    const { sim, ready } = await startSim();
    // Three connection requests a minute: an outage of 1 s sees many more refused dials than that.
    const rig = await serviceWith(
      makeAdapter(ready, 'btcturk-1', { connectLimit: { limit: 3, windowMs: 60_000 }, reconnectCapMs: 40 }),
    );
    await sim.gatewayDown();
    await waitFor(() => rig.account()?.connection !== 'connected', 2000, 'down');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await sim.gatewayUp();
    const upAt = Date.now();
    await waitFor(() => rig.account()?.connection === 'connected', 1000, 'connected again at once');
    expect(Date.now() - upAt).toBeLessThan(500);
    expect(sim.stats().wsConnects).toBe(2);
  });

  it('reconnects never exceed the WebSocket connection limit; the simulator blocks a client that does', async () => {
    const limit = { limit: 3, windowMs: 1500, blockMs: 1500 };
    const { sim, ready } = await startSim({}, { wsConnectLimit: limit });
    const rig = await serviceWith(
      makeAdapter(ready, 'btcturk-1', { connectLimit: { limit: 3, windowMs: 1500 }, reconnectCapMs: 40 }),
    );
    for (let i = 0; i < 5; i++) {
      await waitFor(
        () => rig.account()?.connection === 'connected' || sim.stats().wsConnects >= 3,
        5000,
        'up',
      );
      sim.disconnectAll();
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(sim.stats().wsConnects).toBeLessThanOrEqual(3);
    expect(sim.stats().wsConnectsRefused).toBe(0);
    expect(rig.account()?.detail).toMatch(/connection limit/);
    await waitFor(() => rig.account()?.connection === 'connected', 5000, 'back after the window');
    expect(sim.stats().wsConnectsRefused).toBe(0);

    // A client that ignores the limit is refused for the block.
    const careless = makeAdapter(ready, 'btcturk-careless', {
      connectLimit: { limit: 100, windowMs: 1500 },
      reconnectCapMs: 20,
    });
    const recorded = recordEvents();
    await careless.start(recorded.events);
    onCleanup(() => careless.stop());
    for (let i = 0; i < 3; i++) {
      sim.disconnectAll();
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await waitFor(() => sim.stats().wsConnectsRefused > 0, 5000, 'refused past the limit');
  });

  it('a malformed frame is counted and dropped; the connection survives', async () => {
    const { sim, ready } = await startSim();
    const id = place(sim);
    const adapter = makeAdapter(ready);
    const rig = await serviceWith(adapter);
    sim.sendRaw('this is not json');
    sim.sendRaw('[452,{"id":"not-a-number","symbol":"BTCTRY"}]');
    await waitFor(() => rig.service.malformedCount('btcturk-1') === 2, 5000, 'malformed counted');
    expect(adapter.malformedCount).toBe(2);
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, 'stream still works');
    expect(rig.account()?.connection).toBe('connected');
    expect(sim.stats().loginsAccepted).toBe(1);
  });

  it('order ids past 2^53 survive end to end', async () => {
    const { sim, ready } = await startSim({}, { idBase: '9007199254740993' });
    const id = place(sim);
    expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const rig = await serviceWith(makeAdapter(ready));
    expect(rig.order(id)?.venueOrderId).toBe(id);
    rig.service.cancel({ keys: [`btcturk-1:${id}`], source: 'click' });
    await waitFor(() => rig.order(id)?.status === 'cancelled', 5000, 'cancelled by its exact id');
  });
});

describe('ccxt btcturk against the simulator', () => {
  it('lists open orders and cancels one, unmodified', async () => {
    const { sim, ready } = await startSim();
    const ids = [
      place(sim, 'BTCTRY', '0.004'),
      sim.placeOrder({ market: 'USDTTRY', side: 'sell', price: '41.3', quantity: '250' }),
    ];
    const exchange = new ccxt.btcturk({
      apiKey: ready.credentials.publicKey,
      secret: ready.credentials.privateKey,
    });
    const rest = ready.urls.rest ?? '';
    exchange.urls.api = { public: `${rest}/api/v2`, private: `${rest}/api/v1`, graph: `${rest}/graph/v1` };

    const open = await exchange.fetchOpenOrders();
    expect(open.map((order) => order.id).sort()).toEqual([...ids].sort());
    const sell = open.find((order) => order.id === ids[1]);
    expect(sell).toMatchObject({
      symbol: 'USDT/TRY',
      side: 'sell',
      type: 'limit',
      status: 'open',
      price: 41.3,
      amount: 250,
    });

    const cancelled = await exchange.cancelOrder(ids[0] ?? '');
    expect(cancelled.info).toMatchObject({ success: true, message: 'SUCCESS', code: 0 });
    await waitFor(() => sim.order(ids[0] ?? '')?.status === 'Canceled', 5000, 'cancelled at the venue');
    expect(sim.openOrderIds()).toEqual([ids[1]]);
  });
});
