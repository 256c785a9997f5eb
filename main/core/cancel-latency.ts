/**
 * Cancel latency per venue account, from the orders' own cancel timestamps:
 * ack = sent → acknowledged, confirm = sent → final (`cancelled` or
 * `filled` while being cancelled). Keeps the last SAMPLE_LIMIT cancels of
 * each account and answers medians in O(samples log samples) on request
 * (the health panel asks about once a second). Plain Node, no timers.
 */
import { FINAL_STATUSES, type Order } from '../../preload/contract.ts';
import type { OrderBook } from './order-book.ts';

export const SAMPLE_LIMIT = 100;

interface Samples {
  ack: number[];
  confirm: number[];
}

export interface LatencyStats {
  samples: number;
  ackMedianMs?: number;
  confirmMedianMs?: number;
  /** 95th percentile of the acknowledgements (nearest rank); the latency trip wire reads it. */
  ackP95Ms?: number;
  /** How many acknowledgements the p95 covers. */
  ackSamples: number;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The `p`-th percentile (0 < p ≤ 100) by nearest rank: a value that was measured, never interpolated. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

function push(list: number[], value: number): void {
  list.push(value);
  if (list.length > SAMPLE_LIMIT) list.splice(0, list.length - SAMPLE_LIMIT);
}

export class CancelLatencyTracker {
  private readonly byAccount = new Map<string, Samples>();
  private readonly unsubscribe: () => void;

  constructor(book: OrderBook) {
    this.unsubscribe = book.onChange((order) => this.observe(order));
  }

  /** Records a cancel when its order reaches a final state (final states happen once per order). */
  observe(order: Order): void {
    if (!FINAL_STATUSES.has(order.status)) return;
    const cancel = order.cancel;
    if (!cancel?.sentAt || cancel.doneAt === undefined) return;
    if (order.status !== 'cancelled' && order.status !== 'filled') return;
    const samples = this.byAccount.get(order.accountId) ?? { ack: [], confirm: [] };
    this.byAccount.set(order.accountId, samples);
    if (cancel.ackAt !== undefined && cancel.ackAt >= cancel.sentAt)
      push(samples.ack, cancel.ackAt - cancel.sentAt);
    if (cancel.doneAt >= cancel.sentAt) push(samples.confirm, cancel.doneAt - cancel.sentAt);
  }

  stats(accountId: string): LatencyStats {
    const samples = this.byAccount.get(accountId);
    if (!samples) return { samples: 0, ackSamples: 0 };
    return {
      samples: samples.confirm.length,
      ackMedianMs: median(samples.ack),
      confirmMedianMs: median(samples.confirm),
      ackP95Ms: percentile(samples.ack, 95),
      ackSamples: samples.ack.length,
    };
  }

  forget(accountId: string): void {
    this.byAccount.delete(accountId);
  }

  stop(): void {
    this.unsubscribe();
  }
}
