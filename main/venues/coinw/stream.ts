/**
 * The CoinW private futures WebSocket: connect → `login` → `sub` futures/order,
 * the venue's application ping (`{"event":"ping"}`, answered `{"event":"pong"}`)
 * once subscribed, reconnect with exponential backoff and jitter (re-login
 * and re-subscribe each time). A refused login is reported as `down` with the
 * venue's reason and retried only rarely: bad credentials do not fix
 * themselves, and hammering the venue would not help. Reconnect, state and
 * keep-alive plumbing are the shared reconnecting socket's: a ping still
 * unanswered (no frame at all) at the next interval drops the link, so a link
 * that went silent without closing is dead within two intervals.
 */
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { backoffFrom } from '../shared/backoff.ts';
import { createReconnectingSocket } from '../shared/reconnecting-socket.ts';
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
  WS_TYPE_ORDER,
} from './constants.ts';
import { type CoinwOrder, parseStreamMessage } from './parse.ts';

/** The venue's application ping; any frame answers it (the venue's is `{"event":"pong"}`). */
export const PING_FRAME = JSON.stringify({ event: WS_EVENT_PING });

export interface CoinwStreamOptions {
  wsUrl: string;
  credentials: CoinwCredentials;
  logger: Logger;
  onOrders(rows: CoinwOrder[]): void;
  onState(state: ConnectionState, detail?: string): void;
  /** Any frame at all arrived. */
  onHeartbeat(): void;
  onMalformed(description: string): void;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  /** Application ping interval; the link is declared dead after two without any frame. */
  pingIntervalMs?: number;
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

export function createCoinwStream(options: CoinwStreamOptions): CoinwStream {
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const pingIntervalMs = options.pingIntervalMs ?? WS_PING_INTERVAL_MS;
  const loginTimeoutMs = options.loginTimeoutMs ?? WS_LOGIN_TIMEOUT_MS;

  const socket = createReconnectingSocket({
    label: 'coinw stream',
    logger: options.logger,
    backoff: backoffFrom(options, { baseMs: RECONNECT_BASE_MS, capMs: RECONNECT_CAP_MS }),
    handshakeTimeoutMs: WS_HANDSHAKE_TIMEOUT_MS,
    reports: 'changes',
    onState: options.onState,
    keepAlive: {
      intervalMs: pingIntervalMs,
      ping: { text: PING_FRAME },
      from: 'ready',
      missedDetail: 'missed pong',
    },
    prepare: () => ({ url: options.wsUrl }),

    session(connection) {
      let subscribed = false;
      /** Set when this connection's outcome is decided (auth refusal) so `close` does not override it. */
      let refusedDetail: string | undefined;
      let deadline: NodeJS.Timeout | undefined;

      const send = (message: unknown): void => connection.send(JSON.stringify(message));
      /** Kill the connection unless a frame arrives within `ms`. */
      const expectFrameWithin = (ms: number, why: string): void => {
        clearTimeout(deadline);
        deadline = setTimeout(() => connection.fail(why), ms);
      };

      return {
        onOpen() {
          send(loginMessage(options.credentials));
          expectFrameWithin(loginTimeoutMs, 'no answer to login');
        },

        onText(text) {
          clearTimeout(deadline);
          deadline = undefined;
          options.onHeartbeat();
          const parsed = parseStreamMessage(text);
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
                connection.close('login refused');
              }
              return;
            case 'subscribed':
              if (message.type !== '' && message.type !== WS_TYPE_ORDER) return;
              if (!message.ok) {
                connection.detail = `subscribe refused${message.code !== undefined ? ` (${message.code})` : ''}: ${message.message ?? ''}`;
                connection.close('subscribe refused');
                return;
              }
              subscribed = true;
              connection.ready();
              return;
            case 'orders':
              if (!subscribed) return;
              // One unreadable row (or an unexplained status such as markerChange) drops that row only.
              for (const description of message.skipped)
                options.onMalformed(`order push: skipped ${description}`);
              options.onOrders(message.orders);
              return;
            case 'pong':
            case 'other':
              return;
          }
        },

        onHandshakeRefused(status) {
          connection.detail = `handshake refused (${status})`;
        },

        onClose() {
          clearTimeout(deadline);
        },

        retryAfterClose(code) {
          if (refusedDetail) {
            options.logger.warn('coinw stream login refused', { detail: refusedDetail });
            return { after: authRetryMs, state: 'down', detail: refusedDetail };
          }
          // After a refused login the account stays `down` until a login succeeds.
          const state = connection.state() === 'down' ? 'down' : 'reconnecting';
          return { after: 'backoff', state, detail: connection.reason(code) };
        },
      };
    },
  });

  return { start: socket.start, stop: socket.stop, isConnected: socket.isReady };
}
