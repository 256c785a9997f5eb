/**
 * The account's own guard on Bluefin's request limit (every endpoint counts).
 * The engine's bucket paces cancel *calls*; a call whose targets span several
 * markets becomes one request per market, and listings and logins count too,
 * so every REST request also waits here for a token. A 429 empties the
 * bucket until Retry-After has passed.
 */
import { TokenBucket } from '../../core/token-bucket.ts';
import type { TokenBucketSpec, VenueCallError } from '../../core/venue.ts';

export interface RequestPacer {
  /** Resolves when a request may go. */
  acquire(): Promise<void>;
  /** The venue said "too many": nothing goes before `ms` from now. */
  pause(ms: number): void;
  /**
   * A request that failed before reaching the venue (refused dial) gives its token back and rethrows:
   * the venue never counted it, and an outage must not leave the account throttled when the venue returns.
   */
  failed(error: VenueCallError): never;
}

export function createRequestPacer(spec: TokenBucketSpec, now: () => number = Date.now): RequestPacer {
  const bucket = new TokenBucket(spec, now());
  let queue: Promise<void> = Promise.resolve();
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function take(): Promise<void> {
    for (;;) {
      const wait = bucket.waitMs(now());
      if (wait === 0 && bucket.tryTake(now())) return;
      await sleep(Math.max(1, wait));
    }
  }

  return {
    acquire() {
      // A chain keeps waiters in arrival order.
      const turn = queue.then(take);
      queue = turn.catch(() => {});
      return turn;
    },
    pause(ms) {
      bucket.pauseUntil(now() + ms);
    },
    failed(error) {
      if (error.venueError.notSent) bucket.refund(now());
      throw error;
    },
  };
}
