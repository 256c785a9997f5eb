/**
 * The audit trail of an order's whole life, beside its cancel steps: when the blotter first saw it (listed
 * or pushed) and each fill. At 2,000 order updates a second these must not become 2,000 synced lines, so
 * they are collected for a moment and appended as one `seen` and one `fill` entry per account; and they
 * never ask for a sync of their own — they ride with the log's next write group, and any cancel-path entry
 * (which the cancel engine syncs) drains them first, so the file keeps the order things happened in.
 */

import type { Order, VenueId } from '../../preload/contract.ts';
import { compare, isDecimalString, subtract } from '../../preload/decimal.ts';
import type { AuditEntry, AuditInput, FillEntry, OrderFill, SeenEntry, SeenOrder } from './audit-entries.ts';
import type { AuditSink } from './audit-log.ts';

/** How long lifecycle entries wait to be appended together (a reader drains them at once). */
export const LIFECYCLE_BATCH_MS = 250;

interface AccountBatch {
  venue: VenueId;
  seenKeys: string[];
  seen: SeenOrder[];
  fillKeys: string[];
  fills: OrderFill[];
}

function seenOrder(order: Order): SeenOrder {
  return {
    market: order.market,
    side: order.side,
    type: order.type,
    price: order.price,
    quantity: order.quantity,
    filled: order.filled,
    status: order.status,
    createdAt: order.createdAt,
    ...(order.clientOrderId !== undefined && { clientOrderId: order.clientOrderId }),
  };
}

/** How much `order` filled since `previous`, or undefined when it did not fill (or an amount is not a decimal). */
export function filledBy(order: Order, previous: Order): string | undefined {
  if (order.filled === previous.filled) return undefined;
  if (!isDecimalString(order.filled) || !isDecimalString(previous.filled)) return undefined;
  if (compare(order.filled, previous.filled) <= 0) return undefined;
  return subtract(order.filled, previous.filled);
}

/**
 * An AuditSink that adds the lifecycle entries to the one it wraps: `observe` is the book's change
 * listener; `append` (cancel steps) first drains what is collected; `recent`, `flush` and `close` do too,
 * so a trail asked for right after a fill already shows it.
 */
export class LifecycleAudit implements AuditSink {
  private readonly inner: AuditSink;
  private readonly batches = new Map<string, AccountBatch>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly batchMs: number;
  private readonly labelOf: (accountId: string) => string | undefined;

  constructor(
    inner: AuditSink,
    options: { batchMs?: number; labelOf?: (accountId: string) => string | undefined } = {},
  ) {
    this.inner = inner;
    this.batchMs = options.batchMs ?? LIFECYCLE_BATCH_MS;
    this.labelOf = options.labelOf ?? (() => undefined);
  }

  /** The book's change listener: a first sighting or a fill is collected; every other change is not. */
  observe(order: Order, previous: Order | undefined): void {
    if (!previous) {
      const batch = this.batchFor(order);
      batch.seenKeys.push(order.key);
      batch.seen.push(seenOrder(order));
      this.schedule();
      return;
    }
    const quantity = filledBy(order, previous);
    if (quantity === undefined) return;
    const batch = this.batchFor(order);
    batch.fillKeys.push(order.key);
    batch.fills.push({ quantity, filled: order.filled, remaining: order.remaining, status: order.status });
    this.schedule();
  }

  append(entry: AuditInput): void {
    this.drain();
    this.inner.append(entry);
  }

  recent(options?: { key?: string; limit?: number }): AuditEntry[] {
    this.drain();
    return this.inner.recent(options);
  }

  writeNow(): void {
    this.drain();
    this.inner.writeNow();
  }

  flush(): Promise<void> {
    this.drain();
    return this.inner.flush();
  }

  close(): Promise<void> {
    this.drain();
    return this.inner.close();
  }

  /** The log this wraps (the export reads its files). */
  get sink(): AuditSink {
    return this.inner;
  }

  private batchFor(order: Order): AccountBatch {
    let batch = this.batches.get(order.accountId);
    if (!batch) {
      batch = { venue: order.venue, seenKeys: [], seen: [], fillKeys: [], fills: [] };
      this.batches.set(order.accountId, batch);
    }
    return batch;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, this.batchMs);
    // Collected entries never keep a process alive; close() drains them.
    this.timer.unref?.();
  }

  /** Appends what is collected: per account one `seen` and one `fill` entry (each only when non-empty). */
  drain(): void {
    if (this.batches.size === 0) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batches = [...this.batches.entries()];
    this.batches.clear();
    for (const [accountId, batch] of batches) {
      if (batch.seenKeys.length > 0) {
        const label = this.labelOf(accountId);
        const seen: SeenEntry = {
          type: 'seen',
          accountId,
          venue: batch.venue,
          ...(label !== undefined && { label }),
          keys: batch.seenKeys,
          orders: batch.seen,
        };
        this.inner.append(seen);
      }
      if (batch.fillKeys.length > 0) {
        const fill: FillEntry = { type: 'fill', accountId, keys: batch.fillKeys, fills: batch.fills };
        this.inner.append(fill);
      }
    }
  }
}
