/**
 * Cancel until flat against Rails (issue #13), through BlotterService over
 * real loopback sockets: the simulator's gateway goes away (its book and the
 * confirmations of cancels it accepted do not), or its path goes silent
 * without closing, in the middle of a bulk cancel or a panic. What is
 * asserted is what the trader sees: order statuses, the queued reason, and
 * the account's flatness. The adapter runs with Rails' production backoff
 * and keep-alive; only its cancel pacing is narrowed so a bulk cancel is
 * still partly unsent when the fault starts.
 */

import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { type Logger, silentLogger } from '../../main/core/log.ts';
import { seededRandom } from '../../main/core/random.ts';
import type { FixedWindowSpec } from '../../main/core/venue.ts';
import { createRailsAdapter } from '../../main/venues/rails/adapter.ts';
import { WS_PING_INTERVAL_MS } from '../../main/venues/rails/constants.ts';
import { createRailsSimulator, type RailsSimulator } from '../../main/venues/rails/sim/index.ts';
import type { Order, OrderStatus } from '../../preload/contract.ts';
import { onCleanup, secretCheckedLogger } from '../support/harness.ts';
import { accountOf, connectionOf, intentOf } from '../support/service-reads.ts';
import { waitFor } from '../support/wait-for.ts';

const ACCOUNT = 'rails-1';
const LABEL = 'Main desk';
/** What "every order final within 2 s of the venue answering again" allows. */
const AFTER_RECOVERY_MS = 2000;
/** A link that goes silent without closing must be declared dead within this long. */
const SILENT_LINK_DETECTION_MS = 5000;
/** When the fault starts, counted from the bulk cancel. */
const FAULT_AFTER_MS = 120;

/**
 * Rails' own window shape (fixed, from the first request), narrowed to 20 per
 * 250 ms so 60 cancels take three windows: when the fault starts, the first
 * 20 are at the venue and 40 not sent yet.
 */
const NARROW_WINDOW: FixedWindowSpec = {
  kind: 'fixed-window',
  name: 'test window',
  limit: 20,
  windowMs: 250,
};

// Every JWT starts with the base64url of '{"alg"'.
const checkedLogger = (secret: string): Logger => secretCheckedLogger([secret], [/eyJ/]);

interface FlatRig {
  sim: RailsSimulator;
  service: BlotterService;
  ids: string[];
  status(id: string): OrderStatus | undefined;
  order(id: string): Order | undefined;
  /** Every status an order of ours went back to `open` in after the test's cancel began. */
  reopened: string[];
  markCancelStart(): void;
}

async function flatRig(orders: number, accountType: 'retail' | 'market-maker' = 'retail'): Promise<FlatRig> {
  // Acknowledged at once, confirmed 300 ms later: the first window's confirmations are due inside the fault.
  const sim = createRailsSimulator({ seed: 13, faults: { confirmDelayMs: 300 } });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  const ids = Array.from({ length: orders }, (_, index) =>
    sim.placeOrder({
      market: index % 2 === 0 ? 'ETH-USD' : 'BTC-USD',
      side: 'buy',
      price: '3590.5',
      quantity: '0.5',
    }),
  );
  const adapter = createRailsAdapter(
    {
      accountId: ACCOUNT,
      urls: ready.urls,
      credentials: ready.credentials,
      logger: checkedLogger(ready.credentials.apiSecret!),
      settings: { accountType },
    },
    // Production backoff, keep-alive and deadlines; seeded jitter; the narrowed window only.
    { random: seededRandom(5).next, capabilities: { rateLimits: [NARROW_WINDOW] } },
  );
  // Single WS cancels (queued while down, sent on return); the bulk DELETE is covered in rails.test.ts.
  const service = new BlotterService({
    mode: 'live',
    audit: new MemoryAuditLog(),
    logger: silentLogger,
    nativeBulk: false,
  });
  onCleanup(() => service.stop());
  await service.addAccount({ adapter, label: LABEL, demo: false });
  const order = (id: string) => service.snapshot().orders.find((each) => each.venueOrderId === id);
  const reopened: string[] = [];
  let watching = false;
  service.book.onChange((changed) => {
    if (watching && changed.status === 'open') reopened.push(changed.venueOrderId);
  });
  return {
    sim,
    service,
    ids,
    status: (id) => order(id)?.status,
    order,
    reopened,
    markCancelStart: () => {
      watching = true;
    },
  };
}

function account(service: BlotterService) {
  return accountOf(service, ACCOUNT);
}

function connection(service: BlotterService): string | undefined {
  return connectionOf(service, ACCOUNT);
}

const intent = intentOf;

/** Waits until every order is cancelled; returns when that was, ms epoch. */
async function allCancelled(rig: FlatRig, timeoutMs: number): Promise<number> {
  await waitFor(
    () => rig.ids.every((id) => rig.status(id) === 'cancelled'),
    timeoutMs,
    'every order cancelled',
  );
  return Date.now();
}

/** While the venue cannot be reached: nothing final is wrong, and what was not sent is queued, not cancelling. */
function expectQueuedWhileDown(rig: FlatRig): void {
  const orders = rig.ids.map((id) => rig.order(id)!);
  const queued = orders.filter((order) => order.status === 'cancel_requested');
  // The first window went out before the fault, the second too if the machine is slow; the third could not.
  expect(queued.length).toBeGreaterThanOrEqual(20);
  for (const order of queued) {
    expect(order.cancel?.waiting?.reason).toMatch(/^Rails Main desk unreachable, sends on reconnect/);
  }
  for (const order of orders) {
    // Only cancels the venue acknowledged before it went away may show `cancelling`.
    if (order.status === 'cancelling') expect(order.cancel?.ackAt).toBeDefined();
    expect(['cancel_requested', 'cancelling', 'cancelled']).toContain(order.status);
  }
}

async function bulkCancelThroughOutage(outageMs: number): Promise<number> {
  const rig = await flatRig(60);
  rig.markCancelStart();
  const ack = rig.service.cancelScope({ scope: { venues: ['rails'] }, source: 'scope' });
  await new Promise((resolve) => setTimeout(resolve, FAULT_AFTER_MS));
  const back = rig.sim.outage(outageMs);
  // Well inside the outage: the stream has noticed and every unsent cancel waits for it.
  await waitFor(() => connection(rig.service) !== 'connected', 2000, 'the account sees the venue gone');
  await new Promise((resolve) => setTimeout(resolve, Math.min(1000, outageMs / 2)));
  expectQueuedWhileDown(rig);
  await back;
  const answeredAt = Date.now();
  const doneAt = await allCancelled(rig, AFTER_RECOVERY_MS + 3000);
  expect(doneAt - answeredAt).toBeLessThanOrEqual(AFTER_RECOVERY_MS);
  expect(rig.reopened).toEqual([]);
  expect(rig.ids.filter((id) => rig.status(id) === 'unknown')).toEqual([]);
  expect(rig.sim.openOrderIds()).toEqual([]);
  await waitFor(() => intent(rig.service, ack.intentId).flatness?.flatAt !== undefined, 3000, 'flat');
  return doneAt - answeredAt;
}

describe('rails: cancel until flat through gateway outages and silent links', () => {
  it('a 3 s gateway outage 120 ms into a bulk cancel of 60: queued while down, all cancelled within 2 s of its return', async () => {
    const ms = await bulkCancelThroughOutage(3000);
    console.info(`rails 3 s outage: every order cancelled ${ms} ms after the venue answered again`);
  }, 20_000);

  it('a 30 s gateway outage 120 ms into a bulk cancel of 60: queued while down, all cancelled within 2 s of its return', async () => {
    const ms = await bulkCancelThroughOutage(30_000);
    console.info(`rails 30 s outage: every order cancelled ${ms} ms after the venue answered again`);
  }, 50_000);

  it('panic while the venue is down: the orders queue, and the account ends flat once it returns', async () => {
    const rig = await flatRig(10);
    await rig.sim.gatewayDown();
    await waitFor(() => connection(rig.service) !== 'connected', 2000, 'the account sees the venue gone');
    rig.markCancelStart();
    const ack = rig.service.cancelScope({ scope: {}, source: 'panic' });
    await waitFor(
      () => rig.ids.every((id) => rig.order(id)?.cancel?.waiting !== undefined),
      2000,
      'every cancel queued',
    );
    expect(rig.ids.map(rig.status)).toEqual(rig.ids.map(() => 'cancel_requested'));
    const checking = intent(rig.service, ack.intentId).flatness?.accounts[0];
    expect(checking).toMatchObject({ accountId: ACCOUNT, label: LABEL, state: 'checking' });
    expect(intent(rig.service, ack.intentId).flatness?.flatAt).toBeUndefined();

    await rig.sim.gatewayUp();
    const answeredAt = Date.now();
    const doneAt = await allCancelled(rig, AFTER_RECOVERY_MS + 3000);
    expect(doneAt - answeredAt).toBeLessThanOrEqual(AFTER_RECOVERY_MS);
    await waitFor(() => intent(rig.service, ack.intentId).flatness?.flatAt !== undefined, 3000, 'flat');
    expect(intent(rig.service, ack.intentId).flatness?.accounts).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, state: 'flat', left: 0 }),
    ]);
    expect(rig.reopened).toEqual([]);
    expect(rig.sim.openOrderIds()).toEqual([]);
  }, 15_000);

  it('an order another client places during a panic is cancelled by the flatness check, and the account ends flat', async () => {
    const rig = await flatRig(10);
    rig.markCancelStart();
    const ack = rig.service.cancelScope({ scope: {}, source: 'panic' });
    await waitFor(
      () => rig.ids.every((id) => rig.status(id) === 'cancelling' || rig.status(id) === 'cancelled'),
      2000,
      'the panic on the wire',
    );
    const elsewhere = rig.sim.placeOrder({ market: 'SOL-USD', side: 'sell', price: '165.25', quantity: '5' });
    await waitFor(() => intent(rig.service, ack.intentId).flatness?.flatAt !== undefined, 5000, 'flat');
    expect(rig.status(elsewhere)).toBe('cancelled');
    expect(rig.order(elsewhere)?.cancel?.intentId).toBe(ack.intentId);
    expect(rig.ids.map(rig.status)).toEqual(rig.ids.map(() => 'cancelled'));
    expect(intent(rig.service, ack.intentId).flatness?.accounts).toEqual([
      expect.objectContaining({ accountId: ACCOUNT, state: 'flat', left: 0 }),
    ]);
    expect(rig.sim.openOrderIds()).toEqual([]);
  }, 15_000);

  it('the link goes silent for 8 s mid bulk cancel: declared dead within 5 s, every order final within 2 s of it working again', async () => {
    // A silent link loses every confirmation pushed meanwhile; each of those orders is then looked up (Get
    // Order By ID) to tell cancelled from filled. A retail account's lookup share is 20 a minute, so past 20
    // lost confirmations the rest wait for the next window: a market maker's 100/min settles them at once.
    const rig = await flatRig(60, 'market-maker');
    rig.markCancelStart();
    rig.service.cancelScope({ scope: { venues: ['rails'] }, source: 'scope' });
    await new Promise((resolve) => setTimeout(resolve, FAULT_AFTER_MS));
    const silentAt = Date.now();
    const silenceMs = 8000;
    rig.sim.silence(silenceMs);
    const healsAt = silentAt + silenceMs;
    await waitFor(
      () => connection(rig.service) !== 'connected',
      SILENT_LINK_DETECTION_MS + 1000,
      'the silent link dropped',
    );
    const detectedMs = Date.now() - silentAt;
    expect(detectedMs).toBeLessThanOrEqual(SILENT_LINK_DETECTION_MS);
    // The keep-alive noticed (nothing closed the socket): at most two ping intervals.
    expect(detectedMs).toBeLessThanOrEqual(2 * WS_PING_INTERVAL_MS + 200);
    expect(account(rig.service)?.detail).toBe('no answer to ping');
    expect(rig.ids.some((id) => rig.status(id) === 'cancelled')).toBe(false);

    const doneAt = await allCancelled(rig, silenceMs + AFTER_RECOVERY_MS + 3000);
    expect(doneAt - healsAt).toBeLessThanOrEqual(AFTER_RECOVERY_MS);
    expect(rig.reopened).toEqual([]);
    expect(rig.ids.filter((id) => rig.status(id) === 'unknown')).toEqual([]);
    console.info(
      `rails silent link: dropped ${detectedMs} ms after it went silent; every order cancelled ${doneAt - healsAt} ms after it worked again`,
    );
  }, 25_000);
});
