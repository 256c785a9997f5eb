/**
 * Order facts end to end on the main side: what a venue shows (time in force, flags, client order id) and
 * the tick and lot an account was given reach the blotter's order; a final order says when it finished.
 */
import { describe, expect, it } from 'vitest';
import { OrderBook } from '../../main/core/order-book.ts';
import { seededRandom } from '../../main/core/random.ts';
import type { VenueOrder } from '../../main/core/venue.ts';
import { demoInstrumentFacts, randomOrder } from '../../main/demo/activity.ts';
import { orderFacts, withInstrumentFacts } from '../../main/venues/shared/order-facts.ts';
import { decimalPlaces } from '../../renderer/shared/decimal.ts';

const base = () => ({ quote: 'USD', contractSize: '1' });

function venueOrder(patch: Partial<VenueOrder> = {}): VenueOrder {
  return {
    venueOrderId: '1',
    market: 'ETH-USD',
    side: 'buy',
    type: 'limit',
    price: '3600.5',
    quantity: '2',
    filled: '0',
    remaining: '2',
    status: 'open',
    createdAt: 1000,
    updatedAt: 1000,
    ...patch,
  };
}

describe('order facts', () => {
  it('keeps readable facts only; absent and odd ones stay absent', () => {
    expect(
      orderFacts({ timeInForce: ' GTC ', reduceOnly: 'True', postOnly: false, clientOrderId: 42 }),
    ).toEqual({
      timeInForce: 'GTC',
      reduceOnly: true,
      postOnly: false,
      clientOrderId: '42',
    });
    expect(
      orderFacts({ timeInForce: '', reduceOnly: 'yes', postOnly: null, clientOrderId: { id: 1 } }),
    ).toEqual({});
    expect(orderFacts({ clientOrderId: 'x'.repeat(500) }).clientOrderId).toHaveLength(100);
  });

  it('adds the tick and lot an account was given, and drops facts that are not positive decimals', () => {
    const instrument = withInstrumentFacts(base, {
      'ETH-USD': { tickSize: '0.1', lotSize: '0.001' },
      'BTC-USD': { tickSize: '0', lotSize: 'abc' },
    });
    expect(instrument('ETH-USD')).toEqual({
      quote: 'USD',
      contractSize: '1',
      tickSize: '0.1',
      lotSize: '0.001',
    });
    expect(instrument('BTC-USD')).toEqual(base());
    expect(instrument('SOL-USD')).toEqual(base());
    expect(withInstrumentFacts(base, undefined)).toBe(base);
  });
});

describe('the book carries the facts', () => {
  const source = {
    venue: 'rails' as const,
    accountId: 'rails-1',
    instrument: withInstrumentFacts(base, { 'ETH-USD': { tickSize: '0.1', lotSize: '0.001' } }),
  };

  it('an order first seen gets its market tick and lot and the facts the venue showed', () => {
    const book = new OrderBook();
    const order = book.applyVenueOrder(source, venueOrder({ postOnly: true, timeInForce: 'GTC' }), 5);
    expect(order).toMatchObject({ tickSize: '0.1', lotSize: '0.001', postOnly: true, timeInForce: 'GTC' });
    expect(order?.clientOrderId).toBeUndefined();
    expect(order?.finishedAt).toBeUndefined();
  });

  it('a later message that shows a fact the first did not adds it; a known fact is kept', () => {
    const book = new OrderBook();
    book.applyVenueOrder(source, venueOrder({ timeInForce: 'GTC' }), 5);
    const next = book.applyVenueOrder(source, venueOrder({ clientOrderId: 'c-1' }), 6);
    expect(next).toMatchObject({ clientOrderId: 'c-1', timeInForce: 'GTC' });
  });

  it('a final order says when it finished; created stays the venue time', () => {
    const book = new OrderBook();
    book.applyVenueOrder(source, venueOrder(), 5);
    const filled = book.applyVenueOrder(
      source,
      venueOrder({ status: 'filled', filled: '2', remaining: '0' }),
      9,
    );
    expect(filled).toMatchObject({ status: 'filled', createdAt: 1000, finishedAt: 9 });
  });
});

describe('demo instrument facts are true of the demo orders', () => {
  it('every demo price sits on the tick the demo account is told', () => {
    const market = { market: 'SOL-USD', mid: '165', priceDecimals: 2, size: '5' };
    const facts = demoInstrumentFacts(market);
    expect(facts).toEqual({ tickSize: '0.01', lotSize: '0.001' });
    const random = seededRandom(7);
    for (let i = 0; i < 50; i += 1) {
      const order = randomOrder(random, market);
      expect(decimalPlaces(order.price)).toBeLessThanOrEqual(2);
      expect(decimalPlaces(order.quantity)).toBeLessThanOrEqual(3);
    }
  });
});
