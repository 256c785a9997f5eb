/** What components need from the outside world, handed down once from main.tsx. */
import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { BlotterApi } from '../../preload/contract.ts';
import { afterDelayInFrame } from '../shared/frame.ts';
import type { BlotterState, BlotterStore } from './store.ts';
import type { Toaster } from './toasts.ts';

export interface AppServices {
  store: BlotterStore;
  api: BlotterApi;
  toaster: Toaster;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('ServicesContext is not provided');
  return services;
}

/** Subscribes to one slice of the blotter store. */
export function useBlotter<T>(selector: (state: BlotterState) => T): T {
  return useStore(useServices().store, selector);
}

/** How often a sampled count follows the book: a person reads it, no frame needs it. */
export const SAMPLE_MS = 250;

const sameInputs = (a: readonly unknown[] | null, b: readonly unknown[]) =>
  a !== null && a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

/**
 * A number derived from the whole book (a count over thousands of rows), recomputed at most every
 * `intervalMs` instead of on each of the book's per-frame writes: under 2,000 updates/s an O(n)
 * selector per frame is a frame's budget spent on a label. Also recomputed at once when one of
 * `inputs` (what the selector reads besides the book) changes; a re-render for any other reason
 * reuses the last value.
 */
export function useSampledBlotter(
  selector: (state: BlotterState) => number,
  inputs: readonly unknown[],
  intervalMs = SAMPLE_MS,
): number {
  const { store } = useServices();
  const sample = useRef<{ value: number; inputs: readonly unknown[] | null; stale: boolean }>({
    value: 0,
    inputs: null,
    stale: true,
  });
  const subscribe = useCallback(
    (notify: () => void) => {
      let cancel: (() => void) | null = null;
      let last = 0;
      const off = store.subscribe(() => {
        if (cancel !== null) return;
        cancel = afterDelayInFrame(Math.max(0, last + intervalMs - Date.now()), () => {
          cancel = null;
          last = Date.now();
          sample.current.stale = true;
          notify();
        });
      });
      return () => {
        off();
        cancel?.();
      };
    },
    [store, intervalMs],
  );
  const read = () => {
    const current = sample.current;
    if (current.stale || !sameInputs(current.inputs, inputs)) {
      current.value = selector(store.getState());
      current.inputs = inputs;
      current.stale = false;
    }
    return current.value;
  };
  return useSyncExternalStore(subscribe, read, read);
}
