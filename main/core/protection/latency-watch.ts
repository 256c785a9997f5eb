/**
 * The latency trip wire: the p95 of the account's recent cancel acknowledgements (cancel-latency.ts) is
 * over the threshold. At least MIN_ACK_SAMPLES acknowledgements are needed (one slow cancel is no trend);
 * it fires once, and arms again once the p95 is back under the threshold.
 */
export const MIN_ACK_SAMPLES = 3;

export class LatencyWatch {
  private readonly over = new Set<string>();

  /** Returns the p95 when the wire trips now; undefined otherwise. */
  check(
    accountId: string,
    p95Ms: number | undefined,
    samples: number,
    thresholdMs: number,
  ): number | undefined {
    if (p95Ms === undefined || samples < MIN_ACK_SAMPLES) return undefined;
    if (p95Ms <= thresholdMs) {
      this.over.delete(accountId);
      return undefined;
    }
    if (this.over.has(accountId)) return undefined;
    this.over.add(accountId);
    return p95Ms;
  }

  forget(accountId: string): void {
    this.over.delete(accountId);
  }
}
