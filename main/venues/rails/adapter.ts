/**
 * The Rails `VenueAdapter`: one authenticated WebSocket (order stream +
 * single-order cancels, 202 then 200) and REST for the listing and the
 * per-market bulk cancel. The engine paces cancels with the capabilities
 * declared here; this file only speaks the protocol.
 */
import { randomUUID } from 'node:crypto';
import type { CancelOutcome, CancelTarget, VenueAdapter, VenueCapabilities } from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { requireUrl } from '../shared/config.ts';
import type { AdapterConfig } from '../types.ts';
import { createTokenClient, parseRailsCredentials } from './auth.ts';
import { CancelTracker } from './cancels.ts';
import {
  CANCEL_ACK_TIMEOUT_MS,
  CANCEL_BY_ORDER_ID,
  CANCEL_MESSAGE,
  CANCEL_RATE_LIMIT,
  railsInstrument,
} from './constants.ts';
import {
  parseStreamMessage,
  type RailsBulkCancelResult,
  type RailsStreamMessage,
  toVenueOrder,
} from './parse.ts';
import { createRailsRest } from './rest.ts';
import { createRailsStream } from './stream.ts';

export const RAILS_CAPABILITIES: VenueCapabilities = {
  cancelFlow: 'two-step',
  // Rails' batch call is the per-market bulk DELETE, which cannot address chosen orders.
  maxBatch: 1,
  rateLimits: [CANCEL_RATE_LIMIT],
  maxInFlight: 50,
  confirmDeadlineMs: 5000,
  confirmedBy: 'stream 200',
};

export interface RailsAdapter extends VenueAdapter {
  /** Bulk cancel of one market (or `all`) over REST; the per-order 202/200 arrive as `events.order`. */
  cancelMarket(market: string): Promise<RailsBulkCancelResult>;
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
}

/** Knobs for tests; production uses the defaults. */
export interface RailsAdapterOptions {
  ackTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  random?: () => number;
  /** ms epoch clock for the token refresh schedule. */
  now?: () => number;
  /** Tests shorten the confirmation deadline; the venue's facts stay in RAILS_CAPABILITIES. */
  capabilities?: Partial<VenueCapabilities>;
}

export function createRailsAdapter(config: AdapterConfig, options: RailsAdapterOptions = {}): RailsAdapter {
  const logger = config.logger.child({ venue: 'rails', accountId: config.accountId });
  const credentials = parseRailsCredentials(config.credentials);
  const ackTimeoutMs = options.ackTimeoutMs ?? CANCEL_ACK_TIMEOUT_MS;
  const tokens = createTokenClient({
    authUrl: requireUrl('rails', config.urls, 'auth'),
    credentials,
    logger,
    ...(options.now && { now: options.now }),
  });
  const relay = createEventRelay('rails', logger);
  const reportMalformed = relay.malformed;

  const rest = createRailsRest({
    restUrl: requireUrl('rails', config.urls, 'rest'),
    tokens,
    logger,
    onMalformed: reportMalformed,
  });
  const tracker = new CancelTracker({
    ackTimeoutMs,
    retainMs: RAILS_CAPABILITIES.confirmDeadlineMs * 4,
    newRequestId: randomUUID,
  });

  function onCancelResponse(message: Extract<RailsStreamMessage, { kind: 'cancelResponse' }>): void {
    const disposition = tracker.handle(message.statusCode, message.body, message.clientRequestId);
    const stale = disposition.kind === 'matched' && disposition.stale;
    if (message.order && !stale) relay.events.order(toVenueOrder(message.order));
    if (disposition.kind === 'failedAfterAccept') {
      relay.events.cancelFailed(disposition.orderId, disposition.error);
    } else if (disposition.kind === 'unmatched' && message.statusCode >= 400 && message.order) {
      // A bulk-cancel push (`<id>#<i>`) that failed for one order.
      const outcome = {
        category: 'rejected' as const,
        code: String(message.statusCode),
        message: message.body.slice(0, 200),
      };
      relay.events.cancelFailed(message.order.orderId, outcome);
    }
  }

  function onMessage(text: string): void {
    relay.events.heartbeat();
    const parsed = parseStreamMessage(text);
    if (!parsed.ok) {
      reportMalformed(parsed.error);
      return;
    }
    if (parsed.value.kind === 'orderUpdate') relay.events.order(toVenueOrder(parsed.value.order));
    else onCancelResponse(parsed.value);
  }

  // One `market=ALL` stream covers every market (assumed), so `config.markets` is not needed to subscribe.
  const stream = createRailsStream({
    wsUrl: requireUrl('rails', config.urls, 'ws'),
    tokens,
    logger,
    onMessage,
    onState(state, detail) {
      if (state !== 'connected') {
        // An unanswered cancel on a dead socket may or may not have reached Rails: report it as a
        // network failure (retryable; a retry on an order already cancelled comes back 404 → reconcile).
        tracker.failPending({ category: 'network', code: 'disconnected', message: detail ?? state });
      }
      relay.events.connection(state, detail);
    },
    ...(options.reconnectBaseMs !== undefined && { reconnectBaseMs: options.reconnectBaseMs }),
    ...(options.reconnectCapMs !== undefined && { reconnectCapMs: options.reconnectCapMs }),
    ...(options.random && { random: options.random }),
  });

  function cancelOne(target: CancelTarget): Promise<CancelOutcome> {
    const { clientRequestId, outcome } = tracker.open(target.venueOrderId);
    const sent = stream.send({
      message: CANCEL_MESSAGE,
      content: { clientRequestId, orderId: target.venueOrderId, cancelBy: CANCEL_BY_ORDER_ID },
    });
    if (!sent) {
      tracker.fail(clientRequestId, {
        category: 'network',
        code: 'disconnected',
        message: 'stream not connected',
      });
    }
    return outcome;
  }

  return {
    venue: 'rails',
    accountId: config.accountId,
    capabilities: { ...RAILS_CAPABILITIES, ...options.capabilities },
    instrument: railsInstrument,
    get malformedCount() {
      return relay.malformedCount;
    },

    async start(handlers) {
      relay.attach(handlers);
      await stream.start();
    },

    async stop() {
      await stream.stop();
      tracker.clear({ category: 'network', code: 'stopped', message: 'adapter stopped' });
      relay.detach();
    },

    async listOpenOrders() {
      const orders = await rest.listOpenOrders();
      return orders.map(toVenueOrder);
    },

    // maxBatch is 1, but any number of targets is honoured: one WS message each, answers in order.
    cancelOrders(targets) {
      return Promise.all(targets.map(cancelOne));
    },

    cancelMarket(market) {
      return rest.cancelMarket(market);
    },
  };
}
