/**
 * The sandboxed preload: exposes `window.blotter` (the BlotterApi) through
 * contextBridge. It forwards calls to main and nothing else; main validates
 * every payload.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { REQUEST_CHANNEL_PREFIX, SUBSCRIBE_CHANNEL, UPDATE_CHANNEL } from './channels.ts';
import type { BlotterApi, BlotterUpdate, RequestMethod, Result } from './contract.ts';

function invoke<T>(method: RequestMethod, payload?: unknown): Promise<Result<T>> {
  return ipcRenderer.invoke(`${REQUEST_CHANNEL_PREFIX}${method}`, payload) as Promise<Result<T>>;
}

const listeners = new Set<(update: BlotterUpdate) => void>();
let subscribed = false;

const api: BlotterApi = {
  snapshot: () => invoke('snapshot'),
  cancel: (request) => invoke('cancel', request),
  previewCancel: (scope) => invoke('previewCancel', scope),
  cancelScope: (request) => invoke('cancelScope', request),
  accounts: {
    list: () => invoke('accountsList'),
    add: (draft) => invoke('accountsAdd', draft),
    test: (request) => invoke('accountsTest', request),
    remove: (request) => invoke('accountsRemove', request),
    setEnabled: (request) => invoke('accountsSetEnabled', request),
  },
  setMode: (request) => invoke('setMode', request),
  onUpdate: (listener) => {
    listeners.add(listener);
    if (!subscribed) {
      subscribed = true;
      ipcRenderer.on(UPDATE_CHANNEL, (_event: IpcRendererEvent, update: BlotterUpdate) => {
        for (const each of listeners) each(update);
      });
      void ipcRenderer.invoke(SUBSCRIBE_CHANNEL);
    }
    return () => {
      listeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('blotter', api);
