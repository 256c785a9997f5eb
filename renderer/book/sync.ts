/**
 * Feeds the store from a bridge: fetches a snapshot on every (re)connect,
 * buffers pushed deltas, and writes the store at most once per animation
 * frame. DOM-free apart from the default clock, which is injectable.
 */
import type { BlotterUpdate, Snapshot } from '../../preload/contract.ts';
import { applySnapshot, applyUpdates, expireLingering, hasLingering } from './book.ts';
import type { Bridge, BridgeStatus } from './bridge/types.ts';
import type { BlotterState, BlotterStore } from './store.ts';

export interface SyncClock {
  now(): number;
  /** Runs `callback` once, before the next paint. */
  requestFrame(callback: () => void): void;
  /** Runs `callback` once after `ms`; returns a cancel function. */
  after(ms: number, callback: () => void): () => void;
  /** Runs `callback` every `ms`; returns a cancel function. */
  every(ms: number, callback: () => void): () => void;
}

/** A hidden window gets no animation frames; flush on a timer then so the buffer stays small. */
const FRAME_FALLBACK_MS = 250;
const LINGER_SWEEP_MS = 250;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5_000;

export function defaultClock(): SyncClock {
  return {
    now: () => Date.now(),
    requestFrame(callback) {
      let done = false;
      let frame: number | undefined;
      const run = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (frame !== undefined) cancelAnimationFrame(frame);
        callback();
      };
      const timer = setTimeout(run, FRAME_FALLBACK_MS);
      if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(run);
    },
    after(ms, callback) {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
    every(ms, callback) {
      const timer = setInterval(callback, ms);
      return () => clearInterval(timer);
    },
  };
}

interface PendingSnapshot {
  snapshot: Snapshot;
  /** Updates received while the request was in flight. */
  replay: BlotterUpdate[];
}

/** Starts syncing; returns the stop function. */
export function startSync(
  store: BlotterStore,
  bridge: Bridge,
  clock: SyncClock = defaultClock(),
): () => void {
  let updates: BlotterUpdate[] = [];
  let sinceRequest: BlotterUpdate[] | null = null;
  let pendingSnapshot: PendingSnapshot | null = null;
  let pendingBridge: BridgeStatus | null = null;
  /** `undefined`: no change to write. */
  let pendingLoadError: string | null | undefined;
  let sweepDue = false;
  let scheduled = false;
  let stopped = false;
  let connected = false;
  let requestSeq = 0;
  let retryDelay = RETRY_MIN_MS;
  let cancelRetry: (() => void) | null = null;

  function schedule(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    clock.requestFrame(flush);
  }

  function flush(): void {
    scheduled = false;
    if (stopped) return;
    const state = store.getState();
    const now = clock.now();
    let book = state.book;
    let loaded = state.loaded;
    if (pendingSnapshot) {
      const { snapshot, replay } = pendingSnapshot;
      pendingSnapshot = null;
      const newer = [...new Set([...replay, ...updates])].filter((u) => u.version > snapshot.version);
      book = applyUpdates(applySnapshot(snapshot, now), newer, now);
      loaded = true;
    } else if (updates.length > 0) {
      book = applyUpdates(book, updates, now);
    }
    updates = [];
    if (sweepDue) {
      sweepDue = false;
      book = expireLingering(book, now);
    }

    const next: Partial<BlotterState> = {};
    if (book !== state.book) next.book = book;
    if (loaded !== state.loaded) next.loaded = loaded;
    if (pendingBridge) {
      if (pendingBridge.state !== state.bridge.state || pendingBridge.detail !== state.bridge.detail) {
        next.bridge = pendingBridge;
      }
      pendingBridge = null;
    }
    if (pendingLoadError !== undefined) {
      if (pendingLoadError !== state.loadError) next.loadError = pendingLoadError;
      pendingLoadError = undefined;
    }
    if (Object.keys(next).length > 0) store.setState(next); // the one write of this frame
  }

  function snapshotFailed(seq: number, message: string): void {
    if (stopped || seq !== requestSeq) return;
    sinceRequest = null;
    pendingLoadError = message;
    schedule();
    if (!connected) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    cancelRetry = clock.after(delay, () => {
      cancelRetry = null;
      if (connected) requestSnapshot();
    });
  }

  function requestSnapshot(): void {
    const seq = ++requestSeq;
    sinceRequest = [];
    bridge.api.snapshot().then(
      (result) => {
        if (stopped || seq !== requestSeq) return;
        if (!result.ok) {
          snapshotFailed(seq, result.error.message);
          return;
        }
        pendingSnapshot = { snapshot: result.value, replay: sinceRequest ?? [] };
        sinceRequest = null;
        pendingLoadError = null;
        retryDelay = RETRY_MIN_MS;
        schedule();
      },
      (error: unknown) => snapshotFailed(seq, error instanceof Error ? error.message : String(error)),
    );
  }

  const offUpdate = bridge.api.onUpdate((update) => {
    updates.push(update);
    sinceRequest?.push(update);
    schedule();
    // Accounts removed or the mode switched: only a snapshot says what is gone.
    if (update.resync && connected) requestSnapshot();
  });

  const offStatus = bridge.onStatus((status) => {
    pendingBridge = status;
    schedule();
    cancelRetry?.();
    cancelRetry = null;
    connected = status.state === 'connected';
    if (connected) {
      retryDelay = RETRY_MIN_MS;
      requestSnapshot();
    } else {
      requestSeq++; // an answer to a request from the lost connection is void
      sinceRequest = null;
    }
  });

  const stopSweep = clock.every(LINGER_SWEEP_MS, () => {
    if (!hasLingering(store.getState().book)) return;
    sweepDue = true;
    schedule();
  });

  return () => {
    stopped = true;
    offUpdate();
    offStatus();
    stopSweep();
    cancelRetry?.();
  };
}
