/**
 * The Rails `VenueAdapter`: one authenticated `market=ALL` WebSocket (order
 * stream + single-order cancels, 202 then 200) and REST for the listing
 * (User Account host), the per-market bulk cancel and Get Order By ID (Order
 * host). The engine paces cancels with the capabilities declared here — the
 * account type's fixed one-minute window less the lookups' share; the
 * lookups, which count in the same account window, are paced here.
 */
import { randomUUID } from 'node:crypto';
import { BucketSet } from '../../core/token-bucket.ts';
import {
  type CancelOutcome,
  type CancelTarget,
  type VenueAdapter,
  VenueCallError,
  type VenueCapabilities,
  type VenueOrder,
} from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { requireUrl } from '../shared/config.ts';
import { withInstrumentFacts } from '../shared/order-facts.ts';
import type { AdapterConfig } from '../types.ts';
import { createTokenClient, parseRailsCredentials } from './auth.ts';
import { CancelTracker } from './cancels.ts';
import {
  accountTypeOfClaim,
  BULK_ALL_MARKETS,
  CANCEL_ACK_TIMEOUT_MS,
  cancelRateLimit,
  DEFAULT_ACCOUNT_TYPE,
  lookupRateLimit,
  RAILS_ACCOUNT_LIMITS,
  RATE_WINDOW_MS,
  type RailsAccountType,
  railsAccountType,
  railsInstrument,
} from './constants.ts';
import { streamStatusError } from './errors.ts';
import {
  parseStreamMessage,
  type RailsBulkCancelResult,
  type RailsStreamMessage,
  toVenueOrder,
} from './parse.ts';
import { cancelOrderMessage } from './requests.ts';
import { createRailsRest } from './rest.ts';
import { createRailsStream } from './stream.ts';

/** The account setting that picks the limits (see `settingFields` in index.ts). */
export const ACCOUNT_TYPE_SETTING = 'accountType';

/** The capabilities for an account type; `rateLimitScale` compresses the window (tests, benches). */
export function railsCapabilities(accountType: RailsAccountType, rateLimitScale = 1): VenueCapabilities {
  return {
    cancelFlow: 'two-step',
    // Rails' batch call is the per-market bulk DELETE, which cannot address chosen orders.
    maxBatch: 1,
    rateLimits: [cancelRateLimit(accountType, rateLimitScale)],
    maxInFlight: 50,
    confirmDeadlineMs: 5000,
    confirmedBy: 'stream 200',
    // DELETE /api/v1/orders?market=M|all: one request for a whole market or the account (Rails' advice for
    // large cancels under an account-type limit); each order's 202/200 still arrives on the stream.
    bulkCancel: { market: true, account: true },
  };
}

/** The conservative (default account type) capabilities. */
export const RAILS_CAPABILITIES: VenueCapabilities = railsCapabilities(DEFAULT_ACCOUNT_TYPE);

export interface RailsAdapter extends VenueAdapter {
  /** Bulk cancel of one market (or `all`) over REST; the per-order 202/200 arrive as `events.order`. */
  cancelMarket(market: string): Promise<RailsBulkCancelResult>;
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
  /** The account type whose limits are in force (unknown settings fall back to the conservative one). */
  readonly accountType: RailsAccountType;
  /**
   * The account type Rails' token claims, once a token was fetched (undefined
   * before, or when the claim is absent or unknown); a mismatch is logged.
   */
  readonly venueAccountType: RailsAccountType | undefined;
}

/** Knobs for tests; production uses the defaults. */
export interface RailsAdapterOptions {
  ackTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  random?: () => number;
  /** ms epoch clock for the token refresh schedule and the lookup pacing. */
  now?: () => number;
  /** Tests shorten the confirmation deadline; the venue's facts stay in `railsCapabilities`. */
  capabilities?: Partial<VenueCapabilities>;
  /**
   * Compresses time for every Rails window (order requests, new connections)
   * to match a simulator run with the same `rateLimitScale`; counts stay as documented.
   */
  rateLimitScale?: number;
  pingIntervalMs?: number;
}

export function createRailsAdapter(config: AdapterConfig, options: RailsAdapterOptions = {}): RailsAdapter {
  const logger = config.logger.child({ venue: 'rails', accountId: config.accountId });
  const credentials = parseRailsCredentials(config.credentials);
  const ackTimeoutMs = options.ackTimeoutMs ?? CANCEL_ACK_TIMEOUT_MS;
  const requestedType = config.settings?.[ACCOUNT_TYPE_SETTING];
  const accountType = railsAccountType(requestedType);
  if (requestedType !== undefined && requestedType !== accountType) {
    logger.warn('rails: unknown account type, using the conservative limits', { accountType });
  }
  let venueAccountType: RailsAccountType | undefined;
  const tokens = createTokenClient({
    authUrl: requireUrl('rails', config.urls, 'auth'),
    credentials,
    logger,
    ...(options.now && { now: options.now }),
    onAccountTypeClaim(claim) {
      const claimed = claim === undefined ? undefined : accountTypeOfClaim(claim);
      if (claimed === venueAccountType) return;
      venueAccountType = claimed;
      // Paced as a market maker while Rails counts a retail account: expect 429s. The other way round is only slow.
      if (claimed !== undefined && claimed !== accountType) {
        logger.warn('rails: the account setting and the venue disagree on the account type', {
          setting: accountType,
          venue: claimed,
        });
      }
    },
  });
  const relay = createEventRelay('rails', logger);
  const reportMalformed = relay.malformed;
  const rateLimitScale = options.rateLimitScale ?? 1;
  const capabilities: VenueCapabilities = {
    ...railsCapabilities(accountType, rateLimitScale),
    ...options.capabilities,
  };

  const now = options.now ?? Date.now;
  /** Get Order By ID counts in the account window: the lookups' own share of it (constants.ts). */
  const lookupPacer = new BucketSet([lookupRateLimit(accountType, rateLimitScale)], now());
  /** Lookups waiting for the pacer; `stop()` ends them. */
  const lookupWaits = new Set<{ timer: NodeJS.Timeout; stop: () => void }>();
  let stopped = false;

  const rest = createRailsRest({
    orderUrl: requireUrl('rails', config.urls, 'rest'),
    accountUrl: requireUrl('rails', config.urls, 'account'),
    tokens,
    logger,
    onMalformed: reportMalformed,
  });
  const tracker = new CancelTracker({
    ackTimeoutMs,
    retainMs: capabilities.confirmDeadlineMs * 4,
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
      relay.events.cancelFailed(message.order.orderId, streamStatusError(message.statusCode, message.body));
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
    else if (parsed.value.kind === 'cancelResponse') onCancelResponse(parsed.value);
    // A pong only proves the link (the heartbeat above, and the keep-alive saw the frame).
  }

  // One `market=ALL` stream covers every market, so `config.markets` is not needed to subscribe.
  const stream = createRailsStream({
    wsUrl: requireUrl('rails', config.urls, 'ws'),
    tokens,
    logger,
    connectionsPerWindow: RAILS_ACCOUNT_LIMITS[accountType].newConnectionsPerMinute,
    connectionWindowMs: RATE_WINDOW_MS / rateLimitScale,
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
    ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
  });

  /**
   * A 429 names no reset time, and a window lasts at most one minute from its
   * first request: pause that long rather than retry into the same window (the
   * docs warn that not backing off after 429s can get the key banned).
   */
  const rateLimitPauseMs = RATE_WINDOW_MS / rateLimitScale;
  function withRateLimitPause(outcome: CancelOutcome): CancelOutcome {
    if (outcome.kind !== 'failed' || outcome.error.category !== 'rate_limited') return outcome;
    if (outcome.error.retryAfterMs !== undefined) return outcome;
    return { kind: 'failed', error: { ...outcome.error, retryAfterMs: rateLimitPauseMs } };
  }

  function cancelOne(target: CancelTarget): Promise<CancelOutcome> {
    const { clientRequestId, outcome } = tracker.open(target.venueOrderId);
    const sent = stream.send(cancelOrderMessage(clientRequestId, target));
    // Rails cancels one order only on the WebSocket (REST has the per-market bulk call alone): with the
    // stream down this is a network failure, which the engine keeps queued and sends on reconnect.
    if (!sent) {
      tracker.fail(clientRequestId, {
        category: 'network',
        code: 'disconnected',
        message: 'stream not connected',
      });
    }
    return outcome.then(withRateLimitPause);
  }

  const stoppedError = new VenueCallError({
    category: 'network',
    code: 'stopped',
    message: 'adapter stopped',
  });

  /** Resolves when the lookup window admits one more (and takes it); rejects once the adapter stops. */
  async function takeLookupSlot(): Promise<void> {
    for (;;) {
      if (stopped) throw stoppedError;
      const wait = lookupPacer.waitMs(now());
      if (wait <= 0 && lookupPacer.tryTake(now())) return;
      await new Promise<void>((resolve, reject) => {
        const entry = {
          timer: setTimeout(
            () => {
              lookupWaits.delete(entry);
              resolve();
            },
            Math.max(1, wait),
          ),
          stop: () => reject(stoppedError),
        };
        lookupWaits.add(entry);
      });
    }
  }

  async function pacedLookup(target: CancelTarget): Promise<VenueOrder | undefined> {
    await takeLookupSlot();
    try {
      const order = await rest.lookupOrder(target);
      return order && toVenueOrder(order);
    } catch (err) {
      if (err instanceof VenueCallError && err.venueError.category === 'rate_limited') {
        // Over the account window after all (UI use, the other window's overlap): no lookup for a whole window.
        lookupPacer.pauseUntil(now() + (err.venueError.retryAfterMs ?? rateLimitPauseMs));
      }
      throw err;
    }
  }

  return {
    venue: 'rails',
    accountId: config.accountId,
    capabilities,
    accountType,
    get venueAccountType() {
      return venueAccountType;
    },
    instrument: withInstrumentFacts(railsInstrument, config.instruments),
    get malformedCount() {
      return relay.malformedCount;
    },

    async start(handlers) {
      stopped = false;
      relay.attach(handlers);
      await stream.start();
    },

    async stop() {
      stopped = true;
      for (const wait of lookupWaits) {
        clearTimeout(wait.timer);
        wait.stop();
      }
      lookupWaits.clear();
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

    /**
     * Get Order By ID for orders gone from the listing: tells cancelled from
     * filled. One at a time, each paced under the lookups' share of the account
     * window; every target is looked up or the call throws. An order Rails does
     * not know (404: never there, or closed over an hour ago) is not in the result.
     */
    async lookupOrders(targets) {
      const found: VenueOrder[] = [];
      for (const target of targets) {
        const order = await pacedLookup(target);
        if (order) found.push(order);
      }
      return found;
    },

    cancelMarket(market) {
      // The id lets the per-order notifications (`<id>#<i>`) be told from single cancels.
      return rest.cancelMarket(market, randomUUID());
    },

    async cancelAllOrders(scope) {
      await rest.cancelMarket(scope.market ?? BULK_ALL_MARKETS, randomUUID());
    },
  };
}
