/** OX.FUN as the rest of the app sees it: the venue module for the registry. */
import { VENUE_LABELS } from '../../../preload/venues.ts';
import type { VenueModule } from '../types.ts';
import { createOxfunAdapter } from './adapter.ts';
import { OXFUN_DEFAULT_URLS } from './constants.ts';
import { createOxfunSimulator } from './sim/index.ts';

export const oxfunVenue: VenueModule = {
  id: 'oxfun',
  label: VENUE_LABELS.oxfun,
  defaultUrls: { ...OXFUN_DEFAULT_URLS },
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: false },
    { name: 'apiSecret', label: 'API secret', secret: true },
  ],
  createAdapter: (config) => createOxfunAdapter(config),
  createSimulator: (options) => createOxfunSimulator(options),
  demoMarkets: [
    { market: 'BTC-USD-SWAP-LIN', mid: '67000', priceDecimals: 0, size: '0.001' },
    { market: 'ETH-USD-SWAP-LIN', mid: '3600', priceDecimals: 1, size: '0.01' },
    { market: 'OX-USDT', mid: '0.0045', priceDecimals: 6, size: '2000' },
  ],
};

export { createOxfunAdapter, type OxfunAdapter, type OxfunAdapterOptions } from './adapter.ts';
export { createOxfunSimulator, OXFUN_DEMO_CREDENTIALS, type OxfunSimulator } from './sim/index.ts';
