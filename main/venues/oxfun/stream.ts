/**
 * The OX.FUN WebSocket session of one account: connect, log in with the HMAC
 * signature, subscribe to `order:all`, keep alive with text ping/pong, and
 * after any loss reconnect with exponential backoff and jitter and do it all
 * again. A login refused for credentials or clock leaves the account `down`
 * with the venue's reason and retries only slowly (no retry storm). Frames
 * that are not part of the session go to the owner, already parsed.
 */
import WebSocket from 'ws';
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { loginMessage, type OxfunCredentials } from './auth.ts';
import {
  AUTH_CODES,
  AUTH_RETRY_MS,
  CODES,
  LOGIN_REPLY_TIMEOUT_MS,
  OPS,
  ORDER_CHANNEL_ALL,
  PING_INTERVAL_MS,
  PING_TEXT,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  WS_HANDSHAKE_TIMEOUT_MS,
} from './constants.ts';
import { loginRefusalDetail } from './errors.ts';
import { type OxfunWsMessage, parseWsFrame } from './parse.ts';

export interface OxfunStreamOptions {
  wsUrl: string;
  credentials: OxfunCredentials;
  logger: Logger;
  /** Every frame that is not part of the session handshake/keep-alive. */
  onMessage(message: OxfunWsMessage): void;
  /** Any frame at all arrived. */
  onFrame(): void;
  onMalformed(description: string): void;
  onState(state: ConnectionState, detail?: string): void;
  now?: () => number;
  /** Uniform [0, 1) for the jitter; tests pass a seeded one. */
  random?: () => number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  pingIntervalMs?: number;
  loginTimeoutMs?: number;
}

export interface OxfunStream {
  /** Resolves once the first attempt settled (logged in and subscribed, or failed with a retry scheduled). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one text frame on a logged-in, subscribed session; false when there is none (nothing sent). */
  send(text: string): boolean;
  isReady(): boolean;
}

function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function createOxfunStream(options: OxfunStreamOptions): OxfunStream {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseMs = options.reconnectBaseMs ?? RECONNECT_BASE_MS;
  const capMs = options.reconnectCapMs ?? RECONNECT_CAP_MS;
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const log = options.logger;

  let socket: WebSocket | undefined;
  let ready = false;
  let stopped = true;
  let failures = 0;
  let attempt = 0;
  let state: ConnectionState | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let settleFirst: (() => void) | undefined;

  function setState(next: ConnectionState, detail?: string): void {
    if (next === state && next !== 'down') return;
    state = next;
    options.onState(next, detail);
  }

  function settle(): void {
    settleFirst?.();
    settleFirst = undefined;
  }

  /** Equal jitter: half the ceiling fixed, half random, so reconnecting clients spread out. */
  function backoffMs(): number {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures, 20));
    failures += 1;
    return ceiling / 2 + random() * (ceiling / 2);
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delayMs);
  }

  function connect(): void {
    if (stopped) return;
    attempt += 1;
    const session = attempt;
    const ws = new WebSocket(options.wsUrl, {
      handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    socket = ws;
    /** Set when the venue refused the login for a reason a fast retry cannot fix. */
    let authRefusal: string | undefined;
    let closeDetail: string | undefined;
    let awaitingPong = false;
    let pingTimer: NodeJS.Timeout | undefined;
    let loginTimer: NodeJS.Timeout | undefined;

    const drop = (detail: string): void => {
      closeDetail ??= detail;
      ws.terminate();
    };

    const becomeReady = (): void => {
      ready = true;
      failures = 0;
      // After a refused login the account sat `down`; pass through `reconnecting` so the owner resyncs.
      if (state === 'down') setState('reconnecting', 'login accepted');
      setState('connected');
      pingTimer = setInterval(() => {
        if (awaitingPong) {
          log.warn('oxfun stream missed a pong, dropping the connection');
          drop('keep-alive: no pong');
          return;
        }
        awaitingPong = true;
        if (ws.readyState === WebSocket.OPEN) ws.send(PING_TEXT);
      }, options.pingIntervalMs ?? PING_INTERVAL_MS);
      settle();
    };

    const onSession = (message: OxfunWsMessage): boolean => {
      switch (message.kind) {
        case 'pong':
        case 'greeting':
          return true;
        case 'login': {
          clearTimeout(loginTimer);
          // 20005 "already logged in": this socket is authenticated, which is all we need.
          if (message.success || message.code === CODES.alreadyLoggedIn) {
            ws.send(JSON.stringify({ op: OPS.subscribe, tag: `sub${session}`, args: [ORDER_CHANNEL_ALL] }));
            return true;
          }
          const code = message.code ?? 'unknown';
          const detail = loginRefusalDetail(code, message.message ?? 'login failed');
          if (AUTH_CODES.has(code)) authRefusal = detail;
          drop(detail);
          return true;
        }
        case 'subscribe': {
          if (message.success) {
            if (!ready) becomeReady();
            return true;
          }
          const code = message.code ?? 'unknown';
          const detail = `order channel subscription refused (${code}): ${message.message ?? ''}`.trim();
          if (AUTH_CODES.has(code)) authRefusal = detail;
          drop(detail);
          return true;
        }
        default:
          return false;
      }
    };

    ws.on('open', () => {
      ws.send(JSON.stringify(loginMessage(options.credentials, now(), `login${session}`)));
      loginTimer = setTimeout(() => drop('no login reply'), options.loginTimeoutMs ?? LOGIN_REPLY_TIMEOUT_MS);
    });

    ws.on('message', (data) => {
      awaitingPong = false;
      options.onFrame();
      const parsed = parseWsFrame(frameText(data));
      if (!parsed.ok) {
        options.onMalformed(parsed.error);
        return;
      }
      if (!onSession(parsed.value)) options.onMessage(parsed.value);
    });

    ws.on('error', (err) => {
      // Names the host or the HTTP status only; nothing we sent is in it.
      closeDetail ??= err.message;
    });

    ws.on('close', (code) => {
      clearInterval(pingTimer);
      clearTimeout(loginTimer);
      if (socket === ws) socket = undefined;
      ready = false;
      if (stopped) return;
      if (authRefusal) {
        log.warn('oxfun login refused', { detail: authRefusal });
        setState('down', authRefusal);
        schedule(authRetryMs);
      } else {
        const detail = closeDetail ?? `connection closed (${code})`;
        log.info('oxfun stream disconnected', { detail });
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
      ready = false;
      clearTimeout(reconnectTimer);
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

    send(text) {
      const ws = socket;
      if (!ready || !ws || ws.readyState !== WebSocket.OPEN) return false;
      ws.send(text);
      return true;
    },

    isReady: () => ready && socket?.readyState === WebSocket.OPEN,
  };
}
