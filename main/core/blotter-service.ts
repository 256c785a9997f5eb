/**
 * The core's front door: owns the book, the cancel engine, the audit log and
 * the venue accounts, and implements what `window.blotter` offers. Plain
 * Node — main/ wires it to Electron IPC, main/host/ to a loopback WebSocket.
 */
import {
  type AccountPlan,
  type AccountStatus,
  type AuditExport,
  type AuditExportRequest,
  type AuditQuery,
  type BlotterMode,
  type BlotterUpdate,
  type CancelAck,
  type CancelPreview,
  type CancelRequest,
  type CancelScope,
  type CancelScopeRequest,
  type ConnectionState,
  FINAL_STATUSES,
  type HealthReport,
  IN_FLIGHT_STATUSES,
  type IntentSource,
  type Order,
  type OrderAuditTrail,
  type ProtectionAccountState,
  type ProtectionQuitRequest,
  type ProtectionQuitResult,
  type ProtectionState,
  type SetProtectionRequest,
  type Snapshot,
  type StopCancelRequest,
  type StopCancelResult,
  VENUE_LABELS,
} from '../../preload/contract.ts';
import { previewOrders } from '../../preload/notional.ts';
import { LifecycleAudit } from './audit-lifecycle.ts';
import type { AuditSink } from './audit-log.ts';
import { exportAudit, orderTrail } from './audit-query.ts';
import { type BulkPlan, CancelEngine } from './cancel-engine.ts';
import { CancelLatencyTracker } from './cancel-latency.ts';
import { FlatnessVerifier, inScope } from './flatness.ts';
import type { Logger } from './log.ts';
import { OrderBook, orderKey } from './order-book.ts';
import { type GuardedAccount, ProtectionGuards } from './protection/guards.ts';
import { MemoryPolicyStore, type PolicyStore } from './protection/policy-store.ts';
import { scrubbingAdapter } from './scrub.ts';
import { UpdateCoalescer } from './update-coalescer.ts';
import type { AdapterEvents, VenueAdapter } from './venue.ts';

export interface AccountRegistration {
  adapter: VenueAdapter;
  label: string;
  demo: boolean;
  /**
   * The account's credential values: whatever the adapter reports or throws is scrubbed of them before it
   * reaches the book, the renderer, the logs or the audit log (a venue that echoes a key).
   */
  secrets?: readonly string[];
}

interface AccountEntry {
  adapter: VenueAdapter;
  status: AccountStatus;
  malformed: number;
}

export type UpdateListener = (update: BlotterUpdate) => void;

export class BlotterService {
  readonly book = new OrderBook();
  readonly engine: CancelEngine;
  private readonly flatness: FlatnessVerifier;
  private readonly nativeBulk: boolean;
  /** Ack/confirm latency of recent cancels per account, for the health report. */
  readonly latency: CancelLatencyTracker;
  /** The log, with the orders' lifecycle (seen, fills) collected beside the cancel steps. */
  private readonly audit: LifecycleAudit;
  private readonly logger: Logger;
  /** Protection while away: cancel-on-reconnect, trip wires, the venue's dead-man switch, quitting. */
  readonly protection: ProtectionGuards;
  private readonly accounts = new Map<string, AccountEntry>();
  private readonly listeners = new Set<UpdateListener>();
  private readonly coalescer: UpdateCoalescer;
  private modeValue: BlotterMode;
  /** Number of updates sent so far; a snapshot carries it, each update the next one. */
  private updateSeq = 0;

  constructor(options: {
    mode: BlotterMode;
    audit: AuditSink;
    logger: Logger;
    random?: () => number;
    /** How long a cancel keeps trying while venues are down (default: the engine's, minutes). */
    intentLifetimeMs?: number;
    /** Use the venues' own bulk cancels where they cancel exactly the scope (default true; benchmarks compare). */
    nativeBulk?: boolean;
    /** Where protection policies persist (default: memory, for this run only). */
    protectionPolicies?: PolicyStore;
  }) {
    this.nativeBulk = options.nativeBulk ?? true;
    this.modeValue = options.mode;
    this.audit = new LifecycleAudit(options.audit, {
      labelOf: (accountId) => this.accounts.get(accountId)?.status.label,
    });
    // Before the engine's listener: a fill that ends an order is logged before the order's final entry.
    this.book.onChange((order, previous) => this.audit.observe(order, previous));
    this.logger = options.logger;
    this.coalescer = new UpdateCoalescer(
      // Every update gets the next number, so none is mistaken for one the renderer already holds.
      () => ++this.updateSeq,
      (update) => {
        for (const listener of this.listeners) listener(update);
      },
    );
    this.engine = new CancelEngine({
      book: this.book,
      audit: this.audit,
      logger: this.logger,
      random: options.random,
      onIntentProgress: (progress) => this.coalescer.intent(progress),
      ...(options.intentLifetimeMs !== undefined && { intentLifetimeMs: options.intentLifetimeMs }),
      describeAccount: (accountId) => this.accountName(accountId),
    });
    this.flatness = new FlatnessVerifier({
      engine: this.engine,
      book: this.book,
      logger: this.logger,
      accounts: () =>
        [...this.accounts.values()].map(({ status }) => ({
          accountId: status.accountId,
          venue: status.venue,
          label: status.label,
        })),
      report: (intentId, source, progress, finished) =>
        this.engine.reportFlatness(intentId, source, progress, finished),
    });
    this.book.onChange((order) => this.coalescer.order(order));
    this.book.onRefusedMove = (key, from, to) =>
      this.logger.error('refused an order status move', { key, from, to });
    this.latency = new CancelLatencyTracker(this.book);
    this.protection = new ProtectionGuards(
      {
        accounts: () => [...this.accounts.values()].map((entry) => this.guarded(entry)),
        account: (accountId) => {
          const entry = this.accounts.get(accountId);
          return entry ? this.guarded(entry) : undefined;
        },
        restingOrders: (accountId) =>
          this.book.forAccount(accountId).filter((order) => !FINAL_STATUSES.has(order.status)),
        ackLatency: (accountId) => {
          const stats = this.latency.stats(accountId);
          return {
            ...(stats.ackP95Ms !== undefined && { p95Ms: stats.ackP95Ms }),
            samples: stats.ackSamples,
          };
        },
        cancelAccount: (accountId) =>
          this.cancelScope({ scope: { accountIds: [accountId] }, source: 'guard' }),
        waitForIntent: (intentId, timeoutMs) => this.waitForIntent(intentId, timeoutMs),
        audit: (entry) => this.audit.append(entry),
        notify: (notice) => this.coalescer.notice(notice),
        logger: this.logger.child({ component: 'protection' }),
      },
      options.protectionPolicies ?? new MemoryPolicyStore(),
    );
  }

  private guarded({ adapter, status }: AccountEntry): GuardedAccount {
    return {
      accountId: status.accountId,
      venue: status.venue,
      label: status.label,
      name: this.accountName(status.accountId),
      connection: status.connection,
      ...(status.lastMessageAt !== undefined && { lastMessageAt: status.lastMessageAt }),
      ...(adapter.deadManSwitch && { deadManSwitch: adapter.deadManSwitch }),
    };
  }

  /** Resolves true once the intent is done, false when `timeoutMs` passed first. */
  private async waitForIntent(intentId: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const intent = this.engine.recentIntents().find((each) => each.intentId === intentId);
      if (!intent || intent.doneAt !== undefined)
        return intent !== undefined && intent.failed === 0 && intent.pending === 0;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get mode(): BlotterMode {
    return this.modeValue;
  }

  /** Demo ⇄ live. Subscribers are told to fetch a fresh snapshot. */
  setMode(mode: BlotterMode): void {
    if (mode === this.modeValue) return;
    this.modeValue = mode;
    this.coalescer.resync();
  }

  /** "Rails Main desk" for messages; the id when the account is gone. */
  private accountName(accountId: string): string {
    const status = this.accounts.get(accountId)?.status;
    if (!status) return accountId;
    const venue = VENUE_LABELS[status.venue];
    // "OX.FUN demo", not "OX.FUN OX.FUN demo"; "Rails Main desk" for a label that does not name the venue.
    return status.label.toLowerCase().startsWith(venue.toLowerCase())
      ? status.label
      : `${venue} ${status.label}`;
  }

  hasAccount(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  // ------------------------------------------------------------ accounts --

  /** Registers an account, connects its streams and loads its open orders. */
  async addAccount(registration: AccountRegistration): Promise<void> {
    const adapter = registration.secrets
      ? scrubbingAdapter(registration.adapter, registration.secrets)
      : registration.adapter;
    if (this.accounts.has(adapter.accountId)) throw new Error(`account ${adapter.accountId} already added`);
    const entry: AccountEntry = {
      adapter,
      malformed: 0,
      status: {
        accountId: adapter.accountId,
        venue: adapter.venue,
        label: registration.label,
        demo: registration.demo,
        connection: 'connecting',
      },
    };
    this.accounts.set(adapter.accountId, entry);
    this.engine.addAccount(adapter);
    this.coalescer.account({ ...entry.status });
    await adapter.start(this.eventsFor(entry));
    await this.engine.resync(adapter.accountId);
    // After the first listing: a dead-man switch that arms the markets of resting orders knows them now.
    if (this.accounts.get(adapter.accountId) === entry) this.protection.accountAdded(adapter.accountId);
  }

  async removeAccount(accountId: string): Promise<void> {
    const entry = this.accounts.get(accountId);
    if (!entry) return;
    this.accounts.delete(accountId);
    this.engine.removeAccount(accountId);
    await this.protection.accountRemoved(accountId);
    await entry.adapter.stop();
  }

  /**
   * Removes an account and forgets its orders (the account was disabled or
   * deleted, or the mode switched). A cancel still in flight ends `unknown`
   * first, so its intent settles and says why; subscribers are told to fetch
   * a fresh snapshot, as deltas cannot express a removal.
   */
  async dropAccount(accountId: string): Promise<void> {
    const now = Date.now();
    for (const order of this.book.forAccount(accountId)) {
      if (IN_FLIGHT_STATUSES.has(order.status)) {
        this.book.apply(
          order.key,
          { status: 'unknown', statusReason: 'account disconnected while cancelling' },
          now,
        );
      }
    }
    await this.removeAccount(accountId);
    this.book.dropAccount(accountId);
    this.coalescer.resync();
  }

  private eventsFor(entry: AccountEntry): AdapterEvents {
    const { adapter } = entry;
    const log = this.logger.child({ venue: adapter.venue, accountId: adapter.accountId });
    // An adapter may still report while it stops: nothing of a removed account reaches the book.
    const current = () => this.accounts.get(adapter.accountId) === entry;
    return {
      order: (venueOrder) => {
        if (!current()) return;
        const order = this.book.applyVenueOrder(adapter, venueOrder, Date.now());
        if (order) this.engine.venueReported(order);
      },
      cancelFailed: (venueOrderId, error) => {
        if (!current()) return;
        this.audit.append({
          type: 'venue_reply',
          accountId: adapter.accountId,
          keys: [orderKey(adapter.accountId, venueOrderId)],
          asyncFailure: error,
        });
        this.engine.venueCancelFailed(adapter.accountId, venueOrderId, error);
      },
      connection: (state, detail) => {
        if (current()) this.setConnection(entry, state, detail, log);
      },
      heartbeat: () => {
        entry.status.lastMessageAt = Date.now();
      },
      malformed: (description) => {
        entry.malformed += 1;
        log.warn('dropped a malformed venue message', { description, count: entry.malformed });
      },
    };
  }

  private setConnection(
    entry: AccountEntry,
    state: ConnectionState,
    detail: string | undefined,
    log: Logger,
  ): void {
    const previous = entry.status.connection;
    entry.status = { ...entry.status, connection: state, detail };
    this.coalescer.account({ ...entry.status });
    if (state !== previous) log.info('venue connection', { state, detail });
    // Before queued cancels go out and before the reconcile: cancel-on-reconnect cancels everything first.
    if (state !== previous) this.protection.connectionChanged(entry.adapter.accountId, state);
    // The venue answers again: cancels queued while it was unreachable go out now.
    if (state === 'connected') this.engine.venueReachable(entry.adapter.accountId);
    // A reconnect (or a recovery from down) may have hidden confirmations and fills: the listing is the truth again.
    if (state === 'connected' && (previous === 'reconnecting' || previous === 'down')) {
      void this.engine.resync(entry.adapter.accountId).catch((err: unknown) => {
        log.error('reconcile after reconnect failed', {
          error: err instanceof Error ? err.message : String(err),
        });
      });
    }
  }

  malformedCount(accountId: string): number {
    return this.accounts.get(accountId)?.malformed ?? 0;
  }

  // --------------------------------------------------------------- reads --

  snapshot(): Snapshot {
    return {
      mode: this.modeValue,
      orders: this.book.all(),
      accounts: [...this.accounts.values()].map((entry) => ({ ...entry.status })),
      intents: this.engine.recentIntents(),
      version: this.updateSeq,
    };
  }

  /** Connection, last message age and median cancel latencies per account. */
  health(now = Date.now()): HealthReport {
    return {
      at: now,
      accounts: [...this.accounts.values()].map(({ adapter, status }) => ({
        accountId: status.accountId,
        venue: status.venue,
        label: status.label,
        connection: status.connection,
        detail: status.detail,
        lastMessageAt: status.lastMessageAt,
        lastMessageAgeMs:
          status.lastMessageAt === undefined ? undefined : Math.max(0, now - status.lastMessageAt),
        ...this.latencyHealth(status.accountId),
        confirmDeadlineMs: adapter.capabilities.confirmDeadlineMs,
        ...this.protectionHealth(status.accountId),
      })),
    };
  }

  private latencyHealth(accountId: string) {
    const { samples, ackMedianMs, confirmMedianMs, ackP95Ms } = this.latency.stats(accountId);
    return { samples, ackMedianMs, confirmMedianMs, ...(ackP95Ms !== undefined && { ackP95Ms }) };
  }

  private protectionHealth(accountId: string) {
    const state = this.protection.summary(accountId);
    if (!state) return {};
    return {
      protection: {
        ...state.map,
        ...(state.deadManSwitch && { deadManSwitch: state.deadManSwitch }),
      },
    };
  }

  // ---------------------------------------------------------- protection --

  protectionState(): ProtectionState {
    return this.protection.state();
  }

  setProtection(request: SetProtectionRequest): Promise<ProtectionAccountState> {
    return this.protection.setPolicy(request.accountId, request.policy);
  }

  /** What quitting does (cancel-all-on-quit, the dead-man switch kept or removed); nothing fires after it. */
  protectionQuit(request: ProtectionQuitRequest): Promise<ProtectionQuitResult> {
    return this.protection.quit(request.deadManSwitch);
  }

  auditQuery(query: AuditQuery): OrderAuditTrail {
    return orderTrail(this.audit, query);
  }

  auditExport(request: AuditExportRequest): Promise<AuditExport> {
    this.audit.drain();
    return exportAudit(this.audit.sink, request, Date.now(), {
      order: (key) => this.book.get(key),
      accountLabel: (accountId) => this.accounts.get(accountId)?.status.label,
    });
  }

  subscribe(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---------------------------------------------------------- cancelling --

  cancel(request: CancelRequest): CancelAck {
    return this.engine.cancel(request.keys, request.source);
  }

  previewCancel(scope: CancelScope): CancelPreview {
    const orders = this.matchScope(scope);
    return {
      ...previewOrders(orders),
      keys: orders.map((order) => order.key),
      plan: this.plan(scope, orders, this.bulkPlans(scope, orders)),
    };
  }

  /** Per account in scope: the calls, the budget, an estimate, and what a venue that is down means for it. */
  private plan(scope: CancelScope, orders: readonly Order[], bulk: readonly BulkPlan[]): AccountPlan[] {
    const plans: AccountPlan[] = [];
    for (const { status } of this.accounts.values()) {
      if (scope.venues && !scope.venues.includes(status.venue)) continue;
      if (scope.accountIds && !scope.accountIds.includes(status.accountId)) continue;
      const mine = orders.filter((order) => order.accountId === status.accountId);
      const plan = this.engine.planCancel(status.accountId, mine, bulk);
      if (!plan) continue;
      const minutes = Math.round(this.engine.intentLifetimeMs / 60_000);
      plans.push({
        accountId: status.accountId,
        venue: status.venue,
        label: status.label,
        orders: mine.length,
        ...plan,
        connection: status.connection,
        ...(status.connection !== 'connected' && {
          warning: `${VENUE_LABELS[status.venue]} is ${status.connection}: its orders queue and are sent when it answers (for up to ${minutes} min)`,
        }),
      });
    }
    return plans;
  }

  /**
   * Cancels what the scope covers now, then makes sure of it: every account in scope is listed again until
   * the venue shows nothing open in the scope (orders placed elsewhere included), see FlatnessVerifier.
   */
  cancelScope(request: Omit<CancelScopeRequest, 'source'> & { source: IntentSource }): CancelAck {
    const orders = this.matchScope(request.scope);
    const ack = this.engine.cancel(
      orders.map((order) => order.key),
      request.source,
      undefined,
      this.bulkPlans(request.scope, orders),
    );
    this.flatness.verify(ack.intentId, request.scope, request.source);
    return ack;
  }

  stopCancel(request: StopCancelRequest): StopCancelResult {
    const result = this.engine.stopTrying(
      request.intentId !== undefined ? { intentId: request.intentId } : { keys: request.keys ?? [] },
    );
    if (request.intentId !== undefined) this.flatness.stopIntent(request.intentId);
    return result;
  }

  /**
   * Where the venue's own bulk cancel cancels exactly the scope — never broader: no side filter, and either
   * the whole account (no market filter) or whole markets of it. The venue then also takes orders in those
   * markets the blotter does not know yet, which is what the scope asks for.
   */
  private bulkPlans(scope: CancelScope, orders: readonly Order[]): BulkPlan[] {
    if (!this.nativeBulk || scope.side) return [];
    const plans: BulkPlan[] = [];
    for (const { adapter, status } of this.accounts.values()) {
      const bulk = adapter.capabilities.bulkCancel;
      if (!bulk || !adapter.cancelAllOrders) continue;
      if (scope.venues && !scope.venues.includes(status.venue)) continue;
      if (scope.accountIds && !scope.accountIds.includes(status.accountId)) continue;
      const markets = new Set(
        orders.filter((order) => order.accountId === status.accountId).map((order) => order.market),
      );
      if (markets.size === 0) continue;
      if (!scope.markets && bulk.account) plans.push({ accountId: status.accountId });
      else if (bulk.market) for (const market of markets) plans.push({ accountId: status.accountId, market });
    }
    return plans;
  }

  private matchScope(scope: CancelScope): Order[] {
    return this.book.all().filter((order) => !FINAL_STATUSES.has(order.status) && inScope(scope, order));
  }

  async stop(): Promise<void> {
    // First: a graceful stop trips no guard (links going down as adapters stop are no loss).
    await this.protection.stop();
    this.coalescer.stop();
    this.flatness.stop();
    this.engine.stop();
    await Promise.all([...this.accounts.values()].map((entry) => entry.adapter.stop().catch(() => {})));
    this.accounts.clear();
    await this.audit.close();
  }
}
