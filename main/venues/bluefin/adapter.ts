/**
 * The Bluefin `VenueAdapter`: REST for login, the open-orders listing, lookups
 * and the signed cancel by order hash; the user-notifications stream for
 * order updates and cancel confirmations (a confirmation the stream missed
 * while it was away is looked up when it is back). The engine paces cancels
 * with the capabilities declared here; this file only speaks the protocol.
 */
import type { Logger } from '../../core/log.ts';
import {
  type CancelOutcome,
  type CancelTarget,
  type TokenBucketSpec,
  toVenueError,
  type VenueAdapter,
  VenueCallError,
  type VenueCapabilities,
  type VenueError,
  type VenueOrder,
} from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { chunk } from '../shared/chunk.ts';
import { requireUrl as requireConfiguredUrl } from '../shared/config.ts';
import { createTextHttp } from '../shared/http.ts';
import { withInstrumentFacts } from '../shared/order-facts.ts';
import type { AdapterConfig } from '../types.ts';
import { type BluefinSigner, parseBluefinCredentials } from './auth.ts';
import {
  bluefinInstrument,
  CANCEL_RATE_LIMIT,
  type CancelVariant,
  CONFIRM_DEADLINE_MS,
  DEFAULT_CANCEL_VARIANT,
  DEFAULT_MAX_HASHES_PER_CANCEL,
  HTTP_TIMEOUT_MS,
  MAX_IN_FLIGHT,
  type PageNumberBase,
  REQUEST_RATE_LIMIT,
  WIRE_FORMS_KEPT,
} from './constants.ts';
import { createBluefinDms } from './dms.ts';
import { failedReasonCategory } from './errors.ts';
import { createRequestPacer } from './pacer.ts';
import {
  type BluefinCancelResponse,
  type BluefinOrder,
  normaliseOrderHash,
  type OrderHash,
  parseStreamFrame,
  toVenueOrder,
} from './parse.ts';
import { createBluefinRest } from './rest.ts';
import { createSession } from './session.ts';
import { createBluefinStream } from './stream.ts';

export interface BluefinAdapterOptions {
  /** Which cancel endpoint and signature: `v2` (hash of hashes, default) or `v1` (the hash list). */
  cancelVariant?: CancelVariant;
  /** Hashes per cancel request, which is also `maxBatch` (default 15). */
  maxHashesPerCancel?: number;
  /** The engine's bucket for cancel calls (default: the cancel share of 5,000/60 s). */
  rateLimits?: TokenBucketSpec[];
  /** The adapter's own bucket every REST request takes from (default: 5,000/60 s). */
  requestRateLimit?: TokenBucketSpec;
  maxInFlight?: number;
  confirmDeadlineMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  pingIntervalMs?: number;
  random?: () => number;
}

export interface BluefinAdapter extends VenueAdapter {
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
  /** `POST /authorize` calls made so far. */
  readonly logins: number;
  /** The account's Sui address (undefined when the credentials did not parse). */
  readonly address: string | undefined;
  /** The page number the venue's listing counts from, once a listing has shown it. */
  readonly firstPageNumber: PageNumberBase | undefined;
  /** Always present here: the venue looks orders up by hash. */
  lookupOrders(targets: CancelTarget[]): Promise<VenueOrder[]>;
}

function requireUrl(urls: Record<string, string>, role: string): string {
  return requireConfiguredUrl('bluefin', urls, role).replace(/\/+$/, '');
}

function signerOrError(credentials: Record<string, string>): BluefinSigner | VenueCallError {
  try {
    return parseBluefinCredentials(credentials);
  } catch (err) {
    // Reported on the account's connection at start, and by every call: the app keeps running.
    return err instanceof VenueCallError ? err : new VenueCallError(toVenueError(err));
  }
}

/**
 * Per-hash answers of one cancel request, in the engine's terms, by order key (the reply may
 * write a hash in another form than the request did).
 */
export function outcomesFor(
  keys: readonly string[],
  reply: BluefinCancelResponse,
): Map<string, CancelOutcome> {
  const outcomes = new Map<string, CancelOutcome>();
  const keyOf = (hash: string) => normaliseOrderHash(hash) ?? hash;
  for (const item of reply.data.failedCancelling) {
    const message = item.reason || 'cancellation failed';
    outcomes.set(keyOf(item.hash), {
      kind: 'failed',
      error: { category: failedReasonCategory(message), code: 'failedCancelling', message },
    });
  }
  // Accepted wins over failed if a hash appears in both: the venue is cancelling it.
  for (const item of reply.data.acceptedForCancelling) outcomes.set(keyOf(item.hash), { kind: 'accepted' });
  for (const hash of keys) {
    if (!outcomes.has(hash)) {
      outcomes.set(hash, {
        kind: 'failed',
        error: {
          category: 'not_found',
          code: 'missing_from_reply',
          message: 'the venue did not answer for this order',
        },
      });
    }
  }
  return outcomes;
}

export function createBluefinAdapter(
  config: AdapterConfig,
  options: BluefinAdapterOptions = {},
): BluefinAdapter {
  const logger: Logger = config.logger.child({ venue: 'bluefin', accountId: config.accountId });
  const variant = options.cancelVariant ?? DEFAULT_CANCEL_VARIANT;
  const maxHashes = Math.max(1, Math.floor(options.maxHashesPerCancel ?? DEFAULT_MAX_HASHES_PER_CANCEL));
  const capabilities: VenueCapabilities = {
    cancelFlow: 'two-step',
    maxBatch: maxHashes,
    // A cancel request names one market; the engine groups batches so one call is one request.
    batchPerMarket: true,
    rateLimits: options.rateLimits ?? [CANCEL_RATE_LIMIT],
    maxInFlight: options.maxInFlight ?? MAX_IN_FLIGHT,
    confirmDeadlineMs: options.confirmDeadlineMs ?? CONFIRM_DEADLINE_MS,
    confirmedBy: 'stream OrderCancelled',
  };
  const restUrl = requireUrl(config.urls, 'rest');
  const signer = signerOrError(config.credentials);
  const http = createTextHttp(HTTP_TIMEOUT_MS);
  const pacer = createRequestPacer(options.requestRateLimit ?? REQUEST_RATE_LIMIT);
  const relay = createEventRelay('bluefin', logger);
  const reportMalformed = relay.malformed;

  const session = createSession({
    restUrl,
    onboardingUrl: requireUrl(config.urls, 'onboarding'),
    signer,
    http,
    pacer,
    logger,
    onMalformed: reportMalformed,
    ...(options.authRetryMs !== undefined && { refusalCooldownMs: options.authRetryMs }),
  });
  const rest = createBluefinRest({ restUrl, session, signer, http, pacer, onMalformed: reportMalformed });
  const deadManSwitch = createBluefinDms({ restUrl, session, http, pacer, onMalformed: reportMalformed });

  /**
   * The form of each order's hash as the venue's last order record wrote it (listing, lookup,
   * OrderUpdate): cancels and lookups send back what the venue showed, as the official clients do
   * (they pass the listed `hash` through untouched), and the signature covers exactly those
   * strings. A message naming only a hash does not overwrite it: an order record is the venue's own.
   */
  const wireForms = new Map<string, string>();

  /**
   * Hashes the venue accepted for cancelling (CANCELLING) whose outcome no order record has shown yet,
   * by key → wire form. Their confirmation comes only on the stream: one that came while the stream
   * was away (a gateway outage, a silent link) is lost, so each reconnect asks the venue for them.
   */
  const awaitingConfirmation = new Map<string, string>();

  function awaitConfirmation(key: string, wire: string): void {
    awaitingConfirmation.delete(key);
    awaitingConfirmation.set(key, wire);
    if (awaitingConfirmation.size > WIRE_FORMS_KEPT) {
      const oldest = awaitingConfirmation.keys().next();
      if (!oldest.done) awaitingConfirmation.delete(oldest.value);
    }
  }

  function seen(order: BluefinOrder): BluefinOrder {
    const { key, wire } = order.hash;
    if (order.orderStatus !== 'CANCELLING') awaitingConfirmation.delete(key);
    wireForms.delete(key);
    wireForms.set(key, wire);
    // Oldest first: an account that churns orders for weeks must not grow this without end.
    if (wireForms.size > WIRE_FORMS_KEPT) {
      const oldest = wireForms.keys().next();
      if (!oldest.done) wireForms.delete(oldest.value);
    }
    return order;
  }

  /** What to send for an order: its record's form, else the form the caller or message used, else the key. */
  const wireOf = (key: string, fallback: string = key): string => wireForms.get(key) ?? fallback;

  /** An event named only the hash: ask the venue for the order's state. */
  async function refresh(hash: OrderHash, why: string): Promise<void> {
    try {
      for (const order of await rest.lookupOrders([wireOf(hash.key, hash.wire)]))
        relay.events.order(toVenueOrder(seen(order)));
    } catch (err) {
      logger.warn(`bluefin order refresh after ${why} failed`, { error: toVenueError(err).message });
    }
  }

  function onMessage(text: string): void {
    relay.events.heartbeat();
    const parsed = parseStreamFrame(text);
    if (!parsed.ok) {
      reportMalformed(parsed.error);
      return;
    }
    const event = parsed.value;
    switch (event.kind) {
      case 'order':
        relay.events.order(toVenueOrder(seen(event.order)));
        return;
      case 'cancelled':
        void refresh(event.hash, 'OrderCancelled');
        return;
      case 'cancelFailed': {
        awaitingConfirmation.delete(event.hash.key);
        if (event.order) relay.events.order(toVenueOrder(seen(event.order)));
        const message = event.reason ?? 'cancellation failed';
        // An order caught in settlement may fill instead: retryable while it is still open.
        const error: VenueError = { category: 'conflict', code: 'OrderCancellationFailed', message };
        relay.events.cancelFailed(event.hash.key, error);
        if (!event.order) void refresh(event.hash, 'OrderCancellationFailed');
        return;
      }
      case 'reversion':
        void refresh(event.hash, 'settlement reversion');
        return;
      case 'ignored':
        return;
    }
  }

  /** The stream is subscribed now; `streamEpoch` counts its subscriptions (a reconnect is a new one). */
  let streamConnected = false;
  let streamEpoch = 0;

  /** Asks the venue for orders whose confirmation the stream may have missed, and reports what it says. */
  async function lookUpConfirmations(wire: string[]): Promise<void> {
    if (wire.length === 0) return;
    try {
      for (const order of await rest.lookupOrders(wire)) relay.events.order(toVenueOrder(seen(order)));
    } catch (err) {
      // The engine's confirmation deadline and its listing settle them instead.
      logger.warn('bluefin lookup of cancels awaiting confirmation failed', {
        error: toVenueError(err).message,
      });
    }
  }

  const stream = createBluefinStream({
    wsUrl: requireUrl(config.urls, 'ws'),
    session,
    logger,
    onMessage,
    onState(state, detail) {
      relay.events.connection(state, detail);
      streamConnected = state === 'connected';
      if (!streamConnected) return;
      streamEpoch++;
      // Subscribed again: confirmations sent while the stream was away are asked for (later ones stream).
      if (streamEpoch > 1) void lookUpConfirmations([...awaitingConfirmation.values()]);
    },
    ...(options.reconnectBaseMs !== undefined && { reconnectBaseMs: options.reconnectBaseMs }),
    ...(options.reconnectCapMs !== undefined && { reconnectCapMs: options.reconnectCapMs }),
    ...(options.authRetryMs !== undefined && { authRetryMs: options.authRetryMs }),
    ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
    ...(options.random && { random: options.random }),
  });

  /** One request for one market's orders (≤ maxHashes), by key; the venue gets its own hash forms. */
  async function cancelChunk(
    symbol: string,
    keys: string[],
    asGiven: ReadonlyMap<string, string>,
  ): Promise<Map<string, CancelOutcome>> {
    const wire = keys.map((key) => wireOf(key, asGiven.get(key)));
    const epochAtSend = streamConnected ? streamEpoch : -1;
    try {
      const outcomes = outcomesFor(keys, await rest.cancel(symbol, wire, variant));
      const accepted: string[] = [];
      keys.forEach((key, index) => {
        if (outcomes.get(key)?.kind !== 'accepted') return;
        const hash = wire[index] as string;
        awaitConfirmation(key, hash);
        accepted.push(hash);
      });
      // The stream (re)subscribed while this request was out: a confirmation may have come before it
      // did. Asked now; one still to come streams. (Accepted while it is away: asked at the reconnect.)
      if (streamConnected && epochAtSend !== streamEpoch) void lookUpConfirmations(accepted);
      return outcomes;
    } catch (err) {
      const failed: CancelOutcome = { kind: 'failed', error: toVenueError(err) };
      return new Map(keys.map((key) => [key, failed]));
    }
  }

  return {
    venue: 'bluefin',
    accountId: config.accountId,
    capabilities,
    instrument: withInstrumentFacts(bluefinInstrument, config.instruments),
    deadManSwitch,
    get malformedCount() {
      return relay.malformedCount;
    },
    get logins() {
      return session.logins;
    },
    get address() {
      return session.address;
    },
    get firstPageNumber() {
      return rest.firstPageNumber;
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
      return (await rest.listOpenOrders()).map((order) => toVenueOrder(seen(order)));
    },

    async lookupOrders(targets) {
      const asGiven = new Map<string, string>();
      for (const target of targets) {
        const key = normaliseOrderHash(target.venueOrderId);
        if (key !== undefined && !asGiven.has(key)) asGiven.set(key, target.venueOrderId.trim());
      }
      if (asGiven.size === 0) return [];
      const wire = [...asGiven].map(([key, given]) => wireOf(key, given));
      return (await rest.lookupOrders(wire)).map((order) => toVenueOrder(seen(order)));
    },

    /**
     * A cancel request names one market, so targets of several markets take one
     * request per market (in parallel); within a market, at most `maxHashes` per request.
     */
    async cancelOrders(targets: CancelTarget[]) {
      const keys = targets.map((target) => normaliseOrderHash(target.venueOrderId));
      const outcomes: (CancelOutcome | undefined)[] = keys.map((key) =>
        key !== undefined
          ? undefined
          : {
              kind: 'failed',
              error: { category: 'rejected', code: 'invalid_hash', message: 'not a Bluefin order hash' },
            },
      );
      const byMarket = new Map<string, string[]>();
      /** The form a caller wrote a hash in, sent when the venue never showed this order. */
      const asGiven = new Map<string, string>();
      targets.forEach((target, index) => {
        const key = keys[index];
        if (key === undefined) return;
        if (!asGiven.has(key)) asGiven.set(key, target.venueOrderId.trim());
        const marketKeys = byMarket.get(target.market) ?? [];
        if (!marketKeys.includes(key)) marketKeys.push(key);
        byMarket.set(target.market, marketKeys);
      });
      const requests: Promise<[string, Map<string, CancelOutcome>]>[] = [];
      for (const [market, hashes] of byMarket) {
        for (const part of chunk(hashes, maxHashes)) {
          requests.push(cancelChunk(market, part, asGiven).then((answers) => [market, answers]));
        }
      }
      const answers = new Map<string, Map<string, CancelOutcome>>();
      for (const [market, chunkAnswers] of await Promise.all(requests)) {
        const merged = answers.get(market) ?? new Map<string, CancelOutcome>();
        for (const [hash, outcome] of chunkAnswers) merged.set(hash, outcome);
        answers.set(market, merged);
      }
      return targets.map(
        (target, index) =>
          outcomes[index] ??
          answers.get(target.market)?.get(keys[index] as string) ?? {
            kind: 'failed',
            error: { category: 'network', code: 'no_answer', message: 'no answer for this order' },
          },
      );
    },
  };
}
