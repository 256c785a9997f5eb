/**
 * Runs one benchmark several times, each fresh, and records every figure as
 * the median of the runs with its spread (max − min) and the machine's load
 * at the start of each run, so a figure in the table is one the next run on
 * the same machine reproduces (or the spread says how far it moves).
 *
 * Figures are combined leaf by leaf: a number becomes the median of that
 * number over the runs; lists (per venue, per book size) are combined item by
 * item; anything else (names, labels) is taken from the first run.
 */
import { loadavg } from 'node:os';
import { round } from './stats.ts';

export interface BenchResult {
  params: unknown;
  metrics: unknown;
}

export interface RunRecord {
  /** 1-minute load average when the run started. */
  loadAverage1m: number;
  durationS: number;
  metrics: unknown;
}

export interface RepeatedResult<T extends BenchResult> {
  params: T['params'];
  /** Every figure: the median over the runs. */
  metrics: T['metrics'];
  /** Every figure: max − min over the runs (same shape as `metrics`). */
  spread: unknown;
  /** How many runs the medians are of. */
  runs: number;
  perRun: RunRecord[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return round(value, 3);
}

function combine(values: unknown[], numbers: (values: number[]) => number): unknown {
  const first = values[0];
  if (typeof first === 'number') {
    const all = values.filter((value): value is number => typeof value === 'number');
    return numbers(all);
  }
  if (Array.isArray(first)) {
    return first.map((_, index) =>
      combine(
        values.map((value) => (Array.isArray(value) ? value[index] : undefined)),
        numbers,
      ),
    );
  }
  if (typeof first === 'object' && first !== null) {
    const combined: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      combined[key] = combine(
        values.map((value) =>
          typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
        ),
        numbers,
      );
    }
    return combined;
  }
  return first;
}

/** The figures of several runs, leaf by leaf: medians and spreads. */
export function combineRuns(metrics: unknown[]): { median: unknown; spread: unknown } {
  return {
    median: combine(metrics, median),
    spread: combine(metrics, (values) => round(Math.max(...values) - Math.min(...values), 3)),
  };
}

export async function repeatBench<T extends BenchResult>(
  runs: number,
  run: () => Promise<T>,
): Promise<RepeatedResult<T>> {
  const perRun: RunRecord[] = [];
  let params: T['params'] | undefined;
  for (let index = 0; index < runs; index++) {
    const loadAverage1m = round(loadavg()[0] ?? 0, 2);
    const started = performance.now();
    const result = await run();
    params = result.params;
    perRun.push({
      loadAverage1m,
      durationS: round((performance.now() - started) / 1000, 1),
      metrics: result.metrics,
    });
  }
  const { median, spread } = combineRuns(perRun.map((record) => record.metrics));
  return { params: params as T['params'], metrics: median as T['metrics'], spread, runs, perRun };
}
