/**
 * A limit counted the way Rails counts it: the window opens with the first
 * request after the previous window ended and admits `limit` requests; the
 * rest of that window is refused. Refused requests are not counted.
 */
export interface SimWindow {
  /** Counts one request at `now`; false = over the limit (refuse it). */
  take(now: number, limit: number, windowMs: number): boolean;
  /** Requests counted in the open window (0 when none is open). */
  used(now: number, windowMs: number): number;
  /** Milliseconds until the open window ends (0 when none is open). */
  endsIn(now: number, windowMs: number): number;
}

export function createSimWindow(): SimWindow {
  let openedAt: number | undefined;
  let count = 0;
  function roll(now: number, windowMs: number): void {
    if (openedAt !== undefined && now >= openedAt + windowMs) {
      openedAt = undefined;
      count = 0;
    }
  }
  return {
    take(now, limit, windowMs) {
      roll(now, windowMs);
      if (openedAt !== undefined && count >= limit) return false;
      openedAt ??= now;
      count++;
      return true;
    },
    used(now, windowMs) {
      roll(now, windowMs);
      return count;
    },
    endsIn(now, windowMs) {
      roll(now, windowMs);
      return openedAt === undefined ? 0 : openedAt + windowMs - now;
    },
  };
}
