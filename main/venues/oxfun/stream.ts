/**
 * The OX.FUN WebSocket session of one account: connect, log in with the HMAC
 * signature, subscribe to `order:all`, keep alive with text ping/pong, and
 * after any loss reconnect with exponential backoff and jitter and do it all
 * again. A login refused for credentials or clock leaves the account `down`
 * with the venue's reason and retries only slowly (no retry storm). Frames
 * that are not part of the session go to the owner, already parsed. The
 * reconnect, keep-alive and state plumbing is the shared reconnecting socket.
 */
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { backoffFrom } from '../shared/backoff.ts';
import { normaliseCode } from '../shared/error-table.ts';
import { createReconnectingSocket } from '../shared/reconnecting-socket.ts';
import { loginMessage, type OxfunCredentials } from './auth.ts';
import {
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
import { isAuthCode, loginRefusalDetail } from './errors.ts';
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

export function createOxfunStream(options: OxfunStreamOptions): OxfunStream {
  const now = options.now ?? Date.now;
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const log = options.logger;
  let attempt = 0;

  const socket = createReconnectingSocket({
    label: 'oxfun stream',
    logger: log,
    backoff: backoffFrom(options, { baseMs: RECONNECT_BASE_MS, capMs: RECONNECT_CAP_MS }),
    handshakeTimeoutMs: WS_HANDSHAKE_TIMEOUT_MS,
    // Every refusal is reported with its own reason, even while already down.
    reports: 'changes-and-every-down',
    onState: options.onState,
    keepAlive: {
      intervalMs: options.pingIntervalMs ?? PING_INTERVAL_MS,
      ping: { text: PING_TEXT },
      from: 'ready',
      missedDetail: 'keep-alive: no pong',
    },
    prepare: () => ({ url: options.wsUrl }),

    session(connection) {
      attempt += 1;
      const session = attempt;
      /** Set when the venue refused the login for a reason a fast retry cannot fix. */
      let authRefusal: string | undefined;
      let subscribed = false;
      let loginTimer: NodeJS.Timeout | undefined;

      /** The first cause of a drop is the one reported. */
      const drop = (detail: string): void => connection.fail(connection.detail ?? detail);

      const onSession = (message: OxfunWsMessage): boolean => {
        switch (message.kind) {
          case 'pong':
          case 'greeting':
            return true;
          case 'login': {
            clearTimeout(loginTimer);
            // 20005 "already logged in": this socket is authenticated, which is all we need.
            if (message.success || normaliseCode(message.code) === CODES.alreadyLoggedIn) {
              connection.send(
                JSON.stringify({ op: OPS.subscribe, tag: `sub${session}`, args: [ORDER_CHANNEL_ALL] }),
              );
              return true;
            }
            const code = message.code ?? 'unknown';
            const detail = loginRefusalDetail(code, message.message ?? 'login failed');
            if (isAuthCode(code)) authRefusal = detail;
            drop(detail);
            return true;
          }
          case 'subscribe': {
            if (message.success) {
              if (!subscribed) {
                subscribed = true;
                // After a refused login the account sat `down`; pass through `reconnecting` so the owner resyncs.
                connection.ready('login accepted');
              }
              return true;
            }
            const code = message.code ?? 'unknown';
            const detail = `order channel subscription refused (${code}): ${message.message ?? ''}`.trim();
            if (isAuthCode(code)) authRefusal = detail;
            drop(detail);
            return true;
          }
          default:
            return false;
        }
      };

      return {
        onOpen() {
          connection.send(JSON.stringify(loginMessage(options.credentials, now(), `login${session}`)));
          loginTimer = setTimeout(
            () => drop('no login reply'),
            options.loginTimeoutMs ?? LOGIN_REPLY_TIMEOUT_MS,
          );
        },
        onText(text) {
          options.onFrame();
          const parsed = parseWsFrame(text);
          if (!parsed.ok) {
            options.onMalformed(parsed.error);
            return;
          }
          if (!onSession(parsed.value)) options.onMessage(parsed.value);
        },
        onClose() {
          clearTimeout(loginTimer);
        },
        retryAfterClose(code) {
          if (authRefusal) {
            log.warn('oxfun login refused', { detail: authRefusal });
            return { after: authRetryMs, state: 'down', detail: authRefusal };
          }
          return { after: 'backoff', detail: connection.reason(code) };
        },
      };
    },
  });

  return { start: socket.start, stop: socket.stop, send: socket.send, isReady: socket.isReady };
}
