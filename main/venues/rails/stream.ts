/**
 * The Rails WebSocket: connects with the token as the subprotocol
 * `authorization#<JWT>` (the `ws` client refuses a server that does not echo
 * it), keeps itself connected with exponential backoff and jitter, and hands
 * raw frames to its owner. It knows nothing about cancels or orders.
 */
import WebSocket from 'ws';
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { toVenueError } from '../../core/venue.ts';
import type { TokenClient } from './auth.ts';
import {
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  WS_ALL_MARKETS,
  WS_AUTH_PROTOCOL_PREFIX,
  WS_HANDSHAKE_TIMEOUT_MS,
  WS_ORDER_SUBSCRIPTION,
  WS_PING_INTERVAL_MS,
} from './constants.ts';

export interface RailsStreamOptions {
  wsUrl: string;
  tokens: TokenClient;
  logger: Logger;
  /** Defaults to `ALL` (assumed to stream every market). */
  market?: string;
  onMessage(text: string): void;
  onState(state: ConnectionState, detail?: string): void;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /** Uniform [0, 1) for the jitter; tests pass a seeded one. */
  random?: () => number;
  pingIntervalMs?: number;
}

export interface RailsStream {
  /** Resolves once the first connection attempt settled (open, or failed and a retry is scheduled). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one JSON message; false when no connection is open (nothing was sent). */
  send(message: unknown): boolean;
  isOpen(): boolean;
}

export function streamUrl(wsUrl: string, market: string): string {
  const url = new URL(wsUrl);
  url.searchParams.set('market', market);
  url.searchParams.set('subscriptions', WS_ORDER_SUBSCRIPTION);
  return url.toString();
}

function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function createRailsStream(options: RailsStreamOptions): RailsStream {
  const baseMs = options.reconnectBaseMs ?? RECONNECT_BASE_MS;
  const capMs = options.reconnectCapMs ?? RECONNECT_CAP_MS;
  const random = options.random ?? Math.random;
  const url = streamUrl(options.wsUrl, options.market ?? WS_ALL_MARKETS);
  let socket: WebSocket | undefined;
  let stopped = true;
  let failures = 0;
  let state: ConnectionState | undefined;
  let stateDetail: string | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  /** The token the server refused: the next attempt must not reuse it. */
  let refusedToken: string | undefined;
  let settleFirst: (() => void) | undefined;

  /** Repeats are dropped, but a new cause while still reconnecting is news for the status line. */
  function setState(next: ConnectionState, detail?: string): void {
    if (next === state && detail === stateDetail) return;
    state = next;
    stateDetail = detail;
    options.onState(next, detail);
  }

  function settle(): void {
    settleFirst?.();
    settleFirst = undefined;
  }

  /** Full-range exponential backoff with equal jitter: half fixed, half random, capped. */
  function backoffMs(): number {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures, 20));
    failures++;
    return ceiling / 2 + random() * (ceiling / 2);
  }

  function scheduleReconnect(detail: string, next: ConnectionState = 'reconnecting'): void {
    if (stopped) return;
    setState(next, detail);
    const delay = backoffMs();
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, delay);
  }

  function startPing(ws: WebSocket): void {
    let alive = true;
    ws.on('pong', () => {
      alive = true;
    });
    pingTimer = setInterval(() => {
      if (!alive) {
        options.logger.warn('rails stream missed a pong, dropping the connection');
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, options.pingIntervalMs ?? WS_PING_INTERVAL_MS);
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    let token: string;
    try {
      token =
        refusedToken === undefined ? await options.tokens.get() : await options.tokens.refresh(refusedToken);
    } catch (err) {
      const error = toVenueError(err);
      // Bad credentials will not fix themselves: say so, but keep trying at the slow end of the backoff.
      if (error.category === 'auth') failures = Math.max(failures, 30);
      scheduleReconnect(`token: ${error.message}`, error.category === 'auth' ? 'down' : 'reconnecting');
      settle();
      return;
    }
    if (stopped) return;
    refusedToken = undefined;
    const ws = new WebSocket(url, [`${WS_AUTH_PROTOCOL_PREFIX}${token}`], {
      handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    socket = ws;
    let handshakeStatus: number | undefined;
    let lastError: string | undefined;

    ws.on('unexpected-response', (_request, response) => {
      handshakeStatus = response.statusCode;
      response.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      failures = 0;
      setState('connected');
      startPing(ws);
      settle();
    });
    ws.on('message', (data) => {
      options.onMessage(frameText(data));
    });
    ws.on('error', (err) => {
      // The message names the host or the status only; the handshake headers are not in it.
      lastError = err.message;
    });
    ws.on('close', (code) => {
      if (socket === ws) socket = undefined;
      clearInterval(pingTimer);
      pingTimer = undefined;
      if (stopped) return;
      let detail: string;
      if (handshakeStatus === 401) {
        refusedToken = token;
        detail = 'handshake refused (401), fetching a new token';
      } else if (handshakeStatus !== undefined) {
        detail = `handshake refused (${handshakeStatus})`;
      } else {
        detail = lastError ?? `connection closed (${code})`;
      }
      options.logger.info('rails stream disconnected', { detail });
      scheduleReconnect(detail);
      settle();
    });
  }

  return {
    start() {
      if (!stopped) return Promise.resolve();
      stopped = false;
      failures = 0;
      setState('connecting');
      const first = new Promise<void>((resolve) => {
        settleFirst = resolve;
      });
      void connect();
      return first;
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(reconnectTimer);
      clearInterval(pingTimer);
      settle();
      const ws = socket;
      socket = undefined;
      if (ws && ws.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => ws.terminate(), 1000);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client stop');
          else ws.terminate();
        });
      }
      setState('down', 'stopped');
    },

    send(message) {
      const ws = socket;
      if (!ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(message));
      return true;
    },

    isOpen: () => socket?.readyState === WebSocket.OPEN,
  };
}
