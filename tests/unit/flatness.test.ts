import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import type { IntentProgress } from '../../preload/contract.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';

let service: BlotterService;

/** A venue that cancels what it is asked to and confirms on its stream a few ms later. */
function cancellingVenue(accountId: string, ids: string[]): FakeAdapter {
  const adapter = new FakeAdapter(accountId);
  for (const id of ids) adapter.open.set(id, venueOrder(id));
  adapter.respond = (target) => {
    setTimeout(() => adapter.push(venueOrder(target.venueOrderId, { status: 'cancelled' })), 5);
    return { kind: 'accepted' };
  };
  return adapter;
}

function intent(intentId: string): IntentProgress | undefined {
  return service.snapshot().intents.find((each) => each.intentId === intentId);
}

beforeEach(() => {
  vi.useFakeTimers();
  service = new BlotterService({
    mode: 'live',
    audit: new MemoryAuditLog(),
    logger: silentLogger,
    random: () => 0.5,
  });
});

afterEach(async () => {
  await service.stop();
  vi.useRealTimers();
});

describe('cancel until flat', () => {
  it('panic lists every account again and cancels an order placed elsewhere meanwhile', async () => {
    const a = cancellingVenue('a', ['1', '2']);
    const b = cancellingVenue('b', ['3']);
    await service.addAccount({ adapter: a, label: 'Desk A', demo: false });
    await service.addAccount({ adapter: b, label: 'Desk B', demo: false });
    const ack = service.cancelScope({ scope: {}, source: 'panic' });
    expect(ack.accepted).toHaveLength(3);
    // Another client places an order on A while ours are being cancelled: the blotter has never seen it.
    a.open.set('9', venueOrder('9'));
    expect(intent(ack.intentId)?.flatness?.accounts.map((each) => each.state)).toEqual([
      'checking',
      'checking',
    ]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(service.book.get('a:9')?.status).toBe('cancelled');
    const progress = intent(ack.intentId);
    expect(progress).toMatchObject({ total: 4, cancelled: 4, failed: 0, pending: 0 });
    expect(progress?.flatness?.accounts).toEqual([
      { accountId: 'a', label: 'Desk A', venue: 'rails', state: 'flat', left: 0 },
      { accountId: 'b', label: 'Desk B', venue: 'rails', state: 'flat', left: 0 },
    ]);
    expect(progress?.flatness?.flatAt).toBeTypeOf('number');
    expect(progress?.doneAt).toBeTypeOf('number');
  });

  it('a venue that is down stays checking (the others are flat at once) and is made flat when it returns', async () => {
    const up = cancellingVenue('up', ['1']);
    const down = cancellingVenue('down', ['2']);
    await service.addAccount({ adapter: up, label: 'Up', demo: false });
    await service.addAccount({ adapter: down, label: 'Down', demo: false });
    down.listingFails = true;
    down.respond = () => ({
      kind: 'failed',
      error: { category: 'network', code: 'ECONNREFUSED', message: 'refused' },
    });
    const ack = service.cancelScope({ scope: {}, source: 'panic' });
    await vi.advanceTimersByTimeAsync(20_000);
    let accounts = intent(ack.intentId)?.flatness?.accounts;
    expect(accounts?.[0]).toMatchObject({ accountId: 'up', state: 'flat' });
    expect(accounts?.[1]).toMatchObject({ accountId: 'down', state: 'checking', left: 1 });
    expect(accounts?.[1]?.reason).toMatch(/Rails Down unreachable, sends on reconnect/);
    expect(service.book.get('down:2')?.status).toBe('cancel_requested');
    expect(intent(ack.intentId)?.doneAt).toBeUndefined();
    // Back: the stream reconnects, the queued cancel goes out, the listing shows nothing open.
    down.listingFails = false;
    down.respond = (target) => {
      setTimeout(() => down.push(venueOrder(target.venueOrderId, { status: 'cancelled' })), 5);
      return { kind: 'accepted' };
    };
    down.events?.connection('reconnecting');
    down.events?.connection('connected');
    await vi.advanceTimersByTimeAsync(2_000);
    accounts = intent(ack.intentId)?.flatness?.accounts;
    expect(accounts?.map((each) => each.state)).toEqual(['flat', 'flat']);
    expect(service.book.get('down:2')?.status).toBe('cancelled');
  });

  it('orders the venue refused to cancel are left with its reason; the scope is kept to what was asked', async () => {
    const adapter = cancellingVenue('a', ['1', '2']);
    adapter.open.set('3', venueOrder('3', { market: 'BTC-USD' }));
    await service.addAccount({ adapter, label: 'Desk', demo: false });
    adapter.respond = (target) => {
      if (target.venueOrderId === '2') {
        return {
          kind: 'failed',
          error: { category: 'maintenance', code: 'BLOCKED', message: 'pair under maintenance' },
        };
      }
      setTimeout(() => adapter.push(venueOrder(target.venueOrderId, { status: 'cancelled' })), 5);
      return { kind: 'accepted' };
    };
    const ack = service.cancelScope({ scope: { markets: ['ETH-USD'] }, source: 'scope' });
    await vi.advanceTimersByTimeAsync(2_000);
    const progress = intent(ack.intentId);
    expect(progress?.flatness?.accounts).toEqual([
      {
        accountId: 'a',
        label: 'Desk',
        venue: 'rails',
        state: 'left',
        left: 1,
        reason: 'pair under maintenance',
      },
    ]);
    expect(progress?.failures).toEqual([{ key: 'a:2', accountId: 'a', message: 'pair under maintenance' }]);
    // Not retried on its own, and BTC-USD (outside the scope) was never touched.
    expect(adapter.calls.flat().filter((target) => target.venueOrderId === '2')).toHaveLength(1);
    expect(service.book.get('a:3')?.status).toBe('open');
    expect(progress?.doneAt).toBeTypeOf('number');
  });

  it('a panic with nothing known still checks the venues and ends flat', async () => {
    const adapter = cancellingVenue('a', []);
    await service.addAccount({ adapter, label: 'Desk', demo: false });
    const ack = service.cancelScope({ scope: {}, source: 'panic' });
    expect(ack.accepted).toEqual([]);
    adapter.open.set('7', venueOrder('7'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(service.book.get('a:7')?.status).toBe('cancelled');
    expect(intent(ack.intentId)?.flatness?.flatAt).toBeTypeOf('number');
  });
});

describe('the plan before confirming', () => {
  it('gives per account the calls, the budget free now, an estimate, and what a down venue means', async () => {
    const fast = new FakeAdapter('fast', {
      maxBatch: 20,
      rateLimits: [{ name: 'ws 50/s', capacity: 10, refillPerSecond: 40 }],
    });
    const paced = new FakeAdapter('paced', {
      rateLimits: [
        { kind: 'fixed-window', name: 'DELETE order 10/s', limit: 10, windowMs: 1000, guardMs: 50 },
      ],
    });
    for (let i = 0; i < 45; i++) fast.open.set(`f${i}`, venueOrder(`f${i}`));
    for (let i = 0; i < 25; i++) paced.open.set(`p${i}`, venueOrder(`p${i}`));
    await service.addAccount({ adapter: fast, label: 'Fast', demo: false });
    await service.addAccount({ adapter: paced, label: 'Paced', demo: false });
    paced.events?.connection('down', 'connection refused');
    const preview = service.previewCancel({});
    expect(preview.plan).toEqual([
      expect.objectContaining({
        accountId: 'fast',
        orders: 45,
        calls: 3,
        maxBatch: 20,
        freeNow: 3,
        etaMs: 0,
      }),
      expect.objectContaining({
        accountId: 'paced',
        orders: 25,
        calls: 25,
        freeNow: 10,
        etaMs: 2100,
        limits: ['DELETE order 10/s (fixed 10 per 1000 ms)'],
        connection: 'down',
      }),
    ]);
    expect(preview.plan?.[1]?.warning).toBe(
      'Rails is down: its orders queue and are sent when it answers (for up to 10 min)',
    );
    expect(preview.plan?.[0]?.warning).toBeUndefined();
    // Estimating spends nothing: a second preview says the same.
    expect(service.previewCancel({}).plan?.[1]?.freeNow).toBe(10);
  });
});
