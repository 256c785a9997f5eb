/**
 * Live progress of cancel intents ("48 cancelled, 2 filled before cancel,
 * 1 failed: reason"). Fed every order change; an order settles an intent
 * when it is final, `unknown`, or back to open with the cancel's error.
 */
import {
  type CancelSource,
  FINAL_STATUSES,
  type IntentProgress,
  type Order,
} from '../../preload/contract.ts';

/** Intents kept for the progress summary. */
const INTENT_HISTORY = 20;

interface IntentState {
  progress: IntentProgress;
  pending: Set<string>;
}

export class IntentTracker {
  private readonly intents = new Map<string, IntentState>();
  private readonly intentsByKey = new Map<string, Set<string>>();
  private readonly now: () => number;
  private readonly onProgress: (progress: IntentProgress) => void;

  constructor(now: () => number, onProgress: (progress: IntentProgress) => void) {
    this.now = now;
    this.onProgress = onProgress;
  }

  recent(): IntentProgress[] {
    return [...this.intents.values()].map((intent) => intent.progress);
  }

  /** Starts tracking `keys`; `current` gives each order's state now (joined orders may already be settled). */
  track(
    intentId: string,
    source: CancelSource,
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
    };
    this.intents.set(intentId, { progress, pending: new Set(keys) });
    for (const key of keys) {
      const set = this.intentsByKey.get(key) ?? new Set<string>();
      set.add(intentId);
      this.intentsByKey.set(key, set);
    }
    while (this.intents.size > INTENT_HISTORY) {
      const oldest = this.intents.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
    for (const key of keys) {
      const order = current(key);
      if (order) this.observe(order);
    }
    this.onProgress({ ...progress });
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
        progress.failures.push({ key: order.key, message: failureMessage(order) });
      }
      progress.pending = intent.pending.size;
      if (progress.pending === 0) progress.doneAt = this.now();
      this.onProgress({ ...progress, failures: [...progress.failures] });
    }
    this.intentsByKey.delete(order.key);
  }
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
