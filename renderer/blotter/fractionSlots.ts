/**
 * How many fraction digits each numeric column reserves, so every row's decimal point sits at the same
 * place: the most any row of the column has shown so far (a market's tick or lot decimals, or the digits a
 * venue sent). It only grows — a column never narrows under the trader — and it changes rarely (a market
 * with more decimals appears), so rows re-render on a change, not per frame, and nothing is measured.
 */
import { useLayoutEffect, useSyncExternalStore } from 'react';

/** Fraction digits beyond this are shown but not reserved for (one odd value does not widen a column). */
export const MAX_FRACTION_SLOT = 10;

const slots = new Map<string, number>();
const listeners = new Map<string, Set<() => void>>();

function subscriberFor(column: string): (listener: () => void) => () => void {
  return (listener) => {
    let set = listeners.get(column);
    if (!set) {
      set = new Set();
      listeners.set(column, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  };
}

const subscribers = new Map<string, (listener: () => void) => () => void>();

function subscribe(column: string): (listener: () => void) => () => void {
  let subscriber = subscribers.get(column);
  if (!subscriber) {
    subscriber = subscriberFor(column);
    subscribers.set(column, subscriber);
  }
  return subscriber;
}

export function fractionSlot(column: string): number {
  return slots.get(column) ?? 0;
}

/** A row of `column` shows `places` fraction digits: widen the column's slot if it needs more. */
export function reserveFraction(column: string, places: number): void {
  const wanted = Math.min(places, MAX_FRACTION_SLOT);
  if (wanted <= fractionSlot(column)) return;
  slots.set(column, wanted);
  for (const listener of listeners.get(column) ?? []) listener();
}

/** The slot a cell of `column` aligns to, after reserving its own `places`. */
export function useFractionSlot(column: string, places: number): number {
  const read = () => fractionSlot(column);
  const slot = useSyncExternalStore(subscribe(column), read, read);
  useLayoutEffect(() => reserveFraction(column, places), [column, places]);
  return Math.max(slot, Math.min(places, MAX_FRACTION_SLOT));
}

/** For tests: forget every slot. */
export function resetFractionSlots(): void {
  slots.clear();
}
