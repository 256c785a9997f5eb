/**
 * The CoinW futures adapter against the CoinW simulator over real loopback
 * sockets: signed REST (single + batch cancel, listings, history) and the
 * private order stream. Where the engine's behaviour is the subject (pacing,
 * reconcile, reconnect), the adapter runs inside a BlotterService.
 */

import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { pacingBoundMs } from '../../main/core/pacing-bound.ts';
import { seededRandom } from '../../main/core/random.ts';
import {
  type CoinwAdapter,
  type CoinwAdapterOptions,
  createCoinwAdapter,
} from '../../main/venues/coinw/adapter.ts';
import { authHeaders } from '../../main/venues/coinw/auth.ts';
import { COINW_PATHS, HISTORY_PACING } from '../../main/venues/coinw/constants.ts';
import { coinwVenue } from '../../main/venues/coinw/index.ts';
import { type CoinwSimulator, createCoinwSimulator } from '../../main/venues/coinw/sim/index.ts';
import type { SimFaults, SimulatorReady } from '../../main/venues/simulator.ts';
import type { OrderStatus } from '../../preload/contract.ts';
import { recordEvents } from '../support/adapter-events.ts';
import { printAuditOnFailure } from '../support/audit-timeline.ts';
import { onCleanup, secretCheckedLogger } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

const capturingLogger = secretCheckedLogger;

const FAST: CoinwAdapterOptions = {
  confirmDeadlineMs: 400,
  reconnectBaseMs: 20,
  reconnectCapMs: 200,
  random: seededRandom(7).next,
};

async function startSim(
  faults: Partial<SimFaults> = {},
): Promise<{ sim: CoinwSimulator; ready: SimulatorReady }> {
  const sim = createCoinwSimulator({ seed: 42, faults: { confirmDelayMs: 20, ...faults } });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  return { sim, ready };
}

function makeAdapter(
  ready: SimulatorReady,
  credentials: Record<string, string> = ready.credentials,
  options: CoinwAdapterOptions = {},
  accountId = 'coinw-1',
): CoinwAdapter {
  return createCoinwAdapter(
    {
      accountId,
      urls: ready.urls,
      credentials,
      logger: capturingLogger(Object.values(credentials).slice(1)),
    },
    { ...FAST, ...options },
  );
}

async function adapterRig(faults: Partial<SimFaults> = {}) {
  const { sim, ready } = await startSim(faults);
  const adapter = makeAdapter(ready);
  const recorded = recordEvents();
  await adapter.start(recorded.events);
  onCleanup(() => adapter.stop());
  return { sim, ready, adapter, recorded };
}

async function serviceRig(faults: Partial<SimFaults> = {}, options: CoinwAdapterOptions = {}) {
  const { sim, ready } = await startSim(faults);
  const audit = new MemoryAuditLog();
  const service = new BlotterService({
    mode: 'demo',
    audit,
    logger: silentLogger,
    random: seededRandom(3).next,
  });
  onCleanup(() => service.stop());
  const adapter = makeAdapter(ready, ready.credentials, options);
  await service.addAccount({ adapter, label: 'CoinW demo', demo: true });
  const status = (id: string): OrderStatus | undefined => service.book.get(`coinw-1:${id}`)?.status;
  return { sim, ready, service, adapter, audit, status };
}

function place(sim: CoinwSimulator, market = 'BTC', quantity = '2', side: 'buy' | 'sell' = 'buy'): string {
  return sim.placeOrder({ market, side, price: '97250.5', quantity });
}

function placeMany(sim: CoinwSimulator, count: number): string[] {
  return Array.from({ length: count }, (_, i) => place(sim, ['BTC', 'ETH', 'SOL'][i % 3], '3'));
}

const keysOf = (ids: string[]) => ids.map((id) => `coinw-1:${id}`);

describe('coinw adapter ↔ simulator', () => {
  it('logs in, subscribes, streams new orders and lists every open order', async () => {
    const { sim, adapter, recorded } = await adapterRig();
    expect(recorded.states()).toEqual(['connecting', 'connected']);
    const a = place(sim, 'BTC');
    const b = place(sim, 'ETH', '5', 'sell');
    await waitFor(() => recorded.lastOrder(b) !== undefined, 2000, 'stream push');
    expect(recorded.lastOrder(a)).toMatchObject({
      market: 'BTC',
      side: 'buy',
      status: 'open',
      quantity: '2',
      price: '97250.5',
    });
    const listed = await adapter.listOpenOrders();
    expect(listed.map((order) => order.venueOrderId).sort()).toEqual([a, b].sort());
    expect(listed.find((order) => order.venueOrderId === b)).toMatchObject({
      side: 'sell',
      remaining: '5',
      filled: '0',
    });
  });

  it('a 19-digit id survives listing → cancel request → confirmation byte for byte', async () => {
    const { sim, ready, adapter, recorded } = await adapterRig();
    const id = place(sim);
    const other = place(sim);
    expect(id).toMatch(/^\d{19}$/);
    expect(String(Number(id))).not.toBe(id);

    // The venue writes the id as a bare JSON number in the listing.
    const query = 'positionType=plan';
    const headers = authHeaders(
      { apiKey: ready.credentials.apiKey!, apiSecret: ready.credentials.apiSecret! },
      { method: 'GET', path: COINW_PATHS.currentOrders, query },
      Date.now(),
    );
    const raw = await (
      await fetch(`${ready.urls.rest}${COINW_PATHS.currentOrders}?${query}`, { headers })
    ).text();
    expect(raw).toContain(`"id":${id},`);

    const listed = await adapter.listOpenOrders();
    const fromListing = listed.find((order) => order.venueOrderId === id);
    expect(fromListing?.venueOrderId).toBe(id);

    expect(await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC' }])).toEqual([{ kind: 'accepted' }]);
    expect(sim.stats().cancelBodies).toEqual([`{"id":"${id}"}`]);
    expect(
      await adapter.cancelOrders([
        { venueOrderId: other, market: 'BTC' },
        { venueOrderId: id, market: 'BTC' },
      ]),
    ).toEqual([{ kind: 'accepted' }, { kind: 'accepted' }]);
    // The stream told the adapter both are resting limit orders, so the batch names their posType.
    expect(sim.stats().batchBodies).toEqual([`{"posType":"plan","sourceIds":[${other},${id}]}`]);

    await waitFor(() => recorded.lastOrder(id)?.status === 'cancelled', 2000, 'cancel confirmation');
    expect(recorded.lastOrder(id)?.venueOrderId).toBe(id);
    await waitFor(() => recorded.lastOrder(other)?.status === 'cancelled', 2000, 'batch confirmation');
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('cancels one order: code 0 → accepted, then the stream confirms', async () => {
    const { sim, adapter, recorded } = await adapterRig();
    const id = place(sim);
    const outcomes = await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC' }]);
    expect(outcomes).toEqual([{ kind: 'accepted' }]);
    await waitFor(() => recorded.lastOrder(id)?.status === 'cancelled', 2000, 'cancelled push');
    expect(recorded.lastOrder(id)).toMatchObject({ filled: '0', remaining: '2' });
  });

  it('9012 "Position not found." is not_found, never a failure of its own', async () => {
    const { sim, adapter } = await adapterRig();
    const id = place(sim);
    sim.fill(id);
    const [outcome] = await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC' }]);
    expect(outcome).toEqual({
      kind: 'failed',
      error: { category: 'not_found', code: '9012', message: 'Position not found.' },
    });
  });

  it('looks orders up in the 7-day history: filled and cancelled are told apart', async () => {
    const { sim, adapter } = await adapterRig();
    const filled = place(sim, 'ETH');
    const cancelled = place(sim, 'ETH');
    const untouched = place(sim, 'ETH');
    sim.fill(filled, '1');
    sim.fill(filled);
    sim.fill(cancelled, '0.5');
    await adapter.cancelOrders([{ venueOrderId: cancelled, market: 'ETH' }]);
    await adapter.cancelOrders([{ venueOrderId: untouched, market: 'ETH' }]);
    const found = await adapter.lookupOrders?.([
      { venueOrderId: filled, market: 'ETH' },
      { venueOrderId: cancelled, market: 'ETH' },
      { venueOrderId: untouched, market: 'ETH' },
      { venueOrderId: '1234567890123456789', market: 'ETH' },
    ]);
    expect(found?.find((order) => order.venueOrderId === filled)).toMatchObject({
      status: 'filled',
      filled: '2',
      remaining: '0',
    });
    expect(found?.find((order) => order.venueOrderId === cancelled)).toMatchObject({
      status: 'cancelled',
      filled: '0.5',
      remaining: '1.5',
    });
    // CoinW.Net: "Canceled orders without trades are not returned" by the history.
    expect(found).toHaveLength(2);
  });

  it('answers 29001 over the (scaled) limits, as HTTP 200 with the envelope', async () => {
    const { sim, adapter } = await adapterRig({ rateLimitScale: 0.1 });
    const [a, b] = [place(sim), place(sim)];
    expect(await adapter.cancelOrders([{ venueOrderId: a, market: 'BTC' }])).toEqual([{ kind: 'accepted' }]);
    const [outcome] = await adapter.cancelOrders([{ venueOrderId: b, market: 'BTC' }]);
    expect(outcome).toEqual({
      kind: 'failed',
      error: {
        category: 'rate_limited',
        code: '29001',
        message: 'API access frequently',
        retryAfterMs: 1000,
      },
    });
    expect(sim.remainingOf(b)).toBe('2');
  });

  it('keeps the stream alive with JSON ping/pong', async () => {
    const { sim, ready } = await startSim();
    const adapter = makeAdapter(ready, ready.credentials, { pingIntervalMs: 30 });
    const recorded = recordEvents();
    await adapter.start(recorded.events);
    onCleanup(() => adapter.stop());
    const before = recorded.heartbeats;
    await waitFor(() => recorded.heartbeats >= before + 5, 2000, 'pongs');
    expect(recorded.states()).toEqual(['connecting', 'connected']);
    expect(sim.connectionCount()).toBe(1);
  });

  it('counts a malformed frame, drops it and keeps the connection', async () => {
    const { sim, service, adapter, status } = await serviceRig();
    sim.sendRaw('{"biz":"futures","type":"order","data":[{"id":1.5}]}');
    sim.sendRaw('this is not json');
    await waitFor(() => service.malformedCount('coinw-1') === 2, 2000, 'malformed count');
    expect(adapter.malformedCount).toBe(2);
    const id = place(sim);
    await waitFor(() => status(id) === 'open', 2000, 'order after malformed frames');
    expect(service.snapshot().accounts[0]?.connection).toBe('connected');
  });
});

describe('coinw as the venue really is (issue #12)', () => {
  it('a listing with a markerChange row and a row without totalPiece still lists the rest, and reports both', async () => {
    const { sim, adapter, recorded } = await adapterRig();
    const [good, marker, broken, other] = [place(sim), place(sim), place(sim, 'ETH'), place(sim, 'SOL')];
    await waitFor(() => recorded.lastOrder(other) !== undefined, 2000, 'pushes');
    const pushesBefore = recorded.malformed.length;
    sim.makeOdd(marker, 'markerChange');
    sim.makeOdd(broken, 'missingTotalPiece');
    // The odd pushes are skipped and reported too, the stream stays up.
    await waitFor(() => recorded.malformed.length === pushesBefore + 2, 2000, 'odd pushes reported');
    const listed = await adapter.listOpenOrders();
    expect(listed.map((order) => order.venueOrderId).sort()).toEqual([good, other].sort());
    const reports = recorded.malformed.slice(pushesBefore + 2);
    expect(reports).toEqual([
      `open plan orders: skipped row ${marker}: unknown orderStatus "markerChange"`,
      expect.stringContaining(`open plan orders: skipped row ${broken}: totalPiece`),
    ]);
    expect(recorded.states()).toEqual(['connecting', 'connected']);
  });

  it('resting trigger orders are listed (planTrigger) and cancelled with their own call', async () => {
    const { sim, adapter, recorded } = await adapterRig();
    const [a, b] = [place(sim), place(sim)];
    const trigger = sim.placeOrder({
      market: 'BTC',
      side: 'sell',
      price: '91000',
      quantity: '3',
      type: 'trigger',
    });
    await waitFor(() => recorded.lastOrder(trigger) !== undefined, 2000, 'pushes');
    const listed = await adapter.listOpenOrders();
    expect(listed.find((order) => order.venueOrderId === trigger)).toMatchObject({
      type: 'trigger',
      side: 'sell',
      price: '91000',
      remaining: '3',
      status: 'open',
    });
    expect(sim.stats().requests.listing).toBe(2);

    const outcomes = await adapter.cancelOrders([
      { venueOrderId: a, market: 'BTC' },
      { venueOrderId: trigger, market: 'BTC' },
      { venueOrderId: b, market: 'BTC' },
    ]);
    expect(outcomes).toEqual([{ kind: 'accepted' }, { kind: 'accepted' }, { kind: 'accepted' }]);
    expect(sim.stats().batchBodies).toEqual([`{"posType":"plan","sourceIds":[${a},${b}]}`]);
    expect(sim.stats().cancelBodies).toEqual([`{"id":"${trigger}"}`]);
    await waitFor(() => recorded.lastOrder(trigger)?.status === 'cancelled', 2000, 'trigger cancelled');
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('a cancel-all through the engine leaves no trigger order behind', async () => {
    const { sim, service, status } = await serviceRig();
    const ids = [place(sim), place(sim, 'ETH')];
    const trigger = sim.placeOrder({
      market: 'ETH',
      side: 'buy',
      price: '3500',
      quantity: '1',
      type: 'trigger',
    });
    await waitFor(() => [...ids, trigger].every((id) => status(id) === 'open'), 3000, 'orders in the book');
    service.cancelScope({ scope: { venues: ['coinw'] }, source: 'scope' });
    await waitFor(() => [...ids, trigger].every((id) => status(id) === 'cancelled'), 5000, 'all cancelled');
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('a lookup refused once with 29001 is waited out inside the adapter, then tells filled from cancelled', async () => {
    const { sim, service, status, adapter } = await serviceRig();
    const id = place(sim);
    await waitFor(() => status(id) === 'open', 2000, 'order in the book');
    sim.disconnectAll();
    sim.fill(id); // no stream is connected: this fill is never pushed, only the history knows it
    sim.refuseNext('history', 1);
    service.cancel({ keys: keysOf([id]), source: 'click' });
    await waitFor(() => status(id) === 'filled', 8000, 'filled via listing + history after the 29001');
    expect(sim.stats().rateLimitedBy.history).toBe(1);
    expect(sim.stats().requests.history).toBeGreaterThanOrEqual(1);
    expect(service.book.get(`coinw-1:${id}`)?.status).toBe('filled');
    expect(adapter.malformedCount).toBe(0);
  });

  it('the adapter waits out 29001 on a lookup for the venue window and returns the order', async () => {
    const { sim, adapter } = await adapterRig();
    const id = place(sim, 'ETH');
    sim.fill(id);
    sim.refuseNext('history', 2);
    const started = Date.now();
    const found = await adapter.lookupOrders?.([{ venueOrderId: id, market: 'ETH' }]);
    expect(found).toEqual([expect.objectContaining({ venueOrderId: id, status: 'filled', remaining: '0' })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(sim.stats().rateLimitedBy.history).toBe(2);
  });

  it('lookups over many markets are paced under the history limit: no 29001', async () => {
    const { sim, adapter } = await adapterRig();
    const markets = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'LTC'];
    const ids = markets.map((market) => place(sim, market));
    for (const id of ids) sim.fill(id);
    const started = Date.now();
    const found = await adapter.lookupOrders?.(
      ids.map((id, i) => ({ venueOrderId: id, market: markets[i]! })),
    );
    expect(found).toHaveLength(markets.length);
    expect(sim.stats().rateLimitedBy.history).toBeUndefined();
    expect(sim.stats().requests.history).toBe(markets.length);
    // The adapter's own history pacing (3 + 0.9/s), replayed on the real pacer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(pacingBoundMs(HISTORY_PACING, markets.length) - 20);
  });

  it('a lookup still refused after its retries fails as rate_limited, never as anything else', async () => {
    const { sim, adapter } = await adapterRig();
    const id = place(sim);
    sim.fill(id);
    sim.refuseNext('history', 10);
    await expect(adapter.lookupOrders?.([{ venueOrderId: id, market: 'BTC' }])).rejects.toMatchObject({
      venueError: { category: 'rate_limited', code: '29001' },
    });
  }, 15_000);
});

describe('coinw through the cancel engine', () => {
  it('cancels a selection larger than the batch size in batches of 20', async () => {
    const { sim, service, status } = await serviceRig();
    const ids = placeMany(sim, 45);
    await waitFor(() => ids.every((id) => status(id) === 'open'), 3000, 'orders in the book');
    const ack = service.cancel({ keys: keysOf(ids), source: 'selection' });
    expect(ack.accepted).toHaveLength(45);
    await waitFor(() => ids.every((id) => status(id) === 'cancelled'), 5000, 'all cancelled');
    const batches = sim
      .stats()
      .batchBodies.map((body) => (JSON.parse(body) as { sourceIds: unknown[] }).sourceIds.length);
    expect(batches).toEqual([20, 20, 5]);
    expect(sim.stats().rateLimited).toBe(0);
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('paces cancel calls under the 10/s limit: no 29001 in normal use', async () => {
    const { sim, service, status } = await serviceRig();
    const ids = placeMany(sim, 300);
    await waitFor(() => ids.every((id) => status(id) === 'open'), 5000, 'orders in the book');
    const started = Date.now();
    service.cancelScope({ scope: { venues: ['coinw'] }, source: 'scope' });
    await waitFor(() => ids.every((id) => status(id) === 'cancelled'), 10_000, 'all cancelled');
    // 15 calls at 1 + 9/s cannot finish faster than 14 refills.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(sim.stats().batchBodies).toHaveLength(15);
    expect(sim.stats().rateLimited).toBe(0);
  });

  it('recovers when the venue answers 29001: pauses, retries, cancels', async () => {
    const { sim, service, status, audit } = await serviceRig({ rateLimitScale: 0.1 });
    const [a, b, c] = [place(sim), place(sim), place(sim)];
    await waitFor(() => [a, b, c].every((id) => status(id) === 'open'), 2000, 'orders in the book');
    service.cancel({ keys: keysOf([a]), source: 'click' });
    await waitFor(() => status(a) === 'cancelling', 2000, 'first cancel on the wire');
    service.cancel({ keys: keysOf([b]), source: 'click' });
    await waitFor(() => (sim.stats().rateLimitedBy.cancel ?? 0) > 0, 3000, 'a 29001 on a cancel');
    service.cancel({ keys: keysOf([c]), source: 'click' });
    await waitFor(
      () => [a, b, c].every((id) => status(id) === 'cancelled'),
      10_000,
      'all cancelled after the pause',
    );
    const replies = audit.entries.filter((entry) => entry.type === 'venue_reply');
    expect(JSON.stringify(replies)).toContain('29001');
  });

  it('fill racing cancel: the order ends filled, "filled before cancel"', async () => {
    const { sim, service, status } = await serviceRig({ conflictRate: 1 });
    const single = place(sim);
    const batch = [place(sim, 'ETH'), place(sim, 'ETH')];
    await waitFor(() => [single, ...batch].every((id) => status(id) === 'open'), 2000, 'orders in the book');
    service.cancel({ keys: keysOf([single]), source: 'click' });
    await waitFor(() => status(single) === 'filled', 5000, 'single filled');
    expect(service.book.get(`coinw-1:${single}`)?.statusReason).toBe('filled before cancel');
    service.cancel({ keys: keysOf(batch), source: 'selection' });
    await waitFor(() => batch.every((id) => status(id) === 'filled'), 5000, 'batch filled');
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('a fill that the stream does not report is still told from a cancel by reconcile', async () => {
    const { sim, service, status } = await serviceRig({ conflictRate: 1 });
    const id = place(sim);
    await waitFor(() => status(id) === 'open', 2000, 'order in the book');
    sim.disconnectAll(); // the fill's push is lost while the stream reconnects
    service.cancel({ keys: keysOf([id]), source: 'click' });
    await waitFor(() => status(id) === 'filled', 5000, 'filled via listing + history');
  });

  it('a dropped confirmation: the deadline reconciles and the order is found gone', async () => {
    const { sim, service, status, audit } = await serviceRig({ dropConfirmationRate: 1 });
    const ids = [place(sim), place(sim), place(sim)];
    await waitFor(() => ids.every((id) => status(id) === 'open'), 2000, 'orders in the book');
    service.cancel({ keys: keysOf(ids), source: 'selection' });
    await waitFor(() => ids.every((id) => status(id) === 'cancelling'), 2000, 'accepted');
    await waitFor(() => ids.every((id) => status(id) === 'cancelled'), 5000, 'reconciled');
    expect(
      audit.entries.some(
        (entry) => entry.type === 'reconcile' && (entry.keys ?? []).includes(`coinw-1:${ids[0]}`),
      ),
    ).toBe(true);
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('a batch cancel the venue silently ignored reopens the order with the reason', async () => {
    const { sim, service, status, audit } = await serviceRig({ rejectRate: 1 });
    printAuditOnFailure(audit, () => sim.stats());
    const ids = [place(sim), place(sim)];
    await waitFor(() => ids.every((id) => status(id) === 'open'), 2000, 'orders in the book');
    service.cancel({ keys: keysOf(ids), source: 'selection' });
    await waitFor(
      () => ids.every((id) => status(id) === 'open' && service.book.get(`coinw-1:${id}`)?.cancel?.lastError),
      5000,
      'reopened',
    );
    expect(service.book.get(`coinw-1:${ids[0]}`)?.cancel?.lastError?.code).toBe('not_confirmed');
  });

  it('a cancel whose answer was lost: the lookup finds no trade in the history and concludes cancelled', async () => {
    const { sim, ready, adapter } = await adapterRig({ latencyMs: 150 });
    const lost = place(sim);
    const other = place(sim, 'BTC');
    await adapter.listOpenOrders();
    const outcome = adapter.cancelOrders([{ venueOrderId: lost, market: 'BTC' }]);
    await waitFor(() => sim.stats().cancelBodies.length === 1, 2000, 'cancel reached the venue');
    sim.disconnectAll(); // the venue applied it; its answer never arrives
    expect(await outcome).toEqual([
      { kind: 'failed', error: expect.objectContaining({ category: 'network' }) },
    ]);
    expect(sim.order(lost)?.status).toBe('cancel');
    // Cancelled by another client: this adapter never sent a cancel for it, so it concludes nothing.
    const elsewhere = makeAdapter(ready, ready.credentials, {}, 'coinw-2');
    await elsewhere.start(recordEvents().events);
    onCleanup(() => elsewhere.stop());
    await elsewhere.cancelOrders([{ venueOrderId: other, market: 'BTC' }]);
    const found = await adapter.lookupOrders?.([
      { venueOrderId: lost, market: 'BTC' },
      { venueOrderId: other, market: 'BTC' },
    ]);
    expect(found).toEqual([
      expect.objectContaining({ venueOrderId: lost, status: 'cancelled', filled: '0', quantity: '2' }),
    ]);
  });

  it('a gateway outage keeps the book and the port; a silent link answers only once it heals', async () => {
    const { sim, adapter, recorded } = await adapterRig();
    const id = place(sim);
    const back = sim.outage(400);
    await expect(adapter.listOpenOrders()).rejects.toMatchObject({ venueError: { category: 'network' } });
    await waitFor(() => recorded.states().includes('reconnecting'), 2000, 'stream dropped');
    await back;
    expect((await adapter.listOpenOrders()).map((order) => order.venueOrderId)).toEqual([id]);
    await waitFor(() => recorded.states().at(-1) === 'connected', 2000, 'stream back on the same port');
    const healed = sim.silence(400);
    const asked = Date.now();
    const listed = await adapter.listOpenOrders();
    await healed;
    expect(Date.now() - asked).toBeGreaterThanOrEqual(380);
    expect(listed.map((order) => order.venueOrderId)).toEqual([id]);
  });

  it('disconnect mid-cancel: the stream reconnects, the listing settles the order', async () => {
    const { sim, service, status } = await serviceRig({ latencyMs: 150, confirmDelayMs: 300 });
    const id = place(sim);
    await waitFor(() => status(id) === 'open', 2000, 'order in the book');
    const logins = sim.stats().loginAttempts;
    const listings = sim.stats().requests.listing ?? 0;
    service.cancel({ keys: keysOf([id]), source: 'hotkey' });
    await waitFor(() => sim.stats().cancelBodies.length === 1, 2000, 'cancel reached the venue');
    sim.disconnectAll();
    await waitFor(() => service.snapshot().accounts[0]?.connection === 'reconnecting', 2000, 'reconnecting');
    await waitFor(() => status(id) === 'cancelled', 8000, 'cancelled after reconnect');
    await waitFor(() => service.snapshot().accounts[0]?.connection === 'connected', 3000, 'connected again');
    expect(sim.stats().loginAttempts).toBeGreaterThan(logins);
    expect(sim.stats().requests.listing ?? 0).toBeGreaterThan(listings);
  });

  it('bad credentials: the account shows down with the reason, no retry storm, others unaffected', async () => {
    const { sim, ready } = await startSim();
    const audit = new MemoryAuditLog();
    const service = new BlotterService({
      mode: 'demo',
      audit,
      logger: silentLogger,
      random: seededRandom(3).next,
    });
    onCleanup(() => service.stop());
    const good = makeAdapter(ready, ready.credentials, {}, 'good');
    const bad = makeAdapter(
      ready,
      { apiKey: ready.credentials.apiKey!, apiSecret: 'wrong-secret-value' },
      {},
      'bad',
    );
    const id = place(sim);
    await service.addAccount({ adapter: good, label: 'good', demo: true });
    await service.addAccount({ adapter: bad, label: 'bad', demo: true });
    const account = (accountId: string) =>
      service.snapshot().accounts.find((entry) => entry.accountId === accountId);
    expect(account('bad')).toMatchObject({
      connection: 'down',
      detail: expect.stringMatching(/login refused \(6000\)/),
    });
    expect(account('good')?.connection).toBe('connected');

    service.cancel({ keys: [`good:${id}`], source: 'click' });
    await waitFor(() => service.book.get(`good:${id}`)?.status === 'cancelled', 3000, 'good account cancels');

    // The engine retries the failed listing every second; the adapter does not take it to the venue.
    const failures = sim.stats().authFailures;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(sim.stats().authFailures).toBe(failures);
    expect(failures).toBeLessThanOrEqual(1);
    expect(sim.stats().loginsRefused).toBe(1);
    expect(service.book.forAccount('bad')).toEqual([]);
    expect(JSON.stringify(service.snapshot())).not.toContain('wrong-secret-value');
  });

  it('REST with an unknown api key fails as auth (6000), with a bad secret as 6001', async () => {
    const { ready } = await startSim();
    const unknownKey = makeAdapter(ready, { apiKey: 'nobody', apiSecret: 'x' });
    const badSecret = makeAdapter(ready, { apiKey: ready.credentials.apiKey!, apiSecret: 'x' });
    await expect(unknownKey.listOpenOrders()).rejects.toMatchObject({
      venueError: { category: 'auth', code: '6000' },
    });
    await expect(badSecret.listOpenOrders()).rejects.toMatchObject({
      venueError: { category: 'auth', code: '6001' },
    });
  });
});

describe('coinw venue module', () => {
  it('declares honest capabilities and realistic demo markets', () => {
    expect(coinwVenue.id).toBe('coinw');
    expect(coinwVenue.defaultUrls).toEqual({
      rest: 'https://api.coinw.com',
      ws: 'wss://ws.futurescw.com/perpum',
    });
    const adapter = coinwVenue.createAdapter({
      accountId: 'x',
      urls: coinwVenue.defaultUrls,
      credentials: { apiKey: 'k', apiSecret: 's' },
      logger: silentLogger,
    });
    expect(adapter.capabilities).toMatchObject({ cancelFlow: 'two-step', maxBatch: 20 });
    // No limit may admit more calls in the first second than the venue's per-second limits (10 cancels, 100 calls).
    expect(pacingBoundMs(adapter.capabilities.rateLimits, 11)).toBeGreaterThanOrEqual(1000);
    expect(coinwVenue.demoMarkets.length).toBeGreaterThanOrEqual(2);
    expect(typeof adapter.lookupOrders).toBe('function');
  });
});
