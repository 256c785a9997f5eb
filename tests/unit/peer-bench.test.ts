/**
 * The peer grid benchmark's pieces that decide what the peers are compared on: the columns they
 * show (our grid's defaults), the book they keep (newest first, final orders lingering 3 s) and
 * the stream they are fed (the render bench's synthetic venues, replayed by seed).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ourFigures } from '../../bench/peer-grids.ts';
import { PeerBook } from '../../bench/peers/book.ts';
import { cellText, PEER_COLUMNS } from '../../bench/peers/columns.ts';
import { createPeerStream, type StreamedOrder } from '../../bench/peers/stream.ts';
import type { VenueOrder } from '../../main/core/venue.ts';
import { LINGER_MS } from '../../renderer/book/book.ts';
import {
  COLUMN_IDS,
  DEFAULT_VISIBILITY,
  normalizeOrder,
  resolveColumnOrder,
} from '../../renderer/shared/order-columns.ts';

const order = (id: string, createdAt: number, extra: Partial<VenueOrder> = {}): VenueOrder => ({
  venueOrderId: id,
  market: 'BTC-USD',
  side: 'buy',
  type: 'limit',
  price: '67000.0',
  quantity: '10',
  filled: '0',
  remaining: '10',
  status: 'open',
  createdAt,
  updatedAt: createdAt,
  ...extra,
});

describe('peer columns', () => {
  it('are our grid’s default columns in its default order, with its widths and pinned ends', () => {
    const defaults = normalizeOrder(resolveColumnOrder([], COLUMN_IDS)).filter(
      (id) => DEFAULT_VISIBILITY[id] !== false,
    );
    expect(PEER_COLUMNS.map((column) => column.id)).toEqual(defaults);
    expect(PEER_COLUMNS.slice(0, 3).map((column) => [column.id, column.pinned])).toEqual([
      ['select', 'left'],
      ['market', 'left'],
      ['side', 'left'],
    ]);
    expect(PEER_COLUMNS.filter((column) => column.flex).map((column) => column.id)).toEqual([
      'market',
      'status',
    ]);
    expect(PEER_COLUMNS.find((column) => column.id === 'status')?.size).toBe(240);
  });

  it('have text for every column but the checkbox (a new column of ours needs its peer text)', () => {
    const row = { key: 'k', venue: 'rails' as const, accountLabel: 'rails bench', order: order('RA1', 0) };
    const empty = PEER_COLUMNS.filter(
      (column) => column.id !== 'select' && cellText(row, column.id, 0) === '',
    );
    expect(empty.map((column) => column.id)).toEqual([]);
  });

  it('show the text our cells show', () => {
    const row = {
      key: 'k',
      venue: 'btcturk' as const,
      accountLabel: 'btcturk bench',
      order: order('BT1', 0),
    };
    expect(cellText(row, 'venue', 0)).toBe('BTCTurk');
    expect(cellText(row, 'side', 0)).toBe('▲ BUY');
    expect(cellText(row, 'status', 0)).toBe('open');
    expect(cellText({ ...row, order: order('BT1', 0, { status: 'partially_filled' }) }, 'status', 0)).toBe(
      'partially filled',
    );
    expect(cellText(row, 'age', 185_000)).toBe('3m 05s');
    expect(cellText(row, 'action', 0)).toBe('Cancel');
    expect(cellText(row, 'notional', 0)).toBe('670000.00 USD');
  });
});

describe('peer book', () => {
  it('lists rows newest created first, a new order on top', () => {
    const book = new PeerBook();
    book.apply('rails', 'a', 'A', order('old', 1_000), 0);
    book.apply('rails', 'a', 'A', order('older', 500), 0);
    book.apply('rails', 'a', 'A', order('newest', 2_000), 0);
    expect(book.view()).toEqual(['a:newest', 'a:old', 'a:older']);
    book.apply('rails', 'a', 'A', order('fresh', 3_000), 0);
    expect(book.view()[0]).toBe('a:fresh');
  });

  it('keeps the same row list for an in-place change and shows the changed order', () => {
    const book = new PeerBook();
    book.apply('rails', 'a', 'A', order('x', 1_000), 0);
    const view = book.view();
    const applied = book.apply('rails', 'a', 'A', order('x', 1_000, { filled: '1', remaining: '9' }), 10);
    expect(applied.kind).toBe('update');
    expect(book.view()).toBe(view);
    expect(book.get('a:x')?.order.filled).toBe('1');
  });

  it('keeps a filled order for LINGER_MS, then drops it', () => {
    const book = new PeerBook();
    book.apply('rails', 'a', 'A', order('x', 1_000), 0);
    book.apply('rails', 'a', 'A', order('y', 900), 0);
    book.apply(
      'rails',
      'a',
      'A',
      order('x', 1_000, { status: 'filled', filled: '10', remaining: '0' }),
      5_000,
    );
    expect(book.expire(5_000 + LINGER_MS - 1)).toEqual([]);
    expect(book.view()).toEqual(['a:x', 'a:y']);
    expect(book.expire(5_000 + LINGER_MS).map((row) => row.key)).toEqual(['a:x']);
    expect(book.view()).toEqual(['a:y']);
    expect(book.size).toBe(1);
  });

  it('ignores an order that arrives already final', () => {
    const book = new PeerBook();
    expect(book.apply('rails', 'a', 'A', order('x', 1, { status: 'cancelled' }), 0).kind).toBe('ignored');
    expect(book.view()).toEqual([]);
  });
});

describe('peer stream', () => {
  const record = async (seed: number) => {
    const stream = createPeerStream(100, seed);
    const initial = await stream.initial();
    const updates: StreamedOrder[] = [];
    const done = await stream.run(400, 0.25, (update) => updates.push(update));
    // Times differ between runs; the sequence must not.
    const shape = ({ venue, accountId, order: o }: StreamedOrder) =>
      `${venue} ${accountId} ${o.venueOrderId} ${o.market} ${o.side} ${o.price} ${o.filled}/${o.quantity} ${o.status}`;
    return {
      initial: initial.map(shape),
      updates: updates.map(shape),
      sent: done.sent,
      statuses: updates.map((u) => u.order.status),
    };
  };

  it('starts from the bench host’s book and replays the same updates for the same seed', async () => {
    const first = await record(1);
    const again = await record(1);
    expect(first.initial).toHaveLength(100);
    expect(new Set(first.initial.map((line) => line.split(' ')[1]))).toEqual(
      new Set(['bench-rails', 'bench-oxfun', 'bench-coinw', 'bench-btcturk', 'bench-bluefin']),
    );
    expect(again.initial).toEqual(first.initial);
    expect(again.updates).toEqual(first.updates);
    expect(first.sent).toBeGreaterThanOrEqual(100);
    expect(first.updates.length).toBe(first.sent);
    expect(new Set(first.statuses)).toEqual(new Set(['open', 'partially_filled', 'filled']));
    expect((await record(2)).updates).not.toEqual(first.updates);
  });
});

describe('our figures beside the peers', () => {
  it('come from render.json and memory.json only when they ran at the same load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peer-bench-test-'));
    try {
      expect(ourFigures(dir, 10_000, 2_000)).toBeNull();
      writeFileSync(
        join(dir, 'render.json'),
        JSON.stringify({
          measuredAt: '2026-01-01T00:00:00.000Z',
          params: { orders: 10_000, rate: 2_000, seconds: 10 },
          metrics: { frameP95Ms: 50, longTasks: 3, inputDelayP95Ms: 20 },
        }),
      );
      writeFileSync(
        join(dir, 'memory.json'),
        JSON.stringify({
          measuredAt: '2026-01-01T00:01:00.000Z',
          metrics: { points: [{ orders: 10_000, rendererHeapUsedMb: 6.1 }] },
        }),
      );
      const measured = Date.parse('2026-01-01T00:00:00.000Z');
      expect(ourFigures(dir, 10_000, 2_000, measured + 60_000)).toMatchObject({
        frameP95Ms: 50,
        longTasks: 3,
        heapMb: 6.1,
        sameRun: true,
      });
      expect(ourFigures(dir, 10_000, 2_000, measured + 2 * 3_600_000)?.sameRun).toBe(false);
      expect(ourFigures(dir, 1_000, 400)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
