/** The Electron bridge: `window.blotter`, exposed by the preload through contextBridge. */
import type { BlotterApi, Result } from '../../preload/contract.ts';
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

export function createElectronBridge(api: BlotterApi): Bridge {
  return {
    kind: 'electron',
    api: {
      snapshot: () => guard(() => api.snapshot()),
      cancel: (request) => guard(() => api.cancel(request)),
      previewCancel: (scope) => guard(() => api.previewCancel(scope)),
      cancelScope: (request) => guard(() => api.cancelScope(request)),
      stopCancel: (request) => guard(() => api.stopCancel(request)),
      accounts: {
        list: () => guard(() => api.accounts.list()),
        add: (draft) => guard(() => api.accounts.add(draft)),
        test: (request) => guard(() => api.accounts.test(request)),
        remove: (request) => guard(() => api.accounts.remove(request)),
        setEnabled: (request) => guard(() => api.accounts.setEnabled(request)),
        forgetOrphan: (request) => guard(() => api.accounts.forgetOrphan(request)),
      },
      setMode: (request) => guard(() => api.setMode(request)),
      health: () => guard(() => api.health()),
      audit: {
        query: (query) => guard(() => api.audit.query(query)),
        export: (request) => guard(() => api.audit.export(request)),
      },
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
