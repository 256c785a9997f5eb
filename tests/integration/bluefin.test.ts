/**
 * The Bluefin adapter against the Bluefin simulator over real loopback
 * sockets (signed login, Bearer REST, signed cancel by hash, the raw user
 * stream), and through the BlotterService where the engine's pacing and
 * reconcile are the subject.
 */
import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { type Logger, silentLogger } from '../../main/core/log.ts';
import { seededRandom } from '../../main/core/random.ts';
import type { VenueCallError } from '../../main/core/venue.ts';
import {
  type BluefinAdapter,
  type BluefinAdapterOptions,
  createBluefinAdapter,
} from '../../main/venues/bluefin/adapter.ts';
import {
  cancelPayload,
  keypairFromSecret,
  onboardingPayload,
  signPayload,
} from '../../main/venues/bluefin/auth.ts';
import { BLUEFIN_STAGING_URLS } from '../../main/venues/bluefin/constants.ts';
import { bluefinVenue } from '../../main/venues/bluefin/index.ts';
import { normaliseOrderHash } from '../../main/venues/bluefin/parse.ts';
import {
  type BluefinSimulator,
  type BluefinSimulatorOptions,
  createBluefinSimulator,
} from '../../main/venues/bluefin/sim/index.ts';
import type { SimFaults, SimulatorReady } from '../../main/venues/simulator.ts';
import { type RecordedEvents, recordEvents } from '../support/adapter-events.ts';
import { onCleanup, secretCheckedLogger } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

// No signature (128 hex digits) and no bearer token in any log line.
const capturingLogger = (secrets: string[]): Logger =>
  secretCheckedLogger(secrets, [/[0-9a-f]{128}/, /Bearer/i]);

async function startSim(
  faults: Partial<SimFaults> = {},
  options: Partial<BluefinSimulatorOptions> = {},
): Promise<{ sim: BluefinSimulator; ready: SimulatorReady }> {
  const sim = createBluefinSimulator({ seed: 42, faults: { confirmDelayMs: 20, ...faults }, ...options });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  return { sim, ready };
}

function makeAdapter(
  ready: SimulatorReady,
  options: BluefinAdapterOptions = {},
  overrides: { accountId?: string; credentials?: Record<string, string>; urls?: Record<string, string> } = {},
): BluefinAdapter {
  const credentials = overrides.credentials ?? ready.credentials;
  return createBluefinAdapter(
    {
      accountId: overrides.accountId ?? 'bluefin-1',
      urls: overrides.urls ?? ready.urls,
      credentials,
      logger: capturingLogger(Object.values(credentials).filter((value) => value.length > 8)),
    },
    { reconnectBaseMs: 20, reconnectCapMs: 200, random: seededRandom(7).next, ...options },
  );
}

interface Rig {
  sim: BluefinSimulator;
  ready: SimulatorReady;
  adapter: BluefinAdapter;
  recorded: RecordedEvents;
}

async function rig(
  faults: Partial<SimFaults> = {},
  options: BluefinAdapterOptions = {},
  simOptions: Partial<BluefinSimulatorOptions> = {},
): Promise<Rig> {
  const { sim, ready } = await startSim(faults, simOptions);
  const adapter = makeAdapter(ready, options);
  const recorded = recordEvents();
  await adapter.start(recorded.events);
  onCleanup(() => adapter.stop());
  // The venue sends no subscription ack: wait until the simulator has taken the SUBSCRIBE frame.
  await waitFor(() => sim.stats().subscriptions >= 1, 5000, 'subscribed');
  return { sim, ready, adapter, recorded };
}

function place(sim: BluefinSimulator, market = 'ETH-PERP', quantity = '0.5'): string {
  return sim.placeOrder({ market, side: 'buy', price: '3450.12', quantity });
}

const target = (venueOrderId: string, market = 'ETH-PERP') => ({ venueOrderId, market });

describe('bluefin adapter ↔ simulator', () => {
  it('logs in, streams new orders and lists every page with exact amounts', async () => {
    const { sim, adapter, recorded } = await rig();
    expect(recorded.states()).toEqual(['connecting', 'connected']);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push(place(sim, i % 2 === 0 ? 'ETH-PERP' : 'BTC-PERP', '1.5'));
    sim.fill(ids[0] as string, '0.25');
    await waitFor(() => recorded.lastOrder(ids[0] as string)?.filled === '0.25', 5000, 'fill pushed');

    const listed = await adapter.listOpenOrders();
    expect(listed.map((order) => order.venueOrderId).sort()).toEqual([...ids].sort());
    expect(listed.find((order) => order.venueOrderId === ids[0])).toMatchObject({
      market: 'ETH-PERP',
      side: 'buy',
      type: 'limit',
      price: '3450.12',
      quantity: '1.5',
      filled: '0.25',
      remaining: '1.25',
      status: 'partially_filled',
    });
    // The first listing also asks page 0 to learn which page comes first (here 1: page 0 is page 1 again).
    expect(sim.stats().ordersRequests).toBe(4);
    expect(adapter.firstPageNumber).toBe(1);
    await adapter.listOpenOrders();
    expect(sim.stats().ordersRequests).toBe(7);
    expect(adapter.logins).toBe(1);
  });

  const numberings: { label: string; options: Partial<BluefinSimulatorOptions>; base: 0 | 1 }[] = [
    { label: 'from 0', options: { firstPageNumber: 0 }, base: 0 },
    { label: 'from 1 (page 0 served as page 1)', options: { firstPageNumber: 1 }, base: 1 },
    { label: 'from 1 (page 0 empty)', options: { firstPageNumber: 1, belowFirstPage: 'empty' }, base: 1 },
    { label: 'from 1 (page 0 refused)', options: { firstPageNumber: 1, belowFirstPage: 'error' }, base: 1 },
  ];
  for (const { label, options, base } of numberings) {
    it(`pages numbered ${label}: every order listed exactly once`, async () => {
      const { sim, adapter, recorded } = await rig({}, {}, options);
      for (const count of [3, 100, 130]) {
        while (sim.openOrderIds().length < count)
          place(sim, sim.openOrderIds().length % 3 ? 'ETH-PERP' : 'BTC-PERP');
        const listed = (await adapter.listOpenOrders()).map((order) => order.venueOrderId);
        expect(listed).toHaveLength(count);
        expect([...listed].sort()).toEqual([...sim.openOrderIds()].sort());
        expect(adapter.firstPageNumber).toBe(base);
      }
      expect(recorded.malformed).toEqual([]);
    });
  }

  it('a 0x/upper-case hash and one odd row: the rest is listed, the odd-hash order cancels and the stream confirms', async () => {
    const { sim, adapter, recorded } = await rig();
    const plain = [place(sim), place(sim)];
    sim.setHashStyle('0x-upper');
    const listedForm = place(sim);
    expect(listedForm).toMatch(/^0x[0-9A-F]{64}$/);
    const key = normaliseOrderHash(listedForm) as string;
    sim.addListingRow({ ...sim.order(plain[0] as string), hash: 'not-a-hash', price: 3450.12 });

    const listed = await adapter.listOpenOrders();
    expect(listed.map((order) => order.venueOrderId).sort()).toEqual([...plain, key].sort());
    expect(recorded.malformed).toEqual([expect.stringMatching(/^GET \/orders row 0 skipped: hash: /)]);

    // The engine holds the key; the venue (matching its own form exactly) gets the form it listed.
    expect(await adapter.cancelOrders([target(key)])).toEqual([{ kind: 'accepted' }]);
    await waitFor(
      () => recorded.lastOrder(key)?.status === 'cancelled',
      5000,
      'OrderCancelled for 0xABC… finds abc…',
    );
    expect(sim.order(key)?.orderStatus).toBe('CANCELLED');
    expect(await adapter.lookupOrders([target(key)])).toMatchObject([
      { venueOrderId: key, status: 'cancelled' },
    ]);

    // An order the adapter only saw on the stream is sent back in the stream's form too.
    const streamedForm = place(sim);
    const streamedKey = normaliseOrderHash(streamedForm) as string;
    await waitFor(() => recorded.lastOrder(streamedKey)?.status === 'open', 5000, 'streamed');
    expect(await adapter.cancelOrders([target(streamedKey)])).toEqual([{ kind: 'accepted' }]);
    await waitFor(() => recorded.lastOrder(streamedKey)?.status === 'cancelled', 5000, 'confirmed');
    // A caller writing the hash as the venue did gets the same order.
    expect(await adapter.cancelOrders([target(listedForm)])).toMatchObject([
      { kind: 'failed', error: { category: 'not_found', message: 'Order already cancelled' } },
    ]);
  });

  it('cancels one order (v2): accepted = CANCELLING, then CANCELLED on the stream', async () => {
    const { sim, adapter, recorded } = await rig();
    const id = place(sim);
    expect(await adapter.cancelOrders([target(id)])).toEqual([{ kind: 'accepted' }]);
    await waitFor(() => recorded.lastOrder(id)?.status === 'cancelled', 5000, 'cancel confirmation');
    expect(recorded.orders.filter((order) => order.venueOrderId === id).map((order) => order.status)).toEqual(
      ['open', 'cancelling', 'cancelled', 'cancelled'],
    );
    expect(sim.stats().cancelRequestsByVariant).toEqual({ v1: 0, v2: 1 });
    expect(sim.openOrderIds()).not.toContain(id);
  });

  it('cancels with the v1 endpoint and signature behind the switch', async () => {
    const { sim, adapter, recorded } = await rig({}, { cancelVariant: 'v1' });
    const id = place(sim);
    expect(await adapter.cancelOrders([target(id)])).toEqual([{ kind: 'accepted' }]);
    await waitFor(() => recorded.lastOrder(id)?.status === 'cancelled', 5000, 'cancel confirmation');
    expect(sim.stats().cancelRequestsByVariant).toEqual({ v1: 1, v2: 0 });
  });

  it('chunks hashes per request and splits markets; per-hash failures land on their row', async () => {
    const { sim, adapter } = await rig({}, { maxHashesPerCancel: 4 });
    expect(adapter.capabilities.maxBatch).toBe(4);
    const eth = Array.from({ length: 6 }, () => place(sim, 'ETH-PERP'));
    const btc = place(sim, 'BTC-PERP');
    const gone = place(sim);
    sim.fill(gone);
    const unknown = 'c'.repeat(64);
    const targets = [
      ...eth.map((id) => target(id)),
      target(btc, 'BTC-PERP'),
      target(gone),
      target(unknown),
      target('0xnope'),
    ];
    const outcomes = await adapter.cancelOrders(targets);
    expect(outcomes.slice(0, 7)).toEqual(Array(7).fill({ kind: 'accepted' }));
    expect(outcomes[7]).toEqual({
      kind: 'failed',
      error: { category: 'not_found', code: 'failedCancelling', message: 'Order already filled' },
    });
    expect(outcomes[8]).toEqual({
      kind: 'failed',
      error: { category: 'not_found', code: 'failedCancelling', message: 'Order not found' },
    });
    expect(outcomes[9]).toMatchObject({
      kind: 'failed',
      error: { category: 'rejected', code: 'invalid_hash' },
    });
    // ETH: 8 hashes in chunks of 4; BTC: 1.
    expect(sim.stats().hashesPerCancel.sort()).toEqual([1, 4, 4]);
  });

  it('a refused token re-authorizes once and the call goes through', async () => {
    const { sim, adapter } = await rig();
    place(sim);
    sim.revokeTokens();
    expect(await adapter.listOpenOrders()).toHaveLength(1);
    expect(adapter.logins).toBe(2);
  });

  it('a subscription refused with 1008 logs in again and resubscribes', async () => {
    const { sim, adapter, recorded } = await rig();
    sim.revokeTokens();
    sim.disconnectAll();
    // Reconnects with the cached (now revoked) token, is closed 1008, logs in again, subscribes.
    await waitFor(() => sim.stats().subscriptions >= 2, 5000, 'resubscribed');
    expect(adapter.logins).toBe(2);
    const id = place(sim);
    await waitFor(() => recorded.lastOrder(id)?.status === 'open', 5000, 'stream delivers again');
    expect(recorded.connections.some((entry) => entry.detail?.includes('refused the token'))).toBe(true);
    expect(recorded.states().at(-1)).toBe('connected');
  });

  it('OrderCancellationFailed → events.cancelFailed; a settlement reversion refreshes the order', async () => {
    const { sim, adapter, recorded } = await rig({ conflictRate: 1 });
    const id = place(sim);
    expect(await adapter.cancelOrders([target(id)])).toEqual([{ kind: 'accepted' }]);
    await waitFor(() => recorded.cancelFailures.length === 1, 5000, 'cancellation failed');
    expect(recorded.cancelFailures[0]).toMatchObject({
      venueOrderId: id,
      error: { category: 'conflict', code: 'OrderCancellationFailed' },
    });
    expect(recorded.lastOrder(id)?.filled).not.toBe('0');

    const other = place(sim);
    sim.revertSettlement(other);
    await waitFor(() => recorded.lastOrder(other)?.status === 'cancelled', 5000, 'refresh after reversion');
  });

  it('an OrderCancelled naming only the hash (untyped upstream) is settled by a lookup in the venue form', async () => {
    const { sim, adapter, recorded } = await rig({ dropConfirmationRate: 1 }, {}, { hashStyle: 'upper' });
    const listedForm = place(sim);
    const key = normaliseOrderHash(listedForm) as string;
    await waitFor(() => recorded.lastOrder(key)?.status === 'open', 5000, 'streamed');
    expect(await adapter.cancelOrders([target(key)])).toEqual([{ kind: 'accepted' }]);
    await waitFor(() => sim.order(key)?.orderStatus === 'CANCELLED', 5000, 'cancelled at the venue');
    expect(recorded.lastOrder(key)?.status).toBe('cancelling');
    sim.sendRaw(JSON.stringify({ eventName: 'OrderCancelled', data: { orderHash: `0x${listedForm}` } }));
    await waitFor(
      () => recorded.lastOrder(key)?.status === 'cancelled',
      5000,
      'looked up after OrderCancelled',
    );
    expect(recorded.malformed).toEqual([]);
  });

  it('a gateway outage refuses REST and the stream, keeps the book, settles accepted cancels, returns on the same port', async () => {
    const { sim, adapter, recorded } = await rig({ confirmDelayMs: 300 });
    const id = place(sim);
    const [outcome] = await adapter.cancelOrders([target(id)]);
    expect(outcome).toEqual({ kind: 'accepted' });
    const back = sim.outage(600);
    await waitFor(() => recorded.states().at(-1) === 'reconnecting', 2000, 'stream dropped');
    await expect(adapter.listOpenOrders()).rejects.toMatchObject({ venueError: { category: 'network' } });
    // The matching engine did not stop: the cancel it accepted settles while the gateway is away.
    await waitFor(() => sim.order(id)?.orderStatus === 'CANCELLED', 2000, 'settled while down');
    await back;
    await waitFor(() => recorded.states().at(-1) === 'connected', 3000, 'reconnected');
    const listed = await adapter.listOpenOrders();
    expect(listed).toEqual([]);
    expect((await adapter.lookupOrders([target(id)]))[0]?.status).toBe('cancelled');
  });

  it('a silent link: open sockets deliver nothing, requests wait and are answered once it works again', async () => {
    const { sim, adapter, recorded } = await rig({}, { pingIntervalMs: 100 });
    const heard = sim.silence(700);
    const silentAt = Date.now();
    const listing = adapter.listOpenOrders();
    const id = place(sim);
    // No pong: the keep-alive drops the socket within two intervals.
    await waitFor(() => recorded.states().at(-1) === 'reconnecting', 1000, 'silent link dropped');
    expect(Date.now() - silentAt).toBeLessThan(500);
    await heard;
    expect((await listing).map((order) => order.venueOrderId)).toEqual([id]);
    await waitFor(() => recorded.states().at(-1) === 'connected', 3000, 'reconnected');
    // The frame pushed during the silence was lost: the order is known from the listing only.
    expect(recorded.lastOrder(id)).toBeUndefined();
  });

  it('counts a malformed frame, drops it and keeps the connection', async () => {
    const { sim, recorded } = await rig();
    sim.sendRaw('{"eventName":"OrderUpdate","data":{"order":{"hash":"zz"}}}');
    sim.sendRaw('not json at all');
    await waitFor(() => recorded.malformed.length === 2, 5000, 'malformed counted');
    const id = place(sim);
    await waitFor(() => recorded.lastOrder(id)?.status === 'open', 5000, 'stream still delivers');
    expect(recorded.states()).toEqual(['connecting', 'connected']);
  });

  it('answers 429 with code 1015 and Retry-After over the (scaled) limit', async () => {
    const { sim, adapter } = await rig({ rateLimitScale: 0.001 }, {}, { rateWindowMs: 1000 });
    const ids = Array.from({ length: 6 }, () => place(sim));
    const outcomes = await Promise.all(ids.map((id) => adapter.cancelOrders([target(id)])));
    const limited = outcomes.flat().filter((outcome) => outcome.kind === 'failed');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({
      kind: 'failed',
      error: { category: 'rate_limited', code: '1015', retryAfterMs: 1000 },
    });
  });

  it('requests shaped like the official TS client (axios `statuses[]`, fromUI) are served', async () => {
    const { sim, ready } = await startSim();
    const id = place(sim);
    const keypair = keypairFromSecret(ready.credentials.privateKey as string);
    const address = keypair.toSuiAddress();
    const api = axios.create({ baseURL: ready.urls.rest, headers: { 'x-wallet-address': address } });
    const login = await api.post('/authorize', {
      signature: await signPayload(keypair, onboardingPayload(ready.urls.onboarding as string)),
      userAddress: address,
      isTermAccepted: true,
    });
    const auth = { Authorization: `Bearer ${login.data.token}` };
    const open = await api.get('/orders', {
      params: { symbol: 'ETH-PERP', statuses: ['OPEN', 'PARTIAL_FILLED', 'PENDING'] },
      headers: auth,
    });
    expect(open.data.map((order: { hash: string }) => order.hash)).toEqual([id]);
    const cancel = await api.delete('/v2/user/orders/hash', {
      data: {
        symbol: 'ETH-PERP',
        orderHashes: [id],
        cancelSignature: await signPayload(keypair, cancelPayload([id], 'v2')),
        fromUI: true,
      },
      headers: auth,
    });
    expect(cancel.data.data).toEqual({ acceptedForCancelling: [{ hash: id }], failedCancelling: [] });
    const forged = await api
      .delete('/v2/user/orders/hash', {
        data: {
          symbol: 'ETH-PERP',
          orderHashes: [id, 'd'.repeat(64)],
          cancelSignature: await signPayload(keypair, cancelPayload([id], 'v2')),
          fromUI: true,
        },
        headers: auth,
      })
      .catch((err: unknown) => (axios.isAxiosError(err) ? err.response : undefined));
    expect(forged?.status).toBe(400);
    expect(forged?.data).toMatchObject({ error: { message: 'Invalid Order Signature' } });
  });
});

describe('bluefin accounts through the BlotterService', () => {
  let service: BlotterService;
  let audit: MemoryAuditLog;

  async function serviceRig(
    faults: Partial<SimFaults> = {},
    options: BluefinAdapterOptions = {},
    simOptions: Partial<BluefinSimulatorOptions> = {},
    orders = 0,
    mixedMarkets = false,
  ): Promise<{ sim: BluefinSimulator; ready: SimulatorReady; adapter: BluefinAdapter; ids: string[] }> {
    const { sim, ready } = await startSim(faults, simOptions);
    const ids = Array.from({ length: orders }, (_, i) =>
      place(sim, mixedMarkets && i % 3 === 2 ? 'SUI-PERP' : 'ETH-PERP'),
    );
    audit = new MemoryAuditLog();
    service = new BlotterService({ mode: 'live', audit, logger: silentLogger, random: seededRandom(3).next });
    onCleanup(() => service.stop());
    const adapter = makeAdapter(ready, options);
    await service.addAccount({ adapter, label: 'Bluefin', demo: true });
    await waitFor(() => sim.stats().subscriptions >= 1, 5000, 'subscribed');
    return { sim, ready, adapter, ids };
  }

  const statusOf = (id: string, accountId = 'bluefin-1') => service.book.get(`${accountId}:${id}`)?.status;
  const keys = (ids: string[], accountId = 'bluefin-1') => ids.map((id) => `${accountId}:${id}`);
  const allIn = (ids: string[], statuses: string[]) =>
    ids.every((id) => statuses.includes(statusOf(id) ?? ''));

  it('cancels a selection larger than the batch size, in batches of at most 15 hashes', async () => {
    const { sim, ids } = await serviceRig({}, {}, {}, 40, true);
    expect(service.book.forAccount('bluefin-1')).toHaveLength(40);
    const ack = service.cancel({ keys: keys(ids), source: 'selection' });
    expect(ack.accepted).toHaveLength(40);
    await waitFor(() => allIn(ids, ['cancelled']), 10_000, 'all cancelled');
    const sizes = sim.stats().hashesPerCancel;
    expect(Math.max(...sizes)).toBeLessThanOrEqual(15);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(40);
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('hashes written 0x/upper case and pages from 0, with an odd row: the book keys stay stable and all cancel', async () => {
    const { sim, ids } = await serviceRig(
      {},
      {},
      { hashStyle: '0x-upper', firstPageNumber: 0, maxPageSize: 50 },
      60,
      true,
    );
    const orderKeys = ids.map((id) => normaliseOrderHash(id) as string);
    expect(service.book.forAccount('bluefin-1')).toHaveLength(60);
    sim.addListingRow({ hash: 'zz', symbol: 'ETH-PERP' });
    service.cancel({ keys: keys(orderKeys), source: 'selection' });
    await waitFor(() => allIn(orderKeys, ['cancelled']), 10_000, 'all cancelled');
    expect(sim.openOrderIds()).toEqual([]);
    expect(sim.stats().hashesPerCancel.reduce((sum, size) => sum + size, 0)).toBe(60);
  });

  it('paces cancels to the declared limit: no 429 in normal use', async () => {
    // A venue limit scaled to 5 requests a second; the adapter declares matching buckets.
    const { sim, ids } = await serviceRig(
      { rateLimitScale: 0.001 },
      {
        maxHashesPerCancel: 2,
        rateLimits: [{ name: 'test cancels 3/s', capacity: 1, refillPerSecond: 2 }],
        requestRateLimit: { name: 'test requests 5/s', capacity: 2, refillPerSecond: 3 },
      },
      { rateWindowMs: 1000 },
      12,
    );
    const started = Date.now();
    service.cancel({ keys: keys(ids), source: 'scope' });
    await waitFor(() => allIn(ids, ['cancelled']), 15_000, 'all cancelled');
    expect(sim.stats().rateLimited).toBe(0);
    expect(sim.stats().cancelRequests).toBe(6);
    // 6 calls at 1 burst + 2/s: the last one cannot go before 2.5 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
  });

  it('recovers when the venue forces 429s: pauses for Retry-After and finishes', async () => {
    const { sim, ids } = await serviceRig(
      { rateLimitScale: 0.001 },
      { maxHashesPerCancel: 2 },
      { rateWindowMs: 1000 },
      12,
    );
    service.cancel({ keys: keys(ids), source: 'scope' });
    await waitFor(() => allIn(ids, ['cancelled']), 15_000, 'all cancelled');
    expect(sim.stats().rateLimited).toBeGreaterThan(0);
    expect(audit.entries.some((entry) => JSON.stringify(entry).includes('rate_limited'))).toBe(true);
  });

  it('fill racing cancel: the order ends filled ("filled before cancel") or the retry cancels the rest', async () => {
    const { sim, ids } = await serviceRig({ conflictRate: 1 }, {}, {}, 6);
    service.cancel({ keys: keys(ids), source: 'selection' });
    await waitFor(() => allIn(ids, ['cancelled', 'filled']), 10_000, 'all final');
    const filled = ids.filter((id) => statusOf(id) === 'filled');
    const cancelled = ids.filter((id) => statusOf(id) === 'cancelled');
    expect(filled.length).toBeGreaterThan(0);
    expect(cancelled.length).toBeGreaterThan(0);
    for (const id of filled)
      expect(service.book.get(`bluefin-1:${id}`)?.statusReason).toBe('filled before cancel');
    // A partly filled order was cancelled on the retry: its fill is on the row.
    for (const id of cancelled) expect(service.book.get(`bluefin-1:${id}`)?.filled).toBe('0.25');
    for (const id of ids) expect(sim.order(id)?.orderStatus).toBe(statusOf(id)?.toUpperCase());
  });

  it('a fill landing while the cancel is pending ends the row filled', async () => {
    const { sim, ids } = await serviceRig({ confirmDelayMs: 300 }, {}, {}, 1);
    const id = ids[0] as string;
    service.cancel({ keys: keys([id]), source: 'click' });
    await waitFor(() => sim.order(id)?.orderStatus === 'CANCELLING', 5000, 'venue cancelling');
    sim.fill(id);
    await waitFor(() => statusOf(id) === 'filled', 5000, 'filled');
    expect(service.book.get(`bluefin-1:${id}`)?.statusReason).toBe('filled before cancel');
  });

  it('a dropped confirmation is settled by reconcile (listing + lookup)', async () => {
    const { sim, ids } = await serviceRig({ dropConfirmationRate: 1 }, { confirmDeadlineMs: 300 }, {}, 3);
    service.cancel({ keys: keys(ids), source: 'selection' });
    await waitFor(() => allIn(ids, ['cancelled']), 10_000, 'reconciled');
    // The listing no longer has them; the lookup by hash says CANCELLED: a final answer, not a guess.
    const decisions = audit.entries.flatMap((entry) =>
      entry.type === 'reconcile' && entry.decisions ? Object.values(entry.decisions) : [],
    );
    expect(decisions).toContain('final');
    expect(sim.openOrderIds()).toEqual([]);
  });

  it('disconnect mid-cancel: the stream reconnects and the listing settles the lost confirmation', async () => {
    const { sim, ids } = await serviceRig({ dropConfirmationRate: 1 }, { confirmDeadlineMs: 60_000 }, {}, 2);
    service.cancel({ keys: keys(ids), source: 'selection' });
    await waitFor(
      () => ids.every((id) => sim.order(id)?.orderStatus === 'CANCELLED'),
      5000,
      'cancelled at venue',
    );
    expect(allIn(ids, ['cancelling'])).toBe(true);
    const listingsBefore = sim.stats().ordersRequests;
    sim.disconnectAll();
    await waitFor(() => allIn(ids, ['cancelled']), 5000, 'settled after reconnect');
    expect(sim.stats().ordersRequests).toBeGreaterThan(listingsBefore);
    expect(service.snapshot().accounts[0]?.connection).toBe('connected');
  });

  it('bad credentials: a clear error on that account, the other account unaffected', async () => {
    const { sim, ready, ids } = await serviceRig({}, {}, {}, 2);
    const badKey = makeAdapter(
      ready,
      {},
      { accountId: 'bad-key', credentials: { privateKey: 'not-a-sui-key-value' } },
    );
    await service.addAccount({ adapter: badKey, label: 'bad key', demo: false });
    const wrongUrl = makeAdapter(
      ready,
      {},
      { accountId: 'wrong-url', urls: { ...ready.urls, onboarding: BLUEFIN_STAGING_URLS.onboarding } },
    );
    await service.addAccount({ adapter: wrongUrl, label: 'wrong onboarding URL', demo: false });

    const accounts = new Map(service.snapshot().accounts.map((account) => [account.accountId, account]));
    expect(accounts.get('bad-key')).toMatchObject({ connection: 'down' });
    expect(accounts.get('bad-key')?.detail).toMatch(/^credentials: privateKey must be/);
    expect(accounts.get('bad-key')?.detail).not.toContain('not-a-sui-key-value');
    expect(accounts.get('wrong-url')).toMatchObject({
      connection: 'down',
      detail: 'login refused: Invalid Signature',
    });
    expect(accounts.get('bluefin-1')).toMatchObject({ connection: 'connected' });

    // No retry storm: the engine keeps retrying the start-up listing every second, but the refused
    // login is answered from memory until the auth cool-down ends; the bad key never reaches the venue.
    const listingFailures = () =>
      audit.entries.filter(
        (entry) =>
          entry.type === 'reconcile' && entry.accountId === 'wrong-url' && entry.result === 'listing_failed',
      ).length;
    await waitFor(() => listingFailures() >= 2, 5000, 'reconcile retried the listing');
    expect(sim.stats().loginsRefused).toBe(1);
    expect(badKey.logins).toBe(0);
    const error = await badKey.listOpenOrders().catch((err: unknown) => err);
    expect((error as VenueCallError).venueError).toMatchObject({ category: 'auth', code: 'credentials' });

    service.cancel({ keys: keys(ids), source: 'selection' });
    await waitFor(() => allIn(ids, ['cancelled']), 5000, 'good account cancels');
  });

  it('a malformed frame is counted on the account and the connection survives', async () => {
    const { sim, ids } = await serviceRig({}, {}, {}, 1);
    sim.sendRaw('{"eventName":"OrderCancelled","data":{"order":{"hash":"x"}}}');
    await waitFor(() => service.malformedCount('bluefin-1') === 1, 5000, 'malformed counted');
    service.cancel({ keys: keys(ids), source: 'click' });
    await waitFor(() => allIn(ids, ['cancelled']), 5000, 'still cancels');
    expect(service.snapshot().accounts[0]?.connection).toBe('connected');
  });

  it('the venue module wires the demo: simulator credentials work with the module adapter', async () => {
    const sim = bluefinVenue.createSimulator({ seed: 9 });
    const ready = await sim.start();
    onCleanup(() => sim.stop());
    for (const market of bluefinVenue.demoMarkets) {
      sim.placeOrder({ market: market.market, side: 'sell', price: market.mid, quantity: market.size });
    }
    const adapter = bluefinVenue.createAdapter({
      accountId: 'demo-bluefin',
      urls: ready.urls,
      credentials: ready.credentials,
      logger: silentLogger,
    });
    expect(await adapter.listOpenOrders()).toHaveLength(3);
    expect(sim.remainingOf(sim.openOrderIds()[2] as string)).toBe('100');
  });
});
