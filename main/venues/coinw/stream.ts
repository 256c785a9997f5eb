/**
 * The CoinW private futures WebSocket: connect → `login` → `sub` futures/order,
 * JSON ping/pong keep-alive, reconnect with exponential backoff and jitter
 * (re-login and re-subscribe each time). A refused login is reported as
 * `down` with the venue's reason and retried only rarely: bad credentials do
 * not fix themselves, and hammering the venue would not help.
 */
import WebSocket from 'ws';
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { type CoinwCredentials, loginMessage } from './auth.ts';
import {
  AUTH_RETRY_MS,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  WS_BIZ_FUTURES,
  WS_EVENT_PING,
  WS_EVENT_SUB,
  WS_HANDSHAKE_TIMEOUT_MS,
  WS_LOGIN_TIMEOUT_MS,
  WS_PING_INTERVAL_MS,
  WS_PONG_TIMEOUT_MS,
  WS_TYPE_ORDER,
} from './constants.ts';
import { type CoinwOrderRow, parseStreamMessage } from './parse.ts';

export interface CoinwStreamOptions {
  wsUrl: string;
  credentials: CoinwCredentials;
  logger: Logger;
  onOrders(rows: CoinwOrderRow[]): void;
  onState(state: ConnectionState, detail?: string): void;
  /** Any frame at all arrived. */
  onHeartbeat(): void;
  onMalformed(description: string): void;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  loginTimeoutMs?: number;
  /** Uniform [0, 1) for the jitter; tests pass a seeded one. */
  random?: () => number;
}

export interface CoinwStream {
  /** Resolves once the first attempt settled (subscribed, or failed with a retry scheduled). */
  start(): Promise<void>;
  stop(): Promise<void>;
  isConnected(): boolean;
}

function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function createCoinwStream(options: CoinwStreamOptions): CoinwStream {
  const baseMs = options.reconnectBaseMs ?? RECONNECT_BASE_MS;
  const capMs = options.reconnectCapMs ?? RECONNECT_CAP_MS;
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const pingIntervalMs = options.pingIntervalMs ?? WS_PING_INTERVAL_MS;
  const pongTimeoutMs = options.pongTimeoutMs ?? WS_PONG_TIMEOUT_MS;
  const loginTimeoutMs = options.loginTimeoutMs ?? WS_LOGIN_TIMEOUT_MS;
  const random = options.random ?? Math.random;
  let socket: WebSocket | undefined;
  let subscribed = false;
  let stopped = true;
  let failures = 0;
  let state: ConnectionState | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
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

  function schedule(delayMs: number): void {
    if (stopped || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delayMs);
  }

  function connect(): void {
    if (stopped) return;
    const ws = new WebSocket(options.wsUrl, {
      handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    socket = ws;
    subscribed = false;
    /** Set when this connection's outcome is decided (auth refusal) so `close` does not override it. */
    let refusedDetail: string | undefined;
    let lastError: string | undefined;
    let pingTimer: NodeJS.Timeout | undefined;
    let deadline: NodeJS.Timeout | undefined;

    const send = (message: unknown): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    };
    /** Kill the connection unless a frame arrives within `ms`. */
    const expectFrameWithin = (ms: number, why: string): void => {
      clearTimeout(deadline);
      deadline = setTimeout(() => {
        lastError = why;
        ws.terminate();
      }, ms);
    };

    ws.on('open', () => {
      send(loginMessage(options.credentials));
      expectFrameWithin(loginTimeoutMs, 'no answer to login');
    });

    ws.on('message', (data) => {
      clearTimeout(deadline);
      deadline = undefined;
      options.onHeartbeat();
      const parsed = parseStreamMessage(frameText(data));
      if (!parsed.ok) {
        options.onMalformed(parsed.error);
        return;
      }
      const message = parsed.value;
      switch (message.kind) {
        case 'login':
          if (message.ok) {
            send({ event: WS_EVENT_SUB, params: { biz: WS_BIZ_FUTURES, type: WS_TYPE_ORDER } });
            expectFrameWithin(loginTimeoutMs, 'no answer to subscribe');
          } else {
            refusedDetail = `login refused${message.code !== undefined ? ` (${message.code})` : ''}: ${message.message ?? 'invalid credentials'}`;
            ws.close(1000, 'login refused');
          }
          return;
        case 'subscribed':
          if (message.type !== '' && message.type !== WS_TYPE_ORDER) return;
          if (!message.ok) {
            lastError = `subscribe refused${message.code !== undefined ? ` (${message.code})` : ''}: ${message.message ?? ''}`;
            ws.close(1000, 'subscribe refused');
            return;
          }
          subscribed = true;
          failures = 0;
          setState('connected');
          pingTimer = setInterval(() => {
            send({ event: WS_EVENT_PING });
            if (!deadline) expectFrameWithin(pongTimeoutMs, 'missed pong');
          }, pingIntervalMs);
          settle();
          return;
        case 'orders':
          if (subscribed) options.onOrders(message.orders);
          return;
        case 'pong':
        case 'other':
          return;
      }
    });

    ws.on('unexpected-response', (_request, response) => {
      lastError = `handshake refused (${response.statusCode})`;
      response.resume();
      ws.terminate();
    });
    ws.on('error', (err) => {
      // Names the host or the status only; the login frame is never part of an error.
      lastError = err.message;
    });
    ws.on('close', (code) => {
      clearInterval(pingTimer);
      clearTimeout(deadline);
      if (socket === ws) socket = undefined;
      subscribed = false;
      if (stopped) return;
      if (refusedDetail) {
        options.logger.warn('coinw stream login refused', { detail: refusedDetail });
        setState('down', refusedDetail);
        schedule(authRetryMs);
      } else {
        const detail = lastError ?? `connection closed (${code})`;
        options.logger.info('coinw stream disconnected', { detail });
        setState(state === 'down' ? 'down' : 'reconnecting', detail);
        schedule(backoffMs());
      }
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
      connect();
      return first;
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
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

    isConnected: () => subscribed,
  };
}
