/**
 * The BTCTurk WebSocket: connect, wait for the 991 greeting, log in with
 * type 114 (its own signature over `publicKey + nonce`), then hand every
 * parsed frame to its owner. Reconnects with exponential backoff and jitter;
 * after BTCTurk refuses the credentials it says so ('down' with a detail) and
 * waits out the auth cool-down instead of retrying in a storm. WebSocket
 * protocol pings catch a dead socket.
 */
import WebSocket from 'ws';
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { type BtcturkCredentials, wsLoginSignature } from './auth.ts';
import type { AuthGate } from './auth-gate.ts';
import {
  AUTH_RETRY_MS,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  WS_HANDSHAKE_TIMEOUT_MS,
  WS_LOGIN_NONCE,
  WS_LOGIN_TIMEOUT_MS,
  WS_PING_INTERVAL_MS,
  WS_TYPE_LOGIN,
} from './constants.ts';
import { type BtcturkStreamMessage, parseStreamFrame } from './parse.ts';

export interface BtcturkStreamOptions {
  wsUrl: string;
  credentials: BtcturkCredentials;
  logger: Logger;
  gate: AuthGate;
  /** A user event (or any frame other than the greeting and the login answer) after login. */
  onMessage(message: BtcturkStreamMessage): void;
  onMalformed(description: string): void;
  /** Any frame at all arrived. */
  onHeartbeat(): void;
  onState(state: ConnectionState, detail?: string): void;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  loginTimeoutMs?: number;
  pingIntervalMs?: number;
  /** Uniform [0, 1) for the jitter; tests pass a seeded one. */
  random?: () => number;
  now?: () => number;
}

export interface BtcturkStream {
  /** Resolves once the first connection attempt settled (logged in, or failed and a retry is scheduled). */
  start(): Promise<void>;
  stop(): Promise<void>;
  isLoggedIn(): boolean;
}

function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function createBtcturkStream(options: BtcturkStreamOptions): BtcturkStream {
  const baseMs = options.reconnectBaseMs ?? RECONNECT_BASE_MS;
  const capMs = options.reconnectCapMs ?? RECONNECT_CAP_MS;
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  let socket: WebSocket | undefined;
  let stopped = true;
  let loggedIn = false;
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
    failures += 1;
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
    const refusal = options.gate.blocked(now());
    if (refusal !== undefined) {
      setState('down', refusal);
      schedule(authRetryMs);
      settle();
      return;
    }
    if (state === 'down') setState('reconnecting', 'trying the credentials again');
    const ws = new WebSocket(options.wsUrl, {
      handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    socket = ws;
    let authRefused: string | undefined;
    let lastError: string | undefined;
    let alive = true;
    let pingTimer: NodeJS.Timeout | undefined;
    const loginTimer = setTimeout(() => {
      lastError = 'no login answer in time';
      ws.terminate();
    }, options.loginTimeoutMs ?? WS_LOGIN_TIMEOUT_MS);

    function login(): void {
      const timestamp = now();
      const frame = [
        WS_TYPE_LOGIN,
        {
          type: WS_TYPE_LOGIN,
          publicKey: options.credentials.publicKey,
          timestamp,
          nonce: WS_LOGIN_NONCE,
          signature: wsLoginSignature(options.credentials, WS_LOGIN_NONCE),
        },
      ];
      ws.send(JSON.stringify(frame));
    }

    function onFrame(text: string): void {
      options.onHeartbeat();
      const parsed = parseStreamFrame(text);
      if (!parsed.ok) {
        options.onMalformed(parsed.error);
        return;
      }
      const message = parsed.value;
      if (message.kind === 'welcome') {
        if (!loggedIn) login();
        return;
      }
      if (message.kind === 'login') {
        clearTimeout(loginTimer);
        if (message.ok) {
          loggedIn = true;
          failures = 0;
          options.gate.accepted();
          setState('connected');
          settle();
        } else {
          authRefused = `credentials refused: WebSocket login failed${message.message ? ` (${message.message.slice(0, 120)})` : ''}`;
          options.gate.refused(authRefused, now());
          ws.close(1000, 'login refused');
        }
        return;
      }
      if (loggedIn) options.onMessage(message);
    }

    ws.on('unexpected-response', (_request, response) => {
      lastError = `handshake refused (${response.statusCode})`;
      response.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      pingTimer = setInterval(() => {
        if (!alive) {
          options.logger.warn('btcturk stream missed a pong, dropping the connection');
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, options.pingIntervalMs ?? WS_PING_INTERVAL_MS);
    });
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('message', (data) => onFrame(frameText(data)));
    ws.on('error', (err) => {
      // The message names the host or the status only.
      lastError = err.message;
    });
    ws.on('close', (code) => {
      clearTimeout(loginTimer);
      clearInterval(pingTimer);
      if (socket === ws) socket = undefined;
      loggedIn = false;
      if (stopped) return;
      if (authRefused !== undefined) {
        options.logger.warn('btcturk refused the WebSocket login; waiting before trying again');
        setState('down', authRefused);
        schedule(authRetryMs);
      } else {
        const detail = lastError ?? `connection closed (${code})`;
        options.logger.info('btcturk stream disconnected', { detail });
        setState('reconnecting', detail);
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
      loggedIn = false;
      setState('down', 'stopped');
    },

    isLoggedIn: () => loggedIn,
  };
}
