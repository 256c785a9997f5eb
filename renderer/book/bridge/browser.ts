/**
 * The browser bridge: BlotterApi over the browser host's loopback WebSocket
 * (protocol in preload/host-protocol.ts). Requests carry ids and resolve from
 * a pending map; a lost socket resolves every pending request as
 * `unavailable` (Results, never thrown errors) and reconnects with backoff.
 * Every `connected` status tells the store to re-fetch a snapshot.
 */
import { API_METHODS, buildRequestApi, type RequestMethod } from '../../../preload/api-methods.ts';
import type {
  BlotterApi,
  BlotterUpdate,
  RequestApi,
  ResponseTypes,
  Result,
} from '../../../preload/contract.ts';
import {
  HOST_API_PATH,
  HOST_TOKEN_PARAM,
  type HostMessage,
  type HostRequest,
} from '../../../preload/host-protocol.ts';
import type { Bridge, BridgeStatus } from './types.ts';

export interface BrowserBridgeOptions {
  location: { hash: string; host: string };
  /** The token already taken from the address (host-token.ts); else it is read from `location.hash`. */
  token?: string | null;
  /** For tests; defaults to the global WebSocket. */
  WebSocketImpl?: typeof WebSocket;
  requestTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get(HOST_TOKEN_PARAM);
  return token ? token : null;
}

export function hostApiUrl(host: string, token: string): string {
  return `ws://${host}${HOST_API_PATH}?${HOST_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

function unavailable<T>(message: string): Result<T> {
  return { ok: false, error: { code: 'unavailable', message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Shape check of what the host pushes; the host is trusted, this guards against garbage. */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (typeof data !== 'string') return null;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(message)) return null;
  if (message.type === 'response') {
    const result = message.result;
    if (typeof message.id !== 'number' || !isRecord(result) || typeof result.ok !== 'boolean') return null;
    return { type: 'response', id: message.id, result: result as Result<unknown> };
  }
  if (message.type === 'update') {
    const update = message.update;
    if (!isRecord(update) || typeof update.version !== 'number') return null;
    if (!Array.isArray(update.orders) || !Array.isArray(update.accounts) || !Array.isArray(update.intents)) {
      return null;
    }
    return { type: 'update', update: update as unknown as BlotterUpdate };
  }
  return null;
}

export function createBrowserBridge(options: BrowserBridgeOptions): Bridge {
  const Socket = options.WebSocketImpl ?? WebSocket;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const backoffMin = options.backoffMinMs ?? 250;
  const backoffMax = options.backoffMaxMs ?? 5_000;
  const token = options.token !== undefined ? options.token : tokenFromHash(options.location.hash);

  const statusListeners = new Set<(status: BridgeStatus) => void>();
  const updateListeners = new Set<(update: BlotterUpdate) => void>();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let status: BridgeStatus = token
    ? { state: 'connecting' }
    : { state: 'failed', detail: 'No access token in the page address; open the link the host printed.' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let everConnected = false;

  function setStatus(next: BridgeStatus): void {
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function failPending(message: string): void {
    const resolvers = [...pending.values()];
    pending.clear();
    for (const resolve of resolvers) resolve(unavailable(message));
  }

  function scheduleReconnect(): void {
    const ceiling = Math.min(backoffMin * 2 ** attempt, backoffMax);
    attempt++;
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2); // jitter
    setStatus({
      state: everConnected ? 'reconnecting' : 'connecting',
      detail: `Retrying in ${(delay / 1000).toFixed(1)} s`,
    });
    setTimeout(connect, delay);
  }

  function onMessage(data: unknown): void {
    const message = parseHostMessage(data);
    if (!message) return;
    if (message.type === 'response') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.result);
      return;
    }
    for (const listener of updateListeners) listener(message.update);
  }

  function connect(): void {
    if (!token) return;
    const ws = new Socket(hostApiUrl(options.location.host, token));
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      everConnected = true;
      setStatus({ state: 'connected' });
    };
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) onMessage(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failPending('The connection to the blotter was lost');
      scheduleReconnect();
    };
    ws.onerror = () => {}; // a close event always follows
  }

  function request<M extends RequestMethod>(method: M, payload?: unknown): Promise<Result<ResponseTypes[M]>> {
    const ws = socket;
    if (!ws || ws.readyState !== ws.OPEN) {
      return Promise.resolve(unavailable('Not connected to the blotter'));
    }
    const id = nextId++;
    return new Promise((resolve) => {
      // A request that changes something in main is never given up on while the link is up: main may still
      // be doing it (a keychain unlock prompt, a slow venue), and "did not answer in time" would be a lie about
      // the result. A lost link still fails it at once.
      const timer = API_METHODS[method].mutates
        ? undefined
        : setTimeout(() => {
            pending.delete(id);
            resolve(unavailable('The blotter did not answer in time'));
          }, timeoutMs);
      pending.set(id, (result) => {
        clearTimeout(timer);
        // The host answers `method` with ResponseTypes[method]; main validated it.
        resolve(result as Result<ResponseTypes[M]>);
      });
      const message: HostRequest = payload === undefined ? { id, method } : { id, method, payload };
      ws.send(JSON.stringify(message));
    });
  }

  const api: BlotterApi = {
    // Every request method of the map, at its path.
    ...buildRequestApi<RequestApi>((method, payload) => request(method, payload)),
    onUpdate(listener) {
      updateListeners.add(listener);
      return () => updateListeners.delete(listener);
    },
  };

  connect();

  return {
    kind: 'browser',
    api,
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
