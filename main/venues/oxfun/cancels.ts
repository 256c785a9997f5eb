/**
 * Correlates cancel messages with their replies. One `cancelorder` or
 * `cancelorders` message carries one tag; the venue answers once per order
 * with that tag, in batch order. A reply is matched by (tag, orderId); when
 * the echoed `data.orderId` is missing or names no waiting order of that
 * market (the docs' own batch failure example echoes another entry's id), by
 * (tag, marketCode, position): the first unanswered entry of that market, or
 * the first unanswered entry at all when the market is missing too. A
 * message settles when every order has its reply, when
 * the venue refuses the message as a whole, when the socket goes away, or at
 * the acknowledgement deadline (whatever is still unanswered then fails as a
 * network error, which the engine retries or reconciles).
 */
import type { CancelOutcome, CancelTarget, VenueError } from '../../core/venue.ts';
import { TAG_MAX_LENGTH } from './constants.ts';

interface PendingMessage {
  targets: readonly CancelTarget[];
  outcomes: (CancelOutcome | undefined)[];
  unanswered: number;
  resolve: (outcomes: CancelOutcome[]) => void;
  timer: NodeJS.Timeout;
}

export interface CancelTrackerOptions {
  ackTimeoutMs: number;
  /** A short prefix unique to this adapter instance, so tags never collide across sessions. */
  tagPrefix: string;
}

export class CancelTracker {
  private readonly pending = new Map<string, PendingMessage>();
  private readonly ackTimeoutMs: number;
  private readonly tagPrefix: string;
  private counter = 0;

  constructor(options: CancelTrackerOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs;
    this.tagPrefix = options.tagPrefix;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Registers one message for `targets`; the promise resolves with one outcome per target, in order. */
  open(targets: readonly CancelTarget[]): { tag: string; outcomes: Promise<CancelOutcome[]> } {
    this.counter += 1;
    const tag = `${this.tagPrefix}${this.counter.toString(36)}`.slice(0, TAG_MAX_LENGTH);
    const outcomes = new Promise<CancelOutcome[]>((resolve) => {
      const timer = setTimeout(
        () =>
          this.failTag(tag, {
            category: 'network',
            code: 'ack_timeout',
            message: 'no reply to the cancel in time',
          }),
        this.ackTimeoutMs,
      );
      this.pending.set(tag, {
        targets,
        outcomes: targets.map(() => undefined),
        unanswered: targets.length,
        resolve,
        timer,
      });
    });
    return { tag, outcomes };
  }

  /**
   * One per-order reply with what the venue echoed. False when nothing waited for it (late, unknown
   * tag, or every entry of the message already answered).
   */
  reply(
    tag: string | undefined,
    echoed: { orderId?: string | undefined; marketCode?: string | undefined },
    outcome: CancelOutcome,
  ): boolean {
    if (tag === undefined) return false;
    const message = this.pending.get(tag);
    if (!message) return false;
    const index = slotFor(message, echoed);
    if (index === undefined) return false;
    message.outcomes[index] = outcome;
    message.unanswered -= 1;
    if (message.unanswered === 0) this.finish(tag, message);
    return true;
  }

  /** Fails every unanswered order of one message. False when the tag is not pending. */
  failTag(tag: string, error: VenueError): boolean {
    const message = this.pending.get(tag);
    if (!message) return false;
    for (let i = 0; i < message.outcomes.length; i += 1) {
      if (message.outcomes[i] === undefined) message.outcomes[i] = { kind: 'failed', error };
    }
    this.finish(tag, message);
    return true;
  }

  failAll(error: VenueError): void {
    for (const tag of [...this.pending.keys()]) this.failTag(tag, error);
  }

  private finish(tag: string, message: PendingMessage): void {
    clearTimeout(message.timer);
    this.pending.delete(tag);
    message.resolve(message.outcomes as CancelOutcome[]);
  }
}

/** The entry a reply answers: by id (and market, when echoed), else by market and position, else by position. */
function slotFor(
  message: PendingMessage,
  echoed: { orderId?: string | undefined; marketCode?: string | undefined },
): number | undefined {
  const open = (index: number): boolean => message.outcomes[index] === undefined;
  const sameMarket = (index: number): boolean =>
    echoed.marketCode === undefined || message.targets[index]?.market === echoed.marketCode;
  const indexes = message.targets.map((_, index) => index).filter(open);
  if (echoed.orderId !== undefined) {
    const byId = indexes.find(
      (index) => message.targets[index]?.venueOrderId === echoed.orderId && sameMarket(index),
    );
    if (byId !== undefined) return byId;
  }
  if (echoed.marketCode !== undefined) return indexes.find(sameMarket);
  return indexes[0];
}
