/**
 * The grid's number cells as markup: prices to the tick, quantities to the lot, grouped, split at the
 * point with blank slots so a column lines up; the notional in its quote currency; ids clipped with the
 * full text in the tooltip; a finished order's age counted from its finish.
 */
import { type ComponentType, createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../../../preload/contract.ts';
import {
  AgeCell,
  FlagsCell,
  NotionalCell,
  OrderIdCell,
  PriceCell,
  QuantityCell,
  TimeInForceCell,
} from '../../../../renderer/blotter/cells.tsx';
import { reserveFraction, resetFractionSlots } from '../../../../renderer/blotter/fractionSlots.ts';
import { RowOrderContext } from '../../../../renderer/blotter/rowOrder.ts';

const now = Date.now();

function order(patch: Partial<Order> = {}): Order {
  return {
    key: 'acc-1:1',
    venue: 'btcturk',
    accountId: 'acc-1',
    venueOrderId: '9007199254740993',
    market: 'BTCTRY',
    side: 'buy',
    type: 'limit',
    price: '4035017',
    quantity: '0.002',
    filled: '0',
    remaining: '0.002',
    quote: 'TRY',
    contractSize: '1',
    status: 'open',
    createdAt: now - 60_000,
    updatedAt: now - 60_000,
    version: 1,
    ...patch,
  };
}

function render(cell: ComponentType, value: Order): string {
  return renderToStaticMarkup(createElement(RowOrderContext, { value }, createElement(cell)));
}

/** The visible text: tags dropped, blank slots shown as "_" so the alignment can be asserted. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/[\u2007\u2008]/g, '_')
    .replace(/&#x27;/g, "'");
}

beforeEach(() => resetFractionSlots());

describe('number cells', () => {
  it('groups thousands and shows the price to the tick', () => {
    expect(text(render(PriceCell, order({ price: '3600.5', tickSize: '0.01' })))).toBe('3,600.50');
    expect(text(render(PriceCell, order({ tickSize: '1' })))).toBe('4,035,017');
    expect(text(render(QuantityCell, order({ quantity: '2', lotSize: '0.001' })))).toBe('2.000');
  });

  it('keeps every digit the venue sent and says so when it padded', () => {
    expect(text(render(PriceCell, order({ price: '0.00046875', tickSize: '0.0001' })))).toBe('0.00046875');
    // No tick known: exactly as sent (no zeros added, none removed).
    expect(text(render(PriceCell, order({ price: '0.004414' })))).toBe('0.004414');
    expect(render(PriceCell, order({ price: '3600.5', tickSize: '0.01' }))).toContain(
      'title="3600.5 as the venue sent it"',
    );
  });

  it('leaves blank slots up to the widest fraction the column has shown, so the points line up', () => {
    reserveFraction('price', 4);
    expect(text(render(PriceCell, order({ price: '3600.5', tickSize: '0.1' })))).toBe('3,600.5___');
    expect(text(render(PriceCell, order({ price: '67000', tickSize: '1' })))).toBe('67,000_____');
    expect(text(render(PriceCell, order({ price: '0.0045', tickSize: '0.0001' })))).toBe('0.0045');
    // Another column keeps its own slot.
    expect(text(render(QuantityCell, order({ quantity: '5' })))).toBe('5');
  });

  it('shows the notional (price × remaining × contract size) in the quote currency, exact in the tooltip', () => {
    const html = render(NotionalCell, order({ price: '3985000', remaining: '0.0025' }));
    expect(text(html)).toBe('9,962.50TRY');
    expect(html).toContain('title="9962.5 TRY (price × remaining)"');
    expect(text(render(NotionalCell, order({ price: '-', remaining: '1' })))).toBe('');
  });
});

describe('fact cells', () => {
  it('clips the order id with an ellipsis class and the full id as tooltip', () => {
    const html = render(OrderIdCell, order({ venueOrderId: '0x5e2d9c8b7a6f5e4d3c2b1a0f9e8d7c6b' }));
    expect(html).toContain('class="cell-clip"');
    expect(html).toContain('title="0x5e2d9c8b7a6f5e4d3c2b1a0f9e8d7c6b"');
  });

  it('shows time in force and flags only where the venue showed them', () => {
    expect(text(render(TimeInForceCell, order({ timeInForce: 'GTC' })))).toBe('GTC');
    expect(render(TimeInForceCell, order())).toBe('');
    expect(text(render(FlagsCell, order({ reduceOnly: true, postOnly: true })))).toBe('ROPO');
    expect(render(FlagsCell, order({ reduceOnly: false }))).toBe('');
  });

  it('counts a finished order age from its finish, an open one from its creation', () => {
    expect(text(render(AgeCell, order()))).toBe('1m 00s');
    const finished = order({ status: 'cancelled', finishedAt: now - 5_000, updatedAt: now - 5_000 });
    expect(text(render(AgeCell, finished))).toMatch(/^[56]s$/);
  });
});
