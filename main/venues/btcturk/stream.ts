/**
 * The BTCTurk WebSocket: connect, wait for the 991 greeting, log in with
 * type 114 (its own signature over `publicKey + nonce`), then hand every
 * parsed frame to its owner. Reconnects with exponential backoff and jitter;
 * after BTCTurk refuses the credentials it says so ('down' with a detail) and
 * waits out the auth cool-down instead of retrying in a storm. WebSocket
 * protocol pings catch a dead socket. The reconnect, keep-alive and state
 * plumbing is the shared reconnecting socket.
 */
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { backoffFrom } from '../shared/backoff.ts';
import { createReconnectingSocket } from '../shared/reconnecting-socket.ts';
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

export function createBtcturkStream(options: BtcturkStreamOptions): BtcturkStream {
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const now = options.now ?? Date.now;

  const socket = createReconnectingSocket({
    label: 'btcturk stream',
    logger: options.logger,
    backoff: backoffFrom(options, { baseMs: RECONNECT_BASE_MS, capMs: RECONNECT_CAP_MS }),
    handshakeTimeoutMs: WS_HANDSHAKE_TIMEOUT_MS,
    reports: 'changes',
    onState: options.onState,
    // Pings run from the open: a socket that never answers the login is dropped by the login timer.
    keepAlive: { intervalMs: options.pingIntervalMs ?? WS_PING_INTERVAL_MS, ping: 'protocol', from: 'open' },

    prepare(control) {
      // REST and the stream share the cool-down after a refusal: neither hammers the venue.
      const refusal = options.gate.blocked(now());
      if (refusal !== undefined) return { after: authRetryMs, state: 'down', detail: refusal };
      if (control.state() === 'down') control.report('reconnecting', 'trying the credentials again');
      return { url: options.wsUrl };
    },

    session(connection) {
      let loggedIn = false;
      let authRefused: string | undefined;
      const loginTimer = setTimeout(
        () => connection.fail('no login answer in time'),
        options.loginTimeoutMs ?? WS_LOGIN_TIMEOUT_MS,
      );

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
        connection.send(JSON.stringify(frame));
      }

      return {
        onText(text) {
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
              options.gate.accepted();
              connection.ready();
            } else {
              authRefused = `credentials refused: WebSocket login failed${message.message ? ` (${message.message.slice(0, 120)})` : ''}`;
              options.gate.refused(authRefused, now());
              connection.close('login refused');
            }
            return;
          }
          if (loggedIn) options.onMessage(message);
        },

        onHandshakeRefused(status) {
          connection.detail = `handshake refused (${status})`;
        },

        onClose() {
          clearTimeout(loginTimer);
        },

        retryAfterClose(code) {
          if (authRefused !== undefined) {
            options.logger.warn('btcturk refused the WebSocket login; waiting before trying again');
            return { after: authRetryMs, state: 'down', detail: authRefused };
          }
          return { after: 'backoff', detail: connection.reason(code) };
        },
      };
    },
  });

  return { start: socket.start, stop: socket.stop, isLoggedIn: socket.isReady };
}
