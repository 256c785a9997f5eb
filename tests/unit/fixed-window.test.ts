import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixedWindow } from '../../main/core/fixed-window.ts';
import { pacingBoundMs, withoutGuards } from '../../main/core/pacing-bound.ts';
import { BucketSet } from '../../main/core/token-bucket.ts';
import type { FixedWindowSpec, PacingSpec } from '../../main/core/venue.ts';

const TEN_PER_SECOND: FixedWindowSpec = {
  kind: 'fixed-window',
  name: '10/s',
  limit: 10,
  windowMs: 1000,
  guardMs: 50,
};
const THREE_HUNDRED_PER_MINUTE: FixedWindowSpec = {
  kind: 'fixed-window',
  name: '300/min',
  limit: 300,
  windowMs: 60_000,
  guardMs: 50,
};

/**
 * The venue's side, as BTCTurk documents it: a window opens with the first request that arrives after the
 * previous one ended, admits `limit`, and an overflow is refused (and would block the rest of the window).
 */
function venueCounter(spec: FixedWindowSpec) {
  let openedAt: number | undefined;
  let used = 0;
  return (arrivedAt: number): boolean => {
    if (openedAt === undefined || arrivedAt >= openedAt + spec.windowMs) {
      openedAt = arrivedAt;
      used = 0;
    }
    used += 1;
    return used <= spec.limit;
  };
}

describe('fixed window', () => {
  it('admits the limit at once, then waits for the end of the window plus the guard', () => {
    const window = new FixedWindow(TEN_PER_SECOND);
    for (let i = 0; i < 10; i += 1) expect(window.tryTake(100)).toBe(true);
    expect(window.tryTake(100)).toBe(false);
    expect(window.waitMs(100)).toBe(1050);
    expect(window.tryTake(1149)).toBe(false);
    // The next window opens with the next call, not on a fixed grid.
    expect(window.tryTake(1150)).toBe(true);
    expect(window.waitMs(1150)).toBe(0);
  });

  it('opens a window only with a call: an idle gap does not pre-fill anything', () => {
    const window = new FixedWindow(TEN_PER_SECOND);
    expect(window.tryTake(0)).toBe(true);
    let taken = 0;
    while (window.tryTake(5_000)) taken += 1;
    expect(taken).toBe(10);
  });

  it('a 429 from the venue pauses it and starts counting afresh after the pause', () => {
    const window = new FixedWindow(TEN_PER_SECOND);
    expect(window.tryTake(0)).toBe(true);
    window.pauseUntil(3_000);
    expect(window.waitMs(10)).toBe(2_990);
    let taken = 0;
    while (window.tryTake(3_000)) taken += 1;
    expect(taken).toBe(10);
  });

  it('refuses a spec that cannot pace', () => {
    expect(() => new FixedWindow({ ...TEN_PER_SECOND, limit: 0 })).toThrow(/invalid fixed window 10\/s/);
    expect(() => new FixedWindow({ ...TEN_PER_SECOND, windowMs: 0 })).toThrow(/invalid fixed window/);
  });

  it('never overflows a venue that anchors its windows up to the guard later (any transit times)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 49 }), { minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 400 }),
        (transits, gaps) => {
          const pacers = new BucketSet([TEN_PER_SECOND, THREE_HUNDRED_PER_MINUTE], 0);
          const venueSecond = venueCounter(TEN_PER_SECOND);
          const venueMinute = venueCounter(THREE_HUNDRED_PER_MINUTE);
          const arrivals: number[] = [];
          let now = 0;
          for (let call = 0; call < transits.length; call += 1) {
            now += gaps[call % gaps.length]!;
            while (!pacers.tryTake(now)) now += Math.max(1, pacers.waitMs(now));
            arrivals.push(now + transits[call]!);
          }
          // The venue sees them in arrival order.
          arrivals.sort((a, b) => a - b);
          return arrivals.every((at) => venueSecond(at) && venueMinute(at));
        },
      ),
      { numRuns: 200, seed: 12 },
    );
  });
});

describe('pacing bound', () => {
  it('is the fixed windows as the venue counts them: 400 calls at 10/s and 300/min take 69 s', () => {
    const limits: PacingSpec[] = [TEN_PER_SECOND, THREE_HUNDRED_PER_MINUTE];
    // 30 windows of 10 (29 s), then the minute's block until 60 s, then 10 more windows (9 s).
    expect(pacingBoundMs(withoutGuards(limits), 400)).toBe(69_000);
    // Our guard costs 50 ms a window: well inside 1.1× of the venue's bound.
    const ours = pacingBoundMs(limits, 400);
    expect(ours).toBeGreaterThan(69_000);
    expect(ours).toBeLessThan(69_000 * 1.1);
  });

  it('is the refill time for a token bucket, and the slowest limit decides for a mix', () => {
    expect(pacingBoundMs([{ name: '10/s', capacity: 10, refillPerSecond: 10 }], 30)).toBe(2_000);
    expect(
      pacingBoundMs(
        [
          { name: '100/s', capacity: 100, refillPerSecond: 100 },
          { kind: 'fixed-window', name: '5/s', limit: 5, windowMs: 1000, guardMs: 0 },
        ],
        20,
      ),
    ).toBe(3_000);
    expect(pacingBoundMs([TEN_PER_SECOND], 0)).toBe(0);
  });
});

describe('refunds', () => {
  it('a call that never reached the venue gives its slot back (window and bucket)', () => {
    const window = new FixedWindow(TEN_PER_SECOND);
    for (let i = 0; i < 10; i += 1) window.tryTake(0);
    expect(window.waitMs(0)).toBeGreaterThan(0);
    window.refund(5);
    expect(window.tryTake(5)).toBe(true);
    const set = new BucketSet([{ name: '1/s', capacity: 1, refillPerSecond: 1 }], 0);
    expect(set.tryTake(0)).toBe(true);
    expect(set.tryTake(0)).toBe(false);
    set.refund(0);
    expect(set.tryTake(0)).toBe(true);
  });
});
