import { describe, expect, it } from 'vitest';
import type { Order, OrderStatus } from '../../../../preload/contract.ts';
import { countOpen, countOpenRows } from '../../../../renderer/shared/counts.ts';
import { shownConnection } from '../../../../renderer/shared/link.ts';

const order = (key: string, status: OrderStatus) => ({ key, status }) as Order;
const orders = new Map<string, Order>(
  [
    order('a:1', 'open'),
    order('a:2', 'partially_filled'),
    order('a:3', 'cancel_requested'),
    order('a:4', 'unknown'),
    order('a:5', 'filled'),
    order('a:6', 'cancelled'),
  ].map((each) => [each.key, each]),
);

describe('one definition of a count', () => {
  it('open counts orders not final; a row that just finished (still lingering) is not open', () => {
    expect(countOpen(orders.keys(), orders)).toBe(4);
  });

  it('selected: 50 selected of which one turned filled is 49, the number the dialog asks about', () => {
    const selected = new Set(['a:1', 'a:2', 'a:5', 'gone:1']);
    expect(countOpen(selected, orders)).toBe(2);
  });

  it('shown counts the open orders among the grid rows, so with no filter it equals open', () => {
    const rows = [...orders.keys()].map((key) => ({ key }));
    expect(countOpenRows(rows, orders)).toBe(countOpen(orders.keys(), orders));
    expect(countOpenRows(rows.slice(3), orders)).toBe(1);
  });
});

describe('venue connection without the link to main', () => {
  it('is unknown, never the connected it last was', () => {
    expect(shownConnection('connected', false)).toBe('unknown');
    expect(shownConnection('down', true)).toBe('down');
  });
});
