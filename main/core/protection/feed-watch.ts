/**
 * The stale-feed trip wire: no message from the venue for `afterMs` while the account has resting orders.
 * It fires once per silence: a message arriving after the trip (or no order resting any more) arms it again.
 * Pure bookkeeping: the caller passes the time and what it knows of the account.
 */
export interface FeedSample {
  /** The last venue message of any kind, or when the account was connected if none came since. */
  lastHeardAt: number | undefined;
  restingOrders: number;
  afterMs: number;
}

export class StaleFeedWatch {
  /** Account → the `lastHeardAt` the wire tripped on (still silent since then). */
  private readonly trippedOn = new Map<string, number>();

  /** Returns how long the feed has been silent when the wire trips now; undefined otherwise. */
  check(accountId: string, sample: FeedSample, now: number): number | undefined {
    const { lastHeardAt } = sample;
    const tripped = this.trippedOn.get(accountId);
    if (
      tripped !== undefined &&
      (lastHeardAt === undefined || lastHeardAt > tripped || sample.restingOrders === 0)
    ) {
      this.trippedOn.delete(accountId);
    }
    if (lastHeardAt === undefined || sample.restingOrders === 0 || this.trippedOn.has(accountId))
      return undefined;
    const silentMs = now - lastHeardAt;
    if (silentMs < sample.afterMs) return undefined;
    this.trippedOn.set(accountId, lastHeardAt);
    return silentMs;
  }

  forget(accountId: string): void {
    this.trippedOn.delete(accountId);
  }
}
