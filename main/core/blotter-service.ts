/**
 * The core's front door: owns the book, the cancel engine, the audit log and
 * the venue accounts, and implements what `window.blotter` offers. Plain
 * Node — main/ wires it to Electron IPC, main/host/ to a loopback WebSocket.
 */
import {
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
  type Order,
  type OrderAuditTrail,
  type Snapshot,
} from '../../preload/contract.ts';
import { previewOrders } from '../../preload/notional.ts';
import type { AuditSink } from './audit-log.ts';
import { exportAudit, orderTrail } from './audit-query.ts';
import { CancelEngine } from './cancel-engine.ts';
import { CancelLatencyTracker } from './cancel-latency.ts';
import type { Logger } from './log.ts';
import { OrderBook, orderKey } from './order-book.ts';
import { UpdateCoalescer } from './update-coalescer.ts';
import type { AdapterEvents, VenueAdapter } from './venue.ts';

export interface AccountRegistration {
  adapter: VenueAdapter;
  label: string;
  demo: boolean;
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
  /** Ack/confirm latency of recent cancels per account, for the health report. */
  readonly latency: CancelLatencyTracker;
  private readonly audit: AuditSink;
  private readonly logger: Logger;
  private readonly accounts = new Map<string, AccountEntry>();
  private readonly listeners = new Set<UpdateListener>();
  private readonly coalescer: UpdateCoalescer;
  private modeValue: BlotterMode;
  /** Number of updates sent so far; a snapshot carries it, each update the next one. */
  private updateSeq = 0;

  constructor(options: { mode: BlotterMode; audit: AuditSink; logger: Logger; random?: () => number }) {
    this.modeValue = options.mode;
    this.audit = options.audit;
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
    });
    this.book.onChange((order) => this.coalescer.order(order));
    this.latency = new CancelLatencyTracker(this.book);
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

  hasAccount(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  // ------------------------------------------------------------ accounts --

  /** Registers an account, connects its streams and loads its open orders. */
  async addAccount(registration: AccountRegistration): Promise<void> {
    const { adapter } = registration;
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
  }

  async removeAccount(accountId: string): Promise<void> {
    const entry = this.accounts.get(accountId);
    if (!entry) return;
    this.accounts.delete(accountId);
    this.engine.removeAccount(accountId);
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
        ...this.latency.stats(status.accountId),
        confirmDeadlineMs: adapter.capabilities.confirmDeadlineMs,
      })),
    };
  }

  auditQuery(query: AuditQuery): OrderAuditTrail {
    return orderTrail(this.audit, query);
  }

  auditExport(request: AuditExportRequest): Promise<AuditExport> {
    return exportAudit(this.audit, request);
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
    return { ...previewOrders(orders), keys: orders.map((order) => order.key) };
  }

  cancelScope(request: CancelScopeRequest): CancelAck {
    const keys = this.matchScope(request.scope).map((order) => order.key);
    if (keys.length === 0) {
      return { intentId: '', accepted: [], joined: [], alreadyFinal: [], unknownKeys: [] };
    }
    return this.engine.cancel(keys, request.source);
  }

  private matchScope(scope: CancelScope): Order[] {
    const venues = scope.venues ? new Set(scope.venues) : undefined;
    const accountIds = scope.accountIds ? new Set(scope.accountIds) : undefined;
    const markets = scope.markets ? new Set(scope.markets) : undefined;
    return this.book
      .all()
      .filter(
        (order) =>
          !FINAL_STATUSES.has(order.status) &&
          (!venues || venues.has(order.venue)) &&
          (!accountIds || accountIds.has(order.accountId)) &&
          (!markets || markets.has(order.market)) &&
          (!scope.side || order.side === scope.side),
      );
  }

  async stop(): Promise<void> {
    this.coalescer.stop();
    this.engine.stop();
    await Promise.all([...this.accounts.values()].map((entry) => entry.adapter.stop().catch(() => {})));
    this.accounts.clear();
    await this.audit.close();
  }
}
