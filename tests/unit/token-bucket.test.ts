import { describe, expect, it } from 'vitest';
import { BucketSet, TokenBucket } from '../../main/core/token-bucket.ts';

describe('token bucket', () => {
  it('allows a burst up to capacity, then paces at the refill rate', () => {
    const bucket = new TokenBucket({ name: '10/s', capacity: 10, refillPerSecond: 10 }, 0);
    for (let i = 0; i < 10; i += 1) expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.tryTake(100)).toBe(true);
  });
  it('never exceeds capacity after a long idle', () => {
    const bucket = new TokenBucket({ name: '5/s', capacity: 5, refillPerSecond: 5 }, 0);
    let taken = 0;
    while (bucket.tryTake(60_000)) taken += 1;
    expect(taken).toBe(5);
  });
  it('a set waits for its slowest bucket (10/s and 300/min)', () => {
    const set = new BucketSet(
      [
        { name: '10/s', capacity: 10, refillPerSecond: 10 },
        { name: '300/min', capacity: 300, refillPerSecond: 5 },
      ],
      0,
    );
    let sent = 0;
    for (let t = 0; t <= 60_000; t += 10) while (set.tryTake(t)) sent += 1;
    expect(sent).toBeLessThanOrEqual(300 + 5 * 60 + 1);
    expect(sent).toBeGreaterThanOrEqual(590);
  });
  it('pauses after a 429 and starts from empty', () => {
    const bucket = new TokenBucket({ name: '10/s', capacity: 10, refillPerSecond: 10 }, 0);
    bucket.pauseUntil(2000);
    expect(bucket.tryTake(1999)).toBe(false);
    expect(bucket.waitMs(2000)).toBe(100);
  });
  it('a 429 empties the short window only: a per-minute budget keeps its tokens', () => {
    const set = new BucketSet(
      [
        { name: '10/s', capacity: 10, refillPerSecond: 10 },
        { name: '300/min', capacity: 300, refillPerSecond: 5 },
      ],
      0,
    );
    set.pauseUntil(1000);
    expect(set.tryTake(999)).toBe(false);
    let sent = 0;
    for (let t = 1000; t <= 3000; t += 10) while (set.tryTake(t)) sent += 1;
    // Two seconds at 10/s after the pause, not two seconds at the per-minute refill (5/s).
    expect(sent).toBeGreaterThanOrEqual(19);
  });

  it('rejects a nonsensical spec', () => {
    expect(() => new TokenBucket({ name: 'bad', capacity: 0, refillPerSecond: 1 }, 0)).toThrow(
      /invalid token bucket/,
    );
  });
});
