/**
 * Cancel until flat on Bluefin, through the BlotterService over real loopback
 * sockets: the venue's gateway goes away (or its link goes silent) in the
 * middle of a bulk cancel and comes back; what the trader sees is every
 * order cancelled soon after the venue answers again, nothing reopened,
 * nothing unknown, and the account checked flat. The adapter runs with the
 * product's reconnect and keep-alive defaults; only the batch size and the
 * calls in flight are narrowed (with a little latency) so a bulk cancel is
 * still under way when the gateway fails.
 */
import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { seededRandom } from '../../main/core/random.ts';
import {
  type BluefinAdapter,
  type BluefinAdapterOptions,
  createBluefinAdapter,
} from '../../main/venues/bluefin/adapter.ts';
import { type BluefinSimulator, createBluefinSimulator } from '../../main/venues/bluefin/sim/index.ts';
import type { SimFaults } from '../../main/venues/simulator.ts';
import type { Order } from '../../preload/contract.ts';
import { onCleanup, secretCheckedLogger } from '../support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

const ACCOUNT = 'bluefin-flat';
const LABEL = 'Desk';
/** 5 hashes a call, one call at a time, 30 ms a reply: 60 orders take ~12 calls, ~0.4 s. */
const BULK: BluefinAdapterOptions = { maxHashesPerCancel: 5, maxInFlight: 1 };
const BULK_FAULTS: Partial<SimFaults> = { latencyMs: 30, confirmDelayMs: 20 };
/** When the gateway fails, counted from the bulk cancel. */
const FAULT_AFTER_MS = 120;
/** The bound: every order final this long after the venue answers again. */
const FINAL_WITHIN_MS = 2000;

interface Rig {
  sim: BluefinSimulator;
  service: BlotterService;
  adapter: BluefinAdapter;
  ids: string[];
  /** Every status each order of the account passed through, in order. */
  seen: Map<string, string[]>;
  /** Connection states of the account, with their times. */
  connections: { state: string; at: number }[];
}

async function flatRig(orders: number, faults: Partial<SimFaults>, options: BluefinAdapterOptions = {}) {
  const sim = createBluefinSimulator({ seed: 11, faults });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  const ids = Array.from({ length: orders }, (_, i) =>
    sim.placeOrder({
      market: i % 4 === 3 ? 'BTC-PERP' : 'ETH-PERP',
      side: 'buy',
      price: '3450.5',
      quantity: '1',
    }),
  );
  const service = new BlotterService({
    mode: 'live',
    audit: new MemoryAuditLog(),
    logger: silentLogger,
    random: seededRandom(5).next,
  });
  onCleanup(() => service.stop());
  const secrets = Object.values(ready.credentials);
  const adapter = createBluefinAdapter(
    {
      accountId: ACCOUNT,
      urls: ready.urls,
      credentials: ready.credentials,
      logger: secretCheckedLogger(secrets, [/[0-9a-f]{128}/, /Bearer/i]),
    },
    { random: seededRandom(9).next, ...options },
  );
  const seen = new Map<string, string[]>();
  service.book.onChange((order: Order) => {
    if (order.accountId !== ACCOUNT) return;
    const statuses = seen.get(order.venueOrderId) ?? [];
    if (statuses.at(-1) !== order.status) statuses.push(order.status);
    seen.set(order.venueOrderId, statuses);
  });
  const connections: { state: string; at: number }[] = [];
  service.subscribe((update) => {
    for (const account of update.accounts) {
      if (account.accountId === ACCOUNT && connections.at(-1)?.state !== account.connection)
        connections.push({ state: account.connection, at: Date.now() });
    }
  });
  await service.addAccount({ adapter, label: LABEL, demo: false });
  await waitFor(() => sim.stats().subscriptions >= 1, 5000, 'subscribed');
  expect(service.book.forAccount(ACCOUNT)).toHaveLength(orders);
  return { sim, service, adapter, ids, seen, connections } satisfies Rig;
}

const orderOf = (rig: Rig, id: string) => rig.service.book.get(`${ACCOUNT}:${id}`);
const statusesOf = (rig: Rig, ids: readonly string[]) => ids.map((id) => orderOf(rig, id)?.status);
const allCancelled = (rig: Rig, ids: readonly string[]) =>
  statusesOf(rig, ids).every((status) => status === 'cancelled');
/** Orders that went back to open (or partly filled) or became unknown after their cancel began. */
const reopenedOrUnknown = (rig: Rig) =>
  [...rig.seen.entries()].filter(([, statuses]) => {
    const from = statuses.indexOf('cancel_requested');
    return (
      statuses.includes('unknown') ||
      (from >= 0 && statuses.slice(from).some((status) => status === 'open' || status === 'partially_filled'))
    );
  });
const flatnessOf = (rig: Rig, intentId: string) =>
  rig.service.snapshot().intents.find((intent) => intent.intentId === intentId)?.flatness;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for a moment, before `by`, when every unsettled order the venue had not acknowledged is queued
 * as unreachable (`cancel_requested` with the reason, not on the wire); ones it acknowledged before the
 * outage stay `cancelling` (their confirmation is on its way). Returns how many are queued.
 */
async function expectQueuedWhileDown(rig: Rig, by: number): Promise<number> {
  let queued = 0;
  await waitFor(
    () => {
      const unacknowledged = rig.ids
        .map((id) => orderOf(rig, id))
        .filter((order) => order?.status !== 'cancelled' && order?.cancel?.ackAt === undefined);
      queued = unacknowledged.length;
      return (
        unacknowledged.length > 0 &&
        unacknowledged.every(
          (order) =>
            order?.status === 'cancel_requested' && /unreachable/.test(order.cancel?.waiting?.reason ?? ''),
        )
      );
    },
    Math.max(0, by - Date.now()),
    'every unsent order queued with the reason while the gateway is down',
  );
  expect(Date.now()).toBeLessThan(by);
  return queued;
}

describe('bluefin: cancel until flat through gateway outages', () => {
  for (const outageMs of [3000, 30_000]) {
    it(
      `a ${outageMs / 1000} s gateway outage mid bulk cancel: every order cancelled within 2 s of the venue's return`,
      async () => {
        const rig = await flatRig(60, BULK_FAULTS, BULK);
        const ack = rig.service.cancelScope({ scope: { accountIds: [ACCOUNT] }, source: 'scope' });
        expect(ack.accepted).toHaveLength(60);
        await sleep(FAULT_AFTER_MS);
        const downAt = Date.now();
        const back = rig.sim.outage(outageMs);
        const queued = await expectQueuedWhileDown(rig, downAt + outageMs);
        // Some were cancelled before the outage, the rest had not gone out yet.
        expect(queued).toBeGreaterThan(0);
        expect(queued).toBeLessThan(60);
        expect(rig.service.snapshot().accounts[0]?.connection).not.toBe('connected');
        await back;
        const upAt = Date.now();
        await waitFor(() => allCancelled(rig, rig.ids), FINAL_WITHIN_MS + 500, 'all cancelled');

        const finalAfterMs = Date.now() - upAt;
        console.info(
          `bluefin ${outageMs / 1000} s outage: last order final ${finalAfterMs} ms after the venue answered`,
        );
        expect(finalAfterMs).toBeLessThanOrEqual(FINAL_WITHIN_MS);
        expect(reopenedOrUnknown(rig)).toEqual([]);
        expect(rig.sim.openOrderIds()).toEqual([]);
        await waitFor(() => flatnessOf(rig, ack.intentId)?.flatAt !== undefined, 10_000, 'flat');
        expect(flatnessOf(rig, ack.intentId)?.accounts).toMatchObject([
          { accountId: ACCOUNT, state: 'flat', left: 0 },
        ]);
      },
      outageMs + 20_000,
    );
  }

  it('a lookup refused once is asked again and settles the order', async () => {
    // Confirmations lost: only the listing (gone) and the lookup (CANCELLED) can settle the orders.
    const rig = await flatRig(3, { confirmDelayMs: 20, dropConfirmationRate: 1 }, { confirmDeadlineMs: 300 });
    rig.sim.refuseLookups(1);
    rig.service.cancel({ keys: rig.ids.map((id) => `${ACCOUNT}:${id}`), source: 'selection' });
    await waitFor(() => allCancelled(rig, rig.ids), 10_000, 'all cancelled');
    expect(rig.sim.stats().lookupsRefused).toBe(1);
    expect(reopenedOrUnknown(rig)).toEqual([]);
  });

  it('panic while the venue is down: the orders queue, and the account ends flat once it returns', async () => {
    const rig = await flatRig(12, { confirmDelayMs: 20 });
    const downAt = Date.now();
    const back = rig.sim.outage(3000);
    await waitFor(() => rig.service.snapshot().accounts[0]?.connection !== 'connected', 2000, 'seen down');
    const ack = rig.service.cancelScope({ scope: {}, source: 'panic' });
    expect(ack.accepted).toHaveLength(12);
    expect(await expectQueuedWhileDown(rig, downAt + 3000)).toBe(12);
    expect(flatnessOf(rig, ack.intentId)?.accounts).toMatchObject([
      { accountId: ACCOUNT, state: 'checking' },
    ]);
    expect(flatnessOf(rig, ack.intentId)?.flatAt).toBeUndefined();
    await back;
    await waitFor(() => flatnessOf(rig, ack.intentId)?.flatAt !== undefined, 15_000, 'flat');
    expect(flatnessOf(rig, ack.intentId)?.accounts).toMatchObject([
      { accountId: ACCOUNT, state: 'flat', left: 0 },
    ]);
    expect(allCancelled(rig, rig.ids)).toBe(true);
    expect(reopenedOrUnknown(rig)).toEqual([]);
    expect(rig.sim.openOrderIds()).toEqual([]);
  });

  it('an order placed by another client during a panic is cancelled by the flatness check', async () => {
    const rig = await flatRig(20, { confirmDelayMs: 20, latencyMs: 10 }, BULK);
    const ack = rig.service.cancelScope({ scope: {}, source: 'panic' });
    await sleep(50);
    const elsewhere = rig.sim.placeOrder({ market: 'SUI-PERP', side: 'sell', price: '1.25', quantity: '40' });
    await waitFor(() => flatnessOf(rig, ack.intentId)?.flatAt !== undefined, 15_000, 'flat');
    expect(orderOf(rig, elsewhere)?.status).toBe('cancelled');
    expect(allCancelled(rig, rig.ids)).toBe(true);
    expect(rig.sim.openOrderIds()).toEqual([]);
    expect(flatnessOf(rig, ack.intentId)?.accounts).toMatchObject([
      { accountId: ACCOUNT, state: 'flat', left: 0 },
    ]);
  });

  it('the link goes silent for 8 s mid bulk cancel: the keep-alive drops it, every order final within 2 s after', async () => {
    const rig = await flatRig(60, BULK_FAULTS, BULK);
    rig.service.cancelScope({ scope: { accountIds: [ACCOUNT] }, source: 'scope' });
    await sleep(FAULT_AFTER_MS);
    const silentAt = Date.now();
    const heard = rig.sim.silence(8000);
    // The socket never closed: only the missed pong can tell, within two ping intervals (≤ 5 s).
    await waitFor(
      () => rig.connections.some(({ state, at }) => state === 'reconnecting' && at > silentAt),
      5000,
      'silent link declared dead',
    );
    expect(rig.service.snapshot().accounts[0]?.detail).toMatch(/keep-alive/);
    await heard;
    const heardAt = Date.now();
    await waitFor(() => allCancelled(rig, rig.ids), FINAL_WITHIN_MS + 500, 'all cancelled');
    const finalAfterMs = Date.now() - heardAt;
    console.info(`bluefin 8 s silence: last order final ${finalAfterMs} ms after the link worked again`);
    expect(finalAfterMs).toBeLessThanOrEqual(FINAL_WITHIN_MS);
    expect(reopenedOrUnknown(rig)).toEqual([]);
    await waitFor(
      () => rig.service.snapshot().accounts[0]?.connection === 'connected',
      3000,
      'connected again',
    );
  }, 30_000);
});
