import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../main/core/order-book.ts';
import {
  canMove,
  FINAL_STATUSES,
  IN_FLIGHT_STATUSES,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
} from '../../preload/order-status.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';

describe('order status machine', () => {
  it('final states have no way out; every other state can still end', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['cancelled', 'expired', 'filled', 'rejected']);
    for (const status of ORDER_STATUSES) {
      if (FINAL_STATUSES.has(status)) continue;
      expect(ORDER_TRANSITIONS[status]).toEqual(expect.arrayContaining(['cancelled', 'filled']));
    }
    expect(canMove('cancelled', 'open')).toBe(false);
    expect(canMove('cancelling', 'cancel_requested')).toBe(true); // a retry or a re-send
    expect(canMove('unknown', 'open')).toBe(true); // a later listing shows it open again
    expect([...IN_FLIGHT_STATUSES]).toEqual(['cancel_requested', 'cancelling']);
  });

  it('the book refuses a move the machine does not allow and says so', () => {
    const book = new OrderBook();
    const refused: string[] = [];
    book.onRefusedMove = (key, from, to) => refused.push(`${key} ${from}→${to}`);
    const adapter = new FakeAdapter('a');
    book.applyVenueOrder(adapter, venueOrder('1'), 1);
    book.apply('a:1', { status: 'cancelled' }, 2);
    expect(book.apply('a:1', { status: 'open' }, 3)).toBeUndefined();
    expect(book.get('a:1')?.status).toBe('cancelled');
  });
});
