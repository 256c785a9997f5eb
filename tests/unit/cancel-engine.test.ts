import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import type { VenueCapabilities } from '../../main/core/venue.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';

let audit: MemoryAuditLog;
let service: BlotterService;

async function setup(
  orderIds: string[],
  capabilities: Partial<VenueCapabilities> = {},
): Promise<FakeAdapter> {
  const adapter = new FakeAdapter('acct', capabilities);
  for (const id of orderIds) adapter.open.set(id, venueOrder(id));
  await service.addAccount({ adapter, label: 'test', demo: true });
  return adapter;
}

const status = (id: string) => service.book.get(`acct:${id}`)?.status;
const order = (id: string) => service.book.get(`acct:${id}`);

beforeEach(() => {
  vi.useFakeTimers();
  audit = new MemoryAuditLog();
  service = new BlotterService({ mode: 'demo', audit, logger: silentLogger, random: () => 0.5 });
});

afterEach(async () => {
  await service.stop();
  vi.useRealTimers();
});

describe('cancel engine', () => {
  it('marks the order cancel_requested at once, cancelling on the wire, cancelled on confirmation', async () => {
    const adapter = await setup(['1']);
    const ack = service.cancel({ keys: ['acct:1'], source: 'click' });
    expect(ack.accepted).toEqual(['acct:1']);
    expect(status('1')).toBe('cancel_requested');
    await vi.advanceTimersByTimeAsync(0);
    expect(status('1')).toBe('cancelling');
    expect(order('1')?.cancel?.ackAt).toBeTypeOf('number');
    adapter.push(venueOrder('1', { status: 'cancelled' }));
    expect(status('1')).toBe('cancelled');
    expect(order('1')?.cancel?.doneAt).toBeTypeOf('number');
  });

  it('writes the intent to the audit log before any wire request', async () => {
    await setup(['1']);
    service.cancel({ keys: ['acct:1'], source: 'hotkey' });
    await vi.advanceTimersByTimeAsync(0);
    const types = audit.entries.map((entry) => entry.type);
    expect(types.indexOf('intent')).toBeLessThan(types.indexOf('wire_request'));
    expect(audit.entries.find((entry) => entry.type === 'intent')).toMatchObject({
      source: 'hotkey',
      keys: ['acct:1'],
    });
  });

  it('writes the intent through before the cancel is sent, and never waits for the disk to sync it', async () => {
    const adapter = await setup(['1']);
    audit.flush = () => new Promise<void>(() => {}); // the disk's sync hangs
    const callsWhenWritten: number[] = [];
    audit.writeNow = () => {
      callsWhenWritten.push(adapter.calls.length);
      expect(audit.entries.some((entry) => entry.type === 'intent')).toBe(true);
    };
    service.cancel({ keys: ['acct:1'], source: 'panic' });
    expect(callsWhenWritten).toEqual([0]);
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.calls).toHaveLength(1);
  });

  it('joins a cancel already in flight without a second wire request', async () => {
    const adapter = await setup(['1']);
    service.cancel({ keys: ['acct:1'], source: 'click' });
    const second = service.cancel({ keys: ['acct:1'], source: 'hotkey' });
    await vi.advanceTimersByTimeAsync(0);
    expect(second.joined).toEqual(['acct:1']);
    expect(second.accepted).toEqual([]);
    expect(adapter.calls).toHaveLength(1);
  });

  it('reports final and unknown keys instead of sending anything', async () => {
    const adapter = await setup(['1']);
    adapter.push(venueOrder('1', { status: 'filled', filled: '2', remaining: '0' }));
    const ack = service.cancel({ keys: ['acct:1', 'acct:nope'], source: 'selection' });
    expect(ack.alreadyFinal).toEqual(['acct:1']);
    expect(ack.unknownKeys).toEqual(['acct:nope']);
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.calls).toHaveLength(0);
  });

  it('never moves a final order back', async () => {
    const adapter = await setup(['1']);
    adapter.push(venueOrder('1', { status: 'cancelled' }));
    adapter.push(venueOrder('1', { status: 'open' }));
    expect(status('1')).toBe('cancelled');
  });

  it('shows "filled before cancel" when a fill wins the race', async () => {
    const adapter = await setup(['1']);
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(0);
    adapter.push(venueOrder('1', { status: 'filled', filled: '2', remaining: '0' }));
    expect(status('1')).toBe('filled');
    expect(order('1')?.statusReason).toBe('filled before cancel');
  });

  it('paces wire requests by the token bucket instead of bursting', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => String(i));
    const adapter = await setup(ids, { rateLimits: [{ name: '10/s', capacity: 10, refillPerSecond: 10 }] });
    service.cancel({ keys: ids.map((id) => `acct:${id}`), source: 'scope' });
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.calls).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(500);
    expect(adapter.calls).toHaveLength(15);
    await vi.advanceTimersByTimeAsync(1000);
    expect(adapter.calls).toHaveLength(25);
  });

  it('batches up to the venue batch size', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => String(i));
    const adapter = await setup(ids, { maxBatch: 20 });
    service.cancel({ keys: ids.map((id) => `acct:${id}`), source: 'scope' });
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.calls.map((call) => call.length)).toEqual([20, 20, 5]);
  });

  it('groups batches by market when the venue batch call takes one market', async () => {
    const adapter = await setup([], { maxBatch: 3, batchPerMarket: true });
    const markets = ['ETH-USD', 'BTC-USD', 'ETH-USD', 'BTC-USD', 'ETH-USD', 'ETH-USD'];
    markets.forEach((market, i) => {
      adapter.push(venueOrder(String(i), { market }));
    });
    service.cancel({ keys: markets.map((_, i) => `acct:${i}`), source: 'scope' });
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.calls.map((call) => call.map((target) => target.market).join())).toEqual([
      'ETH-USD,ETH-USD,ETH-USD',
      'BTC-USD,BTC-USD',
      'ETH-USD',
    ]);
  });

  it('retries a 409 conflict with backoff, then succeeds', async () => {
    const adapter = await setup(['1']);
    adapter.respond = (_target, call) =>
      call === 1
        ? { kind: 'failed', error: { category: 'conflict', code: '409', message: 'being filled' } }
        : { kind: 'accepted' };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(0);
    expect(status('1')).toBe('cancel_requested');
    expect(order('1')?.cancel?.lastError?.code).toBe('409');
    await vi.advanceTimersByTimeAsync(1000);
    expect(adapter.calls).toHaveLength(2);
    expect(status('1')).toBe('cancelling');
    expect(order('1')?.cancel?.attempts).toBe(2);
  });

  it('on 429 pauses the account for Retry-After before retrying', async () => {
    const adapter = await setup(['1', '2']);
    adapter.respond = (target, call) =>
      call === 1 && target.venueOrderId === '1'
        ? {
            kind: 'failed',
            error: { category: 'rate_limited', code: '429', message: 'slow down', retryAfterMs: 3000 },
          }
        : { kind: 'accepted' };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(0);
    service.cancel({ keys: ['acct:2'], source: 'click' });
    await vi.advanceTimersByTimeAsync(2500);
    expect(adapter.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(adapter.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('an unreachable venue never uses the cancel up: queued with the reason, sent the moment it answers', async () => {
    const adapter = await setup(['1']);
    adapter.respond = () => ({
      kind: 'failed',
      error: { category: 'network', code: 'ECONNREFUSED', message: 'connection refused' },
    });
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(60_000);
    // A minute of outage: still queued (not `cancelling`, nothing is on the wire), saying why and since when.
    expect(status('1')).toBe('cancel_requested');
    expect(order('1')?.cancel?.waiting?.reason).toBe(
      'Rails test unreachable, sends on reconnect (connection refused)',
    );
    expect(order('1')?.cancel?.waiting?.since).toBeLessThanOrEqual(Date.now() - 59_000);
    const tries = adapter.calls.length;
    expect(tries).toBeGreaterThan(20); // every ≤ 2 s, never a storm
    expect(tries).toBeLessThan(80);
    // The venue is back: the stream reconnects and the cancel goes out at once, not at the next tick.
    adapter.respond = () => ({ kind: 'accepted' });
    adapter.events?.connection('reconnecting');
    adapter.events?.connection('connected');
    await vi.advanceTimersByTimeAsync(1);
    expect(adapter.calls.length).toBe(tries + 1);
    expect(status('1')).toBe('cancelling');
    expect(order('1')?.cancel?.waiting).toBeUndefined();
    adapter.push(venueOrder('1', { status: 'cancelled' }));
    expect(status('1')).toBe('cancelled');
  });

  for (const failure of [
    { category: 'network', code: 'timeout', message: 'no answer' },
    { category: 'rate_limited', code: '429', message: 'too many', retryAfterMs: 500 },
  ] as const) {
    it(`a batch that failed (${failure.code}) is retried as one batch, not order by order`, async () => {
      // Per-order retries would split it into single cancels: more calls against the venue's limit, and on
      // a venue whose single and batch calls answer differently (CoinW), a different answer on the row.
      await service.stop();
      let draw = 0;
      service = new BlotterService({
        mode: 'demo',
        audit,
        logger: silentLogger,
        random: () => {
          draw = (draw + 0.37) % 1;
          return draw;
        },
      });
      const adapter = await setup(['1', '2', '3'], { maxBatch: 10 });
      adapter.respond = (_target, call) =>
        call === 1 ? { kind: 'failed', error: failure } : { kind: 'accepted' };
      service.cancel({ keys: ['acct:1', 'acct:2', 'acct:3'], source: 'selection' });
      // The retry is due within 600 ms (backoff ≤ 200 ms, or the 500 ms pause + jitter); the accepted
      // cancels' confirmation deadline (1 s) has not come yet.
      await vi.advanceTimersByTimeAsync(800);
      expect(adapter.calls.map((call) => call.map((target) => target.venueOrderId))).toEqual([
        ['1', '2', '3'],
        ['1', '2', '3'],
      ]);
      expect(['1', '2', '3'].map(status)).toEqual(['cancelling', 'cancelling', 'cancelling']);
    });
  }

  it('gives up only when the intent lifetime ends, back to open with the reason', async () => {
    await service.stop();
    service = new BlotterService({
      mode: 'demo',
      audit,
      logger: silentLogger,
      random: () => 0.5,
      intentLifetimeMs: 30_000,
    });
    const adapter = await setup(['1']);
    adapter.respond = () => ({
      kind: 'failed',
      error: { category: 'network', code: 'timeout', message: 'no answer' },
    });
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(status('1')).toBe('cancel_requested');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(status('1')).toBe('open');
    expect(order('1')?.cancel?.lastError?.message).toBe('gave up after 0.5 min: no answer');
    expect(service.snapshot().intents[0]).toMatchObject({ failed: 1, lifetimeMs: 30_000 });
  });

  it('a business rejection is shown on the row, not retried, and the order stays cancellable', async () => {
    const adapter = await setup(['1']);
    adapter.respond = () => ({
      kind: 'failed',
      error: { category: 'maintenance', code: 'ORDER_CANCEL_BLOCKED', message: 'pair under maintenance' },
    });
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(adapter.calls).toHaveLength(1);
    expect(status('1')).toBe('open');
    expect(order('1')?.cancel?.lastError?.message).toBe('pair under maintenance');
    adapter.respond = () => ({ kind: 'accepted' });
    expect(service.cancel({ keys: ['acct:1'], source: 'click' }).accepted).toEqual(['acct:1']);
  });

  it('reconciles a dropped confirmation: acknowledged and gone from the listing means cancelled', async () => {
    const adapter = await setup(['1']);
    adapter.respond = (target) => {
      adapter.open.delete(target.venueOrderId); // cancelled at the venue, confirmation never sent
      return { kind: 'accepted' };
    };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(999);
    expect(status('1')).toBe('cancelling');
    await vi.advanceTimersByTimeAsync(10);
    expect(status('1')).toBe('cancelled');
    expect(order('1')?.statusReason).toMatch(/no longer lists/);
  });

  it('"not found" reconciles; gone without an acknowledgement is unknown, with a reason', async () => {
    const adapter = await setup(['1']);
    adapter.respond = (target) => {
      adapter.open.delete(target.venueOrderId);
      return { kind: 'failed', error: { category: 'not_found', code: '404', message: 'order not found' } };
    };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(10);
    expect(status('1')).toBe('unknown');
    expect(order('1')?.statusReason).toMatch(/did not say/);
  });

  it('uses the venue order lookup to tell filled from cancelled when it has one', async () => {
    const adapter = await setup(['1']);
    adapter.lookupOrders = async () => [venueOrder('1', { status: 'filled', filled: '2', remaining: '0' })];
    adapter.respond = (target) => {
      adapter.open.delete(target.venueOrderId);
      return { kind: 'failed', error: { category: 'not_found', code: '404', message: 'order not found' } };
    };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(10);
    expect(status('1')).toBe('filled');
    expect(order('1')?.statusReason).toBe('filled before cancel');
  });

  it('looks up at most 20 gone orders a pass, and waits for a lookup before calling the rest cancelled', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(i));
    const adapter = await setup(ids, { maxBatch: 30 });
    const looked: string[][] = [];
    adapter.lookupOrders = async (targets) => {
      looked.push(targets.map((target) => target.venueOrderId));
      // The last order filled while its cancel was acknowledged; the stream lost both messages.
      return targets
        .filter((target) => target.venueOrderId === '29')
        .map((target) => venueOrder(target.venueOrderId, { status: 'filled', filled: '2', remaining: '0' }));
    };
    adapter.respond = (target) => {
      adapter.open.delete(target.venueOrderId);
      return { kind: 'accepted' };
    };
    service.cancel({ keys: ids.map((id) => `acct:${id}`), source: 'scope' });
    await vi.advanceTimersByTimeAsync(1010);
    // 20 in the first pass, the other 10 in the next one: none is called cancelled without a lookup.
    expect(looked.map((batch) => batch.length)).toEqual([20, 10]);
    expect(status('29')).toBe('filled');
    expect(ids.slice(0, 29).every((id) => status(id) === 'cancelled')).toBe(true);
  });

  it('a listing that fails for two orders in turn retries both, never only the last', async () => {
    const adapter = await setup(['1', '2']);
    adapter.listingFails = true;
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(500);
    service.cancel({ keys: ['acct:2'], source: 'click' });
    await vi.advanceTimersByTimeAsync(1200);
    adapter.open.clear(); // both cancelled at the venue, confirmations lost
    adapter.listingFails = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(status('1')).toBe('cancelled');
    expect(status('2')).toBe('cancelled');
  });

  it('an order the listing shows already cancelling gets a deadline and settles', async () => {
    const adapter = await setup([]);
    adapter.open.set('9', venueOrder('9', { status: 'cancelling' }));
    adapter.events?.connection('reconnecting', 'socket closed');
    adapter.events?.connection('connected');
    await vi.advanceTimersByTimeAsync(10);
    expect(status('9')).toBe('cancelling');
    adapter.open.delete('9');
    await vi.advanceTimersByTimeAsync(1100);
    expect(status('9')).toBe('cancelled');
  });

  it('a venue that cannot be asked is no answer: the cancel waits, and is settled once the listing returns', async () => {
    const adapter = await setup(['1']);
    adapter.listingFails = true;
    adapter.respond = (target) => {
      adapter.open.delete(target.venueOrderId); // cancelled at the venue, confirmation lost
      return { kind: 'accepted' };
    };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(status('1')).toBe('cancelling');
    // Listing retries back off (1 s doubling to 30 s), not one per order per tick.
    expect(adapter.listings).toBeLessThan(10);
    adapter.listingFails = false;
    await vi.advanceTimersByTimeAsync(31_000);
    expect(status('1')).toBe('cancelled');
  });

  it('marks unknown only when the intent lifetime ends without the venue being reachable', async () => {
    await service.stop();
    service = new BlotterService({
      mode: 'demo',
      audit,
      logger: silentLogger,
      random: () => 0.5,
      intentLifetimeMs: 20_000,
    });
    const adapter = await setup(['1']);
    adapter.listingFails = true;
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(40_000);
    expect(status('1')).toBe('unknown');
    expect(order('1')?.statusReason).toMatch(/could not reach the venue/);
  });

  it('an acknowledged cancel still open after the deadline is sent again twice, then back to open', async () => {
    const adapter = await setup(['1']);
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(1010);
    // Still listed open: cancel again (Rails: "if an order is still active ~3 s after a cancel, cancel again").
    expect(adapter.calls).toHaveLength(2);
    expect(status('1')).toBe('cancelling');
    await vi.advanceTimersByTimeAsync(1010);
    expect(adapter.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1010);
    expect(status('1')).toBe('open');
    expect(order('1')?.cancel?.lastError?.message).toMatch(/did not confirm/);
    expect(adapter.calls).toHaveLength(3);
  });

  it('a second cancel that lands after the deadline settles the order', async () => {
    const adapter = await setup(['1']);
    adapter.respond = (target, call) => {
      if (call === 2) adapter.open.delete(target.venueOrderId);
      return { kind: 'accepted' };
    };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(2100);
    expect(adapter.calls).toHaveLength(2);
    expect(status('1')).toBe('cancelled');
  });

  it('"stop trying" drops queued cancels (open again, saying so) and never re-sends one on the wire', async () => {
    const adapter = await setup(['1', '2']);
    adapter.respond = (target) =>
      target.venueOrderId === '1'
        ? { kind: 'failed', error: { category: 'network', code: 'ECONNRESET', message: 'reset' } }
        : { kind: 'accepted' };
    const ack = service.cancel({ keys: ['acct:1', 'acct:2'], source: 'selection' });
    await vi.advanceTimersByTimeAsync(10);
    expect(status('1')).toBe('cancel_requested');
    expect(status('2')).toBe('cancelling');
    const result = service.stopCancel({ intentId: ack.intentId });
    expect(result).toEqual({ stopped: ['acct:1'], onWire: ['acct:2'] });
    expect(status('1')).toBe('open');
    expect(order('1')?.cancel?.lastError?.message).toBe('stopped by the trader');
    const calls = adapter.calls.length;
    // Order 2 is still listed after its deadline: without the stop it would be sent again.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(adapter.calls.length).toBe(calls);
    expect(status('2')).toBe('open');
    expect(audit.entries.some((entry) => entry.type === 'stop')).toBe(true);
  });

  it('a lookup that fails is tried again in a later pass, never guessed', async () => {
    const adapter = await setup(['1']);
    let lookups = 0;
    adapter.lookupOrders = async (targets) => {
      lookups += 1;
      if (lookups === 1) throw new Error('API access frequently');
      return targets.map((target) =>
        venueOrder(target.venueOrderId, { status: 'filled', filled: '2', remaining: '0' }),
      );
    };
    adapter.respond = (target) => {
      adapter.open.delete(target.venueOrderId); // filled while we cancelled; no stream event
      return { kind: 'failed', error: { category: 'not_found', code: '9012', message: 'order not found' } };
    };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(100);
    expect(lookups).toBe(1);
    expect(status('1')).not.toBe('unknown');
    await vi.advanceTimersByTimeAsync(2000);
    expect(lookups).toBe(2);
    expect(status('1')).toBe('filled');
  });

  it('a late "cancelling" from the venue after a timed-out call still gets a deadline and settles', async () => {
    const adapter = await setup(['1']);
    adapter.respond = () => ({
      kind: 'failed',
      error: { category: 'network', code: 'timeout', message: 'no answer' },
    });
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(0);
    expect(status('1')).toBe('cancel_requested');
    // The acknowledgement arrives late on the stream; then the venue cancels the order but the confirmation is lost.
    adapter.open.delete('1');
    adapter.events?.order(venueOrder('1', { status: 'cancelling' }));
    expect(status('1')).toBe('cancelling');
    await vi.advanceTimersByTimeAsync(1010);
    expect(status('1')).toBe('cancelled');
    expect(adapter.calls).toHaveLength(1);
  });

  it('a listing asked for before a cancel went out cannot reopen that cancel', async () => {
    const adapter = await setup(['1']);
    let releaseListing = () => {};
    const slowListing = new Promise<void>((resolve) => {
      releaseListing = resolve;
    });
    const list = adapter.listOpenOrders.bind(adapter);
    adapter.listOpenOrders = async () => {
      const orders = await list();
      await slowListing;
      return orders;
    };
    let answer = (_outcome: { kind: 'accepted' }) => {};
    adapter.respond = () =>
      new Promise((resolve) => {
        answer = resolve;
      });
    adapter.events?.connection('reconnecting', 'socket closed');
    adapter.events?.connection('connected'); // resync starts: listing in flight, order listed open
    await vi.advanceTimersByTimeAsync(5);
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(5);
    releaseListing();
    await vi.advanceTimersByTimeAsync(5);
    expect(status('1')).toBe('cancelling');
    expect(service.cancel({ keys: ['acct:1'], source: 'click' }).joined).toEqual(['acct:1']);
    answer({ kind: 'accepted' });
    await vi.advanceTimersByTimeAsync(5);
    expect(adapter.calls).toHaveLength(1);
  });

  it('keeps waiting while the venue lists the order as cancelling, then gives up as unknown', async () => {
    const adapter = await setup(['1']);
    adapter.respond = (target) => {
      adapter.open.set(target.venueOrderId, venueOrder(target.venueOrderId, { status: 'cancelling' }));
      return { kind: 'accepted' };
    };
    service.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(1500);
    expect(status('1')).toBe('cancelling');
    await vi.advanceTimersByTimeAsync(5000);
    expect(status('1')).toBe('unknown');
  });

  it('summarises a bulk intent as it settles', async () => {
    const adapter = await setup(['1', '2', '3']);
    adapter.respond = (target) =>
      target.venueOrderId === '3'
        ? { kind: 'failed', error: { category: 'rejected', code: 'closed', message: 'order closed' } }
        : { kind: 'accepted' };
    const ack = service.cancelScope({ scope: { markets: ['ETH-USD'] }, source: 'scope' });
    await vi.advanceTimersByTimeAsync(0);
    adapter.push(venueOrder('1', { status: 'cancelled' }));
    adapter.push(venueOrder('2', { status: 'filled', filled: '2', remaining: '0' }));
    const intent = service.engine.recentIntents().find((each) => each.intentId === ack.intentId);
    expect(intent).toMatchObject({ total: 3, cancelled: 1, filled: 1, failed: 1, pending: 0 });
    expect(intent?.failures[0]?.message).toBe('order closed');
  });

  it('resyncs after a reconnect: new orders appear, vanished ones say why', async () => {
    const adapter = await setup(['1', '2']);
    adapter.open.delete('2');
    adapter.open.set('3', venueOrder('3'));
    adapter.events?.connection('reconnecting', 'socket closed');
    adapter.events?.connection('connected');
    await vi.advanceTimersByTimeAsync(0);
    expect(status('3')).toBe('open');
    expect(status('2')).toBe('unknown');
    expect(status('1')).toBe('open');
  });
});

describe('resync when the venue cannot list', () => {
  it('backs off instead of polling a venue that is down every second', async () => {
    const adapter = await setup(['1']);
    adapter.listingFails = true;
    const before = adapter.listings;
    adapter.events?.connection('down', 'login refused');
    adapter.events?.connection('connected');
    await vi.advanceTimersByTimeAsync(60_000);
    // 1 + retries after 1, 2, 4, 8, 16, 30 s: 7 listings in a minute, not 60.
    expect(adapter.listings - before).toBeLessThanOrEqual(7);
    expect(adapter.listings - before).toBeGreaterThanOrEqual(5);
    adapter.listingFails = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(status('1')).toBe('open');
  });
});

describe('scoped cancel preview', () => {
  it('counts per venue and sums notional exactly', async () => {
    const adapter = await setup([]);
    adapter.push(venueOrder('a', { price: '0.1', remaining: '3', side: 'buy' }));
    adapter.push(venueOrder('b', { price: '0.2', remaining: '1', side: 'buy' }));
    adapter.push(venueOrder('c', { price: '100', remaining: '1', side: 'sell' }));
    const preview = service.previewCancel({ side: 'buy' });
    expect(preview.total).toBe(2);
    expect(preview.notional).toEqual([{ quote: 'USD', amount: '0.5' }]);
    expect(preview.byVenue).toEqual([
      { venue: 'rails', count: 2, notional: [{ quote: 'USD', amount: '0.5' }] },
    ]);
  });

  it('never adds amounts in different currencies together', async () => {
    const adapter = await setup([]);
    adapter.push(venueOrder('a', { market: 'BTC-USD', price: '100', remaining: '2' }));
    adapter.push(venueOrder('b', { market: 'BTC-TRY', price: '3000', remaining: '1' }));
    adapter.push(venueOrder('c', { market: 'ETH-USD', price: '10', remaining: '0.5' }));
    expect(service.previewCancel({}).notional).toEqual([
      { quote: 'TRY', amount: '3000' },
      { quote: 'USD', amount: '205' },
    ]);
  });
});

describe('audit size', () => {
  it('a request with 100k unknown keys is counted in the audit log, not copied', async () => {
    vi.useFakeTimers();
    const log = new MemoryAuditLog();
    const local = new BlotterService({ mode: 'demo', audit: log, logger: silentLogger });
    const adapter = new FakeAdapter('acct');
    adapter.open.set('1', venueOrder('1'));
    await local.addAccount({ adapter, label: 'test', demo: true });
    const keys = Array.from({ length: 100_000 }, (_, i) => `acct:ghost-${i}`);
    const ack = local.cancel({ keys: [...keys, 'acct:1'], source: 'selection' });
    expect(ack.unknownKeys).toHaveLength(100_000);
    expect(JSON.stringify(log.entries).length).toBeLessThan(10_000);
    expect(log.entries.find((entry) => entry.type === 'intent')).toMatchObject({
      keys: ['acct:1'],
      unknownKeyCount: 100_000,
    });
    await local.stop();
    vi.useRealTimers();
  });
});

describe('reconcile and queued cancels', () => {
  it('an order whose cancel still waits to go out is not judged by a listing that no longer shows it', async () => {
    vi.useFakeTimers();
    const local = new BlotterService({
      mode: 'demo',
      audit: new MemoryAuditLog(),
      logger: silentLogger,
      random: () => 0.5,
    });
    const adapter = new FakeAdapter('acct');
    adapter.open.set('1', venueOrder('1'));
    await local.addAccount({ adapter, label: 'test', demo: true });
    let calls = 0;
    adapter.respond = (target) => {
      calls += 1;
      if (calls === 1) {
        // The venue took the cancel but the answer was lost.
        adapter.open.delete(target.venueOrderId);
        return { kind: 'failed', error: { category: 'network', code: 'timeout', message: 'no answer' } };
      }
      return { kind: 'failed', error: { category: 'not_found', code: '404', message: 'order not found' } };
    };
    local.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(5);
    expect(local.book.get('acct:1')?.status).toBe('cancel_requested');
    // A reconnect lists the account while the retry waits: the order is gone, but not judged yet.
    await local.engine.resync('acct');
    // Not guessed `unknown`: the waiting cancel went out again (the venue answering made it due at once).
    expect(local.book.get('acct:1')?.status).toBe('cancelling');
    expect(calls).toBe(2);
    await local.stop();
    vi.useRealTimers();
  });
});

describe('pacing through an outage', () => {
  it('retries refused at the dial do not spend the venue window the cancel needs when it answers', async () => {
    vi.useFakeTimers();
    const local = new BlotterService({
      mode: 'demo',
      audit: new MemoryAuditLog(),
      logger: silentLogger,
      random: () => 0.5,
    });
    const adapter = new FakeAdapter('acct', {
      rateLimits: [{ kind: 'fixed-window', name: '5 per 10 s', limit: 5, windowMs: 10_000, guardMs: 0 }],
    });
    adapter.open.set('1', venueOrder('1'));
    await local.addAccount({ adapter, label: 'test', demo: true });
    let down = true;
    adapter.respond = () =>
      down
        ? {
            kind: 'failed',
            error: { category: 'network', code: 'ECONNREFUSED', message: 'refused', notSent: true },
          }
        : { kind: 'accepted' };
    local.cancel({ keys: ['acct:1'], source: 'click' });
    await vi.advanceTimersByTimeAsync(9_000);
    // Several tries inside one 5-call window: none counted, the window is still whole.
    expect(adapter.calls.length).toBeGreaterThan(5);
    down = false;
    adapter.events?.connection('reconnecting');
    adapter.events?.connection('connected');
    await vi.advanceTimersByTimeAsync(1);
    expect(local.book.get('acct:1')?.status).toBe('cancelling');
    expect(local.book.get('acct:1')?.cancel?.ackAt).toBeTypeOf('number');
    await local.stop();
    vi.useRealTimers();
  });
});
