/** BTCTurk as the rest of the app sees it: the venue module for the registry. */
import { VENUE_LABELS } from '../../../preload/venues.ts';
import type { VenueModule } from '../types.ts';
import { createBtcturkAdapter } from './adapter.ts';
import { BTCTURK_DEFAULT_URLS } from './constants.ts';
import { createBtcturkSimulator } from './sim/index.ts';

export const btcturkVenue: VenueModule = {
  id: 'btcturk',
  label: VENUE_LABELS.btcturk,
  defaultUrls: { ...BTCTURK_DEFAULT_URLS },
  credentialFields: [
    { name: 'publicKey', label: 'API public key', secret: false },
    { name: 'privateKey', label: 'API private key (Base64)', secret: true },
    {
      name: 'wsPublicKey',
      label: 'WebSocket public key',
      secret: false,
      optional: true,
      help: 'BTCTurk creates WebSocket keys separately (API Access → WebSocket); when empty the API key above is used.',
    },
    {
      name: 'wsPrivateKey',
      label: 'WebSocket private key (Base64)',
      secret: true,
      optional: true,
      help: 'Goes with the WebSocket public key; leave both empty to log in with the API key pair.',
    },
  ],
  createAdapter: (config) => createBtcturkAdapter(config),
  createSimulator: (options) => createBtcturkSimulator(options),
  demoMarkets: [
    { market: 'BTCTRY', mid: '3985000', priceDecimals: 0, size: '0.002' },
    { market: 'ETHTRY', mid: '152400', priceDecimals: 0, size: '0.05' },
    { market: 'USDTTRY', mid: '41.27', priceDecimals: 2, size: '250' },
  ],
};

export {
  BTCTURK_CAPABILITIES,
  type BtcturkAdapter,
  type BtcturkAdapterOptions,
  btcturkCapabilities,
  createBtcturkAdapter,
} from './adapter.ts';
export {
  BTCTURK_DEMO_CREDENTIALS,
  BTCTURK_DEMO_WS_CREDENTIALS,
  type BtcturkSimStats,
  type BtcturkSimulator,
  type BtcturkSimulatorOptions,
  createBtcturkSimulator,
} from './sim/index.ts';
