import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../../preload/contract.ts';
import type { RowRef } from '../../../../../renderer/book/book.ts';
import {
  comparatorFor,
  compareDecimal,
  computeView,
  DEFAULT_QUERY,
  dependsOnOrderChanges,
  facets,
  NO_FILTERS,
  type ViewQuery,
  viewItems,
} from '../../../../../renderer/workspace/state/view.ts';

const T0 = 1_700_000_000_000;

function order(id: string, patch: Partial<Order> = {}): Order {
  return {
    key: `acc-1:${id}`,
    venue: 'rails',
    accountId: 'acc-1',
    venueOrderId: id,
    market: 'BTC-USD',
    side: 'buy',
    type: 'limit',
    price: '100',
    quantity: '1',
    filled: '0',
    remaining: '1',
    quote: 'USD',
    contractSize: '1',
    status: 'open',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...patch,
  };
}

const orders = [
  order('1', { price: '67000', market: 'BTC-USD', createdAt: T0 + 5 }),
  order('2', { price: '3600.5', market: 'ETH-USD', side: 'sell', createdAt: T0 + 4 }),
  order('3', {
    price: '3599.75',
    market: 'ETH-USD',
    venue: 'oxfun',
    accountId: 'acc-2',
    key: 'acc-2:3',
    createdAt: T0 + 3,
  }),
  order('4', { price: '165.2', market: 'SOL-USD', status: 'cancelling', createdAt: T0 + 2 }),
  order('5', {
    price: '0.5',
    market: 'ETH-USD',
    side: 'sell',
    venue: 'coinw',
    accountId: 'acc-3',
    key: 'acc-3:5',
  }),
];
const map = new Map(orders.map((o) => [o.key, o]));
const base: RowRef[] = orders.map((o) => ({ key: o.key }));
const labels: Record<string, string> = { 'acc-1': 'Rails demo', 'acc-2': 'OX main', 'acc-3': 'CoinW alt' };
const label = (id: string) => labels[id] ?? id;
const ids = (rows: readonly RowRef[]) => rows.map((r) => r.key.split(':')[1]);
const query = (patch: Partial<ViewQuery>): ViewQuery => ({ ...DEFAULT_QUERY, ...patch });

describe('compareDecimal', () => {
  it('orders decimal strings exactly', () => {
    expect(compareDecimal('10', '9.99')).toBe(1);
    expect(compareDecimal('0.1', '0.10')).toBe(0);
    expect(compareDecimal('-1', '0.5')).toBe(-1);
    expect(compareDecimal('-2', '-1.5')).toBe(-1);
    expect(compareDecimal('007', '7')).toBe(0);
    expect(compareDecimal('12345678901234567890.1', '12345678901234567890.09')).toBe(1);
    expect(compareDecimal('-0', '0')).toBe(0);
    expect(compareDecimal('abc', '1')).toBe(1);
  });
});

describe('computeView', () => {
  it('returns the book rows untouched for the default query', () => {
    expect(computeView(base, map, DEFAULT_QUERY, label).rows).toBe(base);
  });

  it('filters by venue, account, market, side and status, combined', () => {
    const v = (filters: Partial<typeof NO_FILTERS>) =>
      ids(computeView(base, map, query({ filters: { ...NO_FILTERS, ...filters } }), label).rows);
    expect(v({ venues: ['rails'] })).toEqual(['1', '2', '4']);
    expect(v({ accountIds: ['acc-2', 'acc-3'] })).toEqual(['3', '5']);
    expect(v({ markets: ['ETH-USD'] })).toEqual(['2', '3', '5']);
    expect(v({ markets: ['ETH-USD'], side: 'sell' })).toEqual(['2', '5']);
    expect(v({ statuses: ['cancelling'] })).toEqual(['4']);
    expect(v({ venues: ['rails'], markets: ['ETH-USD'], side: 'buy' })).toEqual([]);
  });

  it('searches order ids, markets, venue and account labels; every term must match', () => {
    const s = (search: string) => ids(computeView(base, map, query({ search }), label).rows);
    expect(s('eth')).toEqual(['2', '3', '5']);
    expect(s('ETH sell')).toEqual(['2', '5']);
    expect(s('ox.fun')).toEqual(['3']);
    expect(s('coinw alt')).toEqual(['5']);
    expect(s('cancelling')).toEqual(['4']);
    expect(s('  ')).toEqual(['1', '2', '3', '4', '5']);
  });

  it('sorts on any column, stable on ties, multi-rule', () => {
    const s = (sorting: ViewQuery['sorting']) => ids(computeView(base, map, query({ sorting }), label).rows);
    expect(s([{ id: 'price', desc: false }])).toEqual(['5', '4', '3', '2', '1']);
    expect(s([{ id: 'price', desc: true }])).toEqual(['1', '2', '3', '4', '5']);
    expect(s([{ id: 'market', desc: false }])).toEqual(['1', '2', '3', '5', '4']);
    expect(
      s([
        { id: 'market', desc: false },
        { id: 'price', desc: false },
      ]),
    ).toEqual(['1', '5', '3', '2', '4']);
    expect(s([{ id: 'venue', desc: false }])).toEqual(['1', '2', '4', '3', '5']);
    expect(s([{ id: 'account', desc: false }])).toEqual(['5', '3', '1', '2', '4']);
    expect(s([{ id: 'status', desc: true }])[0]).toBe('4');
    expect(s([{ id: 'age', desc: false }])).toEqual(['1', '2', '3', '4', '5']);
    expect(s([{ id: 'nonsense', desc: false }])).toEqual(['1', '2', '3', '4', '5']);
  });

  it('groups by venue or market with contiguous rows and header items', () => {
    const byVenue = computeView(base, map, query({ groupBy: 'venue' }), label);
    expect(ids(byVenue.rows)).toEqual(['1', '2', '4', '3', '5']);
    expect(byVenue.groups.map((g) => [g.label, g.start, g.count])).toEqual([
      ['Rails', 0, 3],
      ['OX.FUN', 3, 1],
      ['CoinW', 4, 1],
    ]);
    const byMarket = computeView(
      base,
      map,
      query({ groupBy: 'market', sorting: [{ id: 'price', desc: true }] }),
      label,
    );
    expect(byMarket.groups.map((g) => g.value)).toEqual(['BTC-USD', 'ETH-USD', 'SOL-USD']);
    expect(ids(byMarket.rows)).toEqual(['1', '2', '3', '5', '4']);
    const items = viewItems(byMarket) ?? [];
    expect(items.map((item) => (item.kind === 'group' ? `[${item.group.value}]` : item.ref.key))).toEqual([
      '[BTC-USD]',
      'acc-1:1',
      '[ETH-USD]',
      'acc-1:2',
      'acc-2:3',
      'acc-3:5',
      '[SOL-USD]',
      'acc-1:4',
    ]);
    expect(viewItems(computeView(base, map, query({ search: 'eth' }), label))).toBeNull();
  });

  it('knows which queries must be re-run when orders change in place', () => {
    expect(dependsOnOrderChanges(DEFAULT_QUERY)).toBe(false);
    expect(dependsOnOrderChanges(query({ sorting: [{ id: 'price', desc: false }] }))).toBe(false);
    expect(dependsOnOrderChanges(query({ sorting: [{ id: 'status', desc: false }] }))).toBe(true);
    expect(dependsOnOrderChanges(query({ search: 'x' }))).toBe(true);
    expect(dependsOnOrderChanges(query({ filters: { ...NO_FILTERS, statuses: ['open'] } }))).toBe(true);
  });

  it('lists markets and accounts for the filter menus', () => {
    expect(facets(orders)).toEqual({
      markets: ['BTC-USD', 'ETH-USD', 'SOL-USD'],
      accountIds: ['acc-1', 'acc-2', 'acc-3'],
    });
  });
});

describe('sorting on the order facts columns', () => {
  const base = (n: number, patch: Partial<Order>): Order => order(String(n), { createdAt: T0 + n, ...patch });
  const sortKeys = (list: Order[], id: string) => {
    const compare = comparatorFor(id, (accountId) => accountId);
    if (!compare) throw new Error(`${id} is not sortable`);
    return [...list].sort(compare).map((o) => o.venueOrderId);
  };

  it('sorts each new column ascending, exactly, with orders lacking the fact last', () => {
    const notional = [
      base(1, { price: '100', remaining: '2' }),
      base(2, { price: '99.99', remaining: '3' }),
      base(3, { price: 'n/a' }),
      base(4, { price: '0.1', remaining: '1' }),
    ];
    expect(sortKeys(notional, 'notional')).toEqual(['4', '1', '2', '3']);
    const ids = [base(1, {}), base(2, { clientOrderId: 'b' }), base(3, { clientOrderId: 'a' })];
    expect(sortKeys(ids, 'clientOrderId')).toEqual(['3', '2', '1']);
    const finished = [base(1, { finishedAt: 9 }), base(2, {}), base(3, { finishedAt: 5 })];
    expect(sortKeys(finished, 'finished')).toEqual(['3', '1', '2']);
    const flags = [base(1, { reduceOnly: true }), base(2, {}), base(3, { postOnly: true })];
    expect(sortKeys(flags, 'flags')).toEqual(['2', '3', '1']);
    expect(sortKeys([base(2, {}), base(1, {})], 'placed')).toEqual(['1', '2']);
    const tif = [base(1, { timeInForce: 'IOC' }), base(2, { timeInForce: 'GTC' })];
    expect(sortKeys(tif, 'tif')).toEqual(['2', '1']);
  });
});
