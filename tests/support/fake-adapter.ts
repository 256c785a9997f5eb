/**
 * A scriptable in-memory VenueAdapter for the engine's unit tests. Venue
 * protocols are tested against their simulators over real sockets; this
 * only stands in for "a venue" where the engine's own rules are the subject.
 */
import type {
  AdapterEvents,
  CancelOutcome,
  CancelTarget,
  VenueAdapter,
  VenueCapabilities,
  VenueOrder,
} from '../../main/core/venue.ts';

export function venueOrder(id: string, overrides: Partial<VenueOrder> = {}): VenueOrder {
  return {
    venueOrderId: id,
    market: 'ETH-USD',
    side: 'buy',
    type: 'limit',
    price: '3600.5',
    quantity: '2',
    filled: '0',
    remaining: '2',
    status: 'open',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

export const FAKE_CAPABILITIES: VenueCapabilities = {
  cancelFlow: 'two-step',
  maxBatch: 1,
  rateLimits: [{ name: 'cancel 10/s', capacity: 10, refillPerSecond: 10 }],
  maxInFlight: 100,
  confirmDeadlineMs: 1000,
  confirmedBy: 'test stream',
};

export class FakeAdapter implements VenueAdapter {
  readonly venue = 'rails' as const;
  readonly accountId: string;
  readonly capabilities: VenueCapabilities;
  events: AdapterEvents | undefined;
  open = new Map<string, VenueOrder>();
  calls: CancelTarget[][] = [];
  listings = 0;
  /** Decides the outcome of each cancel; default: accepted. */
  respond: (target: CancelTarget, call: number) => CancelOutcome | Promise<CancelOutcome> = () => ({
    kind: 'accepted',
  });
  listingFails = false;
  /** Markets are `<BASE>-<QUOTE>`; sizes in base units. */
  instrument = (market: string) => ({ quote: market.split('-')[1] ?? market, contractSize: '1' });
  lookupOrders?: (targets: CancelTarget[]) => Promise<VenueOrder[]>;
  cancelAllOrders?: (scope: { market?: string }) => Promise<void>;

  constructor(accountId = 'acct', capabilities: Partial<VenueCapabilities> = {}) {
    this.accountId = accountId;
    this.capabilities = { ...FAKE_CAPABILITIES, ...capabilities };
  }

  async start(events: AdapterEvents): Promise<void> {
    this.events = events;
    events.connection('connected');
  }
  async stop(): Promise<void> {}
  async listOpenOrders(): Promise<VenueOrder[]> {
    this.listings += 1;
    if (this.listingFails) throw new Error('listing unavailable');
    return [...this.open.values()];
  }
  async cancelOrders(targets: CancelTarget[]): Promise<CancelOutcome[]> {
    this.calls.push(targets);
    const call = this.calls.length;
    return Promise.all(targets.map((target) => this.respond(target, call)));
  }
  /** The venue pushes a final state on its stream. */
  push(order: VenueOrder): void {
    if (order.status === 'open' || order.status === 'partially_filled')
      this.open.set(order.venueOrderId, order);
    else this.open.delete(order.venueOrderId);
    this.events?.order(order);
  }
}
