/** CoinW futures as the rest of the app sees it: the venue module for the registry. */
import { VENUE_LABELS } from '../../../preload/venues.ts';
import type { VenueModule } from '../types.ts';
import { createCoinwAdapter } from './adapter.ts';
import { COINW_DEFAULT_URLS } from './constants.ts';
import { createCoinwSimulator } from './sim/index.ts';

export const coinwVenue: VenueModule = {
  id: 'coinw',
  label: VENUE_LABELS.coinw,
  defaultUrls: { ...COINW_DEFAULT_URLS },
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: false },
    { name: 'apiSecret', label: 'Secret key', secret: true },
  ],
  createAdapter: (config) => createCoinwAdapter(config),
  createSimulator: (options) => createCoinwSimulator(options),
  // USDT-margined perpetuals, named by base currency as CoinW's `instrument` is; sizes in contracts.
  demoMarkets: [
    { market: 'BTC', mid: '97300', priceDecimals: 1, size: '2' },
    { market: 'ETH', mid: '3650', priceDecimals: 2, size: '5' },
    { market: 'SOL', mid: '168', priceDecimals: 3, size: '10' },
  ],
};

export {
  COINW_CAPABILITIES,
  type CoinwAdapter,
  type CoinwAdapterOptions,
  createCoinwAdapter,
} from './adapter.ts';
export { COINW_DEMO_CREDENTIALS, type CoinwSimulator, createCoinwSimulator } from './sim/index.ts';
