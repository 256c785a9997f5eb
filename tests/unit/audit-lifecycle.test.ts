/**
 * The audit trail of an order's whole life: first seen, partial and full fills, the cancel steps and the
 * final state, through the service as the app runs it; lifecycle entries are collected and appended in
 * batches with no sync of their own; the CSV names every order (venue, account label, market, side, type,
 * price, quantity, filled, status and times).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIFECYCLE_BATCH_MS, LifecycleAudit } from '../../main/core/audit-lifecycle.ts';
import type { AuditEntry, AuditInput } from '../../main/core/audit-log.ts';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { CSV_COLUMNS, toCsv } from '../../main/core/audit-query.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { OrderBook } from '../../main/core/order-book.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';
import { waitFor } from '../support/wait-for.ts';

/** A memory log that counts what reaches it: appends and syncs. */
class CountingLog extends MemoryAuditLog {
  appends = 0;
  flushes = 0;
  override append(entry: AuditInput): void {
    this.appends += 1;
    super.append(entry);
  }
  override async flush(): Promise<void> {
    this.flushes += 1;
  }
}

const source = {
  venue: 'rails' as const,
  accountId: 'a',
  instrument: () => ({ quote: 'USD', contractSize: '1' }),
};

afterEach(() => vi.useRealTimers());

describe('lifecycle entries', () => {
  it('collects first sightings and fills, and appends them together after the batch window', () => {
    vi.useFakeTimers();
    const log = new CountingLog();
    const audit = new LifecycleAudit(log, { labelOf: () => 'Main desk' });
    const book = new OrderBook();
    book.onChange((order, previous) => audit.observe(order, previous));
    book.applyVenueOrder(source, venueOrder('1'), 10);
    book.applyVenueOrder(source, venueOrder('2', { side: 'sell', price: '3700' }), 10);
    book.applyVenueOrder(
      source,
      venueOrder('1', { status: 'partially_filled', filled: '0.5', remaining: '1.5' }),
      11,
    );
    // An update that fills nothing is no lifecycle entry.
    book.applyVenueOrder(source, venueOrder('2', { updatedAt: 12 }), 12);
    book.applyVenueOrder(source, venueOrder('1', { status: 'filled', filled: '2', remaining: '0' }), 13);
    expect(log.appends).toBe(0);
    vi.advanceTimersByTime(LIFECYCLE_BATCH_MS);
    expect(log.entries.map((entry) => entry.type)).toEqual(['seen', 'fill']);
    const [seen, fill] = log.entries as [AuditEntry & { type: 'seen' }, AuditEntry & { type: 'fill' }];
    expect(seen).toMatchObject({ accountId: 'a', venue: 'rails', label: 'Main desk', keys: ['a:1', 'a:2'] });
    expect(seen.orders[1]).toMatchObject({ side: 'sell', price: '3700', quantity: '2', status: 'open' });
    expect(fill.keys).toEqual(['a:1', 'a:1']);
    expect(fill.fills).toEqual([
      { quantity: '0.5', filled: '0.5', remaining: '1.5', status: 'partially_filled' },
      { quantity: '1.5', filled: '2', remaining: '0', status: 'filled' },
    ]);
    expect(log.flushes).toBe(0);
  });

  it('2,000 updates a second become a few appended lines and no sync of their own', () => {
    vi.useFakeTimers();
    const log = new CountingLog();
    const audit = new LifecycleAudit(log);
    const book = new OrderBook();
    book.onChange((order, previous) => audit.observe(order, previous));
    for (let i = 0; i < 200; i += 1)
      book.applyVenueOrder(source, venueOrder(String(i), { quantity: '2000', remaining: '2000' }), 0);
    vi.advanceTimersByTime(LIFECYCLE_BATCH_MS);
    log.appends = 0;
    // One second: 2,000 fills spread over the orders, 2 per millisecond.
    for (let ms = 0; ms < 1000; ms += 1) {
      for (let j = 0; j < 2; j += 1) {
        const n = ms * 2 + j;
        const filled = String(Math.floor(n / 200) + 1);
        book.applyVenueOrder(
          source,
          venueOrder(String(n % 200), {
            status: 'partially_filled',
            quantity: '2000',
            filled,
            remaining: String(2000 - Number(filled)),
          }),
          ms,
        );
      }
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(LIFECYCLE_BATCH_MS);
    const fills = log.entries.filter((entry) => entry.type === 'fill') as (AuditEntry & { type: 'fill' })[];
    expect(fills.reduce((sum, entry) => sum + entry.keys.length, 0)).toBe(2000);
    expect(log.appends).toBeLessThanOrEqual(1000 / LIFECYCLE_BATCH_MS + 2);
    expect(log.flushes).toBe(0);
  });

  it('a cancel step drains what is collected first, so the file keeps the order things happened in', () => {
    const log = new MemoryAuditLog();
    const audit = new LifecycleAudit(log);
    const book = new OrderBook();
    book.onChange((order, previous) => audit.observe(order, previous));
    book.applyVenueOrder(source, venueOrder('1'), 10);
    audit.append({ type: 'intent', intentId: 'i1', source: 'click', keys: ['a:1'] });
    expect(log.entries.map((entry) => entry.type)).toEqual(['seen', 'intent']);
  });
});

describe('the whole life through the service', () => {
  it('trail: seen, partial fill, cancel steps, final; CSV names the order', async () => {
    const log = new MemoryAuditLog();
    const service = new BlotterService({ mode: 'demo', audit: log, logger: silentLogger });
    const adapter = new FakeAdapter('rails-1');
    adapter.open.set('7', venueOrder('7', { clientOrderId: 'c-7' }));
    await service.addAccount({ adapter, label: 'Main desk', demo: true });
    const key = 'rails-1:7';
    adapter.push(venueOrder('7', { status: 'partially_filled', filled: '0.5', remaining: '1.5' }));
    service.cancel({ keys: [key], source: 'click' });
    await waitFor(() => adapter.calls.length === 1);
    adapter.push(venueOrder('7', { status: 'cancelled', filled: '0.5', remaining: '1.5' }));
    await waitFor(() => service.book.get(key)?.status === 'cancelled');

    const trail = service.auditQuery({ key });
    const types = trail.records.map((record) => record.type);
    expect(types.slice(0, 3)).toEqual(['seen', 'fill', 'intent']);
    expect(types.at(-1)).toBe('final');
    expect(types).toContain('wire_request');
    expect(trail.seenAt).toBeTypeOf('number');
    expect(trail.records[0]?.detail).toBe('first seen: buy 2 ETH-USD @ 3600.5 limit (open)');
    expect(trail.records[1]?.detail).toBe('partial fill: 0.5 (filled 0.5, 1.5 left)');
    expect(trail.finalStatus).toBe('cancelled');

    const exported = await service.auditExport({ key });
    const [header, ...lines] = exported.csv.trimEnd().split('\r\n');
    expect(header).toBe(CSV_COLUMNS.join(','));
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(',').map((value, i) => [CSV_COLUMNS[i], value])),
    );
    for (const row of rows) {
      expect(row).toMatchObject({
        venue: 'rails',
        account_id: 'rails-1',
        account_label: 'Main desk',
        order_key: key,
        venue_order_id: '7',
        market: 'ETH-USD',
        side: 'buy',
        order_type: 'limit',
        price: '3600.5',
        quantity: '2',
        placed_at: new Date(1_700_000_000_000).toISOString(),
      });
      expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // Filled and status as the log knew them at each row.
    expect(rows[0]).toMatchObject({ type: 'seen', filled: '0', status: 'open' });
    expect(rows[1]).toMatchObject({
      type: 'fill',
      filled: '0.5',
      fill_quantity: '0.5',
      status: 'partially_filled',
    });
    expect(rows.at(-1)).toMatchObject({ type: 'final', filled: '0.5', status: 'cancelled' });
    await service.stop();
  });

  it('an export of entries without a seen line (an earlier build) takes the order facts from the book', () => {
    const { csv } = toCsv(
      [{ t: 5, type: 'intent', intentId: 'i', source: 'hotkey', keys: ['x:9'] }],
      undefined,
      {
        order: () => ({
          venue: 'oxfun',
          market: 'BTC-USD-SWAP-LIN',
          side: 'sell',
          type: 'limit',
          price: '67000',
          quantity: '0.001',
          createdAt: 1,
        }),
        accountLabel: (accountId) => (accountId === 'x' ? 'OX desk' : undefined),
      },
    );
    const row = csv.trimEnd().split('\r\n')[1]?.split(',');
    expect(row?.slice(5, 15)).toEqual([
      'oxfun',
      'x',
      'OX desk',
      'x:9',
      '9',
      'BTC-USD-SWAP-LIN',
      'sell',
      'limit',
      '67000',
      '0.001',
    ]);
  });
});

describe('no secret reaches the lifecycle entries', () => {
  it('a client order id that echoes the key is scrubbed before the book and the log see it', async () => {
    const key = 'AKIA-live-key-7f3a9c';
    const log = new MemoryAuditLog();
    const service = new BlotterService({ mode: 'live', audit: log, logger: silentLogger });
    const adapter = new FakeAdapter('acct');
    adapter.open.set('1', venueOrder('1', { clientOrderId: `cid-${key}`, timeInForce: key }));
    await service.addAccount({ adapter, label: 'Live desk', demo: false, secrets: [key] });
    service.auditQuery({ key: 'acct:1' });
    const everything = JSON.stringify([log.entries, service.snapshot()]);
    expect(everything).not.toContain(key);
    expect(service.book.get('acct:1')?.clientOrderId).toBe('cid-[redacted]');
    expect(log.entries.some((entry) => entry.type === 'seen')).toBe(true);
    await service.stop();
  });
});
