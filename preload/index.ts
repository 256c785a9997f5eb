/**
 * The sandboxed preload: exposes `window.blotter` (the BlotterApi) through
 * contextBridge. It forwards calls to main and nothing else; main validates
 * every payload.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import {
  COMMAND_CHANNEL,
  COMMAND_SUBSCRIBE_CHANNEL,
  REQUEST_CHANNEL_PREFIX,
  SUBSCRIBE_CHANNEL,
  UPDATE_CHANNEL,
} from './channels.ts';
import type { AppCommand, BlotterApi, BlotterUpdate, RequestMethod, Result } from './contract.ts';

function invoke<T>(method: RequestMethod, payload?: unknown): Promise<Result<T>> {
  return ipcRenderer.invoke(`${REQUEST_CHANNEL_PREFIX}${method}`, payload) as Promise<Result<T>>;
}

const listeners = new Set<(update: BlotterUpdate) => void>();
let subscribed = false;
const commandListeners = new Set<(command: AppCommand) => void>();
let commandsSubscribed = false;

function deliverCommand(command: unknown): void {
  if (typeof command !== 'object' || command === null) return;
  for (const each of commandListeners) each(command as AppCommand);
}

const api: BlotterApi = {
  snapshot: () => invoke('snapshot'),
  cancel: (request) => invoke('cancel', request),
  previewCancel: (scope) => invoke('previewCancel', scope),
  cancelScope: (request) => invoke('cancelScope', request),
  stopCancel: (request) => invoke('stopCancel', request),
  accounts: {
    list: () => invoke('accountsList'),
    add: (draft) => invoke('accountsAdd', draft),
    test: (request) => invoke('accountsTest', request),
    remove: (request) => invoke('accountsRemove', request),
    setEnabled: (request) => invoke('accountsSetEnabled', request),
    forgetOrphan: (request) => invoke('accountsForgetOrphan', request),
  },
  setMode: (request) => invoke('setMode', request),
  health: () => invoke('health'),
  audit: {
    query: (query) => invoke('auditQuery', query),
    export: (request) => invoke('auditExport', request),
  },
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
  onCommand: (listener) => {
    commandListeners.add(listener);
    if (!commandsSubscribed) {
      commandsSubscribed = true;
      ipcRenderer.on(COMMAND_CHANNEL, (_event: IpcRendererEvent, command: unknown) =>
        deliverCommand(command),
      );
      // The answer describes the shortcut (or is null when there is none).
      void ipcRenderer.invoke(COMMAND_SUBSCRIBE_CHANNEL).then(deliverCommand, () => {});
    }
    return () => {
      commandListeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('blotter', api);
