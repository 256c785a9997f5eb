/**
 * The one list of venues the blotter speaks: ids, display labels and display order. Plain data (no zod, no
 * Node), so the contract, main's venue registry and the renderer all read it at runtime. Adding a venue is a
 * folder under main/venues/, its module in main/venues/registry.ts, and one entry here (main/venues/README.md).
 */
export const VENUES = [
  { id: 'rails', label: 'Rails' },
  { id: 'oxfun', label: 'OX.FUN' },
  { id: 'coinw', label: 'CoinW' },
  { id: 'btcturk', label: 'BTCTurk' },
  { id: 'bluefin', label: 'Bluefin' },
] as const;

export type VenueId = (typeof VENUES)[number]['id'];

/** Ids in display order (filters, grouping, previews). */
export const VENUE_IDS = VENUES.map((venue) => venue.id) as [VenueId, ...VenueId[]];

export const VENUE_LABELS = Object.fromEntries(VENUES.map((venue) => [venue.id, venue.label])) as Record<
  VenueId,
  string
>;
