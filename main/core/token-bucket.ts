/**
 * A token bucket per venue limit. The engine takes one token per cancel call
 * from every bucket of the account; when one is empty it waits exactly as
 * long as the refill needs instead of sending and eating a 429.
 */
import { FixedWindow } from './fixed-window.ts';
import type { PacingSpec, TokenBucketSpec } from './venue.ts';

export class TokenBucket {
  readonly spec: TokenBucketSpec;
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;

  constructor(spec: TokenBucketSpec, now: number) {
    if (!(spec.capacity >= 1) || !(spec.refillPerSecond > 0)) {
      throw new Error(
        `invalid token bucket ${spec.name}: capacity ${spec.capacity}, refill ${spec.refillPerSecond}/s`,
      );
    }
    this.spec = spec;
    this.tokens = spec.capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(
      this.spec.capacity,
      this.tokens + ((now - this.updatedAt) / 1000) * this.spec.refillPerSecond,
    );
    this.updatedAt = now;
  }

  /** Milliseconds until a token is available (0 = now). */
  waitMs(now: number): number {
    this.refill(now);
    const pause = Math.max(0, this.pausedUntil - now);
    if (this.tokens >= 1) return pause;
    return Math.max(pause, Math.ceil(((1 - this.tokens) / this.spec.refillPerSecond) * 1000));
  }

  /** Takes a token if one is available now. */
  tryTake(now: number): boolean {
    if (this.waitMs(now) > 0) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds an empty bucket needs to fill up. */
  get windowSeconds(): number {
    return this.spec.capacity / this.spec.refillPerSecond;
  }

  /** An independent copy in the same state (to estimate without spending anything). */
  clone(): TokenBucket {
    const copy = new TokenBucket(this.spec, this.updatedAt);
    copy.tokens = this.tokens;
    copy.pausedUntil = this.pausedUntil;
    return copy;
  }

  /** A call that never reached the venue gives its token back. */
  refund(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.spec.capacity, this.tokens + 1);
  }

  /** The venue said "too many": stop taking until `until`, and (`empty`) start from no tokens then. */
  pauseUntil(until: number, empty = true): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    if (!empty) return;
    this.tokens = 0;
    this.updatedAt = Math.max(this.updatedAt, until);
  }
}

/** One limit of either kind, as the set below drives it. */
interface Pacer {
  clone(): Pacer;
  refund(now: number): void;
  waitMs(now: number): number;
  tryTake(now: number): boolean;
  readonly windowSeconds: number;
  pauseUntil(until: number, empty?: boolean): void;
}

export function createPacer(spec: PacingSpec, now: number): Pacer {
  return spec.kind === 'fixed-window' ? new FixedWindow(spec) : new TokenBucket(spec, now);
}

/** All limits of one account (token buckets and fixed windows): a call may go only when every one admits it. */
export class BucketSet {
  private readonly buckets: Pacer[];

  constructor(specs: readonly PacingSpec[], now: number) {
    this.buckets = specs.map((spec) => createPacer(spec, now));
  }

  /** A call that never reached the venue (refused dial) gives its slot back in every limit. */
  refund(now: number): void {
    for (const bucket of this.buckets) bucket.refund(now);
  }

  /**
   * What `calls` more calls would take from `now` given what is spent already, without spending anything:
   * `freeNow` go at once, the last at `etaMs`.
   */
  estimate(now: number, calls: number): { etaMs: number; freeNow: number } {
    const copy = new BucketSet([], now);
    copy.buckets.push(...this.buckets.map((bucket) => bucket.clone()));
    let at = now;
    let freeNow = 0;
    for (let sent = 0; sent < calls; sent++) {
      for (;;) {
        const wait = copy.waitMs(at);
        if (wait <= 0 && copy.tryTake(at)) break;
        at += Math.max(1, wait);
      }
      if (at === now) freeNow += 1;
    }
    return { etaMs: at - now, freeNow };
  }

  waitMs(now: number): number {
    return this.buckets.reduce((wait, bucket) => Math.max(wait, bucket.waitMs(now)), 0);
  }

  tryTake(now: number): boolean {
    if (this.waitMs(now) > 0) return false;
    for (const bucket of this.buckets) bucket.tryTake(now);
    return true;
  }

  /**
   * The venue said "too many": no call until `until`. Only the bucket with the
   * shortest window starts empty again; a per-minute budget that still has
   * tokens keeps them, or one 429 would slow a whole bulk cancel to the
   * per-minute refill rate.
   */
  pauseUntil(until: number): void {
    const shortest = this.buckets.reduce<Pacer | undefined>(
      (best, bucket) => (!best || bucket.windowSeconds < best.windowSeconds ? bucket : best),
      undefined,
    );
    for (const bucket of this.buckets) bucket.pauseUntil(until, bucket === shortest);
  }
}
