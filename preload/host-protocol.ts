/**
 * The browser host's wire protocol: the same BlotterApi as the Electron
 * bridge, carried as JSON over a loopback WebSocket.
 *
 * - The host serves the renderer at `http://127.0.0.1:<port>/#token=<token>`.
 * - The renderer connects to `ws://127.0.0.1:<port>/api?token=<token>`; the host
 *   refuses any other token and any Origin but its own.
 * - Requests are answered in any order, matched by `id`; updates are pushed.
 */
import type { BlotterUpdate, RequestMethod, Result } from './contract.ts';

export const HOST_API_PATH = '/api';
export const HOST_TOKEN_PARAM = 'token';

export interface HostRequest {
  id: number;
  method: RequestMethod;
  payload?: unknown;
}

export type HostMessage =
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'update'; update: BlotterUpdate };
