/**
 * Stands in for an account that cannot connect before any wire call (its
 * keys are not in the keychain, the keychain is locked, the venue is not in
 * this build): the account still shows in the header, `down`, with the
 * reason, instead of silently missing from the blotter.
 */
import type { VenueId } from '../../preload/contract.ts';
import {
  type AdapterEvents,
  type CancelOutcome,
  type CancelTarget,
  type VenueAdapter,
  VenueCallError,
  type VenueCapabilities,
  type VenueError,
} from '../core/venue.ts';

const CAPABILITIES: VenueCapabilities = {
  cancelFlow: 'synchronous',
  maxBatch: 1,
  rateLimits: [{ name: 'not connected', capacity: 1, refillPerSecond: 1 }],
  maxInFlight: 1,
  confirmDeadlineMs: 5000,
  confirmedBy: 'not connected',
};

export function unavailableAdapter(venue: VenueId, accountId: string, reason: string): VenueAdapter {
  const error: VenueError = { category: 'auth', code: 'not_connected', message: reason };
  return {
    venue,
    accountId,
    capabilities: CAPABILITIES,
    // It never lists or streams an order, so no amount is ever valued.
    instrument: () => ({ quote: '', contractSize: '1' }),
    async start(events: AdapterEvents) {
      events.connection('down', reason);
    },
    async stop() {},
    async listOpenOrders() {
      throw new VenueCallError(error);
    },
    async cancelOrders(targets: CancelTarget[]): Promise<CancelOutcome[]> {
      return targets.map(() => ({ kind: 'failed', error }));
    },
  };
}
