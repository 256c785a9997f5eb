/** Every venue the blotter speaks. Adding a venue = a folder under main/venues/ plus one line here. */
import { bluefinVenue } from './bluefin/index.ts';
import { btcturkVenue } from './btcturk/index.ts';
import { coinwVenue } from './coinw/index.ts';
import { oxfunVenue } from './oxfun/index.ts';
import { railsVenue } from './rails/index.ts';
import type { VenueModule } from './types.ts';

export const VENUE_MODULES: VenueModule[] = [railsVenue, oxfunVenue, coinwVenue, btcturkVenue, bluefinVenue];

export function venueModule(id: string): VenueModule | undefined {
  return VENUE_MODULES.find((venue) => venue.id === id);
}
