/**
 * How long a run of cancel calls must take under an account's limits: the
 * lower bound benchmarks and tests compare a cancel-all against, and the
 * estimate a cancel preview shows. The limits themselves are replayed on a
 * virtual clock, so token buckets and fixed windows (and any mix of them)
 * are bounded by exactly the code that paces the real calls.
 */
import { BucketSet } from './token-bucket.ts';
import type { PacingSpec } from './venue.ts';

/** Milliseconds from the first call to the last of `calls` calls, each counting against every limit. */
export function pacingBoundMs(specs: readonly PacingSpec[], calls: number): number {
  return new BucketSet(specs, 0).estimate(0, calls).etaMs;
}

/** The venue's own limits as the venue counts them: fixed windows without our guard, so nothing can beat this. */
export function withoutGuards(specs: readonly PacingSpec[]): PacingSpec[] {
  return specs.map((spec) => (spec.kind === 'fixed-window' ? { ...spec, guardMs: 0 } : spec));
}

/** One line for diagnostics and benchmark tables: "DELETE order 10/s (fixed 10 per 1000 ms)". */
export function describePacing(spec: PacingSpec): string {
  if (spec.kind === 'fixed-window') return `${spec.name} (fixed ${spec.limit} per ${spec.windowMs} ms)`;
  const refill = Math.round(spec.refillPerSecond * 100) / 100;
  return `${spec.name} (${spec.capacity} + ${refill}/s)`;
}
