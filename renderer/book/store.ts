/**
 * The blotter's vanilla zustand store. Written only by `sync.ts`, at most once
 * per animation frame; React reads it through `useStore` with narrow selectors.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { type Book, emptyBook } from './book.ts';
import type { BridgeStatus } from './bridge/types.ts';

export interface BlotterState {
  book: Book;
  bridge: BridgeStatus;
  /** A snapshot has been applied at least once. */
  loaded: boolean;
  /** Why the last snapshot request failed, until one succeeds. */
  loadError: string | null;
}

export type BlotterStore = StoreApi<BlotterState>;

export function createBlotterStore(initial: Partial<BlotterState> = {}): BlotterStore {
  return createStore<BlotterState>()(() => ({
    book: emptyBook(),
    bridge: { state: 'connecting' },
    loaded: false,
    loadError: null,
    ...initial,
  }));
}

// Selectors shared by components (stable functions, so no per-render allocation).
export const selectOpenRows = (s: BlotterState) => s.book.openRows;
export const selectRecentRows = (s: BlotterState) => s.book.recentRows;
export const selectLiveCount = (s: BlotterState) => s.book.liveCount;
export const selectAccounts = (s: BlotterState) => s.book.accounts;
export const selectIntents = (s: BlotterState) => s.book.intents;
export const selectMode = (s: BlotterState) => s.book.mode;
export const selectBridge = (s: BlotterState) => s.bridge;
export const selectLoaded = (s: BlotterState) => s.loaded;
export const selectLoadError = (s: BlotterState) => s.loadError;
