import { describe, expect, it } from 'vitest';
import type { OrderStatus, VenueId } from '../../../../../preload/contract.ts';
import {
  choiceFromScope,
  hasChoice,
  marketsByVenue,
  scopeOfChoice,
  toggleAccount,
  toggleAll,
  toggleMarket,
  toggleVenue,
  visibleMarketGroups,
} from '../../../../../renderer/workspace/state/scopeChoice.ts';

const order = (venue: VenueId, market: string, status: OrderStatus = 'open') => ({ venue, market, status });
const orders = [
  order('bluefin', 'SUI-PERP'),
  order('rails', 'BTC-USD'),
  order('rails', 'ETH-USD'),
  order('rails', 'BTC-USD'),
  order('btcturk', 'BTCTRY'),
  order('btcturk', 'ETHTRY', 'cancelled'),
];
const groups = marketsByVenue(orders);

describe('scope choice: nothing chosen is nothing', () => {
  it('an empty choice (or only a side) has no scope: it cannot be previewed or cancelled', () => {
    const empty = choiceFromScope({});
    expect(hasChoice(empty)).toBe(false);
    expect(scopeOfChoice(empty)).toBeNull();
    expect(scopeOfChoice({ ...empty, side: 'buy' })).toBeNull();
  });

  it('All is the explicit everything, with the side kept', () => {
    const all = toggleAll({ ...choiceFromScope({}), side: 'sell' });
    expect(scopeOfChoice(all)).toEqual({ side: 'sell' });
  });

  it('ticking All clears specific choices, and a specific choice unticks All', () => {
    const some = toggleAccount(choiceFromScope({ venues: ['rails'] }), 'demo-rails');
    const all = toggleAll(some);
    expect(all).toMatchObject({ all: true, venues: [], accountIds: [], markets: [] });
    const back = toggleMarket(all, 'BTC-USD');
    expect(back.all).toBe(false);
    expect(scopeOfChoice(back)).toEqual({ markets: ['BTC-USD'] });
    expect(scopeOfChoice(toggleAll(all))).toBeNull();
  });

  it('a scope from the filters or a group header starts chosen', () => {
    expect(scopeOfChoice(choiceFromScope({ venues: ['rails'], side: 'buy' }))).toEqual({
      venues: ['rails'],
      side: 'buy',
    });
  });
});

describe('markets under their venue', () => {
  it('groups the markets of orders not final by venue, in the venue display order', () => {
    expect(groups).toEqual([
      { venue: 'rails', markets: ['BTC-USD', 'ETH-USD'] },
      { venue: 'btcturk', markets: ['BTCTRY'] },
      { venue: 'bluefin', markets: ['SUI-PERP'] },
    ]);
  });

  it('keeps a market from the filters that no open order names, apart', () => {
    expect(marketsByVenue(orders, ['DOGE-USD', 'BTC-USD']).at(-1)).toEqual({
      venue: null,
      markets: ['DOGE-USD'],
    });
  });

  it('lists only the ticked venues’ markets, all of them while none is ticked', () => {
    expect(visibleMarketGroups(groups, [])).toHaveLength(3);
    expect(visibleMarketGroups(groups, ['btcturk']).map((group) => group.venue)).toEqual(['btcturk']);
  });

  it('ticking a venue drops ticked markets no longer listed, so the scope is what is shown', () => {
    let choice = toggleMarket(toggleMarket(choiceFromScope({}), 'BTC-USD'), 'SUI-PERP');
    choice = toggleVenue(choice, 'rails', groups);
    expect(scopeOfChoice(choice)).toEqual({ venues: ['rails'], markets: ['BTC-USD'] });
    choice = toggleVenue(choice, 'rails', groups);
    expect(scopeOfChoice(choice)).toEqual({ markets: ['BTC-USD'] });
  });
});
