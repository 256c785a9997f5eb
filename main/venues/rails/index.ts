/** Rails as the rest of the app sees it: the venue module for the registry. */
import type { VenueModule } from '../types.ts';
import { createRailsAdapter } from './adapter.ts';
import { RAILS_DEFAULT_URLS } from './constants.ts';
import { createRailsSimulator } from './simulator.ts';

export const railsVenue: VenueModule = {
  id: 'rails',
  label: 'Rails',
  defaultUrls: { ...RAILS_DEFAULT_URLS },
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: false },
    { name: 'apiSecret', label: 'API secret', secret: true },
  ],
  createAdapter: (config) => createRailsAdapter(config),
  createSimulator: (options) => createRailsSimulator(options),
  demoMarkets: [
    { market: 'ETH-USD', mid: '3600', priceDecimals: 1, size: '0.5' },
    { market: 'BTC-USD', mid: '67000', priceDecimals: 0, size: '0.01' },
    { market: 'SOL-USD', mid: '165', priceDecimals: 2, size: '5' },
  ],
};

export { createRailsAdapter, type RailsAdapter, type RailsAdapterOptions } from './adapter.ts';
export { createRailsSimulator, type RailsSimulator, type RailsSimulatorOptions } from './simulator.ts';
