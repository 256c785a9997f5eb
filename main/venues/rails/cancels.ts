/**
 * Correlates WebSocket cancel requests with their 202/200/4xx answers by
 * `clientRequestId`, and turns each answer into the engine's CancelOutcome.
 * The first answer settles the caller's promise; later ones only tell the
 * adapter whether the order update they carry is stale.
 */
import type { CancelOutcome, VenueError } from '../../core/venue.ts';
import { STATUS_ACCEPTED, STATUS_CONFIRMED } from './constants.ts';
import { streamStatusError } from './errors.ts';

/** A Rails cancel status code in the engine's terms (errors by the venue's error table). */
export function cancelOutcomeOf(statusCode: number, body: string): CancelOutcome {
  if (statusCode === STATUS_ACCEPTED) return { kind: 'accepted' };
  if (statusCode === STATUS_CONFIRMED) return { kind: 'done', status: 'cancelled' };
  return { kind: 'failed', error: streamStatusError(statusCode, body) };
}

export type ResponseDisposition =
  /** No request of ours (bulk-cancel pushes `<id>#<i>`, or an answer after the entry was dropped). */
  | { kind: 'unmatched' }
  /** Settled (or already settled) the caller; `stale` = the carried order is older than what we emitted. */
  | { kind: 'matched'; orderId: string; stale: boolean }
  /** An error after the venue had accepted the cancel: the cancel failed asynchronously. */
  | { kind: 'failedAfterAccept'; orderId: string; error: VenueError };

interface Entry {
  orderId: string;
  resolve: (outcome: CancelOutcome) => void;
  settled: boolean;
  /** 202 seen: the caller got `accepted`. */
  accepted: boolean;
  timer: NodeJS.Timeout;
}

export interface CancelTrackerOptions {
  /** No answer within this long → network failure. */
  ackTimeoutMs: number;
  /** How long an accepted request waits for its 200 before the entry is forgotten (the engine reconciles). */
  retainMs: number;
  newRequestId: () => string;
}

export class CancelTracker {
  readonly #entries = new Map<string, Entry>();
  readonly #options: CancelTrackerOptions;

  constructor(options: CancelTrackerOptions) {
    this.#options = options;
  }

  /** Registers a request; the promise settles on its first answer, a timeout, or `failPending`. */
  open(orderId: string): { clientRequestId: string; outcome: Promise<CancelOutcome> } {
    const clientRequestId = this.#options.newRequestId();
    const outcome = new Promise<CancelOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#settle(clientRequestId, {
          kind: 'failed',
          error: {
            category: 'network',
            code: 'timeout',
            message: `no answer to cancelOrder within ${this.#options.ackTimeoutMs} ms`,
          },
        });
        this.#entries.delete(clientRequestId);
      }, this.#options.ackTimeoutMs);
      this.#entries.set(clientRequestId, { orderId, resolve, settled: false, accepted: false, timer });
    });
    return { clientRequestId, outcome };
  }

  /** Settles a request that never reached the wire (or whose answer can no longer arrive). */
  fail(clientRequestId: string, error: VenueError): void {
    this.#settle(clientRequestId, { kind: 'failed', error });
    this.#drop(clientRequestId);
  }

  handle(statusCode: number, body: string, clientRequestId: string | undefined): ResponseDisposition {
    const entry = clientRequestId === undefined ? undefined : this.#entries.get(clientRequestId);
    if (!entry || clientRequestId === undefined) return { kind: 'unmatched' };
    const outcome = cancelOutcomeOf(statusCode, body);
    const wasSettled = entry.settled;
    const wasAccepted = entry.accepted;
    this.#settle(clientRequestId, outcome);
    if (outcome.kind === 'accepted') {
      // A 202 after the 200 (reordered) would move the order back to cancelling.
      if (wasSettled) return { kind: 'matched', orderId: entry.orderId, stale: !wasAccepted };
      entry.accepted = true;
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.#entries.delete(clientRequestId), this.#options.retainMs);
      return { kind: 'matched', orderId: entry.orderId, stale: false };
    }
    // 200 or an error ends the exchange. A 200 after our timeout is not stale: it is the truth.
    this.#drop(clientRequestId);
    if (outcome.kind === 'failed' && wasAccepted) {
      return { kind: 'failedAfterAccept', orderId: entry.orderId, error: outcome.error };
    }
    // A 200 first settles as `done`; keep a marker so the late 202 is recognised as stale.
    if (outcome.kind === 'done' && !wasSettled) this.#rememberConfirmed(clientRequestId, entry.orderId);
    return { kind: 'matched', orderId: entry.orderId, stale: false };
  }

  /** Every request still waiting for its first answer fails (the socket it went out on is gone). */
  failPending(error: VenueError): void {
    for (const [id, entry] of this.#entries) {
      if (!entry.settled) this.fail(id, error);
    }
  }

  clear(error: VenueError): void {
    this.failPending(error);
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
  }

  get pendingCount(): number {
    let count = 0;
    for (const entry of this.#entries.values()) if (!entry.settled) count++;
    return count;
  }

  #settle(clientRequestId: string, outcome: CancelOutcome): void {
    const entry = this.#entries.get(clientRequestId);
    if (!entry || entry.settled) return;
    entry.settled = true;
    entry.resolve(outcome);
  }

  #drop(clientRequestId: string): void {
    const entry = this.#entries.get(clientRequestId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.#entries.delete(clientRequestId);
  }

  #rememberConfirmed(clientRequestId: string, orderId: string): void {
    const timer = setTimeout(() => this.#entries.delete(clientRequestId), this.#options.retainMs);
    // settled and not accepted: a later 202 for this id is reported stale.
    this.#entries.set(clientRequestId, { orderId, resolve: () => {}, settled: true, accepted: false, timer });
  }
}
