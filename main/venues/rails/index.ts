/** Rails as the rest of the app sees it: the venue module for the registry. */
import { VENUE_LABELS } from '../../../preload/venues.ts';
import type { VenueModule } from '../types.ts';
import { ACCOUNT_TYPE_SETTING, createRailsAdapter } from './adapter.ts';
import {
  DEFAULT_ACCOUNT_TYPE,
  RAILS_ACCOUNT_LIMITS,
  RAILS_DEFAULT_URLS,
  type RailsAccountType,
} from './constants.ts';
import { createRailsSimulator } from './sim/index.ts';

const accountTypes = Object.keys(RAILS_ACCOUNT_LIMITS) as RailsAccountType[];

export const railsVenue: VenueModule = {
  id: 'rails',
  label: VENUE_LABELS.rails,
  defaultUrls: { ...RAILS_DEFAULT_URLS },
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: false },
    { name: 'apiSecret', label: 'API secret', secret: true },
  ],
  settingFields: [
    {
      name: ACCOUNT_TYPE_SETTING,
      label: 'Account type',
      choices: accountTypes.map((value) => ({ value, label: RAILS_ACCOUNT_LIMITS[value].label })),
      defaultValue: DEFAULT_ACCOUNT_TYPE,
      help: accountTypes
        .map((value) => {
          const limits = RAILS_ACCOUNT_LIMITS[value];
          return `${limits.label}: ${limits.orderRequestsPerMinute.toLocaleString('en-US')} order requests and ${limits.newConnectionsPerMinute} connections a minute`;
        })
        .join('; ')
        .concat('. Pick market maker only if Rails set your account up as one.'),
    },
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
export { createRailsSimulator, type RailsSimulator, type RailsSimulatorOptions } from './sim/index.ts';
