/**
 * A fixed-window limit counted the way the venue counts it: the window opens
 * at the first call after the previous one ended and admits `limit` calls.
 * Once they went out, the next call waits for the window's end plus a guard,
 * so a venue that anchors its window a transit time later never sees an
 * overflow (an overflow earns a block, BTCTurk's lasts the rest of the
 * window).
 */
import type { FixedWindowSpec } from './venue.ts';

export const DEFAULT_FIXED_WINDOW_GUARD_MS = 50;

export class FixedWindow {
  readonly spec: FixedWindowSpec;
  private readonly guardMs: number;
  clone(): FixedWindow {
    const copy = new FixedWindow(this.spec);
    copy.openedAt = this.openedAt;
    copy.used = this.used;
    copy.pausedUntil = this.pausedUntil;
    return copy;
  }

  /** When the current window opened; undefined while none is open. */
  private openedAt: number | undefined;
  private used = 0;
  private pausedUntil = 0;

  constructor(spec: FixedWindowSpec) {
    if (!(Number.isInteger(spec.limit) && spec.limit >= 1) || !(spec.windowMs > 0)) {
      throw new Error(`invalid fixed window ${spec.name}: limit ${spec.limit}, window ${spec.windowMs} ms`);
    }
    const guardMs = spec.guardMs ?? DEFAULT_FIXED_WINDOW_GUARD_MS;
    if (!(guardMs >= 0)) throw new Error(`invalid fixed window ${spec.name}: guard ${guardMs} ms`);
    this.spec = spec;
    this.guardMs = guardMs;
  }

  /** When the open window stops counting; calls from then on open a new one. */
  private windowEnd(): number {
    return (this.openedAt ?? 0) + this.spec.windowMs + this.guardMs;
  }

  private roll(now: number): void {
    if (this.openedAt !== undefined && now >= this.windowEnd()) {
      this.openedAt = undefined;
      this.used = 0;
    }
  }

  /** Milliseconds until a call may go (0 = now). */
  waitMs(now: number): number {
    this.roll(now);
    const pause = Math.max(0, this.pausedUntil - now);
    if (this.openedAt === undefined || this.used < this.spec.limit) return pause;
    return Math.max(pause, this.windowEnd() - now);
  }

  tryTake(now: number): boolean {
    if (this.waitMs(now) > 0) return false;
    if (this.openedAt === undefined) this.openedAt = now;
    this.used += 1;
    return true;
  }

  /** A call that never reached the venue gives its slot back, while its window is still open. */
  refund(now: number): void {
    this.roll(now);
    if (this.openedAt !== undefined && this.used > 0) this.used -= 1;
  }

  get windowSeconds(): number {
    return this.spec.windowMs / 1000;
  }

  /**
   * The venue said "too many" (we lost count, e.g. another client shares the
   * key): nothing until `until`; with `exhaust`, the open window counts as
   * used up and a fresh one opens at `until` at the earliest.
   */
  pauseUntil(until: number, exhaust = true): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    if (!exhaust) return;
    this.openedAt = undefined;
    this.used = 0;
  }
}
