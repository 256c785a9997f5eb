/**
 * The sandboxed preload: exposes `window.blotter` (the BlotterApi) through
 * contextBridge. It forwards calls to main and nothing else; main validates
 * every payload.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { buildRequestApi, type RequestMethod } from './api-methods.ts';
import {
  COMMAND_CHANNEL,
  COMMAND_SUBSCRIBE_CHANNEL,
  REQUEST_CHANNEL_PREFIX,
  SUBSCRIBE_CHANNEL,
  UPDATE_CHANNEL,
} from './channels.ts';
import type { AppCommand, BlotterApi, BlotterUpdate, RequestApi, Result } from './contract.ts';

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
  // Every request method, at its path, from the one method map.
  ...buildRequestApi<RequestApi>((method, payload) => invoke(method, payload)),
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
