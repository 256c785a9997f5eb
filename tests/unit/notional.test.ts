import { describe, expect, it } from 'vitest';
import { orderNotional, sumNotionals } from '../../preload/notional.ts';

describe('notional', () => {
  it('multiplies price, remaining and contract size exactly', () => {
    expect(orderNotional({ price: '97300.5', remaining: '3', quote: 'USDT', contractSize: '0.001' })).toBe(
      '291.9015',
    );
  });
  it('sums per quote currency, sorted, and skips amounts that are not decimals', () => {
    expect(
      sumNotionals([
        { price: '0.1', remaining: '3', quote: 'USD', contractSize: '1' },
        { price: '0.2', remaining: '1', quote: 'USD', contractSize: '1' },
        { price: '4000000', remaining: '0.002', quote: 'TRY', contractSize: '1' },
        { price: 'market', remaining: '1', quote: 'USD', contractSize: '1' },
      ]),
    ).toEqual([
      { quote: 'TRY', amount: '8000' },
      { quote: 'USD', amount: '0.5' },
    ]);
  });
});
