/** The Electron bridge: `window.blotter`, exposed by the preload through contextBridge. */
import { API_METHODS, buildRequestApi } from '../../../preload/api-methods.ts';
import type { BlotterApi, RequestApi, Result } from '../../../preload/contract.ts';
import type { Bridge } from './types.ts';

declare global {
  interface Window {
    blotter?: BlotterApi;
  }
}

/** The contract promises Results, never throws; this keeps that true even if an invoke rejects. */
function guard<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return call().catch((error: unknown) => unavailable<T>(error));
  } catch (error) {
    return Promise.resolve(unavailable<T>(error));
  }
}

function unavailable<T>(error: unknown): Result<T> {
  return {
    ok: false,
    error: { code: 'unavailable', message: error instanceof Error ? error.message : String(error) },
  };
}

/** Calls the method at `path` ("accounts.add") of the exposed API. */
function callAt(api: BlotterApi, path: string, payload: unknown): Promise<Result<unknown>> {
  let target: unknown = api;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  if (typeof target !== 'function') throw new Error(`window.blotter has no ${path}`);
  return (target as (payload: unknown) => Promise<Result<unknown>>)(payload);
}

export function createElectronBridge(api: BlotterApi): Bridge {
  return {
    kind: 'electron',
    api: {
      // Every request method of the map, each guarded so a rejected invoke is still a Result.
      ...buildRequestApi<RequestApi>((method, payload) =>
        guard(() => callAt(api, API_METHODS[method].path, payload)),
      ),
      onUpdate: (listener) => api.onUpdate(listener),
      onCommand: api.onCommand ? (listener) => api.onCommand?.(listener) ?? (() => {}) : undefined,
    },
    // IPC to main lives as long as the window: always connected.
    onStatus(listener) {
      listener({ state: 'connected' });
      return () => {};
    },
  };
}
