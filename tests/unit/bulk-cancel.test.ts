import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';

let service: BlotterService;

/** A venue with a native cancel-all (per market or account) that closes what it covers a moment later. */
function bulkVenue(ids: { id: string; market: string; side?: 'buy' | 'sell' }[], accountId = 'acct') {
  const adapter = new FakeAdapter(accountId, { maxBatch: 1, bulkCancel: { market: true, account: true } });
  for (const { id, market, side } of ids)
    adapter.open.set(id, venueOrder(id, { market, side: side ?? 'buy' }));
  const bulkCalls: { market?: string }[] = [];
  let refuse = false;
  adapter.cancelAllOrders = async (scope) => {
    bulkCalls.push(scope);
    if (refuse) throw new Error('bulk cancel not permitted');
    const covered = [...adapter.open.values()].filter(
      (order) => !scope.market || order.market === scope.market,
    );
    setTimeout(() => {
      for (const order of covered) adapter.push({ ...order, status: 'cancelled' });
    }, 5);
  };
  adapter.respond = (target) => {
    setTimeout(() => adapter.push(venueOrder(target.venueOrderId, { status: 'cancelled' })), 5);
    return { kind: 'accepted' };
  };
  return { adapter, bulkCalls, refuseBulk: () => (refuse = true) };
}

const ORDERS = [
  { id: '1', market: 'ETH-USD' },
  { id: '2', market: 'ETH-USD', side: 'sell' as const },
  { id: '3', market: 'BTC-USD' },
];

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

describe("the venue's own bulk cancel", () => {
  it('panic cancels a whole account in one call, and the plan says so', async () => {
    const { adapter, bulkCalls } = bulkVenue(ORDERS);
    await service.addAccount({ adapter, label: 'Desk', demo: false });
    expect(service.previewCancel({}).plan?.[0]).toMatchObject({ calls: 1, bulk: true });
    service.cancelScope({ scope: {}, source: 'panic' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(bulkCalls).toEqual([{}]);
    expect(adapter.calls).toEqual([]);
    expect(['1', '2', '3'].map((id) => service.book.get(`acct:${id}`)?.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
  });

  it('a market scope cancels market by market; a side filter never uses a call broader than the scope', async () => {
    const { adapter, bulkCalls } = bulkVenue(ORDERS);
    await service.addAccount({ adapter, label: 'Desk', demo: false });
    service.cancelScope({ scope: { markets: ['ETH-USD'] }, source: 'scope' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(bulkCalls).toEqual([{ market: 'ETH-USD' }]);
    expect(service.book.get('acct:3')?.status).toBe('open');

    const second = bulkVenue(ORDERS, 'other');
    await service.addAccount({ adapter: second.adapter, label: 'Other', demo: false });
    service.cancelScope({ scope: { accountIds: ['other'], side: 'buy' }, source: 'scope' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(second.bulkCalls).toEqual([]);
    expect(
      second.adapter.calls
        .flat()
        .map((target) => target.venueOrderId)
        .sort(),
    ).toEqual(['1', '3']);
    expect(service.book.get('other:2')?.status).toBe('open');
  });

  it('a refused bulk call falls back to one cancel per order', async () => {
    const { adapter, bulkCalls, refuseBulk } = bulkVenue(ORDERS);
    refuseBulk();
    await service.addAccount({ adapter, label: 'Desk', demo: false });
    service.cancelScope({ scope: {}, source: 'panic' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(bulkCalls).toHaveLength(1);
    expect(adapter.calls).toHaveLength(3);
    expect(['1', '2', '3'].map((id) => service.book.get(`acct:${id}`)?.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
  });
});
