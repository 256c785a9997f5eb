/** Picks the preload bridge inside Electron, else the browser host's WebSocket bridge. */
import { createBrowserBridge } from './browser.ts';
import { createElectronBridge } from './electron.ts';
import { takeHostToken } from './host-token.ts';
import type { Bridge } from './types.ts';

export type { Bridge, BridgeState, BridgeStatus } from './types.ts';

export function createBridge(): Bridge {
  const api = window.blotter;
  if (api) return createElectronBridge(api);
  return createBrowserBridge({ location: window.location, token: takeHostToken(window) });
}
