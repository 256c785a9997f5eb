/**
 * A synthetic venue for the render and memory benchmarks: an in-process
 * VenueAdapter holding N open orders whose updates (partial fills, fills,
 * replacement orders) are pushed through the real BlotterService — order
 * book, coalescer, browser host, WebSocket, renderer — at a chosen rate.
 * Cancels are accepted at once and confirmed on the "stream" after a delay,
 * like a two-step venue. Seeded, so every run replays the same sequence.
 */

import type { Random } from '../../main/core/random.ts';
import type {
  AdapterEvents,
  CancelOutcome,
  CancelTarget,
  VenueAdapter,
  VenueCapabilities,
  VenueOrder,
} from '../../main/core/venue.ts';
import type { VenueId } from '../../preload/contract.ts';

const MARKETS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD', 'DOGE-USD', 'ADA-USD', 'AVAX-USD', 'LINK-USD'];
/** Mid price in integer ticks and the number of decimals a tick has (prices stay exact strings). */
const MIDS: Record<string, { ticks: number; decimals: number }> = {
  'BTC-USD': { ticks: 670_000, decimals: 1 },
  'ETH-USD': { ticks: 360_000, decimals: 2 },
  'SOL-USD': { ticks: 16_500, decimals: 2 },
  'XRP-USD': { ticks: 52_000, decimals: 5 },
  'DOGE-USD': { ticks: 15_000, decimals: 5 },
  'ADA-USD': { ticks: 45_000, decimals: 5 },
  'AVAX-USD': { ticks: 3_500, decimals: 2 },
  'LINK-USD': { ticks: 17_000, decimals: 3 },
};

function ticksToDecimal(ticks: number, decimals: number): string {
  const digits = String(ticks).padStart(decimals + 1, '0');
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export const SYNTHETIC_CAPABILITIES: VenueCapabilities = {
  cancelFlow: 'two-step',
  maxBatch: 50,
  rateLimits: [{ name: 'synthetic 1000/s', capacity: 1000, refillPerSecond: 1000 }],
  maxInFlight: 16,
  confirmDeadlineMs: 5000,
  confirmedBy: 'synthetic stream',
};

/** Integer sizes keep the decimal strings trivially exact. */
function newOrder(random: Random, id: string, now: number): VenueOrder {
  const market = random.pick(MARKETS);
  const side = random.chance(0.5) ? 'buy' : 'sell';
  const mid = MIDS[market] ?? { ticks: 10_000, decimals: 2 };
  // Within ~2 % of the mid: buys below, sells above.
  const offset = Math.max(1, Math.round((mid.ticks * random.int(1, 200)) / 10_000));
  const price = ticksToDecimal(mid.ticks + (side === 'buy' ? -offset : offset), mid.decimals);
  const quantity = String(random.int(5, 50));
  return {
    venueOrderId: id,
    market,
    side,
    type: 'limit',
    price,
    quantity,
    filled: '0',
    remaining: quantity,
    status: 'open',
    createdAt: now - random.int(0, 3_600_000),
    updatedAt: now,
  };
}

export class SyntheticAdapter implements VenueAdapter {
  readonly venue: VenueId;
  readonly accountId: string;
  readonly capabilities = SYNTHETIC_CAPABILITIES;
  readonly instrument = (_market: string) => ({ quote: 'USD', contractSize: '1' });
  private events: AdapterEvents | undefined;
  private readonly open = new Map<string, VenueOrder>();
  private readonly ids: string[] = [];
  private nextId = 1;
  private readonly random: Random;
  private readonly confirmDelayMs: number;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(options: {
    venue: VenueId;
    accountId: string;
    random: Random;
    orders: number;
    confirmDelayMs?: number;
  }) {
    this.venue = options.venue;
    this.accountId = options.accountId;
    this.random = options.random;
    this.confirmDelayMs = options.confirmDelayMs ?? 40;
    const now = Date.now();
    for (let i = 0; i < options.orders; i++) this.add(newOrder(this.random, this.id(), now));
  }

  get openCount(): number {
    return this.open.size;
  }

  private id(): string {
    return `${this.venue.slice(0, 2).toUpperCase()}${String(this.nextId++).padStart(9, '0')}`;
  }

  private add(order: VenueOrder): void {
    this.open.set(order.venueOrderId, order);
    this.ids.push(order.venueOrderId);
  }

  private randomOpen(): VenueOrder | undefined {
    // Ids of finished orders are dropped lazily (swap-remove), so a pick is O(1).
    while (this.ids.length > 0) {
      const at = this.random.int(0, this.ids.length);
      const id = this.ids[at] as string;
      const order = this.open.get(id);
      if (order) return order;
      this.ids[at] = this.ids[this.ids.length - 1] as string;
      this.ids.pop();
    }
    return undefined;
  }

  async start(events: AdapterEvents): Promise<void> {
    this.events = events;
    events.connection('connected');
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.events = undefined;
  }

  async listOpenOrders(): Promise<VenueOrder[]> {
    return [...this.open.values()];
  }

  async cancelOrders(targets: CancelTarget[]): Promise<CancelOutcome[]> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const now = Date.now();
      for (const target of targets) {
        const order = this.open.get(target.venueOrderId);
        if (!order) continue;
        this.open.delete(target.venueOrderId);
        this.events?.order({ ...order, status: 'cancelled', updatedAt: now });
      }
    }, this.confirmDelayMs);
    this.timers.add(timer);
    return targets.map(() => ({ kind: 'accepted' }));
  }

  /**
   * One venue event: a partial fill (60 %), a full fill replaced by a new
   * order (20 %, two events) or a new order (20 %, while below the target
   * size). Returns the number of order updates emitted.
   */
  step(targetOpen: number): number {
    const events = this.events;
    if (!events) return 0;
    const now = Date.now();
    events.heartbeat();
    const roll = this.random.next();
    const order = this.randomOpen();
    if (!order || (roll >= 0.8 && this.open.size < targetOpen)) {
      const fresh = { ...newOrder(this.random, this.id(), now), createdAt: now };
      this.add(fresh);
      events.order(fresh);
      return 1;
    }
    const remaining = Number(order.remaining);
    if (roll < 0.6 && remaining > 1) {
      const filled = String(Number(order.filled) + 1);
      const next: VenueOrder = {
        ...order,
        filled,
        remaining: String(remaining - 1),
        status: 'partially_filled',
        updatedAt: now,
      };
      this.open.set(order.venueOrderId, next);
      events.order(next);
      return 1;
    }
    this.open.delete(order.venueOrderId);
    events.order({ ...order, filled: order.quantity, remaining: '0', status: 'filled', updatedAt: now });
    const fresh = { ...newOrder(this.random, this.id(), now), createdAt: now };
    this.add(fresh);
    events.order(fresh);
    return 2;
  }
}

/**
 * Drives `rate` order updates per second over the adapters for `seconds`,
 * in 5 ms slices (so a second's updates are spread, not one burst).
 */
export function driveLoad(
  adapters: readonly SyntheticAdapter[],
  options: { rate: number; seconds: number; random: Random; targetOpen: number },
): Promise<{ sent: number; elapsedMs: number }> {
  const start = performance.now();
  let sent = 0;
  const perAdapterTarget = Math.ceil(options.targetOpen / Math.max(1, adapters.length));
  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = Math.min(options.rate * options.seconds, Math.floor((elapsed / 1000) * options.rate));
      while (sent < due) {
        const adapter = options.random.pick(adapters);
        sent += adapter.step(perAdapterTarget);
      }
      if (elapsed >= options.seconds * 1000) resolve({ sent, elapsedMs: elapsed });
      else setTimeout(tick, 5);
    };
    tick();
  });
}
