/** Bluefin v2 (Sui perpetuals) as the rest of the app sees it: the venue module for the registry. */
import { VENUE_LABELS } from '../../../preload/venues.ts';
import type { VenueModule } from '../types.ts';
import { createBluefinAdapter } from './adapter.ts';
import { BLUEFIN_DEFAULT_URLS } from './constants.ts';
import { createBluefinSimulator } from './sim/index.ts';

export const bluefinVenue: VenueModule = {
  id: 'bluefin',
  label: VENUE_LABELS.bluefin,
  defaultUrls: { ...BLUEFIN_DEFAULT_URLS },
  credentialFields: [
    { name: 'privateKey', label: 'Sui private key (suiprivkey…, hex seed or mnemonic)', secret: true },
  ],
  createAdapter: (config) => createBluefinAdapter(config),
  createSimulator: (options) => createBluefinSimulator(options),
  demoMarkets: [
    { market: 'ETH-PERP', mid: '3450', priceDecimals: 2, size: '0.5' },
    { market: 'BTC-PERP', mid: '67000', priceDecimals: 1, size: '0.01' },
    { market: 'SUI-PERP', mid: '3.6', priceDecimals: 4, size: '100' },
  ],
};

export { type BluefinAdapter, type BluefinAdapterOptions, createBluefinAdapter } from './adapter.ts';
export {
  type BluefinSimStats,
  type BluefinSimulator,
  type BluefinSimulatorOptions,
  createBluefinSimulator,
  DEMO_MNEMONIC,
} from './sim/index.ts';
