import { describe, expect, it } from 'vitest';
import {
  keysToCancel,
  scopeFromFilters,
  scopeStart,
  unscopableNarrowing,
} from '../../../../../renderer/workspace/state/scopeCancel.ts';
import { type Filters, NO_FILTERS } from '../../../../../renderer/workspace/state/view.ts';

const shown = ['a:1', 'a:2', 'b:1'];
const shownKeys = () => shown;

describe('scoped cancel start', () => {
  it('takes venues, accounts, markets and side from the filters', () => {
    const filters: Filters = {
      ...NO_FILTERS,
      venues: ['rails', 'oxfun'],
      accountIds: ['acct'],
      markets: ['BTC-USD'],
      side: 'buy',
    };
    expect(scopeFromFilters(filters)).toEqual({
      venues: ['rails', 'oxfun'],
      accountIds: ['acct'],
      markets: ['BTC-USD'],
      side: 'buy',
    });
    expect(scopeFromFilters(NO_FILTERS)).toEqual({});
  });

  it('a group header narrows the filters scope instead of dropping it', () => {
    const filters: Filters = { ...NO_FILTERS, venues: ['rails', 'oxfun'], side: 'sell', accountIds: ['x'] };
    expect(scopeStart({ filters, search: '' }, shownKeys, { venues: ['rails'] })).toEqual({
      initial: { venues: ['rails'], side: 'sell', accountIds: ['x'] },
      visibleOnly: null,
    });
    expect(scopeStart({ filters, search: '' }, shownKeys, { markets: ['ETH-USD'] }).initial).toEqual({
      venues: ['rails', 'oxfun'],
      markets: ['ETH-USD'],
      side: 'sell',
      accountIds: ['x'],
    });
  });

  it('without search or status filter the scope says it all: no restriction to the shown rows', () => {
    let called = false;
    const start = scopeStart({ filters: { ...NO_FILTERS, side: 'buy' }, search: '   ' }, () => {
      called = true;
      return shown;
    });
    expect(start).toEqual({ initial: { side: 'buy' }, visibleOnly: null });
    expect(called).toBe(false);
  });

  it('a search or status filter keeps the cancel to the shown orders and says why', () => {
    const bySearch = scopeStart({ filters: NO_FILTERS, search: ' btc ' }, shownKeys, { venues: ['rails'] });
    expect(bySearch.initial).toEqual({ venues: ['rails'] });
    expect(bySearch.visibleOnly).toEqual({ keys: shown, reason: 'search “btc”' });
    const byStatus = scopeStart(
      { filters: { ...NO_FILTERS, statuses: ['partially_filled'] }, search: '' },
      shownKeys,
    );
    expect(byStatus.visibleOnly?.reason).toBe('status partially filled');
    expect(unscopableNarrowing({ ...NO_FILTERS, statuses: ['open', 'partially_filled'] }, 'eth sell')).toBe(
      'search “eth sell”, status open, partially filled',
    );
    expect(unscopableNarrowing(NO_FILTERS, '')).toBeNull();
  });
});

describe('what a confirmed scope cancel sends', () => {
  it('exactly the previewed keys, in preview order', () => {
    expect(keysToCancel(['b:1', 'a:2'], null)).toEqual(['b:1', 'a:2']);
    // An order that arrived after the preview is not in its keys, so never sent.
  });

  it('only the shown ones among them when restricted', () => {
    expect(keysToCancel(['b:1', 'c:9', 'a:2'], new Set(shown))).toEqual(['b:1', 'a:2']);
    expect(keysToCancel(['c:9'], new Set(shown))).toEqual([]);
  });
});
