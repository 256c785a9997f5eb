/**
 * The simulator's frequency limits, counted the way CoinW documents them: per interface (per user ID
 * and IP) and one global budget per user across every private futures endpoint, each over a sliding
 * window (CoinW.Net models them sliding; the docs give "N requests/s"). A call refused by any limit
 * is answered 29001 and counts against none. A script can also refuse the next calls of an interface
 * outright, as when another client sharing the key used the budget up.
 */
export interface SimLimit {
  /** Calls admitted per window. */
  limit: number;
  windowMs: number;
}

export interface SimLimiter {
  /** True when the call must be refused (29001); otherwise the call is counted. */
  refuse(interfaceName: string, own: SimLimit, global: SimLimit, now: number, scale: number): boolean;
  /** The next `count` calls of `interfaceName` are refused whatever the counts say. */
  refuseNext(interfaceName: string, count: number): void;
}

export function createSimLimiter(): SimLimiter {
  const hits = new Map<string, number[]>();
  const scripted = new Map<string, number>();

  function full(name: string, limit: SimLimit, now: number, scale: number): boolean {
    const admitted = Math.max(1, Math.floor(limit.limit * scale));
    const times = hits.get(name) ?? [];
    while (times.length > 0 && (times[0] as number) <= now - limit.windowMs) times.shift();
    hits.set(name, times);
    return times.length >= admitted;
  }

  return {
    refuse(interfaceName, own, global, now, scale) {
      const pending = scripted.get(interfaceName) ?? 0;
      if (pending > 0) {
        scripted.set(interfaceName, pending - 1);
        return true;
      }
      if (full('global', global, now, scale) || full(interfaceName, own, now, scale)) return true;
      hits.get('global')?.push(now);
      hits.get(interfaceName)?.push(now);
      return false;
    },
    refuseNext(interfaceName, count) {
      scripted.set(interfaceName, (scripted.get(interfaceName) ?? 0) + count);
    },
  };
}
