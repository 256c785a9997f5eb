/**
 * The scoped cancel's choices, as pure state (unit-tested).
 *
 * - Nothing chosen means nothing, never everything: the trader picks venues, accounts or markets,
 *   or ticks All. Until then the dialog cannot confirm (Enter, the button and Y only say what to choose).
 * - Markets are listed under the venue that trades them, and only under the venues ticked (all of
 *   them while none is). Ticking venues drops the ticked markets no longer listed, so what is ticked is
 *   always what is shown.
 */
import type { CancelScope, OrderStatus, Side, VenueId } from '../../../preload/contract.ts';
import { isFinalStatus, VENUE_ORDER } from '../../book/status.ts';

export const EMPTY_SCOPE_MESSAGE = 'Choose venues, accounts or markets, or All';

export interface ScopeChoice {
  readonly all: boolean;
  readonly venues: readonly VenueId[];
  readonly accountIds: readonly string[];
  readonly markets: readonly string[];
  readonly side: Side | null;
}

/** A venue's markets, in name order; `venue` null for markets no open order names (a stale filter). */
export interface MarketGroup {
  readonly venue: VenueId | null;
  readonly markets: readonly string[];
}

export function choiceFromScope(scope: CancelScope): ScopeChoice {
  return {
    all: false,
    venues: scope.venues ?? [],
    accountIds: scope.accountIds ?? [],
    markets: scope.markets ?? [],
    side: scope.side ?? null,
  };
}

/** Whether the trader chose anything that says which orders (the side alone does not). */
export function hasChoice(choice: ScopeChoice): boolean {
  return choice.all || choice.venues.length + choice.accountIds.length + choice.markets.length > 0;
}

/** The scope to preview and cancel, or null while nothing is chosen. All is the empty scope (plus the side). */
export function scopeOfChoice(choice: ScopeChoice): CancelScope | null {
  if (!hasChoice(choice)) return null;
  const scope: CancelScope = {};
  if (!choice.all) {
    if (choice.venues.length) scope.venues = [...choice.venues];
    if (choice.accountIds.length) scope.accountIds = [...choice.accountIds];
    if (choice.markets.length) scope.markets = [...choice.markets];
  }
  if (choice.side) scope.side = choice.side;
  return scope;
}

function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** Ticking All clears the specific choices; any specific choice unticks All. */
export function toggleAll(choice: ScopeChoice): ScopeChoice {
  return choice.all
    ? { ...choice, all: false }
    : { ...choice, all: true, venues: [], accountIds: [], markets: [] };
}

export function toggleVenue(
  choice: ScopeChoice,
  venue: VenueId,
  groups: readonly MarketGroup[],
): ScopeChoice {
  const venues = toggled(choice.venues, venue);
  const listed = new Set(visibleMarketGroups(groups, venues).flatMap((group) => group.markets));
  return { ...choice, all: false, venues, markets: choice.markets.filter((market) => listed.has(market)) };
}

export function toggleAccount(choice: ScopeChoice, accountId: string): ScopeChoice {
  return { ...choice, all: false, accountIds: toggled(choice.accountIds, accountId) };
}

export function toggleMarket(choice: ScopeChoice, market: string): ScopeChoice {
  return { ...choice, all: false, markets: toggled(choice.markets, market) };
}

/**
 * Markets of the orders that are not final, grouped by venue in the venues' display order, plus the
 * `extra` markets (from the filters or a group header) that no open order names, in a group of their own.
 */
export function marketsByVenue(
  orders: Iterable<{ readonly venue: VenueId; readonly market: string; readonly status: OrderStatus }>,
  extra: readonly string[] = [],
): MarketGroup[] {
  const byVenue = new Map<VenueId, Set<string>>();
  const named = new Set<string>();
  for (const order of orders) {
    if (isFinalStatus(order.status)) continue;
    let markets = byVenue.get(order.venue);
    if (!markets) {
      markets = new Set();
      byVenue.set(order.venue, markets);
    }
    markets.add(order.market);
    named.add(order.market);
  }
  const groups: MarketGroup[] = [];
  for (const venue of VENUE_ORDER) {
    const markets = byVenue.get(venue);
    if (markets) groups.push({ venue, markets: [...markets].sort() });
  }
  const orphans = [...new Set(extra.filter((market) => !named.has(market)))].sort();
  if (orphans.length > 0) groups.push({ venue: null, markets: orphans });
  return groups;
}

/** The groups listed for the venues ticked: all while none is (markets without a venue always). */
export function visibleMarketGroups(
  groups: readonly MarketGroup[],
  venues: readonly VenueId[],
): MarketGroup[] {
  if (venues.length === 0) return [...groups];
  return groups.filter((group) => group.venue === null || venues.includes(group.venue));
}
