/**
 * The Bluefin user-notifications WebSocket: a raw socket that subscribes to
 * the `userUpdates` room with the login token, keeps itself connected with
 * exponential backoff and jitter (logging in again when the server refuses
 * the token), pings to detect dead peers, and hands raw frames to its owner.
 */
import WebSocket from 'ws';
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { toVenueError } from '../../core/venue.ts';
import {
  AUTH_RETRY_MS,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  WS_HANDSHAKE_TIMEOUT_MS,
  WS_INVALID_TOKEN_CLOSE_CODE,
  WS_PING_INTERVAL_MS,
  WS_SUBSCRIBE,
  WS_USER_ROOM,
} from './constants.ts';
import type { BluefinSession } from './session.ts';

export interface BluefinStreamOptions {
  wsUrl: string;
  session: BluefinSession;
  logger: Logger;
  onMessage(text: string): void;
  onState(state: ConnectionState, detail?: string): void;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  /** Uniform [0, 1) for the jitter; tests pass a seeded one. */
  random?: () => number;
  pingIntervalMs?: number;
}

export interface BluefinStream {
  /** Resolves once the first connection attempt settled (subscribed, or failed and a retry is scheduled). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function subscribeFrame(token: string): string {
  return JSON.stringify([WS_SUBSCRIBE, [{ e: WS_USER_ROOM, rt: '', t: token }]]);
}

function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function createBluefinStream(options: BluefinStreamOptions): BluefinStream {
  const baseMs = options.reconnectBaseMs ?? RECONNECT_BASE_MS;
  const capMs = options.reconnectCapMs ?? RECONNECT_CAP_MS;
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const random = options.random ?? Math.random;
  let socket: WebSocket | undefined;
  let stopped = true;
  let failures = 0;
  let state: ConnectionState | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let settleFirst: (() => void) | undefined;

  function setState(next: ConnectionState, detail?: string): void {
    if (next === state) return;
    state = next;
    options.onState(next, detail);
  }

  function settle(): void {
    settleFirst?.();
    settleFirst = undefined;
  }

  /** Exponential backoff with equal jitter: half fixed, half random, capped. */
  function backoffMs(): number {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures, 20));
    failures++;
    return ceiling / 2 + random() * (ceiling / 2);
  }

  function retryIn(delayMs: number): void {
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, delayMs);
  }

  function scheduleReconnect(detail: string): void {
    if (stopped) return;
    setState('reconnecting', detail);
    retryIn(backoffMs());
  }

  function startPing(ws: WebSocket): void {
    let alive = true;
    ws.on('pong', () => {
      alive = true;
    });
    pingTimer = setInterval(() => {
      if (!alive) {
        options.logger.warn('bluefin stream missed a pong, dropping the connection');
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
      token = await options.session.token();
    } catch (err) {
      if (stopped) return;
      const error = toVenueError(err);
      if (error.category === 'auth') {
        // A refused key or unparseable credentials do not fix themselves: say so, and
        // try again only rarely (a key the user corrects comes with a new adapter anyway).
        setState('down', error.code === 'credentials' ? `credentials: ${error.message}` : error.message);
        if (error.code !== 'credentials') retryIn(authRetryMs);
      } else {
        scheduleReconnect(`login: ${error.message}`);
      }
      settle();
      return;
    }
    if (stopped) return;
    const ws = new WebSocket(options.wsUrl, {
      handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    socket = ws;
    let lastError: string | undefined;

    ws.on('open', () => {
      ws.send(subscribeFrame(token));
      failures = 0;
      setState('connected');
      startPing(ws);
      settle();
    });
    ws.on('message', (data) => {
      options.onMessage(frameText(data));
    });
    ws.on('error', (err) => {
      // The message names the host or the status only; the token travels in a frame, not here.
      lastError = err.message;
    });
    ws.on('close', (code) => {
      if (socket === ws) socket = undefined;
      clearInterval(pingTimer);
      pingTimer = undefined;
      if (stopped) return;
      let detail: string;
      if (code === WS_INVALID_TOKEN_CLOSE_CODE) {
        options.session.invalidate(token);
        detail = 'subscription refused the token, logging in again';
      } else {
        detail = lastError ?? `connection closed (${code})`;
      }
      options.logger.info('bluefin stream disconnected', { detail });
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
  };
}
