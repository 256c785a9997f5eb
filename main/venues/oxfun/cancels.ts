/**
 * Correlates cancel messages with their replies. One `cancelorder` or
 * `cancelorders` message carries one tag; the venue answers once per order
 * with that tag, so a message settles when every order has its reply, when
 * the venue refuses the message as a whole, when the socket goes away, or at
 * the acknowledgement deadline (whatever is still unanswered then fails as a
 * network error, which the engine retries or reconciles).
 */
import type { CancelOutcome, CancelTarget, VenueError } from '../../core/venue.ts';
import { TAG_MAX_LENGTH } from './constants.ts';

interface PendingMessage {
  /** Order id → indexes into `outcomes` still waiting for a reply. */
  waiting: Map<string, number[]>;
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
    const waiting = new Map<string, number[]>();
    targets.forEach((target, index) => {
      const slots = waiting.get(target.venueOrderId) ?? [];
      slots.push(index);
      waiting.set(target.venueOrderId, slots);
    });
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
        waiting,
        outcomes: targets.map(() => undefined),
        unanswered: targets.length,
        resolve,
        timer,
      });
    });
    return { tag, outcomes };
  }

  /** One per-order reply. False when nothing waited for it (late, unknown tag or order). */
  reply(tag: string | undefined, orderId: string, outcome: CancelOutcome): boolean {
    if (tag === undefined) return false;
    const message = this.pending.get(tag);
    const slots = message?.waiting.get(orderId);
    if (!message || !slots || slots.length === 0) return false;
    const index = slots.shift() as number;
    if (slots.length === 0) message.waiting.delete(orderId);
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
