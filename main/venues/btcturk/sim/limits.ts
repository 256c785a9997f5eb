/**
 * BTCTurk's limits the way docs.btcturk.com/rate-limits describes them: a
 * window starts at the first request after the previous window ended and
 * admits `limit` requests; the one past the limit is refused and blocks every
 * request until the block ends (for the REST order limits, the rest of that
 * window; for WebSocket connections, 60 s from the refusal).
 */

export interface VenueLimit {
  name: string;
  limit: number;
  windowMs: number;
  /** How long a refusal blocks: 'window' = until the open window ends, else milliseconds from the refusal. */
  block: 'window' | number;
}

export type Admission = { ok: true } | { ok: false; retryAfterMs: number; limit: VenueLimit };

interface WindowState {
  spec: VenueLimit;
  openedAt: number | undefined;
  used: number;
  blockedUntil: number;
}

/** Every limit counts the same requests; a request is admitted only when every limit admits it. */
export class VenueLimits {
  private readonly windows: WindowState[];

  constructor(specs: readonly VenueLimit[]) {
    this.windows = specs.map((spec) => ({ spec, openedAt: undefined, used: 0, blockedUntil: 0 }));
  }

  admit(now: number): Admission {
    for (const window of this.windows) {
      if (now < window.blockedUntil) {
        return { ok: false, retryAfterMs: window.blockedUntil - now, limit: window.spec };
      }
    }
    for (const window of this.windows) {
      if (window.openedAt !== undefined && now >= window.openedAt + window.spec.windowMs) {
        window.openedAt = undefined;
        window.used = 0;
      }
    }
    for (const window of this.windows) {
      if (window.openedAt !== undefined && window.used >= window.spec.limit) {
        const end = window.openedAt + window.spec.windowMs;
        window.blockedUntil = window.spec.block === 'window' ? end : now + window.spec.block;
        return { ok: false, retryAfterMs: window.blockedUntil - now, limit: window.spec };
      }
    }
    for (const window of this.windows) {
      if (window.openedAt === undefined) window.openedAt = now;
      window.used += 1;
    }
    return { ok: true };
  }
}
