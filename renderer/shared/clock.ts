/**
 * Shared tickers: every component asking for the time at the same period
 * shares one interval, and re-renders together with it.
 */
import { useSyncExternalStore } from 'react';
import { inNextFrame } from './frame.ts';

interface Ticker {
  now: number;
  readonly listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
  /** A tick is waiting for its frame (a hidden window has none: ticks do not pile up). */
  queued: boolean;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => number;
}

const tickers = new Map<number, Ticker>();

function createTicker(periodMs: number): Ticker {
  const ticker: Ticker = {
    now: Date.now(),
    listeners: new Set(),
    timer: undefined,
    queued: false,
    subscribe(listener) {
      ticker.listeners.add(listener);
      if (ticker.timer === undefined) {
        ticker.timer = setInterval(() => {
          if (ticker.queued) return;
          ticker.queued = true;
          // Re-render with the frame, not between frames (shared/frame.ts).
          inNextFrame(() => {
            ticker.queued = false;
            ticker.now = Date.now();
            for (const notify of ticker.listeners) notify();
          });
        }, periodMs);
      }
      return () => {
        ticker.listeners.delete(listener);
        if (ticker.listeners.size === 0 && ticker.timer !== undefined) {
          clearInterval(ticker.timer);
          ticker.timer = undefined;
        }
      };
    },
    getSnapshot() {
      // While idle nothing refreshes `now`; catch up so a first subscriber never sees a stale time.
      if (ticker.timer === undefined && Date.now() - ticker.now >= periodMs) ticker.now = Date.now();
      return ticker.now;
    },
  };
  return ticker;
}

/** The current time (ms epoch), refreshed every `periodMs`. */
export function useNow(periodMs: number): number {
  let ticker = tickers.get(periodMs);
  if (!ticker) {
    ticker = createTicker(periodMs);
    tickers.set(periodMs, ticker);
  }
  return useSyncExternalStore(ticker.subscribe, ticker.getSnapshot, ticker.getSnapshot);
}
