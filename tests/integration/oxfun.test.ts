/**
 * The OX.FUN adapter against the OX.FUN simulator over real loopback sockets:
 * HMAC login, order channel, tagged cancel replies, signed REST. Where the
 * engine's behaviour is the subject (batching, pacing, reconcile) the
 * adapter runs under BlotterService.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { parseJsonLossless } from '../../main/core/json.ts';
import { silentLogger } from '../../main/core/log.ts';
import { seededRandom } from '../../main/core/random.ts';
import {
  createOxfunAdapter,
  type OxfunAdapter,
  type OxfunAdapterOptions,
} from '../../main/venues/oxfun/adapter.ts';
import { restHeaders, restTimestamp, wsLoginSignature } from '../../main/venues/oxfun/auth.ts';
import { CANCEL_RATE_LIMIT } from '../../main/venues/oxfun/constants.ts';
import { oxfunVenue } from '../../main/venues/oxfun/index.ts';
import { signingParts } from '../../main/venues/oxfun/rest.ts';
import { createOxfunSimulator, type OxfunSimulator } from '../../main/venues/oxfun/sim/index.ts';
import type { SimFaults, SimulatorReady } from '../../main/venues/simulator.ts';
import { type RecordedEvents, recordEvents } from '../support/adapter-events.ts';
import { onCleanup } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

const FAST: OxfunAdapterOptions = {
  reconnectBaseMs: 20,
  reconnectCapMs: 200,
  random: seededRandom(7).next,
  ackTimeoutMs: 2000,
};

async function simulator(
  faults: Partial<SimFaults> = {},
  seed = 42,
): Promise<{ sim: OxfunSimulator; ready: SimulatorReady }> {
  const sim = createOxfunSimulator({ seed, faults: { confirmDelayMs: 20, ...faults } });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  return { sim, ready };
}

function adapterFor(
  ready: SimulatorReady,
  options: OxfunAdapterOptions = {},
  credentials: Record<string, string> = ready.credentials,
  accountId = 'ox-1',
): OxfunAdapter {
  return createOxfunAdapter(
    { accountId, urls: ready.urls, credentials, logger: silentLogger },
    { ...FAST, ...options },
  );
}

async function rig(faults: Partial<SimFaults> = {}, options: OxfunAdapterOptions = {}) {
  const { sim, ready } = await simulator(faults);
  const adapter = adapterFor(ready, options);
  const recorded = recordEvents();
  await adapter.start(recorded.events);
  onCleanup(() => adapter.stop());
  return { sim, ready, adapter, recorded };
}

async function serviceRig(faults: Partial<SimFaults> = {}, options: OxfunAdapterOptions = {}, orders = 0) {
  const { sim, ready } = await simulator(faults);
  for (let i = 0; i < orders; i += 1) place(sim, i % 2 === 0 ? 'BTC-USD-SWAP-LIN' : 'ETH-USD-SWAP-LIN');
  const service = new BlotterService({
    mode: 'demo',
    audit: new MemoryAuditLog(),
    logger: silentLogger,
    random: () => 0.5,
  });
  onCleanup(() => service.stop());
  const adapter = adapterFor(ready, options);
  await service.addAccount({ adapter, label: 'OX demo', demo: true });
  const status = (id: string) => service.book.get(`ox-1:${id}`)?.status;
  const keys = (ids: string[]) => ids.map((id) => `ox-1:${id}`);
  return { sim, ready, service, adapter, status, keys };
}

function place(sim: OxfunSimulator, market = 'BTC-USD-SWAP-LIN', quantity = '0.002'): string {
  return sim.placeOrder({ market, side: 'buy', price: '64000', quantity });
}

const connected = (recorded: RecordedEvents) => recorded.states().at(-1) === 'connected';

describe('oxfun adapter ↔ simulator', () => {
  it('logs in, lists open orders with exact ids above 2^53, and streams new orders', async () => {
    const { sim, adapter, recorded } = await rig();
    expect(connected(recorded)).toBe(true);
    const id = place(sim, 'ETH-USD-SWAP-LIN', '0.5');
    expect(BigInt(id) > 2n ** 53n).toBe(true);
    await waitFor(() => recorded.lastOrder(id)?.status === 'open', 5000, 'OrderOpened push');
    const listed = await adapter.listOpenOrders();
    expect(listed).toEqual([
      expect.objectContaining({
        venueOrderId: id,
        market: 'ETH-USD-SWAP-LIN',
        quantity: '0.5',
        remaining: '0.5',
      }),
    ]);
    sim.fill(id, '0.2');
    await waitFor(() => recorded.lastOrder(id)?.status === 'partially_filled', 5000, 'OrderMatched push');
    expect(recorded.lastOrder(id)).toMatchObject({ filled: '0.2', remaining: '0.3' });
  });

  it('cancels one: submitted:true is accepted, OrderClosed CANCELED_BY_USER confirms', async () => {
    const { sim, adapter, recorded } = await rig();
    const id = place(sim);
    const outcomes = await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' }]);
    expect(outcomes).toEqual([{ kind: 'accepted' }]);
    await waitFor(() => recorded.lastOrder(id)?.status === 'cancelled', 5000, 'OrderClosed');
    expect(sim.order(id)?.closeStatus).toBe('CANCELED_BY_USER');
    expect(sim.stats().cancelMessages).toBe(1);
  });

  it('answers a batch one outcome per order, in order, from one cancelorders message', async () => {
    const { sim, adapter } = await rig();
    const ids = [place(sim), place(sim), place(sim)];
    sim.fill(ids[1]!);
    const outcomes = await adapter.cancelOrders([
      ...ids.map((id) => ({ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' })),
      { venueOrderId: '99', market: 'BTC-USD-SWAP-LIN' },
    ]);
    expect(
      outcomes.map((outcome) => (outcome.kind === 'failed' ? outcome.error.code : outcome.kind)),
    ).toEqual(['accepted', '100004', 'accepted', '100005']);
    expect(outcomes[3]).toMatchObject({ kind: 'failed', error: { category: 'not_found' } });
    expect(sim.stats()).toMatchObject({ cancelMessages: 1, cancelEntries: 4 });
  });

  it('shows a business rejection with the venue code and message', async () => {
    const { sim, adapter } = await rig({ rejectRate: 1 });
    const id = place(sim);
    const [outcome] = await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' }]);
    expect(outcome).toEqual({
      kind: 'failed',
      error: {
        category: 'maintenance',
        code: '20031',
        message: 'The marketCode is closed for trading temporarily',
      },
    });
  });

  it('fill racing cancel: accepted, then OrderMatched FILLED and the engine refusal (100004)', async () => {
    const { sim, adapter, recorded } = await rig({ conflictRate: 1 });
    const id = place(sim);
    expect(await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' }])).toEqual([
      { kind: 'accepted' },
    ]);
    await waitFor(() => recorded.cancelFailures.length === 1, 5000, 'engine refusal');
    expect(recorded.lastOrder(id)?.status).toBe('filled');
    expect(recorded.cancelFailures[0]).toEqual({
      venueOrderId: id,
      error: expect.objectContaining({ category: 'not_found', code: '100004' }),
    });
  });

  it('cancels over REST (≤ 8 per call, final per order) while the socket is down', async () => {
    const { sim, adapter, recorded } = await rig({}, { reconnectBaseMs: 60_000, reconnectCapMs: 60_000 });
    const ids = Array.from({ length: 10 }, () => place(sim));
    sim.disconnectAll();
    await waitFor(() => recorded.states().at(-1) === 'reconnecting', 5000, 'socket down');
    const before = sim.stats().restRequests;
    const outcomes = await adapter.cancelOrders(
      ids.map((id) => ({ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' })),
    );
    expect(outcomes).toEqual(ids.map(() => ({ kind: 'done', status: 'cancelled' })));
    expect(sim.stats().restRequests - before).toBe(2);
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('cancel-all over REST closes every order, pushed on the order channel', async () => {
    const { sim, adapter, recorded } = await rig();
    const ids = [place(sim), place(sim, 'ETH-USD-SWAP-LIN')];
    expect(await adapter.cancelAll()).toBe('Orders queued for cancelation');
    await waitFor(
      () => ids.every((id) => recorded.lastOrder(id)?.status === 'cancelled'),
      5000,
      'closes pushed',
    );
    expect(await adapter.cancelAll()).toBe('No working orders found');
    expect(recorded.malformed).toEqual([]);
  });

  it('bad credentials: the account is down with the venue reason, one login attempt, REST refused too', async () => {
    const { sim, ready } = await simulator();
    const wrongSecret = adapterFor(ready, {}, { ...ready.credentials, apiSecret: 'not-the-secret' });
    const recorded = recordEvents();
    await wrongSecret.start(recorded.events);
    onCleanup(() => wrongSecret.stop());
    expect(recorded.connections.at(-1)).toEqual({
      state: 'down',
      detail: 'login refused (20000): Signature is invalid — check the API secret',
    });
    await expect(wrongSecret.listOpenOrders()).rejects.toMatchObject({
      venueError: { category: 'auth', code: '20000' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.stats().loginFailures).toBe(1);
    expect(JSON.stringify(recorded.connections)).not.toContain('not-the-secret');

    const wrongKey = adapterFor(ready, {}, { ...ready.credentials, apiKey: 'nobody' }, 'ox-2');
    const recordedKey = recordEvents();
    await wrongKey.start(recordedKey.events);
    onCleanup(() => wrongKey.stop());
    expect(recordedKey.connections.at(-1)?.detail).toMatch(/^login refused \(20025\): API key is invalid/);
  });

  it('a clock out of the window is refused with 20024 and a hint', async () => {
    const { ready } = await simulator();
    const skewed = adapterFor(ready, { now: () => Date.now() - 120_000 });
    const recorded = recordEvents();
    await skewed.start(recorded.events);
    onCleanup(() => skewed.stop());
    expect(recorded.connections.at(-1)?.state).toBe('down');
    expect(recorded.connections.at(-1)?.detail).toMatch(/20024.*clock/);
  });

  it('keeps the session alive with text ping/pong', async () => {
    const { recorded } = await rig({}, { pingIntervalMs: 30 });
    const start = recorded.heartbeats;
    await waitFor(() => recorded.heartbeats >= start + 4, 5000, 'pongs');
    expect(recorded.states()).toEqual(['connecting', 'connected']);
  });

  it('a silent link (open, nothing delivered) is dropped by the keep-alive and reconnected after', async () => {
    const { sim, recorded } = await rig({}, { pingIntervalMs: 100 });
    const silence = sim.silence(600);
    expect(sim.gatewayState()).toBe('silent');
    // Nothing closes the socket: two ping intervals without a frame do.
    await waitFor(() => recorded.states().at(-1) === 'reconnecting', 400, 'keep-alive drop');
    expect(recorded.connections.at(-1)?.detail).toBe('keep-alive: no pong');
    await silence;
    await waitFor(() => connected(recorded), 2000, 'reconnected once the link delivers');
    expect(sim.stats().logins).toBe(2);
  });

  it('a gateway outage refuses REST and WebSocket, keeps the book, and answers again on the same port', async () => {
    const { sim, adapter, recorded } = await rig({ confirmDelayMs: 300 });
    const id = place(sim);
    const kept = place(sim);
    expect(await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' }])).toEqual([
      { kind: 'accepted' },
    ]);
    const outage = sim.outage(800);
    await waitFor(() => recorded.states().at(-1) === 'reconnecting', 2000, 'socket lost');
    await expect(adapter.listOpenOrders()).rejects.toMatchObject({ venueError: { category: 'network' } });
    // The socket is down, so the cancel tries REST, which is down too: a network failure, not a rejection.
    expect(await adapter.cancelOrders([{ venueOrderId: kept, market: 'BTC-USD-SWAP-LIN' }])).toEqual([
      { kind: 'failed', error: expect.objectContaining({ category: 'network' }) },
    ]);
    // The cancel accepted before the outage still completes at the venue.
    await waitFor(() => sim.order(id)?.status === 'CANCELED', 2000, 'closed while the gateway is down');
    await outage;
    await waitFor(() => connected(recorded), 3000, 'reconnected on the same port');
    expect((await adapter.listOpenOrders()).map((order) => order.venueOrderId)).toEqual([kept]);
  });

  it('counts a malformed frame, drops it, and the connection survives', async () => {
    const { sim, adapter, recorded } = await rig();
    sim.sendRaw('{"table":"order","data":[{"notice":"OrderOpened","orderId":"x"}]}');
    sim.sendRaw('definitely not json');
    await waitFor(() => recorded.malformed.length === 2, 5000, 'malformed counted');
    expect(adapter.malformedCount).toBe(2);
    const id = place(sim);
    expect(await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' }])).toEqual([
      { kind: 'accepted' },
    ]);
    await waitFor(() => recorded.lastOrder(id)?.status === 'cancelled', 5000, 'still cancelling fine');
    expect(recorded.states()).toEqual(['connecting', 'connected']);
  });

  it('re-logs in and resubscribes after a drop', async () => {
    const { sim, recorded } = await rig();
    sim.disconnectAll();
    await waitFor(
      () => recorded.states().filter((state) => state === 'connected').length === 2,
      5000,
      'reconnected',
    );
    const id = place(sim);
    await waitFor(() => recorded.lastOrder(id)?.status === 'open', 5000, 'order channel resubscribed');
    expect(sim.stats().logins).toBe(2);
  });
});

describe('oxfun under the blotter service', () => {
  it('cancels 45 orders in batches of 20 (3 messages) and confirms every one', async () => {
    const { sim, service, status, keys } = await serviceRig({}, {}, 45);
    const ids = sim.openOrderIds();
    const ack = service.cancel({ keys: keys(ids), source: 'scope' });
    expect(ack.accepted).toHaveLength(45);
    await waitFor(() => ids.every((id) => status(id) === 'cancelled'), 10_000, 'all cancelled');
    expect(sim.stats()).toMatchObject({ cancelMessages: 3, cancelEntries: 45, wsRateLimited: 0 });
  });

  it('paces a stream of single cancels above the venue rate without a 429', async () => {
    const { sim, service, status } = await serviceRig({}, {}, 120);
    const ids = sim.openOrderIds();
    for (const id of ids) {
      service.cancel({ keys: [`ox-1:${id}`], source: 'click' });
      // Clicks ~4 ms apart (~250/s): more messages than the venue's 50/s allows if sent as they come.
      await new Promise((resolve) => setTimeout(resolve, 4));
    }
    await waitFor(() => ids.every((id) => status(id) === 'cancelled'), 10_000, 'all cancelled');
    // Past the engine's burst: the bucket spaced them (and batched the backlog), and none was refused.
    expect(sim.stats().cancelMessages).toBeGreaterThan(CANCEL_RATE_LIMIT.capacity);
    expect(sim.stats().cancelEntries).toBe(120);
    expect(sim.stats().wsRateLimited).toBe(0);
  });

  it('recovers when the venue answers "too rapidly" (20007): pauses, retries, all cancelled', async () => {
    const { sim, service, status } = await serviceRig({ rateLimitScale: 0.04 }, {}, 12);
    const ids = sim.openOrderIds();
    for (const id of ids) {
      service.cancel({ keys: [`ox-1:${id}`], source: 'click' });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => sim.stats().wsRateLimited > 0, 5000, 'forced 429');
    expect(ids.some((id) => service.book.get(`ox-1:${id}`)?.cancel?.lastError?.code === '20007')).toBe(true);
    sim.setFaults({ rateLimitScale: 1 });
    await waitFor(
      () => ids.every((id) => status(id) === 'cancelled'),
      15_000,
      'all cancelled after the pause',
    );
  });

  it('fill racing cancel ends filled, "filled before cancel"', async () => {
    const { sim, service, status } = await serviceRig({ conflictRate: 1 }, {}, 1);
    const [id] = sim.openOrderIds() as [string];
    service.cancel({ keys: [`ox-1:${id}`], source: 'click' });
    await waitFor(() => status(id) === 'filled', 5000, 'filled');
    expect(service.book.get(`ox-1:${id}`)?.statusReason).toBe('filled before cancel');
  });

  it('a dropped confirmation is settled by reconcile: listing + order status say cancelled', async () => {
    const { sim, service, status } = await serviceRig(
      { dropConfirmationRate: 1 },
      { capabilities: { confirmDeadlineMs: 300 } },
      1,
    );
    const [id] = sim.openOrderIds() as [string];
    service.cancel({ keys: [`ox-1:${id}`], source: 'click' });
    await waitFor(() => status(id) === 'cancelling', 5000, 'cancelling');
    await waitFor(() => sim.order(id)?.status === 'CANCELED', 5000, 'cancelled at the venue, silently');
    await waitFor(() => status(id) === 'cancelled', 5000, 'reconciled');
  });

  it('disconnect mid-cancel: reconnect, resync by listing, the order ends cancelled', async () => {
    const { sim, service, status } = await serviceRig({ latencyMs: 150 }, {}, 2);
    const [first, second] = sim.openOrderIds() as [string, string];
    const connection = () => service.snapshot().accounts[0]?.connection;
    service.cancel({ keys: [`ox-1:${first}`], source: 'click' });
    await waitFor(() => sim.stats().cancelMessages === 1, 5000, 'cancel reached the venue');
    const requestsAtDrop = sim.stats().restRequests;
    sim.disconnectAll();
    await waitFor(() => connection() === 'reconnecting', 5000, 'drop seen');
    await waitFor(() => connection() === 'connected', 5000, 'reconnected');
    await waitFor(() => status(first) === 'cancelled', 10_000, 'cancelled after reconnect');
    // The reconnect triggered a resync through the REST listing.
    await waitFor(() => sim.stats().restRequests > requestsAtDrop, 5000, 'listing after reconnect');
    expect(status(second)).toBe('open');
    expect(sim.stats().logins).toBe(2);
  });

  it('bad credentials on one account leave the other account working', async () => {
    const { sim, ready } = await simulator();
    const id = place(sim);
    const service = new BlotterService({ mode: 'demo', audit: new MemoryAuditLog(), logger: silentLogger });
    onCleanup(() => service.stop());
    const bad = adapterFor(ready, {}, { ...ready.credentials, apiSecret: 'wrong' }, 'ox-bad');
    const good = adapterFor(ready, {}, ready.credentials, 'ox-good');
    await service.addAccount({ adapter: bad, label: 'bad', demo: true });
    await service.addAccount({ adapter: good, label: 'good', demo: true });
    const accounts = service.snapshot().accounts;
    expect(accounts.find((account) => account.accountId === 'ox-bad')).toMatchObject({
      connection: 'down',
      detail: expect.stringMatching(/20000/),
    });
    expect(accounts.find((account) => account.accountId === 'ox-good')?.connection).toBe('connected');
    service.cancel({ keys: [`ox-good:${id}`], source: 'click' });
    await waitFor(
      () => service.book.get(`ox-good:${id}`)?.status === 'cancelled',
      5000,
      'good account cancels',
    );
    expect(sim.stats().loginFailures).toBe(1);
  });
});

describe('oxfun as the venue really is (issue #12)', () => {
  /** A raw signed REST call, so a test can see the wire as the venue writes it. */
  async function signedGet(ready: SimulatorReady, path: string, query: string, secret: string) {
    const url = new URL(`${path}?${query}`, ready.urls.rest);
    const timestamp = restTimestamp(new Date());
    const parts = signingParts({ verb: 'GET', host: url.host, path, query, timestamp, nonce: '123' });
    const headers = restHeaders({ apiKey: ready.credentials.apiKey as string, apiSecret: secret }, parts);
    const response = await fetch(url, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('a 401 with -20000 shows auth on the listing and on every order of a REST cancel', async () => {
    const { sim, ready } = await simulator();
    const id = place(sim);
    const raw = await signedGet(ready, '/v3/orders/working', '', 'not-the-secret');
    expect(raw).toEqual({
      status: 401,
      body: { success: false, code: '-20000', message: 'Signature is invalid' },
    });
    const adapter = adapterFor(ready, {}, { ...ready.credentials, apiSecret: 'not-the-secret' });
    const recorded = recordEvents();
    await adapter.start(recorded.events);
    onCleanup(() => adapter.stop());
    expect(recorded.states().at(-1)).toBe('down');
    await expect(adapter.listOpenOrders()).rejects.toMatchObject({
      venueError: { category: 'auth', code: '20000' },
    });
    // The socket is down, so the cancel goes over REST, which refuses the key.
    const outcomes = await adapter.cancelOrders([{ venueOrderId: id, market: 'BTC-USD-SWAP-LIN' }]);
    expect(outcomes).toEqual([
      { kind: 'failed', error: expect.objectContaining({ category: 'auth', code: '20000' }) },
    ]);
    expect(sim.openOrderIds()).toEqual([id]);
  });

  it('a lookup batch with one vanished id (-100005) still settles the others', async () => {
    const { sim, ready, adapter } = await rig();
    const open = place(sim);
    const closed = place(sim, 'ETH-USD-SWAP-LIN');
    expect(await adapter.cancelOrders([{ venueOrderId: closed, market: 'ETH-USD-SWAP-LIN' }])).toEqual([
      { kind: 'accepted' },
    ]);
    await waitFor(() => sim.order(closed)?.status === 'CANCELED', 5000, 'closed at the venue');
    const vanished = '304384250571714999999';
    const raw = await signedGet(
      ready,
      '/v3/orders/status',
      `orderId=${vanished}`,
      ready.credentials.apiSecret as string,
    );
    expect(raw.body).toMatchObject({ success: false, code: '-100005' });

    const found = await adapter.lookupOrders?.([
      { venueOrderId: open, market: 'BTC-USD-SWAP-LIN' },
      { venueOrderId: vanished, market: 'BTC-USD-SWAP-LIN' },
      { venueOrderId: closed, market: 'ETH-USD-SWAP-LIN' },
    ]);
    expect(found).toEqual([
      expect.objectContaining({ venueOrderId: open, status: 'open' }),
      expect.objectContaining({ venueOrderId: closed, status: 'cancelled' }),
    ]);
  });

  it('a batch failure echoing another order id fails that order at once, no 5 s ack timeout', async () => {
    const { sim, adapter, recorded } = await rig({}, { ackTimeoutMs: 5000 });
    const open = place(sim);
    const unknownEth = '304384250571714111111';
    const unknownBtc = '304384250571714222222';
    const started = Date.now();
    const outcomes = await adapter.cancelOrders([
      { venueOrderId: open, market: 'BTC-USD-SWAP-LIN' },
      { venueOrderId: unknownEth, market: 'ETH-USD-SWAP-LIN' },
      { venueOrderId: unknownBtc, market: 'BTC-USD-SWAP-LIN' },
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcomes).toEqual([
      { kind: 'accepted' },
      { kind: 'failed', error: expect.objectContaining({ category: 'not_found', code: '100005' }) },
      { kind: 'failed', error: expect.objectContaining({ category: 'not_found', code: '100005' }) },
    ]);
    await waitFor(() => recorded.lastOrder(open)?.status === 'cancelled', 5000, 'OrderClosed');
    expect(recorded.malformed).toEqual([]);
  });

  it('greets with the nonce event, which the adapter takes as a greeting (nothing malformed)', async () => {
    const { ready } = await simulator();
    const ws = new WebSocket(ready.urls.ws as string);
    onCleanup(async () => ws.terminate());
    const first = await new Promise<string>((resolve) =>
      ws.once('message', (data) => resolve(data.toString())),
    );
    expect(JSON.parse(first)).toMatchObject({ event: 'nonce', nonce: expect.any(String) });
    const { recorded } = await rig();
    expect(connected(recorded)).toBe(true);
    expect(recorded.malformed).toEqual([]);
  });

  it('refuses WebSocket connections beyond 200 a minute', async () => {
    const { sim, ready } = await simulator({ rateLimitScale: 0.01 });
    const open = () =>
      new Promise<'open' | 'refused'>((resolve) => {
        const ws = new WebSocket(ready.urls.ws as string);
        ws.once('open', () => {
          ws.terminate();
          resolve('open');
        });
        ws.once('error', () => resolve('refused'));
      });
    // 200 × 0.01 = 2 connections in the minute.
    expect([await open(), await open(), await open()]).toEqual(['open', 'open', 'refused']);
    expect(sim.stats().wsConnectionsRefused).toBe(1);
  });
});

describe('oxfun client compatibility', () => {
  it('the docs sample flow (wait for nonce → login → subscribe → cancelorder) works against the simulator', async () => {
    // No OX.FUN client library is installed (ccxt here has no oxfun class); this follows the venue's own sample.
    const { sim, ready } = await simulator();
    const id = place(sim);
    const ws = new WebSocket(ready.urls.ws as string);
    onCleanup(async () => ws.terminate());
    const frames: unknown[] = [];
    const texts: string[] = [];
    const secret = ready.credentials.apiSecret as string;
    ws.on('message', (data) => {
      const text = data.toString();
      texts.push(text);
      if (text === 'pong') return;
      const message = parseJsonLossless(text) as Record<string, unknown>;
      frames.push(message);
      if ('nonce' in message) {
        const ts = String(Date.now());
        ws.send(
          JSON.stringify({
            op: 'login',
            tag: 1,
            data: {
              apiKey: ready.credentials.apiKey,
              timestamp: ts,
              signature: wsLoginSignature(secret, ts),
            },
          }),
        );
      } else if (message.event === 'login' && message.success === true) {
        ws.send(JSON.stringify({ op: 'subscribe', args: ['order:all'], tag: 102 }));
        ws.send('ping');
      } else if (message.event === 'subscribe') {
        ws.send(`{"op":"cancelorder","tag":456,"data":{"marketCode":"BTC-USD-SWAP-LIN","orderId":${id}}}`);
      }
    });
    await waitFor(
      () => frames.some((frame) => (frame as { table?: string }).table === 'order'),
      5000,
      'OrderClosed on the order channel',
    );
    expect(frames).toContainEqual(expect.objectContaining({ event: 'login', success: true, tag: '1' }));
    expect(frames).toContainEqual(
      expect.objectContaining({
        event: 'cancelorder',
        submitted: true,
        tag: '456',
        data: expect.objectContaining({ orderId: id }),
      }),
    );
    expect(frames).toContainEqual({
      table: 'order',
      data: [expect.objectContaining({ notice: 'OrderClosed', status: 'CANCELED_BY_USER', orderId: id })],
    });
    expect(texts).toContain('pong');
  });

  it('is registered-ready: the venue module starts its simulator and builds an adapter that connects', async () => {
    const sim = oxfunVenue.createSimulator({ seed: 1 });
    const ready = await sim.start();
    onCleanup(() => sim.stop());
    expect(ready.venue).toBe('oxfun');
    const adapter = oxfunVenue.createAdapter({
      accountId: 'm',
      urls: ready.urls,
      credentials: ready.credentials,
      logger: silentLogger,
    });
    const recorded = recordEvents();
    await adapter.start(recorded.events);
    onCleanup(() => adapter.stop());
    expect(adapter.capabilities).toMatchObject({ cancelFlow: 'two-step', maxBatch: 20 });
    expect(connected(recorded)).toBe(true);
  });
});
