/**
 * The CoinW futures `VenueAdapter`: cancels over signed REST (single
 * `DELETE /v1/perpum/order`, batch `DELETE /v1/perpum/batchOrders` of up to
 * 20 ids), order updates from the private WebSocket, the open-orders listing
 * and the 7-day history for reconcile. Neither cancel call says what became of
 * an order, so both answer `accepted` and the stream (or a reconcile) confirms.
 * The listing covers resting limit (`plan`) and trigger (`planTrigger`) orders;
 * the adapter remembers each order's type so a batch names its `posType` and a
 * trigger order gets its own call. Listings and history lookups are paced here,
 * to the venue's per-interface limits, and a lookup waits out a 29001. The
 * history omits cancels without trades, so an order whose cancel got no answer
 * and that the history does not return is read as cancelled (see
 * INFER_UNTRADED_CANCEL); the stream's keep-alive is the venue's JSON ping.
 */

import { isZero } from '../../../preload/decimal.ts';
import { BucketSet } from '../../core/token-bucket.ts';
import type {
  CancelOutcome,
  CancelTarget,
  VenueAdapter,
  VenueCapabilities,
  VenueOrder,
} from '../../core/venue.ts';
import { toVenueError, VenueCallError } from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { chunk } from '../shared/chunk.ts';
import { requireUrl } from '../shared/config.ts';
import { withInstrumentFacts } from '../shared/order-facts.ts';
import type { AdapterConfig } from '../types.ts';
import { parseCoinwCredentials } from './auth.ts';
import {
  ADAPTER_CANCEL_PACING,
  BATCH_CANCEL_MAX,
  CANCEL_BUCKET,
  CONFIRM_DEADLINE_MS,
  coinwInstrument,
  GLOBAL_BUCKET,
  HISTORY_PACING,
  HISTORY_PAGE_SIZE,
  INFER_UNTRADED_CANCEL,
  LISTED_POSITION_TYPES,
  LISTING_PACING,
  LOOKUP_MAX_PAGES,
  LOOKUP_RATE_LIMIT_RETRIES,
  MAX_IN_FLIGHT,
  POSITION_TYPE_TRIGGER,
  RATE_LIMITED_RETRY_MS,
  TRIGGER_CANCEL,
} from './constants.ts';
import { type CoinwOrder, toVenueOrder } from './parse.ts';
import { createCoinwRest } from './rest.ts';
import { createCoinwStream } from './stream.ts';

export const COINW_CAPABILITIES: VenueCapabilities = {
  cancelFlow: 'two-step',
  maxBatch: BATCH_CANCEL_MAX,
  rateLimits: [CANCEL_BUCKET, GLOBAL_BUCKET],
  maxInFlight: MAX_IN_FLIGHT,
  confirmDeadlineMs: CONFIRM_DEADLINE_MS,
  confirmedBy: 'stream futures/order',
};

export interface CoinwAdapter extends VenueAdapter {
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
}

/** Knobs for tests; production uses the defaults. */
export interface CoinwAdapterOptions {
  confirmDeadlineMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  pingIntervalMs?: number;
  random?: () => number;
  now?: () => number;
}

/** Orders whose type (or unanswered cancel) is remembered at most this many at once (oldest forgotten first). */
const MAX_REMEMBERED_TYPES = 50_000;

export function createCoinwAdapter(config: AdapterConfig, options: CoinwAdapterOptions = {}): CoinwAdapter {
  const logger = config.logger.child({ venue: 'coinw', accountId: config.accountId });
  const credentials = parseCoinwCredentials(config.credentials);
  const now = options.now ?? Date.now;
  const capabilities: VenueCapabilities = {
    ...COINW_CAPABILITIES,
    ...(options.confirmDeadlineMs !== undefined && { confirmDeadlineMs: options.confirmDeadlineMs }),
  };
  const relay = createEventRelay('coinw', logger);
  const reportMalformed = relay.malformed;
  /** Each order's `posType` as the listing or the stream last gave it. */
  const positionTypes = new Map<string, string>();
  /** Orders a cancel call was sent for that got no answer (transport failure): it may have reached the venue. */
  const unansweredCancels = new Set<string>();
  /** Each not-final order as the listing or the stream last showed it (for INFER_UNTRADED_CANCEL). */
  const lastSeen = new Map<string, VenueOrder>();
  const cancelPacer = new BucketSet(ADAPTER_CANCEL_PACING, now());
  const listingPacer = new BucketSet(LISTING_PACING, now());
  const historyPacer = new BucketSet(HISTORY_PACING, now());
  /** Timers of paced calls waiting for a slot; `stop` ends them. */
  const waits = new Set<{ timer: NodeJS.Timeout; reject(err: Error): void }>();
  let stopped = false;

  const rest = createCoinwRest({
    restUrl: requireUrl('coinw', config.urls, 'rest'),
    credentials,
    logger,
    onMalformed: reportMalformed,
    ...(options.now && { now: options.now }),
  });

  const stream = createCoinwStream({
    wsUrl: requireUrl('coinw', config.urls, 'ws'),
    credentials,
    logger,
    onOrders(rows) {
      for (const row of rows) relay.events.order(remember(row));
    },
    onState: (state, detail) => relay.events.connection(state, detail),
    onHeartbeat: () => relay.events.heartbeat(),
    onMalformed: reportMalformed,
    ...(options.reconnectBaseMs !== undefined && { reconnectBaseMs: options.reconnectBaseMs }),
    ...(options.reconnectCapMs !== undefined && { reconnectCapMs: options.reconnectCapMs }),
    ...(options.authRetryMs !== undefined && { authRetryMs: options.authRetryMs }),
    ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
    ...(options.random && { random: options.random }),
  });

  /** Notes the row's type and how it looked (closed orders are forgotten) and maps it. */
  function remember(row: CoinwOrder) {
    const order = toVenueOrder(row, now());
    const type = row.posType ?? undefined;
    if (row.meaning === 'filled' || row.meaning === 'cancelled') {
      positionTypes.delete(row.id);
      lastSeen.delete(row.id);
      unansweredCancels.delete(row.id);
      return order;
    }
    lastSeen.delete(row.id);
    lastSeen.set(row.id, order);
    forgetOldest(lastSeen);
    if (type) {
      positionTypes.delete(row.id);
      positionTypes.set(row.id, type);
      forgetOldest(positionTypes);
    }
    return order;
  }

  /** Keeps a per-order memory bounded: the oldest entry goes first. */
  function forgetOldest(memory: Map<string, unknown> | Set<string>): void {
    while (memory.size > MAX_REMEMBERED_TYPES) {
      const oldest = memory.keys().next();
      if (oldest.done) return;
      memory.delete(oldest.value);
    }
  }

  /** See INFER_UNTRADED_CANCEL: an order a complete history scan did not return, when that can only mean cancelled. */
  function untradedCancel(id: string): VenueOrder | undefined {
    const seen = lastSeen.get(id);
    if (!INFER_UNTRADED_CANCEL || !seen || !unansweredCancels.has(id) || !isZero(seen.filled))
      return undefined;
    // Kept: a reconcile pass may look the order up again (it skips orders that changed meanwhile).
    return { ...seen, status: 'cancelled', updatedAt: now() };
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          waits.delete(entry);
          resolve();
        }, ms),
        reject,
      };
      waits.add(entry);
    });
  }

  /** Waits for a slot under `pacer`, then takes it. */
  async function takeSlot(pacer: BucketSet): Promise<void> {
    for (;;) {
      if (stopped)
        throw new VenueCallError({ category: 'network', code: 'stopped', message: 'adapter stopped' });
      const at = now();
      const wait = pacer.waitMs(at);
      if (wait <= 0 && pacer.tryTake(at)) return;
      await sleep(Math.max(1, wait));
    }
  }

  /**
   * One call under `pacer`. A 29001 pauses the pacer for the venue's window; with `retries` the call
   * waits that out and tries again (that many times), otherwise the rate_limited error goes to the caller.
   */
  async function paced<T>(pacer: BucketSet, call: () => Promise<T>, retries = 0): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await takeSlot(pacer);
      try {
        return await call();
      } catch (err) {
        const error = toVenueError(err);
        // A refused dial never reached the venue: it gives its slot back (an outage must not leave us throttled).
        if (error.notSent) pacer.refund(now());
        if (error.category !== 'rate_limited') throw err;
        pacer.pauseUntil(now() + (error.retryAfterMs ?? RATE_LIMITED_RETRY_MS));
        if (attempt >= retries) throw err;
        logger.info('coinw refused a call as too frequent; waiting out its window', { code: error.code });
      }
    }
  }

  /** One wire call; the venue's answer applies to every target in it alike. */
  async function cancelCall(
    part: readonly CancelTarget[],
    posType: string | undefined,
  ): Promise<CancelOutcome[]> {
    const ids = part.map((target) => target.venueOrderId);
    let sent = false;
    try {
      await takeSlot(cancelPacer);
      sent = true;
      if (part.length === 1) await rest.cancelOne(ids[0] as string);
      else await rest.cancelBatch(ids, posType);
      return part.map(() => ({ kind: 'accepted' }));
    } catch (err) {
      const error = toVenueError(err);
      if (sent && error.notSent) {
        // Refused at the dial: the venue never saw it, and the slot goes back.
        cancelPacer.refund(now());
      } else if (sent && error.category === 'network') {
        // The request left and no answer came back: the venue may have applied it (kept until the order closes).
        for (const id of ids) unansweredCancels.add(id);
        forgetOldest(unansweredCancels);
      }
      return part.map(() => ({ kind: 'failed', error }));
    }
  }

  /**
   * The wire calls for one engine batch: trigger orders one by one (see TRIGGER_CANCEL), the rest grouped
   * by their known `posType` so every batch says which type it cancels; orders of unknown type go in a
   * batch without `posType`, as before.
   */
  function cancelGroups(targets: readonly CancelTarget[]): { posType?: string; indexes: number[] }[] {
    const groups = new Map<string, { posType?: string; indexes: number[] }>();
    const singles: { posType?: string; indexes: number[] }[] = [];
    targets.forEach((target, index) => {
      const posType = positionTypes.get(target.venueOrderId);
      if (posType === POSITION_TYPE_TRIGGER && !TRIGGER_CANCEL.batch) {
        singles.push({ posType, indexes: [index] });
        return;
      }
      const key = posType ?? '';
      const group = groups.get(key) ?? { ...(posType !== undefined && { posType }), indexes: [] };
      group.indexes.push(index);
      groups.set(key, group);
    });
    const batches = [...groups.values()].flatMap((group) =>
      chunk(group.indexes, BATCH_CANCEL_MAX).map((indexes) => ({
        ...(group.posType !== undefined && { posType: group.posType }),
        indexes,
      })),
    );
    return [...batches, ...singles];
  }

  async function lookupMarket(market: string, wanted: Set<string>): Promise<VenueOrder[]> {
    const found: VenueOrder[] = [];
    /** The scan reached the history's end (every closed order of the market was seen). */
    let complete = false;
    for (let page = 1; page <= LOOKUP_MAX_PAGES && wanted.size > 0; page++) {
      const result = await paced(
        historyPacer,
        () => rest.orderHistory(page, market),
        LOOKUP_RATE_LIMIT_RETRIES,
      );
      for (const row of result.rows) {
        if (!wanted.delete(row.id)) continue;
        found.push(remember(row));
      }
      const total = result.total;
      if (result.received < HISTORY_PAGE_SIZE || (total !== undefined && page * HISTORY_PAGE_SIZE >= total)) {
        complete = true;
        break;
      }
    }
    if (complete) {
      for (const id of wanted) {
        const cancelled = untradedCancel(id);
        if (cancelled) found.push(cancelled);
      }
    }
    return found;
  }

  return {
    venue: 'coinw',
    accountId: config.accountId,
    capabilities,
    instrument: withInstrumentFacts(coinwInstrument, config.instruments),
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
      for (const wait of waits) {
        clearTimeout(wait.timer);
        wait.reject(new VenueCallError({ category: 'network', code: 'stopped', message: 'adapter stopped' }));
      }
      waits.clear();
      await stream.stop();
      relay.detach();
    },

    async listOpenOrders() {
      // Each type's rows are typed by their own posType: the filter may return other types too.
      const byId = new Map<string, VenueOrder>();
      for (const positionType of LISTED_POSITION_TYPES) {
        const result = await paced(
          listingPacer,
          () => rest.currentOrders(positionType),
          LOOKUP_RATE_LIMIT_RETRIES,
        );
        for (const row of result.rows) byId.set(row.id, remember(row));
      }
      return [...byId.values()];
    },

    async cancelOrders(targets) {
      const outcomes: CancelOutcome[] = new Array(targets.length);
      for (const group of cancelGroups(targets)) {
        const part = group.indexes.map((index) => targets[index] as CancelTarget);
        const answers = await cancelCall(part, group.posType);
        group.indexes.forEach((index, i) => {
          outcomes[index] = answers[i] as CancelOutcome;
        });
      }
      return outcomes;
    },

    async lookupOrders(targets) {
      const byMarket = new Map<string, Set<string>>();
      for (const target of targets) {
        const ids = byMarket.get(target.market) ?? new Set<string>();
        ids.add(target.venueOrderId);
        byMarket.set(target.market, ids);
      }
      const found: VenueOrder[] = [];
      for (const [market, ids] of byMarket) found.push(...(await lookupMarket(market, ids)));
      return found;
    },
  };
}
