/**
 * The BTCTurk `VenueAdapter`: REST for the listing, the order lookup and the
 * single-order cancel (200 = received), the WebSocket for the outcome (452
 * OrderDelete finalizes a cancel of ours; 441 fills; 451/453 keep orders
 * current). The engine paces cancels with the fixed windows declared here;
 * the adapter paces its own lookups. What a stream frame does not say (the
 * documented 451/452/453 carry no side and no remaining size) comes from the
 * listing or a lookup. A 452 with no cancel of ours in flight means only
 * "gone": the lookup says whether it filled or was cancelled. Without a
 * logged-in WebSocket, accepted cancels are confirmed by lookup (and by the
 * engine's reconcile after the confirm deadline).
 */
import { withoutGuards } from '../../core/pacing-bound.ts';
import { BucketSet } from '../../core/token-bucket.ts';
import type {
  CancelOutcome,
  FixedWindowSpec,
  VenueAdapter,
  VenueCapabilities,
  VenueOrder,
} from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { requireUrl } from '../shared/config.ts';
import { withInstrumentFacts } from '../shared/order-facts.ts';
import type { AdapterConfig } from '../types.ts';
import { parseBtcturkCredentials, wsKeyPair } from './auth.ts';
import { createAuthGate } from './auth-gate.ts';
import { createCancelWindows } from './cancel-windows.ts';
import {
  btcturkInstrument,
  CANCEL_MAX_BATCH,
  CANCEL_MAX_IN_FLIGHT,
  CONFIRM_DEADLINE_MS,
  CONFIRM_LOOKUP_DELAY_MS,
  cancelWindows,
  scaledWindows,
  VENUE_CANCEL_LIMITS,
  VENUE_LOOKUP_LIMITS,
} from './constants.ts';
import { OrderStates } from './order-states.ts';
import { type BtcturkOrder, type BtcturkStreamMessage, restOrderToVenueOrder } from './parse.ts';
import { createBtcturkRest, neverReachedVenue } from './rest.ts';
import { createBtcturkStream } from './stream.ts';

export function btcturkCapabilities(
  options: { rateLimitScale?: number; confirmDeadlineMs?: number } = {},
): VenueCapabilities {
  return {
    cancelFlow: 'two-step',
    maxBatch: CANCEL_MAX_BATCH,
    rateLimits: cancelWindows(options.rateLimitScale ?? 1),
    maxInFlight: CANCEL_MAX_IN_FLIGHT,
    confirmDeadlineMs: options.confirmDeadlineMs ?? CONFIRM_DEADLINE_MS,
    confirmedBy: 'WS 452 (lookup when the WebSocket is not logged in)',
  };
}

export const BTCTURK_CAPABILITIES: VenueCapabilities = btcturkCapabilities();

export interface BtcturkAdapter extends VenueAdapter {
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
}

/** Knobs for tests and the demo; production uses the defaults. */
export interface BtcturkAdapterOptions {
  /** Compresses the cancel and lookup windows to match a simulator run with the same `rateLimitScale`. */
  rateLimitScale?: number;
  confirmDeadlineMs?: number;
  /** Delay of the first lookup of an accepted cancel while the WebSocket is not logged in. */
  confirmLookupDelayMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /** Cool-down after the venue refused the credentials (REST) or the WebSocket login. */
  authRetryMs?: number;
  /** WebSocket connection requests allowed per window. */
  connectLimit?: { limit: number; windowMs: number };
  random?: () => number;
  now?: () => number;
}

/** Why the adapter looks an order up; it decides which answers are worth an event. */
type LookupReason = 'incomplete' | 'gone' | 'confirm';

const FINAL_STATUSES = new Set<VenueOrder['status']>(['cancelled', 'filled', 'rejected', 'expired']);

export function createBtcturkAdapter(
  config: AdapterConfig,
  options: BtcturkAdapterOptions = {},
): BtcturkAdapter {
  const logger = config.logger.child({ venue: 'btcturk', accountId: config.accountId });
  const credentials = parseBtcturkCredentials(config.credentials);
  const ws = wsKeyPair(credentials);
  const now = options.now ?? Date.now;
  const gate = createAuthGate(options.authRetryMs);
  const states = new OrderStates();
  const relay = createEventRelay('btcturk', logger);
  const reportMalformed = relay.malformed;
  const lookupPacer = new BucketSet(scaledWindows(VENUE_LOOKUP_LIMITS, options.rateLimitScale ?? 1), now());
  // The venue's own DELETE windows, anchored at first answers (see cancel-windows.ts).
  const deleteWindows = createCancelWindows(
    withoutGuards(scaledWindows(VENUE_CANCEL_LIMITS, options.rateLimitScale ?? 1)) as FixedWindowSpec[],
    now,
  );
  const confirmLookupDelayMs = options.confirmLookupDelayMs ?? CONFIRM_LOOKUP_DELAY_MS;
  /** Orders whose cancel the venue received (200) and that are not final yet. */
  const cancelsInFlight = new Set<string>();
  /** Lookups waiting for a slot, by order id (one each). */
  const lookupQueue = new Map<string, LookupReason>();
  const timers = new Set<NodeJS.Timeout>();
  let draining = false;
  let running = false;

  const rest = createBtcturkRest({
    restUrl: requireUrl('btcturk', config.urls, 'rest'),
    credentials: { publicKey: credentials.publicKey, privateKey: credentials.privateKey },
    logger,
    gate,
    onMalformed: reportMalformed,
    now,
  });

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (running) run();
    }, ms);
    timers.add(timer);
  }

  /** Waits for a slot in BTCTurk's GET order windows (30/s, 900/min). */
  async function lookupSlot(): Promise<void> {
    for (;;) {
      const wait = lookupPacer.waitMs(now());
      if (wait <= 0 && lookupPacer.tryTake(now())) return;
      await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, wait)));
    }
  }

  async function pacedLookup(id: string): Promise<BtcturkOrder | undefined> {
    await lookupSlot();
    return rest.getOrder(id);
  }

  function settled(order: VenueOrder): void {
    if (FINAL_STATUSES.has(order.status)) {
      cancelsInFlight.delete(order.venueOrderId);
      states.forget(order.venueOrderId);
    }
  }

  function emit(order: VenueOrder): void {
    settled(order);
    relay.events.order(order);
  }

  function onLookedUp(
    id: string,
    reason: LookupReason,
    found: BtcturkOrder | undefined,
    attempt: number,
  ): void {
    if (!found) {
      // The venue does not know the id: the engine's listing settles it.
      logger.debug('lookup found no order', { orderId: id, reason });
      return;
    }
    const order = restOrderToVenueOrder(found, now());
    if (FINAL_STATUSES.has(order.status)) {
      emit(order);
      return;
    }
    if (reason === 'confirm') {
      // Still open after our cancel was received: look once more, then the engine's deadline reconciles.
      if (attempt === 1 && cancelsInFlight.has(id))
        later(confirmLookupDelayMs, () => enqueue(id, 'confirm', 2));
      return;
    }
    // An open order stays as the engine shows it while our cancel is in flight.
    if (cancelsInFlight.has(id)) return;
    states.remember(order);
    relay.events.order(order);
  }

  /** Attempt number of each queued 'confirm' lookup. */
  const attempts = new Map<string, number>();

  function enqueue(id: string, reason: LookupReason, attempt = 1): void {
    // One lookup per order answers every reason; 'incomplete' never replaces a more telling one.
    if (lookupQueue.has(id) && reason === 'incomplete') {
      void drain();
      return;
    }
    lookupQueue.set(id, reason);
    attempts.set(id, attempt);
    void drain();
  }

  /** Settling an order ('gone', 'confirm') goes before completing one ('incomplete'), in arrival order. */
  function nextLookup(): [string, LookupReason] {
    let first: [string, LookupReason] | undefined;
    for (const entry of lookupQueue) {
      if (entry[1] !== 'incomplete') return entry;
      first ??= entry;
    }
    return first as [string, LookupReason];
  }

  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      while (running && lookupQueue.size > 0) {
        const [id, reason] = nextLookup();
        lookupQueue.delete(id);
        const attempt = attempts.get(id) ?? 1;
        attempts.delete(id);
        try {
          onLookedUp(id, reason, await pacedLookup(id), attempt);
        } catch (err) {
          // A failed lookup leaves the order to the engine's reconcile; the error carries no secret.
          logger.warn('order lookup failed', {
            orderId: id,
            reason,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
    } finally {
      draining = false;
    }
  }

  function onMessage(message: BtcturkStreamMessage): void {
    const at = now();
    switch (message.kind) {
      case 'orderInsert':
      case 'orderUpdate': {
        const order = states.resting(message.order, at, message.kind === 'orderInsert');
        if (order) relay.events.order(order);
        else enqueue(message.order.id, 'incomplete');
        return;
      }
      case 'orderDelete': {
        const id = message.order.id;
        if (!cancelsInFlight.has(id)) {
          // No cancel of ours: the order is gone, by a fill or a cancel elsewhere; only the lookup can say which.
          enqueue(id, 'gone');
          return;
        }
        const order = states.deleted(message.order, at);
        if (order) emit(order);
        else enqueue(id, 'gone');
        return;
      }
      case 'orderMatch': {
        const order = states.matched(message.orderId, message.amount, at);
        if (order) emit(order);
        // An order the adapter does not know yet: the lookup brings it.
        else enqueue(message.orderId, 'incomplete');
        return;
      }
      // 423 repeats the fill 441 already reported; greeting and login are the stream's business.
      case 'userTrade':
      case 'welcome':
      case 'login':
      case 'other':
        return;
    }
  }

  const stream = createBtcturkStream({
    wsUrl: requireUrl('btcturk', config.urls, 'ws'),
    keys: ws.keys,
    separateKeys: ws.separate,
    logger,
    onMessage,
    onMalformed: reportMalformed,
    onHeartbeat: () => relay.events.heartbeat(),
    onState: (state, detail) => relay.events.connection(state, detail),
    now,
    ...(options.reconnectBaseMs !== undefined && { reconnectBaseMs: options.reconnectBaseMs }),
    ...(options.reconnectCapMs !== undefined && { reconnectCapMs: options.reconnectCapMs }),
    ...(options.authRetryMs !== undefined && { authRetryMs: options.authRetryMs }),
    ...(options.connectLimit && { connectLimit: options.connectLimit }),
    ...(options.random && { random: options.random }),
  });

  return {
    venue: 'btcturk',
    accountId: config.accountId,
    capabilities: btcturkCapabilities(options),
    instrument: withInstrumentFacts(btcturkInstrument, config.instruments),
    get malformedCount() {
      return relay.malformedCount;
    },

    async start(handlers) {
      relay.attach(handlers);
      running = true;
      await stream.start();
    },

    async stop() {
      running = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      lookupQueue.clear();
      await stream.stop();
      relay.detach();
    },

    async listOpenOrders() {
      const epoch = states.beginListing();
      const at = now();
      const orders = (await rest.listOpenOrders()).map((order) => restOrderToVenueOrder(order, at));
      states.applyListing(orders, epoch);
      return orders;
    },

    // maxBatch is 1 (no batch call), but any number of targets is honoured: one DELETE each, answers in order.
    async cancelOrders(targets) {
      const outcomes = await Promise.all(
        targets.map(async (target) => {
          const ticket = await deleteWindows.acquire();
          let outcome: CancelOutcome | undefined;
          try {
            outcome = await rest.cancelOrder(target.venueOrderId);
            return outcome;
          } finally {
            // A DELETE the gateway refused at TCP level was never counted by BTCTurk: give its slot back.
            if (outcome && neverReachedVenue(outcome)) deleteWindows.released(ticket);
            else deleteWindows.answered(ticket, now());
          }
        }),
      );
      outcomes.forEach((outcome, index) => {
        const id = targets[index]?.venueOrderId;
        if (id === undefined || outcome.kind !== 'accepted') return;
        cancelsInFlight.add(id);
        // No 452 can come without a logged-in WebSocket: the lookup confirms instead.
        if (!stream.isLoggedIn()) later(confirmLookupDelayMs, () => enqueue(id, 'confirm'));
      });
      return outcomes;
    },

    /** `GET /api/v1/order/{id}` for orders gone from the listing: tells cancelled from filled. */
    async lookupOrders(targets) {
      // Every target or a throw: an order not looked up must not pass for one the venue no longer has.
      const found: VenueOrder[] = [];
      for (const target of targets) {
        const order = await pacedLookup(target.venueOrderId);
        if (order) {
          const venueOrder = restOrderToVenueOrder(order, now());
          settled(venueOrder);
          found.push(venueOrder);
        }
      }
      return found;
    },
  };
}
