/**
 * Live progress of cancel intents ("48 cancelled, 2 filled before cancel,
 * 1 failed: reason"). Fed every order change; an order settles an intent
 * when it is final, `unknown`, or back to open with the cancel's error.
 */
import {
  FINAL_STATUSES,
  type FlatnessProgress,
  type IntentProgress,
  type IntentSource,
  type Order,
} from '../../preload/contract.ts';

/** Intents kept for the progress summary. */
const INTENT_HISTORY = 20;

interface IntentState {
  progress: IntentProgress;
  pending: Set<string>;
  /** Every key the intent ever tracked (an order joins once, even if a flatness pass finds it again). */
  tracked: Set<string>;
  /** A flatness check runs: the intent is done only when it ends too. */
  verifying: boolean;
}

export class IntentTracker {
  private readonly intents = new Map<string, IntentState>();
  private readonly intentsByKey = new Map<string, Set<string>>();
  private readonly now: () => number;
  private readonly onProgress: (progress: IntentProgress) => void;
  private readonly lifetimeMs: number;

  constructor(now: () => number, onProgress: (progress: IntentProgress) => void, lifetimeMs: number) {
    this.now = now;
    this.onProgress = onProgress;
    this.lifetimeMs = lifetimeMs;
  }

  /** Orders of the intent that have not settled yet. */
  pendingKeys(intentId: string): string[] {
    return [...(this.intents.get(intentId)?.pending ?? [])];
  }

  get(intentId: string): IntentProgress | undefined {
    const intent = this.intents.get(intentId);
    return intent ? copy(intent.progress) : undefined;
  }

  recent(): IntentProgress[] {
    return [...this.intents.values()].map((intent) => intent.progress);
  }

  /** Starts tracking `keys`; `current` gives each order's state now (joined orders may already be settled). */
  track(
    intentId: string,
    source: IntentSource,
    keys: string[],
    current: (key: string) => Order | undefined,
  ): void {
    const progress: IntentProgress = {
      intentId,
      source,
      total: keys.length,
      cancelled: 0,
      filled: 0,
      failed: 0,
      pending: keys.length,
      failures: [],
      startedAt: this.now(),
      lifetimeMs: this.lifetimeMs,
    };
    this.intents.set(intentId, {
      progress,
      pending: new Set(keys),
      tracked: new Set(keys),
      verifying: false,
    });
    for (const key of keys) this.index(key, intentId);
    while (this.intents.size > INTENT_HISTORY) {
      const oldest = this.intents.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
    for (const key of keys) {
      const order = current(key);
      if (order) this.observe(order);
    }
    this.onProgress(copy(progress));
  }

  /** Orders a flatness pass found (placed elsewhere, or reopened): they join the intent's counts. */
  extend(intentId: string, keys: string[], current: (key: string) => Order | undefined): void {
    const intent = this.intents.get(intentId);
    if (!intent) return;
    const added = keys.filter((key) => !intent.tracked.has(key));
    if (added.length === 0) return;
    for (const key of added) {
      intent.tracked.add(key);
      intent.pending.add(key);
      this.index(key, intentId);
    }
    intent.progress.total += added.length;
    intent.progress.pending = intent.pending.size;
    delete intent.progress.doneAt;
    for (const key of added) {
      const order = current(key);
      if (order) this.observe(order);
    }
    this.onProgress(copy(intent.progress));
  }

  /** The flatness check's latest look; `finished` when it will not look again. */
  setFlatness(intentId: string, flatness: FlatnessProgress, finished: boolean): void {
    const intent = this.intents.get(intentId);
    if (!intent) return;
    intent.verifying = !finished;
    intent.progress.flatness = flatness;
    this.settle(intent);
    this.onProgress(copy(intent.progress));
  }

  /** Marks the intent as verifying before its first flatness look, so it cannot read "done" in between. */
  expectFlatness(intentId: string, flatness: FlatnessProgress): void {
    this.setFlatness(intentId, flatness, false);
  }

  private index(key: string, intentId: string): void {
    const set = this.intentsByKey.get(key) ?? new Set<string>();
    set.add(intentId);
    this.intentsByKey.set(key, set);
  }

  private settle(intent: IntentState): void {
    const done = intent.pending.size === 0 && !intent.verifying;
    if (done) intent.progress.doneAt ??= this.now();
    else delete intent.progress.doneAt;
  }

  private forget(intentId: string): void {
    const intent = this.intents.get(intentId);
    if (!intent) return;
    for (const key of intent.pending) this.intentsByKey.get(key)?.delete(intentId);
    this.intents.delete(intentId);
  }

  /** Every order change passes here. */
  observe(order: Order): void {
    const intentIds = this.intentsByKey.get(order.key);
    if (!intentIds || intentIds.size === 0) return;
    const outcome = settledOutcome(order);
    if (!outcome) return;
    for (const intentId of intentIds) {
      const intent = this.intents.get(intentId);
      if (!intent?.pending.delete(order.key)) continue;
      const progress = intent.progress;
      if (outcome === 'cancelled') progress.cancelled += 1;
      else if (outcome === 'filled') progress.filled += 1;
      else {
        progress.failed += 1;
        progress.failures.push({
          key: order.key,
          accountId: order.accountId,
          message: failureMessage(order),
        });
      }
      progress.pending = intent.pending.size;
      this.settle(intent);
      this.onProgress(copy(progress));
    }
    this.intentsByKey.delete(order.key);
  }
}

function copy(progress: IntentProgress): IntentProgress {
  return {
    ...progress,
    failures: [...progress.failures],
    ...(progress.flatness && {
      flatness: { ...progress.flatness, accounts: progress.flatness.accounts.map((each) => ({ ...each })) },
    }),
  };
}

function settledOutcome(order: Order): 'cancelled' | 'filled' | 'failed' | undefined {
  if (order.status === 'cancelled') return 'cancelled';
  if (order.status === 'filled') return 'filled';
  if (FINAL_STATUSES.has(order.status) || order.status === 'unknown') return 'failed';
  if ((order.status === 'open' || order.status === 'partially_filled') && order.cancel?.lastError) {
    return 'failed';
  }
  return undefined;
}

function failureMessage(order: Order): string {
  if (order.status === 'unknown') return order.statusReason ?? 'state unknown';
  if (order.cancel?.lastError) return order.cancel.lastError.message;
  return order.statusReason ?? order.status;
}
