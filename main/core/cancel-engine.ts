/**
 * The cancel engine: intents → per-account queues → rate-limited batches on
 * the wire → acknowledgement → confirmation or reconcile. It reads each
 * adapter's capabilities and never special-cases a venue.
 *
 * Guarantees: an intent is audited before anything is sent; an order already
 * being cancelled joins the running attempt (no second wire request); a
 * final state never moves back (the book refuses it); nothing stays
 * `cancelling` forever — every path ends final, back to open with a visible
 * error, or `unknown` with a reason.
 */
import { randomUUID } from 'node:crypto';
import {
  type CancelAck,
  type ErrorInfo,
  FINAL_STATUSES,
  type FlatnessProgress,
  IN_FLIGHT_STATUSES,
  type IntentProgress,
  type IntentSource,
  type Order,
  type StopCancelResult,
} from '../../preload/contract.ts';
import { isZero } from '../../preload/decimal.ts';
import type { AuditSink } from './audit-log.ts';
import { IntentTracker } from './intent-tracker.ts';
import type { Logger } from './log.ts';
import { type OrderBook, orderKey } from './order-book.ts';
import { describePacing } from './pacing-bound.ts';
import { decideReconcile } from './reconcile.ts';
import { BucketSet } from './token-bucket.ts';
import {
  type CancelOutcome,
  RETRYABLE_CATEGORIES,
  toVenueError,
  type VenueAdapter,
  type VenueError,
  type VenueOrder,
} from './venue.ts';

export interface RetryPolicy {
  /**
   * Attempts per order per intent that the venue answered with a conflict (409), the first one included;
   * then the listing decides. Network failures, timeouts, 5xx and rate limits do not count: they wait for
   * the venue until the intent's lifetime ends.
   */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait between tries while a venue is unreachable (a reconnect sends at once anyway). */
  maxUnreachableDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 4000,
  maxUnreachableDelayMs: 2000,
};
/**
 * How long an intent keeps trying to cancel while venues are down or windows are spent ("make me flat"
 * outlives an outage); then the order goes back to open with the reason. Long, and shown in the UI.
 */
export const DEFAULT_INTENT_LIFETIME_MS = 10 * 60_000;
/** Rounds of "venue still says cancelling" before the order is marked unknown. */
export const MAX_RECONCILE_ROUNDS = 3;
/**
 * Cancels sent again for one order when the venue still shows it open or cancelling after the
 * confirmation deadline (Rails' advice: cancel again when an order is still active ~3 s after a cancel).
 */
export const MAX_RESENDS = 2;
/** Orders looked up per reconcile pass (each may be one venue request); the rest wait a pass. */
export const LOOKUPS_PER_PASS = 20;
/** Delay before retrying a listing that failed; doubles per consecutive failure up to the cap. */
const RECONCILE_RETRY_MS = 1000;
const RECONCILE_RETRY_CAP_MS = 30_000;
/** Pause after a 429 that gave no Retry-After. */
const DEFAULT_RATE_LIMIT_PAUSE_MS = 1000;

/** One bulk cancel: every open order of the account in `market` (the whole account when absent). */
export interface BulkPlan {
  accountId: string;
  market?: string;
}

interface BulkJob {
  market: string | undefined;
  keys: string[];
}

export interface CancelEngineOptions {
  book: OrderBook;
  audit: AuditSink;
  logger: Logger;
  retry?: RetryPolicy;
  /** [0,1) source for backoff jitter; seeded in tests. */
  random?: () => number;
  now?: () => number;
  onIntentProgress?: (progress: IntentProgress) => void;
  /** See DEFAULT_INTENT_LIFETIME_MS. */
  intentLifetimeMs?: number;
  /** The venue's name for "Rails unreachable" (the account label where there is one). */
  describeAccount?: (accountId: string) => string;
}

interface Lane {
  adapter: VenueAdapter;
  buckets: BucketSet;
  /** Keys waiting for a rate-limit slot, FIFO. */
  queue: string[];
  /** The venue's own bulk cancels waiting for a slot: one call each for all of `keys` (one market or the account). */
  bulkJobs: BulkJob[];
  inFlight: number;
  pumpTimer: ReturnType<typeof setTimeout> | undefined;
  pumpQueued: boolean;
  /** A pump is due after this timers phase (retries of one call fire together and go as one batch). */
  pumpAfterTimersQueued: boolean;
  deadlines: Map<string, ReturnType<typeof setTimeout>>;
  retryTimers: Map<string, ReturnType<typeof setTimeout>>;
  /** Keys whose cancel the venue acknowledged in the current attempt. */
  acknowledged: Set<string>;
  /** Conflict answers per key in the current intent (bounded by maxAttempts). */
  conflicts: Map<string, number>;
  /** Cancels re-sent per key because the venue still showed the order after the deadline. */
  resends: Map<string, number>;
  /** The trader said "stop trying" while the cancel was on the wire: never sent again. */
  stoppedByTrader: Set<string>;
  /** Waiting for the next full listing of the account (flatness checks, reconnects). */
  listingWaiters: ((listed: boolean) => void)[];
  reconcileWaiting: Set<string>;
  reconcileRounds: Map<string, number>;
  /** Keys inside a cancel call that has not answered yet. */
  onWire: Set<string>;
  /** The pending retry of a failed listing, cleared when the account stops, and the keys it will retry. */
  reconcileRetryTimer: ReturnType<typeof setTimeout> | undefined;
  reconcileRetryKeys: Set<string>;
  reconciling: boolean;
  reconcileQueued: boolean;
  /** Consecutive failed listings: spaces out retries so a venue that is down is not polled every second. */
  listingFailures: number;
  /**
   * When a call to the venue (a cancel or a listing) first failed as unreachable, while none sent since has
   * answered: the first such answer retries at once what waits for the venue (`venueAnsweredAgain`).
   */
  unreachableSince: number | undefined;
  stopped: boolean;
}

export class CancelEngine {
  private readonly book: OrderBook;
  private readonly audit: AuditSink;
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly lanes = new Map<string, Lane>();
  private readonly intents: IntentTracker;
  private readonly unsubscribeBook: () => void;
  readonly intentLifetimeMs: number;
  private readonly describeAccount: (accountId: string) => string;

  constructor(options: CancelEngineOptions) {
    this.book = options.book;
    this.audit = options.audit;
    this.logger = options.logger;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.intentLifetimeMs = options.intentLifetimeMs ?? DEFAULT_INTENT_LIFETIME_MS;
    this.describeAccount = options.describeAccount ?? ((accountId) => accountId);
    this.intents = new IntentTracker(this.now, options.onIntentProgress ?? (() => {}), this.intentLifetimeMs);
    this.unsubscribeBook = this.book.onChange((order) => this.observe(order));
  }

  addAccount(adapter: VenueAdapter): void {
    if (this.lanes.has(adapter.accountId)) throw new Error(`account ${adapter.accountId} already registered`);
    this.lanes.set(adapter.accountId, {
      adapter,
      buckets: new BucketSet(adapter.capabilities.rateLimits, this.now()),
      queue: [],
      bulkJobs: [],
      inFlight: 0,
      pumpTimer: undefined,
      pumpQueued: false,
      pumpAfterTimersQueued: false,
      deadlines: new Map(),
      retryTimers: new Map(),
      acknowledged: new Set(),
      conflicts: new Map(),
      resends: new Map(),
      stoppedByTrader: new Set(),
      listingWaiters: [],
      reconcileWaiting: new Set(),
      reconcileRounds: new Map(),
      onWire: new Set(),
      reconcileRetryTimer: undefined,
      reconcileRetryKeys: new Set(),
      reconciling: false,
      reconcileQueued: false,
      listingFailures: 0,
      unreachableSince: undefined,
      stopped: false,
    });
  }

  /** Stops timers of an account (removal, shutdown). Orders keep their last state. */
  removeAccount(accountId: string): void {
    const lane = this.lanes.get(accountId);
    if (!lane) return;
    lane.stopped = true;
    if (lane.pumpTimer) clearTimeout(lane.pumpTimer);
    for (const timer of lane.deadlines.values()) clearTimeout(timer);
    for (const timer of lane.retryTimers.values()) clearTimeout(timer);
    if (lane.reconcileRetryTimer) clearTimeout(lane.reconcileRetryTimer);
    for (const waiter of lane.listingWaiters.splice(0)) waiter(false);
    this.lanes.delete(accountId);
  }

  stop(): void {
    for (const accountId of [...this.lanes.keys()]) this.removeAccount(accountId);
    this.unsubscribeBook();
  }

  recentIntents(): IntentProgress[] {
    return this.intents.recent();
  }

  /** How `orders` of one account would go out now: calls, budget and an estimate (nothing is spent). */
  planCancel(
    accountId: string,
    orders: readonly Order[],
    bulk: readonly BulkPlan[] = [],
  ):
    | { calls: number; maxBatch: number; freeNow: number; etaMs: number; limits: string[]; bulk: boolean }
    | undefined {
    const lane = this.lanes.get(accountId);
    if (!lane) return undefined;
    const { maxBatch, batchPerMarket, rateLimits } = lane.adapter.capabilities;
    const batch = Math.max(1, maxBatch);
    const split = this.splitBulk(
      lane,
      orders.map((order) => order.key),
      bulk,
    );
    const single = orders.filter((order) => split.single.includes(order.key));
    let calls = split.jobs.length + Math.ceil(single.length / batch);
    if (batchPerMarket) {
      const perMarket = new Map<string, number>();
      for (const order of single) perMarket.set(order.market, (perMarket.get(order.market) ?? 0) + 1);
      calls =
        split.jobs.length + [...perMarket.values()].reduce((sum, count) => sum + Math.ceil(count / batch), 0);
    }
    const queuedCalls = Math.ceil(lane.queue.length / batch);
    const now = this.now();
    // Calls already queued go first; the estimate is for the last of ours.
    const total = lane.buckets.estimate(now, queuedCalls + calls);
    const free = lane.buckets.estimate(now, calls);
    return {
      calls,
      maxBatch: batch,
      freeNow: free.freeNow,
      etaMs: total.etaMs,
      limits: rateLimits.map(describePacing),
      bulk: split.jobs.length > 0,
    };
  }

  /** A flatness check's latest look at an intent (one with no order yet is tracked from here). */
  reportFlatness(
    intentId: string,
    source: IntentSource,
    flatness: FlatnessProgress,
    finished: boolean,
  ): void {
    if (!this.intents.get(intentId)) this.intents.track(intentId, source, [], () => undefined);
    this.intents.setFlatness(intentId, flatness, finished);
  }

  // ------------------------------------------------------------- intents --

  /**
   * A new intent, or (`extendIntent`) more orders for a running one, found by its flatness check. `bulk`:
   * where the scope is exactly "everything of this account (in this market)", the venue's own bulk cancel
   * carries those orders in one call (see BlotterService.bulkPlans); every other order goes one by one.
   */
  cancel(
    keys: readonly string[],
    source: IntentSource,
    extendIntent?: string,
    bulk: readonly BulkPlan[] = [],
  ): CancelAck {
    const intentId = extendIntent ?? randomUUID();
    const now = this.now();
    const unique = [...new Set(keys)];
    // Keys the blotter does not know are counted, not copied: 100k of them must not write megabytes.
    const known = unique.filter((key) => this.book.get(key));
    this.audit.append({
      type: 'intent',
      intentId,
      source,
      keys: known,
      t: now,
      ...(known.length < unique.length && { unknownKeyCount: unique.length - known.length }),
      ...(extendIntent && { extends: true }),
    });
    const ack: CancelAck = { intentId, accepted: [], joined: [], alreadyFinal: [], unknownKeys: [] };
    const queued = new Map<Lane, string[]>();
    for (const key of unique) {
      const order = this.book.get(key);
      const lane = order ? this.lanes.get(order.accountId) : undefined;
      if (!order || !lane) {
        ack.unknownKeys.push(key);
      } else if (FINAL_STATUSES.has(order.status)) {
        ack.alreadyFinal.push(key);
      } else if (IN_FLIGHT_STATUSES.has(order.status)) {
        ack.joined.push(key);
      } else {
        this.book.apply(
          key,
          { status: 'cancel_requested', cancel: { intentId, requestedAt: now, attempts: 0 } },
          now,
        );
        lane.acknowledged.delete(key);
        lane.reconcileRounds.delete(key);
        lane.conflicts.delete(key);
        lane.resends.delete(key);
        lane.stoppedByTrader.delete(key);
        const keysOfLane = queued.get(lane) ?? [];
        keysOfLane.push(key);
        queued.set(lane, keysOfLane);
        ack.accepted.push(key);
      }
    }
    const tracked = [...ack.accepted, ...ack.joined];
    if (extendIntent) this.intents.extend(intentId, tracked, (key) => this.book.get(key));
    else if (tracked.length > 0) this.intents.track(intentId, source, tracked, (key) => this.book.get(key));
    if (ack.unknownKeys.length > 0 || ack.alreadyFinal.length > 0) {
      this.audit.append({
        type: 'error',
        intentId,
        message: 'keys skipped',
        unknownKeys: ack.unknownKeys.slice(0, AUDITED_UNKNOWN_KEYS),
        unknownKeyCount: ack.unknownKeys.length,
        alreadyFinal: ack.alreadyFinal,
      });
    }
    if (queued.size > 0) {
      // Audit first: the intent is in the audit file (written to the OS in this call) before its orders join
      // the queue, so before anything is on the wire; its fdatasync runs beside the request, not before it.
      this.audit.writeNow();
      for (const [lane, keysOfLane] of queued) {
        const { jobs, single } = this.splitBulk(lane, keysOfLane, bulk);
        lane.bulkJobs.push(...jobs);
        lane.queue.push(...single);
        this.schedulePump(lane);
      }
    }
    return ack;
  }

  /** The keys a bulk plan of this account covers go in its job; the rest one by one. */
  private splitBulk(
    lane: Lane,
    keys: string[],
    bulk: readonly BulkPlan[],
  ): { jobs: BulkJob[]; single: string[] } {
    const plans = bulk.filter((plan) => plan.accountId === lane.adapter.accountId);
    const capability = lane.adapter.capabilities.bulkCancel;
    if (plans.length === 0 || !capability || !lane.adapter.cancelAllOrders) return { jobs: [], single: keys };
    const jobs: BulkJob[] = [];
    let rest = keys;
    for (const plan of plans) {
      if (plan.market === undefined ? !capability.account : !capability.market) continue;
      const taken = rest.filter(
        (key) => plan.market === undefined || this.book.get(key)?.market === plan.market,
      );
      if (taken.length === 0) continue;
      jobs.push({ market: plan.market, keys: taken });
      rest = rest.filter((key) => !taken.includes(key));
    }
    return { jobs, single: rest };
  }

  /** Every book change passes here: it settles intents and clears timers of orders that are done. */
  private observe(order: Order): void {
    if (FINAL_STATUSES.has(order.status)) {
      const lane = this.lanes.get(order.accountId);
      if (lane) this.clearTimers(lane, order.key);
      this.audit.append({
        type: 'final',
        accountId: order.accountId,
        keys: [order.key],
        status: order.status,
        statusReason: order.statusReason,
      });
    }
    this.intents.observe(order);
  }

  /**
   * Called after every stream update of an order. When the venue reports it
   * `cancelling` while no call of ours is on the wire for it (a late
   * acknowledgement after a timeout, a cancel from another client, the venue's
   * own CANCELLING state), nothing else would ever settle it: take it as
   * acknowledged and give it a confirmation deadline like any other.
   */
  venueReported(order: Order): void {
    const lane = this.lanes.get(order.accountId);
    if (!lane || order.status !== 'cancelling') return;
    const key = order.key;
    if (lane.onWire.has(key) || lane.deadlines.has(key)) return;
    const retry = lane.retryTimers.get(key);
    if (retry) clearTimeout(retry);
    lane.retryTimers.delete(key);
    lane.acknowledged.add(key);
    this.armDeadline(lane, key);
  }

  // ---------------------------------------------------------------- wire --

  private schedulePump(lane: Lane, delayMs = 0): void {
    if (lane.stopped) return;
    if (delayMs <= 0) {
      if (lane.pumpQueued) return;
      lane.pumpQueued = true;
      // A microtask lets every key of one intent reach the queue before batching.
      queueMicrotask(() => {
        lane.pumpQueued = false;
        this.pump(lane);
      });
      return;
    }
    if (lane.pumpTimer) return;
    lane.pumpTimer = setTimeout(() => {
      lane.pumpTimer = undefined;
      this.pump(lane);
    }, delayMs);
  }

  private pump(lane: Lane): void {
    if (lane.stopped) return;
    const capabilities = lane.adapter.capabilities;
    while (lane.bulkJobs.length > 0 && lane.inFlight < capabilities.maxInFlight) {
      const wait = lane.buckets.waitMs(this.now());
      if (wait > 0) {
        this.schedulePump(lane, wait);
        return;
      }
      const job = lane.bulkJobs.shift() as BulkJob;
      const keys = job.keys.filter((key) => this.book.get(key)?.status === 'cancel_requested');
      if (keys.length === 0) continue;
      lane.buckets.tryTake(this.now());
      void this.sendBulk(lane, { market: job.market, keys });
    }
    while (lane.queue.length > 0 && lane.inFlight < capabilities.maxInFlight) {
      const wait = lane.buckets.waitMs(this.now());
      if (wait > 0) {
        this.schedulePump(lane, wait);
        return;
      }
      const batch = this.takeBatch(lane);
      if (batch.length === 0) continue;
      lane.buckets.tryTake(this.now());
      void this.send(lane, batch);
    }
  }

  /**
   * The next wire call's orders, in queue order: up to `maxBatch`, and all of
   * one market when the venue's batch call takes one market. Orders that
   * finished while they waited (filled, cancelled elsewhere) are dropped.
   */
  private takeBatch(lane: Lane): string[] {
    const { maxBatch, batchPerMarket } = lane.adapter.capabilities;
    const batch: string[] = [];
    let market: string | undefined;
    let index = 0;
    while (batch.length < maxBatch && index < lane.queue.length) {
      const key = lane.queue[index] as string;
      const order = this.book.get(key);
      if (order?.status !== 'cancel_requested' || batch.includes(key)) {
        lane.queue.splice(index, 1);
        continue;
      }
      market ??= order.market;
      if (batchPerMarket && order.market !== market) {
        index += 1;
        continue;
      }
      lane.queue.splice(index, 1);
      batch.push(key);
    }
    return batch;
  }

  private async send(lane: Lane, keys: string[]): Promise<void> {
    lane.inFlight += 1;
    const now = this.now();
    const targets = [];
    for (const key of keys) lane.onWire.add(key);
    for (const key of keys) {
      const order = this.book.get(key) as Order;
      // `waiting` stays while on the wire (status `cancelling` says it is there): a failed try keeps its since.
      const cancel = order.cancel ?? { intentId: 'unknown', requestedAt: now, attempts: 0 };
      this.book.apply(
        key,
        { status: 'cancelling', cancel: { ...cancel, sentAt: now, attempts: cancel.attempts + 1 } },
        now,
      );
      targets.push({ venueOrderId: order.venueOrderId, market: order.market });
    }
    this.audit.append({ type: 'wire_request', accountId: lane.adapter.accountId, keys, t: now });
    let outcomes: CancelOutcome[];
    try {
      outcomes = await lane.adapter.cancelOrders(targets);
      if (outcomes.length !== keys.length) {
        throw new Error(`venue adapter answered ${outcomes.length} results for ${keys.length} orders`);
      }
    } catch (err) {
      const error = toVenueError(err);
      outcomes = keys.map(() => ({ kind: 'failed', error }));
    } finally {
      lane.inFlight -= 1;
      for (const key of keys) lane.onWire.delete(key);
    }
    this.audit.append({ type: 'venue_reply', accountId: lane.adapter.accountId, keys, outcomes });
    // A refused dial used none of the venue's budget: the call gives its slot back, so retries through an
    // outage do not spend the window the venue will count once it answers.
    if (outcomes.every((outcome) => outcome.kind === 'failed' && outcome.error.notSent)) {
      lane.buckets.refund(this.now());
    }
    const answered = outcomes.some(
      (outcome) => outcome.kind !== 'failed' || outcome.error.category !== 'network',
    );
    // One jitter for the whole call: the orders it failed for wait alike and are retried as one batch again.
    const jitter = this.random();
    keys.forEach((key, index) => {
      this.handleOutcome(lane, key, outcomes[index] as CancelOutcome, jitter);
    });
    if (answered) this.venueAnsweredAgain(lane, now);
    this.schedulePump(lane);
  }

  /**
   * One bulk call for every order of the job. Accepted: each order is acknowledged and confirmed as usual.
   * Refused or failed: the venue would not take them in bulk, so each goes its own way, paced as usual.
   */
  private async sendBulk(lane: Lane, job: BulkJob): Promise<void> {
    lane.inFlight += 1;
    const now = this.now();
    const accountId = lane.adapter.accountId;
    for (const key of job.keys) {
      lane.onWire.add(key);
      const cancel = this.book.get(key)?.cancel ?? { intentId: 'unknown', requestedAt: now, attempts: 0 };
      this.book.apply(
        key,
        { status: 'cancelling', cancel: { ...cancel, sentAt: now, attempts: cancel.attempts + 1 } },
        now,
      );
    }
    const bulk = job.market ?? 'account';
    this.audit.append({ type: 'wire_request', accountId, keys: job.keys, bulk, t: now });
    let error: VenueError | undefined;
    try {
      await (lane.adapter.cancelAllOrders as NonNullable<VenueAdapter['cancelAllOrders']>)(
        job.market === undefined ? {} : { market: job.market },
      );
    } catch (err) {
      error = toVenueError(err);
    } finally {
      lane.inFlight -= 1;
      for (const key of job.keys) lane.onWire.delete(key);
    }
    const outcome: CancelOutcome = error ? { kind: 'failed', error } : { kind: 'accepted' };
    if (error?.notSent) lane.buckets.refund(this.now());
    this.audit.append({ type: 'venue_reply', accountId, keys: job.keys, bulk, outcomes: [outcome] });
    if (lane.stopped) return;
    if (!error) {
      for (const key of job.keys) this.handleOutcome(lane, key, outcome);
      this.venueAnsweredAgain(lane, now);
    } else {
      if (error.category === 'rate_limited') {
        lane.buckets.pauseUntil(this.now() + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS));
      }
      for (const key of job.keys) {
        const order = this.book.get(key);
        if (!order || FINAL_STATUSES.has(order.status)) continue;
        this.book.apply(key, { status: 'cancel_requested', cancel: order.cancel }, this.now());
        lane.queue.push(key);
      }
    }
    this.schedulePump(lane);
  }

  private handleOutcome(lane: Lane, key: string, outcome: CancelOutcome, jitter?: number): void {
    const order = this.book.get(key);
    if (!order || FINAL_STATUSES.has(order.status) || lane.stopped) return;
    const now = this.now();
    // The venue answered: whatever the cancel waited for is over.
    const { waiting: _answered, ...cancel } = order.cancel ?? {
      intentId: 'unknown',
      requestedAt: now,
      attempts: 1,
    };
    switch (outcome.kind) {
      case 'accepted':
        lane.acknowledged.add(key);
        this.book.apply(key, { cancel: { ...cancel, ackAt: now } }, now);
        this.armDeadline(lane, key);
        return;
      case 'done':
        this.book.apply(
          key,
          {
            status: outcome.status,
            statusReason: outcome.status === 'filled' ? 'filled before cancel' : order.statusReason,
            cancel: { ...cancel, ackAt: cancel.ackAt ?? now, doneAt: now },
          },
          now,
        );
        return;
      case 'failed':
        this.handleFailure(lane, key, outcome.error, jitter);
        return;
    }
  }

  /**
   * A cancel failed on the wire, or the venue reported asynchronously that it failed. `jitter` ([0,1)) is
   * shared by the orders of one call, so their retries fall due together.
   */
  private handleFailure(lane: Lane, key: string, error: VenueError, jitter = this.random()): void {
    const order = this.book.get(key);
    if (!order || FINAL_STATUSES.has(order.status)) return;
    const now = this.now();
    const cancel = order.cancel ?? { intentId: 'unknown', requestedAt: now, attempts: 1 };
    const lastError: ErrorInfo = { code: error.code, message: error.message };
    lane.acknowledged.delete(key);
    this.clearTimers(lane, key);

    if (lane.stoppedByTrader.has(key) && error.category !== 'not_found') {
      this.reopen(key, order, { code: error.code, message: `${STOPPED_BY_TRADER}: ${error.message}` }, now);
      return;
    }
    if (error.category === 'not_found') {
      // The venue no longer knows the order: only its listing (and lookup) can say what happened.
      this.book.apply(key, { cancel: { ...cancel, lastError } }, now);
      this.requestReconcile(lane, key);
      return;
    }
    if (!RETRYABLE_CATEGORIES.has(error.category)) {
      // Closed, maintenance, auth: the venue's answer, shown on the row at once.
      this.reopen(key, order, lastError, now);
      return;
    }
    if (error.category === 'conflict') {
      const conflicts = (lane.conflicts.get(key) ?? 0) + 1;
      lane.conflicts.set(key, conflicts);
      if (conflicts >= this.retry.maxAttempts) {
        this.book.apply(key, { cancel: { ...cancel, lastError } }, now);
        this.requestReconcile(lane, key);
        return;
      }
    }
    if (this.expired(cancel, now)) {
      this.giveUp(lane, key, order, lastError, now);
      return;
    }
    let delay = this.backoff(cancel.attempts, jitter);
    let waiting: { reason: string; since: number } | undefined;
    if (error.category === 'rate_limited') {
      const pause = error.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS;
      lane.buckets.pauseUntil(now + pause);
      // The venue said when: its pause, not a backoff grown by earlier network failures.
      delay = pause + Math.round(jitter * Math.min(250, pause * 0.1));
      waiting = {
        reason: `${this.describeAccount(lane.adapter.accountId)} rate limit reached — sends when the window reopens`,
        since: cancel.waiting?.since ?? now,
      };
    } else if (error.category === 'network') {
      // Unreachable (refused, reset, timed out, 5xx): try again soon, and at once when the venue answers again.
      lane.unreachableSince ??= now;
      delay = Math.min(delay, this.retry.maxUnreachableDelayMs);
      waiting = {
        reason: `${this.describeAccount(lane.adapter.accountId)} unreachable, sends on reconnect (${error.message})`,
        since: cancel.waiting?.since ?? now,
      };
    }
    this.book.apply(
      key,
      { status: 'cancel_requested', cancel: { ...cancel, lastError, ...(waiting && { waiting }) } },
      now,
    );
    lane.retryTimers.set(
      key,
      setTimeout(() => this.requeue(lane, key, true), delay),
    );
  }

  /**
   * A retry's time came (or the venue answered again): back in the queue, paced like any cancel. From a retry timer (`afterTimers`) the pump waits for the end of the timers phase:
   * the retries of one call fall due together, but a microtask runs between timer callbacks, so pumping
   * on one would send each order alone.
   */
  private requeue(lane: Lane, key: string, afterTimers = false): void {
    const timer = lane.retryTimers.get(key);
    if (timer) clearTimeout(timer);
    lane.retryTimers.delete(key);
    if (lane.stopped || this.book.get(key)?.status !== 'cancel_requested') return;
    if (!lane.queue.includes(key)) lane.queue.push(key);
    if (!afterTimers) {
      this.schedulePump(lane);
      return;
    }
    if (lane.pumpAfterTimersQueued) return;
    lane.pumpAfterTimersQueued = true;
    setImmediate(() => {
      lane.pumpAfterTimersQueued = false;
      this.schedulePump(lane);
    });
  }

  /**
   * The account's venue answered again (a stream reconnected, a listing came back): every cancel that waits
   * because the venue was unreachable goes out now, not at its next backoff tick.
   */
  venueReachable(accountId: string): void {
    const lane = this.lanes.get(accountId);
    if (!lane) return;
    for (const key of [...lane.retryTimers.keys()]) {
      if (this.book.get(key)?.cancel?.waiting) this.requeue(lane, key);
    }
  }

  /**
   * A call sent at `sentAt` answered after the venue had been unreachable (REST can be back well before the
   * stream is): what waits for the venue goes now — cancels queued with a retry, and the checks of cancels
   * whose confirmation was overdue while it was down (it may have closed them unseen). Those would otherwise
   * wait for their listing retry, spaced out while the venue was down (up to RECONCILE_RETRY_CAP_MS after a
   * long outage), or for the stream's resync. An answer to a call sent before the venue was lost says
   * nothing about now.
   */
  private venueAnsweredAgain(lane: Lane, sentAt: number): void {
    if (lane.unreachableSince === undefined || sentAt < lane.unreachableSince || lane.stopped) return;
    lane.unreachableSince = undefined;
    if (this.takeReconcileRetry(lane)) this.scheduleReconcile(lane);
    this.venueReachable(lane.adapter.accountId);
  }

  /**
   * "Stop trying" for an intent's unsettled orders or the given ones: a queued cancel is dropped and the order
   * is open again; one on the wire (or acknowledged) cannot be called back, so it settles as the venue says
   * but is never sent again.
   */
  stopTrying(target: { intentId: string } | { keys: readonly string[] }): StopCancelResult {
    const keys = 'intentId' in target ? this.intents.pendingKeys(target.intentId) : [...new Set(target.keys)];
    const result: StopCancelResult = { stopped: [], onWire: [] };
    const now = this.now();
    for (const key of keys) {
      const order = this.book.get(key);
      const lane = order ? this.lanes.get(order.accountId) : undefined;
      if (!order || !lane || !IN_FLIGHT_STATUSES.has(order.status)) continue;
      if (order.status === 'cancel_requested' && !lane.onWire.has(key)) {
        this.clearTimers(lane, key);
        const queued = lane.queue.indexOf(key);
        if (queued >= 0) lane.queue.splice(queued, 1);
        lane.acknowledged.delete(key);
        this.reopen(key, order, { code: 'stopped', message: STOPPED_BY_TRADER }, now);
        result.stopped.push(key);
      } else {
        lane.stoppedByTrader.add(key);
        lane.resends.set(key, MAX_RESENDS);
        result.onWire.push(key);
      }
    }
    this.audit.append({
      type: 'stop',
      ...('intentId' in target && { intentId: target.intentId }),
      keys: [...result.stopped, ...result.onWire],
      stopped: result.stopped,
      onWire: result.onWire,
    });
    return result;
  }

  /** The trader's intent has run out of time: the order is open again, with the reason. */
  private giveUp(lane: Lane, key: string, order: Order, error: ErrorInfo, now: number): void {
    lane.acknowledged.delete(key);
    this.clearTimers(lane, key);
    const minutes = Math.round(this.intentLifetimeMs / 6000) / 10;
    this.reopen(
      key,
      order,
      { code: error.code, message: `gave up after ${minutes} min: ${error.message}` },
      now,
    );
  }

  private expired(cancel: { requestedAt: number }, now: number): boolean {
    return now - cancel.requestedAt >= this.intentLifetimeMs;
  }

  private reopen(key: string, order: Order, error: ErrorInfo, now: number, amounts?: VenueOrder): void {
    const filled = amounts?.filled ?? order.filled;
    const { waiting: _done, ...cancel } = order.cancel ?? {
      intentId: 'unknown',
      requestedAt: now,
      attempts: 0,
    };
    this.book.apply(
      key,
      {
        status: isZero(filled) ? 'open' : 'partially_filled',
        ...(amounts
          ? { filled: amounts.filled, remaining: amounts.remaining, quantity: amounts.quantity }
          : {}),
        cancel: { ...cancel, doneAt: now, lastError: error },
      },
      now,
    );
  }

  private backoff(attempt: number, jitter: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling * (0.5 + jitter * 0.5));
  }

  private armDeadline(lane: Lane, key: string): void {
    const existing = lane.deadlines.get(key);
    if (existing) clearTimeout(existing);
    lane.deadlines.set(
      key,
      setTimeout(() => {
        lane.deadlines.delete(key);
        this.requestReconcile(lane, key);
      }, lane.adapter.capabilities.confirmDeadlineMs),
    );
  }

  private clearTimers(lane: Lane, key: string): void {
    const deadline = lane.deadlines.get(key);
    if (deadline) clearTimeout(deadline);
    lane.deadlines.delete(key);
    const retry = lane.retryTimers.get(key);
    if (retry) clearTimeout(retry);
    lane.retryTimers.delete(key);
  }

  /** The venue reported that an accepted cancel failed (e.g. a "cancellation failed" stream event). */
  venueCancelFailed(accountId: string, venueOrderId: string, error: VenueError): void {
    const lane = this.lanes.get(accountId);
    if (lane) this.handleFailure(lane, orderKey(accountId, venueOrderId), error);
  }

  // ----------------------------------------------------------- reconcile --

  private requestReconcile(lane: Lane, key: string): void {
    lane.reconcileWaiting.add(key);
    this.scheduleReconcile(lane);
  }

  /** A pass over the waiting keys soon (a running pass picks them up when it ends). */
  private scheduleReconcile(lane: Lane): void {
    if (lane.reconciling || lane.reconcileQueued) return;
    // Deadlines of one batch fire in the same timers phase: start after them, so one listing serves all.
    lane.reconcileQueued = true;
    setImmediate(() => {
      lane.reconcileQueued = false;
      if (!lane.reconciling && !lane.stopped) void this.runReconcile(lane);
    });
  }

  /**
   * After a reconnect (or at start): the listing is the truth for every
   * order of the account that is not final.
   */
  async resync(accountId: string): Promise<boolean> {
    const lane = this.lanes.get(accountId);
    if (!lane) return false;
    for (const order of this.book.forAccount(accountId)) {
      if (!FINAL_STATUSES.has(order.status)) lane.reconcileWaiting.add(order.key);
    }
    // A listing retry still pending is for keys this pass covers (every order not final), and its full
    // listing, if it asked for one, is this pass's.
    if (this.takeReconcileRetry(lane)) lane.reconcileWaiting.delete(FULL_LISTING_MARKER);
    // Resolved by the first full listing that starts after this call (not one already under way).
    const listed = new Promise<boolean>((resolve) => lane.listingWaiters.push(resolve));
    await this.runReconcile(lane, true);
    return listed;
  }

  private async runReconcile(lane: Lane, fullListing = false): Promise<void> {
    if (lane.reconciling) {
      // A pass is running; it picks up the waiting keys when it ends. A full resync must still insert new orders.
      if (fullListing) lane.reconcileWaiting.add(FULL_LISTING_MARKER);
      return;
    }
    lane.reconciling = true;
    try {
      while ((lane.reconcileWaiting.size > 0 || fullListing) && !lane.stopped) {
        const full = fullListing || lane.reconcileWaiting.delete(FULL_LISTING_MARKER);
        fullListing = false;
        const keys = [...lane.reconcileWaiting];
        lane.reconcileWaiting.clear();
        const waiters = full ? lane.listingWaiters.splice(0) : [];
        const listed = await this.reconcileOnce(lane, keys, full);
        for (const waiter of waiters) waiter(listed);
      }
    } finally {
      lane.reconciling = false;
    }
  }

  /** One pass; true when the venue's listing came back. */
  private async reconcileOnce(lane: Lane, keys: string[], insertNew: boolean): Promise<boolean> {
    const accountId = lane.adapter.accountId;
    // What the book knew when the listing was asked for: a later change makes the listing stale for that order.
    const versionsAtListing = new Map(keys.map((key) => [key, this.book.get(key)?.version]));
    let listing: VenueOrder[];
    const listingSentAt = this.now();
    try {
      listing = await lane.adapter.listOpenOrders();
    } catch (err) {
      if (lane.stopped) return false;
      const error = toVenueError(err);
      this.logger.warn('open-orders listing failed during reconcile', {
        accountId,
        code: error.code,
        error: error.message,
      });
      this.audit.append({
        type: 'reconcile',
        accountId,
        keys,
        result: 'listing_failed',
        error: error.message,
      });
      // Only a listing marks the venue unreachable here: a lookup failing after a listing that came back
      // keeps its retry's backoff (the venue answers; an answer would otherwise restart that retry at once).
      if (error.category === 'network') lane.unreachableSince ??= listingSentAt;
      this.retryReconcileLater(lane, keys, error, insertNew);
      return false;
    }
    if (lane.stopped) return false;
    lane.listingFailures = 0;
    this.venueAnsweredAgain(lane, listingSentAt);
    const now = this.now();
    const listed = new Map(listing.map((order) => [order.venueOrderId, order]));
    const lookupRetry: string[] = [];
    if (insertNew) {
      for (const venueOrder of listing) {
        if (!this.book.get(orderKey(accountId, venueOrder.venueOrderId))) {
          const inserted = this.book.applyVenueOrder(lane.adapter, venueOrder, now);
          // Listed as already cancelling (by another client, or before a restart): it needs a deadline too.
          if (inserted) this.venueReported(inserted);
        }
      }
    }
    const absent = keys
      .map((key) => this.book.get(key))
      .filter((order): order is Order => !!order && !listed.has(order.venueOrderId));
    const lookups = await this.lookup(lane, absent);
    if (lane.stopped) return false;
    const decisions: Record<string, string> = {};
    for (const key of keys) {
      const order = this.book.get(key);
      if (!order || FINAL_STATUSES.has(order.status)) continue;
      const inFlight = IN_FLIGHT_STATUSES.has(order.status);
      // The order changed after the listing was asked for (a cancel sent, a fill or an acknowledgement
      // received meanwhile): the listing is older than what we know and cannot judge it.
      if (lane.onWire.has(key) || order.version !== versionsAtListing.get(key)) {
        if (inFlight && !lane.onWire.has(key) && !lane.deadlines.has(key) && !lane.retryTimers.has(key)) {
          this.armDeadline(lane, key);
        }
        continue;
      }
      const lookedUp = lookups.found.get(order.venueOrderId);
      // A cancel of ours still waits to go out (queued, or retrying after an unreachable venue): its own
      // answer settles the order, unless the venue already says how it ended.
      if (
        order.status === 'cancel_requested' &&
        !(lookedUp && FINAL_STATUSES.has(lookedUp.status)) &&
        (lane.retryTimers.has(key) ||
          lane.queue.includes(key) ||
          lane.bulkJobs.some((job) => job.keys.includes(key)))
      ) {
        continue;
      }
      const venueOrder = listed.get(order.venueOrderId);
      const notLookedUp =
        !!lane.adapter.lookupOrders && !venueOrder && !lookups.checked.has(order.venueOrderId);
      if (notLookedUp) {
        // Gone from the listing and not looked up yet: never guessed. Beyond this pass's lookups its turn
        // comes next pass; a lookup that failed is tried again later. Neither counts as a round.
        if (lookups.failed) lookupRetry.push(key);
        else this.requestReconcile(lane, key);
        continue;
      }
      const round = (lane.reconcileRounds.get(key) ?? 0) + 1;
      lane.reconcileRounds.set(key, round);
      // A cancel still inside its deadline and still listed is simply not confirmed yet.
      if (inFlight && venueOrder && lane.deadlines.has(key)) continue;
      if (order.status === 'cancel_requested' && venueOrder) continue;
      const decision = decideReconcile(order, venueOrder, lookups.found.get(order.venueOrderId), {
        acknowledged: lane.acknowledged.has(key),
        round,
        maxRounds: MAX_RECONCILE_ROUNDS,
        lookupPending: notLookedUp,
        resends: lane.resends.get(key) ?? 0,
        maxResends: MAX_RESENDS,
      });
      decisions[key] = decision.action;
      this.applyDecision(lane, key, order, decision, now);
    }
    this.audit.append({ type: 'reconcile', accountId, keys, listed: listing.length, decisions });
    if (lookupRetry.length > 0) {
      this.retryReconcileLater(lane, lookupRetry, lookups.error ?? LOOKUP_FAILED, false);
    }
    // The venue answers: whatever waited for it goes out now.
    this.venueReachable(accountId);
    return true;
  }

  /**
   * Looks up at most LOOKUPS_PER_PASS absent orders (each may cost the venue a
   * request); `checked` says which were, so the rest wait for the next pass.
   */
  private async lookup(
    lane: Lane,
    absent: Order[],
  ): Promise<{ found: Map<string, VenueOrder>; checked: Set<string>; failed: boolean; error?: VenueError }> {
    const found = new Map<string, VenueOrder>();
    const checked = new Set<string>();
    if (absent.length === 0 || !lane.adapter.lookupOrders) return { found, checked, failed: false };
    const batch = absent.slice(0, LOOKUPS_PER_PASS);
    let failed = false;
    let error: VenueError | undefined;
    try {
      const orders = await lane.adapter.lookupOrders(
        batch.map((order) => ({ venueOrderId: order.venueOrderId, market: order.market })),
      );
      for (const order of orders) found.set(order.venueOrderId, order);
      for (const order of batch) checked.add(order.venueOrderId);
    } catch (err) {
      failed = true;
      error = toVenueError(err);
      this.logger.warn('order lookup failed during reconcile', {
        accountId: lane.adapter.accountId,
        error: error.message,
      });
    }
    return { found, checked, failed, ...(error && { error }) };
  }

  private applyDecision(
    lane: Lane,
    key: string,
    order: Order,
    decision: ReturnType<typeof decideReconcile>,
    now: number,
  ): void {
    switch (decision.action) {
      case 'keep-waiting':
        this.armDeadline(lane, key);
        return;
      case 'final':
        this.book.applyVenueOrder(lane.adapter, decision.order, now);
        return;
      case 'cancelled':
        this.book.apply(
          key,
          {
            status: 'cancelled',
            statusReason: decision.reason,
            cancel: order.cancel ? { ...order.cancel, doneAt: now } : undefined,
          },
          now,
        );
        return;
      case 'reopen': {
        lane.acknowledged.delete(key);
        // Keep the venue's own reason (e.g. "order could not be cancelled") when it gave one.
        const venueError = order.cancel?.lastError;
        const error = venueError
          ? { code: venueError.code, message: `${venueError.message} — order still open` }
          : decision.error;
        this.reopen(key, order, error, now, decision.order);
        return;
      }
      case 'refresh':
        this.book.applyVenueOrder(lane.adapter, decision.order, now);
        return;
      case 'resend': {
        lane.resends.set(key, (lane.resends.get(key) ?? 0) + 1);
        lane.acknowledged.delete(key);
        this.clearTimers(lane, key);
        if (order.cancel) this.book.apply(key, { status: 'cancel_requested', cancel: order.cancel }, now);
        this.requeue(lane, key);
        return;
      }
      case 'unknown':
        this.book.apply(
          key,
          {
            status: 'unknown',
            statusReason: decision.reason,
            cancel: order.cancel ? { ...order.cancel, doneAt: now } : undefined,
          },
          now,
        );
        return;
    }
  }

  private retryReconcileLater(lane: Lane, keys: string[], error: VenueError, full: boolean): void {
    const now = this.now();
    const retryKeys: string[] = [];
    for (const key of keys) {
      const order = this.book.get(key);
      if (!order || FINAL_STATUSES.has(order.status)) continue;
      // A venue that cannot be asked is not an answer: the order waits for the venue until its intent's
      // lifetime ends, and only then says it could not be confirmed.
      if (IN_FLIGHT_STATUSES.has(order.status) && order.cancel && this.expired(order.cancel, now)) {
        this.book.apply(
          key,
          {
            status: 'unknown',
            statusReason: `could not reach the venue to confirm the cancel: ${error.message}`,
            cancel: order.cancel
              ? { ...order.cancel, doneAt: now, lastError: { code: error.code, message: error.message } }
              : undefined,
          },
          now,
        );
      } else {
        retryKeys.push(key);
      }
    }
    if (retryKeys.length === 0 && !full) return;
    lane.listingFailures += 1;
    // One retry timer per account collects every key that waits for it: a later failure adds to it and
    // never drops what an earlier one left there.
    for (const key of retryKeys) lane.reconcileRetryKeys.add(key);
    if (full) lane.reconcileRetryKeys.add(FULL_LISTING_MARKER);
    if (lane.reconcileRetryTimer) return;
    const delay = Math.min(RECONCILE_RETRY_CAP_MS, RECONCILE_RETRY_MS * 2 ** (lane.listingFailures - 1));
    lane.reconcileRetryTimer = setTimeout(() => {
      if (lane.stopped) return;
      this.takeReconcileRetry(lane);
      if (!lane.reconciling) void this.runReconcile(lane);
    }, delay);
  }

  /**
   * The pending listing retry, taken now (its time came, or the venue answered, or a resync covers it): its
   * keys join the waiting ones for the next pass. False when none was pending.
   */
  private takeReconcileRetry(lane: Lane): boolean {
    if (!lane.reconcileRetryTimer) return false;
    clearTimeout(lane.reconcileRetryTimer);
    lane.reconcileRetryTimer = undefined;
    for (const key of lane.reconcileRetryKeys) lane.reconcileWaiting.add(key);
    lane.reconcileRetryKeys.clear();
    return true;
  }
}

/** Sentinel in `reconcileWaiting` asking the next pass to insert orders the book lacks. */
const FULL_LISTING_MARKER = '\u0000full-listing';

const STOPPED_BY_TRADER = 'stopped by the trader';
/** Unknown keys quoted in the audit record of one request (the rest are counted). */
const AUDITED_UNKNOWN_KEYS = 20;

const LOOKUP_FAILED: VenueError = {
  category: 'network',
  code: 'lookup_failed',
  message: 'order lookup failed',
};
