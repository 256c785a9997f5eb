import { describe, expect, it } from 'vitest';
import { combineRuns } from '../../bench/lib/repeat.ts';

describe('bench figures over several runs', () => {
  it('each number is the median of its runs, with the spread; lists combine item by item; labels stay', () => {
    const runs = [
      { longTasks: 18, frameP95Ms: 66.7, perVenue: [{ venue: 'btcturk', p50: 2.1 }], label: 'a' },
      { longTasks: 15, frameP95Ms: 50, perVenue: [{ venue: 'btcturk', p50: 1.4 }], label: 'a' },
      { longTasks: 19, frameP95Ms: 66.7, perVenue: [{ venue: 'btcturk', p50: 1.9 }], label: 'a' },
    ];
    const { median, spread } = combineRuns(runs);
    expect(median).toEqual({
      longTasks: 18,
      frameP95Ms: 66.7,
      perVenue: [{ venue: 'btcturk', p50: 1.9 }],
      label: 'a',
    });
    expect(spread).toEqual({
      longTasks: 4,
      frameP95Ms: 16.7,
      perVenue: [{ venue: 'btcturk', p50: 0.7 }],
      label: 'a',
    });
  });

  it('a single run is its own median with no spread', () => {
    expect(combineRuns([{ ms: 3.5 }])).toEqual({ median: { ms: 3.5 }, spread: { ms: 0 } });
  });
});
