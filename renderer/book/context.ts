/** What components need from the outside world, handed down once from main.tsx. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { BlotterApi } from '../../preload/contract.ts';
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
