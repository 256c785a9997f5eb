/**
 * The BTCTurk `VenueAdapter`: REST for the listing, the order lookup and the
 * single-order cancel (200 = received), the WebSocket for the outcome (452
 * OrderDelete finalizes a cancel; 441 fills; 451/453 keep orders current).
 * The engine paces cancels with the capabilities declared here; this file
 * only speaks the protocol.
 */
import type { VenueAdapter, VenueCapabilities, VenueOrder } from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { requireUrl } from '../shared/config.ts';
import type { AdapterConfig } from '../types.ts';
import { parseBtcturkCredentials } from './auth.ts';
import { createAuthGate } from './auth-gate.ts';
import {
  btcturkInstrument,
  CANCEL_MAX_BATCH,
  CANCEL_MAX_IN_FLIGHT,
  CONFIRM_DEADLINE_MS,
  cancelBuckets,
} from './constants.ts';
import { OrderStates } from './order-states.ts';
import { type BtcturkStreamMessage, restOrderToVenueOrder } from './parse.ts';
import { createBtcturkRest } from './rest.ts';
import { createBtcturkStream } from './stream.ts';

export function btcturkCapabilities(
  options: { rateLimitScale?: number; confirmDeadlineMs?: number } = {},
): VenueCapabilities {
  return {
    cancelFlow: 'two-step',
    maxBatch: CANCEL_MAX_BATCH,
    rateLimits: cancelBuckets(options.rateLimitScale ?? 1),
    maxInFlight: CANCEL_MAX_IN_FLIGHT,
    confirmDeadlineMs: options.confirmDeadlineMs ?? CONFIRM_DEADLINE_MS,
    confirmedBy: 'WS 452',
  };
}

export const BTCTURK_CAPABILITIES: VenueCapabilities = btcturkCapabilities();

export interface BtcturkAdapter extends VenueAdapter {
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
}

/** Knobs for tests and the demo; production uses the defaults. */
export interface BtcturkAdapterOptions {
  /** Speeds the cancel buckets up to match a simulator run with the same `rateLimitScale`. */
  rateLimitScale?: number;
  confirmDeadlineMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /** Cool-down after the venue refused the credentials. */
  authRetryMs?: number;
  random?: () => number;
  now?: () => number;
}

export function createBtcturkAdapter(
  config: AdapterConfig,
  options: BtcturkAdapterOptions = {},
): BtcturkAdapter {
  const logger = config.logger.child({ venue: 'btcturk', accountId: config.accountId });
  const credentials = parseBtcturkCredentials(config.credentials);
  const now = options.now ?? Date.now;
  const gate = createAuthGate(options.authRetryMs);
  const states = new OrderStates();
  const relay = createEventRelay('btcturk', logger);
  const reportMalformed = relay.malformed;

  const rest = createBtcturkRest({
    restUrl: requireUrl('btcturk', config.urls, 'rest'),
    credentials,
    logger,
    gate,
    onMalformed: reportMalformed,
    now,
  });

  function onMessage(message: BtcturkStreamMessage): void {
    const at = now();
    switch (message.kind) {
      case 'orderInsert':
      case 'orderUpdate':
        relay.events.order(states.resting(message.order, at));
        return;
      case 'orderDelete':
        relay.events.order(states.deleted(message.order, at));
        return;
      case 'orderMatch': {
        const order = states.matched(message.orderId, message.amount, at);
        if (order) relay.events.order(order);
        // An order the adapter has not seen yet: the next listing (or its 453) brings it.
        else logger.debug('fill for an order not yet listed', { orderId: message.orderId });
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
    credentials,
    logger,
    gate,
    onMessage,
    onMalformed: reportMalformed,
    onHeartbeat: () => relay.events.heartbeat(),
    onState: (state, detail) => relay.events.connection(state, detail),
    now,
    ...(options.reconnectBaseMs !== undefined && { reconnectBaseMs: options.reconnectBaseMs }),
    ...(options.reconnectCapMs !== undefined && { reconnectCapMs: options.reconnectCapMs }),
    ...(options.authRetryMs !== undefined && { authRetryMs: options.authRetryMs }),
    ...(options.random && { random: options.random }),
  });

  return {
    venue: 'btcturk',
    accountId: config.accountId,
    capabilities: btcturkCapabilities(options),
    instrument: btcturkInstrument,
    get malformedCount() {
      return relay.malformedCount;
    },

    async start(handlers) {
      relay.attach(handlers);
      await stream.start();
    },

    async stop() {
      await stream.stop();
      relay.detach();
    },

    async listOpenOrders() {
      const epoch = states.beginListing();
      const orders = (await rest.listOpenOrders()).map(restOrderToVenueOrder);
      states.applyListing(orders, epoch);
      return orders;
    },

    // maxBatch is 1 (no batch call), but any number of targets is honoured: one DELETE each, answers in order.
    cancelOrders(targets) {
      return Promise.all(targets.map((target) => rest.cancelOrder(target.venueOrderId)));
    },

    /** `GET /api/v1/order/{id}` for orders gone from the listing: tells cancelled from filled. */
    async lookupOrders(targets) {
      // Every target or a throw: an order not looked up must not pass for one the venue no longer has.
      const found: VenueOrder[] = [];
      for (const target of targets) {
        const order = await rest.getOrder(target.venueOrderId);
        if (order) found.push(restOrderToVenueOrder(order));
      }
      return found;
    },
  };
}
