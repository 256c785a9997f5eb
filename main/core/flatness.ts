/**
 * "Cancel all" means "make me flat". After a scope or panic cancel, each
 * account in scope is listed again, from the venue, until it shows no open
 * order in the scope — orders placed from another client or that appeared
 * while we cancelled included (the listing inserts them, the same intent
 * cancels them). An account the venue cannot be asked stays `checking` and
 * is asked again with backoff until the intent's lifetime ends; orders the
 * venue refused to cancel (maintenance, closed) are `left` with its reason,
 * for the trader to retry.
 */
import {
  type AccountFlatness,
  type CancelAck,
  type CancelScope,
  FINAL_STATUSES,
  type FlatnessProgress,
  IN_FLIGHT_STATUSES,
  type IntentSource,
  type Order,
  type VenueId,
} from '../../preload/contract.ts';
import type { Logger } from './log.ts';
import type { OrderBook } from './order-book.ts';

/** Pause between looks while orders of the account are still being cancelled. */
export const FLATNESS_SETTLE_MS = 250;
/** First pause after a failed listing; doubles per failure up to the cap. */
const LISTING_RETRY_MS = 500;
const LISTING_RETRY_CAP_MS = 5000;

export interface FlatnessEngine {
  readonly intentLifetimeMs: number;
  /** A full listing of the account that starts after the call; true when the venue answered. */
  resync(accountId: string): Promise<boolean>;
  cancel(keys: readonly string[], source: IntentSource, extendIntent?: string): CancelAck;
}

export interface FlatnessAccount {
  accountId: string;
  venue: VenueId;
  label: string;
}

export interface FlatnessOptions {
  engine: FlatnessEngine;
  book: OrderBook;
  logger: Logger;
  /** The accounts registered now. */
  accounts(): FlatnessAccount[];
  report(intentId: string, source: IntentSource, progress: FlatnessProgress, finished: boolean): void;
  now?: () => number;
}

export function inScope(scope: CancelScope, order: Order): boolean {
  return (
    (!scope.venues || scope.venues.includes(order.venue)) &&
    (!scope.accountIds || scope.accountIds.includes(order.accountId)) &&
    (!scope.markets || scope.markets.includes(order.market)) &&
    (!scope.side || order.side === scope.side)
  );
}

interface AccountCheck extends FlatnessAccount {
  state: AccountFlatness;
  left: number;
  reason?: string;
  listingFailures: number;
  timer?: ReturnType<typeof setTimeout>;
  running: boolean;
}

interface Verification {
  intentId: string;
  scope: CancelScope;
  source: IntentSource;
  startedAt: number;
  accounts: AccountCheck[];
  flatAt?: number;
  finished: boolean;
}

export class FlatnessVerifier {
  private readonly options: FlatnessOptions;
  private readonly now: () => number;
  private readonly running = new Set<Verification>();
  private stopped = false;

  constructor(options: FlatnessOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** Starts checking the accounts the scope covers for the intent `intentId`. */
  verify(intentId: string, scope: CancelScope, source: IntentSource): void {
    if (this.stopped) return;
    const accounts = this.options
      .accounts()
      .filter(
        (account) =>
          (!scope.venues || scope.venues.includes(account.venue)) &&
          (!scope.accountIds || scope.accountIds.includes(account.accountId)),
      )
      .map<AccountCheck>((account) => ({
        ...account,
        state: 'checking',
        left: 0,
        reason: 'listing the venue',
        listingFailures: 0,
        running: false,
      }));
    const verification: Verification = {
      intentId,
      scope,
      source,
      startedAt: this.now(),
      accounts,
      finished: false,
    };
    this.running.add(verification);
    this.publish(verification);
    for (const account of accounts) this.schedule(verification, account, 0);
  }

  /** The trader stopped the intent: accounts still being checked end `left`, saying so. */
  stopIntent(intentId: string): void {
    for (const verification of this.running) {
      if (verification.intentId !== intentId) continue;
      for (const account of verification.accounts) {
        if (account.timer) clearTimeout(account.timer);
        account.timer = undefined;
      }
      for (const account of verification.accounts) {
        if (account.state === 'checking')
          this.update(verification, account, 'left', account.left, 'stopped by the trader');
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const verification of this.running) {
      for (const account of verification.accounts) if (account.timer) clearTimeout(account.timer);
    }
    this.running.clear();
  }

  private schedule(verification: Verification, account: AccountCheck, delayMs: number): void {
    if (this.stopped || verification.finished) return;
    if (account.timer) clearTimeout(account.timer);
    account.timer = setTimeout(() => {
      account.timer = undefined;
      void this.look(verification, account).catch((err: unknown) => {
        this.options.logger.error('flatness check failed', {
          accountId: account.accountId,
          error: err instanceof Error ? err.message : String(err),
        });
        this.schedule(verification, account, LISTING_RETRY_CAP_MS);
      });
    }, delayMs);
  }

  private ordersInScope(verification: Verification, account: AccountCheck): Order[] {
    return this.options.book
      .forAccount(account.accountId)
      .filter((order) => !FINAL_STATUSES.has(order.status) && inScope(verification.scope, order));
  }

  private async look(verification: Verification, account: AccountCheck): Promise<void> {
    if (this.stopped || verification.finished || account.running) return;
    const expired = this.now() - verification.startedAt >= this.options.engine.intentLifetimeMs;
    const cancelling = this.ordersInScope(verification, account).filter((order) =>
      IN_FLIGHT_STATUSES.has(order.status),
    );
    if (cancelling.length > 0 && !expired) {
      // Our cancels are still under way (or queued for a venue that is down): the engine settles them first.
      const queued = cancelling.find((order) => order.cancel?.waiting);
      this.update(
        verification,
        account,
        'checking',
        cancelling.length,
        queued?.cancel?.waiting?.reason ?? `${cancelling.length} still cancelling`,
      );
      this.schedule(verification, account, FLATNESS_SETTLE_MS);
      return;
    }
    account.running = true;
    let listed: boolean;
    try {
      listed = await this.options.engine.resync(account.accountId);
    } finally {
      account.running = false;
    }
    if (this.stopped || verification.finished) return;
    if (!listed) {
      account.listingFailures += 1;
      if (expired) {
        this.update(
          verification,
          account,
          'left',
          account.left,
          'the venue could not be reached to check; gave up',
        );
        return;
      }
      const delay = Math.min(LISTING_RETRY_CAP_MS, LISTING_RETRY_MS * 2 ** (account.listingFailures - 1));
      this.update(
        verification,
        account,
        'checking',
        account.left,
        'venue unreachable — checking again when it answers',
      );
      this.schedule(verification, account, delay);
      return;
    }
    account.listingFailures = 0;
    // After a listing the venue is the truth: an order still `unknown` is one it no longer lists as open.
    const open = this.ordersInScope(verification, account).filter((order) => order.status !== 'unknown');
    if (open.length === 0) {
      this.update(verification, account, 'flat', 0, undefined);
      return;
    }
    const stillCancelling = open.filter((order) => IN_FLIGHT_STATUSES.has(order.status));
    // Refused by the venue for this intent (maintenance, closed, auth, out of time): not retried on our own.
    const refused = open.filter(
      (order) =>
        !IN_FLIGHT_STATUSES.has(order.status) &&
        order.cancel?.intentId === verification.intentId &&
        order.cancel.lastError,
    );
    const fresh = open.filter((order) => !IN_FLIGHT_STATUSES.has(order.status) && !refused.includes(order));
    if (expired) {
      this.update(verification, account, 'left', open.length, 'the cancel ran out of time');
      return;
    }
    if (fresh.length > 0) {
      this.options.engine.cancel(
        fresh.map((order) => order.key),
        verification.source,
        verification.intentId,
      );
      this.update(
        verification,
        account,
        'checking',
        open.length,
        `${fresh.length} more found open — cancelling`,
      );
      this.schedule(verification, account, FLATNESS_SETTLE_MS);
      return;
    }
    if (stillCancelling.length > 0) {
      this.update(
        verification,
        account,
        'checking',
        open.length,
        `${stillCancelling.length} still cancelling`,
      );
      this.schedule(verification, account, FLATNESS_SETTLE_MS);
      return;
    }
    const reason = refused[0]?.cancel?.lastError?.message ?? 'orders remain open';
    this.update(verification, account, 'left', open.length, reason);
  }

  private update(
    verification: Verification,
    account: AccountCheck,
    state: AccountFlatness,
    left: number,
    reason: string | undefined,
  ): void {
    account.state = state;
    account.left = left;
    if (reason === undefined) delete account.reason;
    else account.reason = reason;
    const done = verification.accounts.every((each) => each.state !== 'checking');
    if (done) {
      verification.finished = true;
      this.running.delete(verification);
      if (verification.accounts.every((each) => each.state === 'flat')) verification.flatAt = this.now();
    }
    this.publish(verification);
  }

  private publish(verification: Verification): void {
    const progress: FlatnessProgress = {
      scope: verification.scope,
      accounts: verification.accounts.map((account) => ({
        accountId: account.accountId,
        label: account.label,
        venue: account.venue,
        state: account.state,
        left: account.left,
        ...(account.reason !== undefined && { reason: account.reason }),
      })),
      ...(verification.flatAt !== undefined && { flatAt: verification.flatAt }),
    };
    if (verification.accounts.length === 0) {
      verification.finished = true;
      this.running.delete(verification);
      progress.flatAt = this.now();
    }
    this.options.report(verification.intentId, verification.source, progress, verification.finished);
  }
}
