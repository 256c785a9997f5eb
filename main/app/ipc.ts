/**
 * Wires the contract's request methods to ipcMain handlers (one channel per
 * method) and pushes coalesced updates to the window. Every handler checks
 * the sender and returns a Result; payload validation happens in the shared
 * dispatcher.
 */
import { ipcMain, type WebContents } from 'electron';
import { REQUEST_CHANNEL_PREFIX, SUBSCRIBE_CHANNEL, UPDATE_CHANNEL } from '../../preload/channels.ts';
import { REQUEST_METHODS, type Result } from '../../preload/contract.ts';
import type { Dispatch } from '../core/api-dispatch.ts';
import type { BlotterService } from '../core/blotter-service.ts';
import { isTrustedSender } from './sender-check.ts';

export function registerIpc(options: {
  dispatch: Dispatch;
  service: BlotterService;
  contents: WebContents;
  appUrl: string;
}): () => void {
  const { dispatch, service, contents, appUrl } = options;
  const untrusted: Result<never> = {
    ok: false,
    error: { code: 'invalid_request', message: 'untrusted sender' },
  };
  for (const method of REQUEST_METHODS) {
    ipcMain.handle(`${REQUEST_CHANNEL_PREFIX}${method}`, (event, payload: unknown) =>
      isTrustedSender(event, contents, appUrl) ? dispatch(method, payload) : untrusted,
    );
  }
  let unsubscribe: (() => void) | undefined;
  ipcMain.handle(SUBSCRIBE_CHANNEL, (event) => {
    if (!isTrustedSender(event, contents, appUrl)) return untrusted;
    unsubscribe?.();
    unsubscribe = service.subscribe((update) => {
      if (!contents.isDestroyed()) contents.send(UPDATE_CHANNEL, update);
    });
    return { ok: true, value: null };
  });
  return () => {
    unsubscribe?.();
    for (const method of REQUEST_METHODS) ipcMain.removeHandler(`${REQUEST_CHANNEL_PREFIX}${method}`);
    ipcMain.removeHandler(SUBSCRIBE_CHANNEL);
  };
}
