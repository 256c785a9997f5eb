/**
 * The BTCTurk WebSocket: connect, wait for the 991 greeting, log in with
 * type 114 (its own signature over `publicKey + nonce`, with the separate
 * WebSocket key pair when the account has one), then hand every parsed frame
 * to its owner. Reconnects with exponential backoff and jitter, never more
 * than BTCTurk's 15 connection requests a minute (beyond them it blocks new
 * connections for 60 s; only dials its gateway answered count, see
 * COUNT_UNANSWERED_WS_DIALS). A refused login is the stream's business only: it
 * reports 'down' with the reason and waits out its cool-down, while REST
 * cancels go on (confirmed by listing and lookup instead of 452). WebSocket
 * protocol pings (BTCTurk documents no application ping) catch a silent link. The reconnect, keep-alive and state
 * plumbing is the shared reconnecting socket.
 */
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { backoffFrom } from '../shared/backoff.ts';
import { createReconnectingSocket } from '../shared/reconnecting-socket.ts';
import { type BtcturkKeyPair, wsLoginFrame } from './auth.ts';
import {
  AUTH_RETRY_MS,
  COUNT_UNANSWERED_WS_DIALS,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  WS_CONNECT_GUARD_MS,
  WS_CONNECT_LIMIT,
  WS_CONNECT_WINDOW_MS,
  WS_HANDSHAKE_TIMEOUT_MS,
  WS_LOGIN_TIMEOUT_MS,
  WS_PING_INTERVAL_MS,
} from './constants.ts';
import { type BtcturkStreamMessage, parseStreamFrame } from './parse.ts';

export interface BtcturkStreamOptions {
  wsUrl: string;
  /** The pair the login signs with. */
  keys: BtcturkKeyPair;
  /** True when `keys` is the account's separate WebSocket pair, false when the REST pair stands in. */
  separateKeys: boolean;
  logger: Logger;
  /** A user event (or any frame other than the greeting and the login answer) after login. */
  onMessage(message: BtcturkStreamMessage): void;
  onMalformed(description: string): void;
  /** Any frame at all arrived. */
  onHeartbeat(): void;
  onState(state: ConnectionState, detail?: string): void;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /** Cool-down after BTCTurk refused the WebSocket login. */
  authRetryMs?: number;
  loginTimeoutMs?: number;
  pingIntervalMs?: number;
  /** Connection requests allowed per window (tests shrink the window). */
  connectLimit?: { limit: number; windowMs: number };
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

/**
 * Connection requests in any `windowMs` span stay at `limit`: `waitMs` says
 * how long until one more may go, `record` counts one that went.
 */
export function createConnectLimiter(limit: number, windowMs: number, guardMs = WS_CONNECT_GUARD_MS) {
  const attempts: number[] = [];
  return {
    waitMs(now: number): number {
      while (attempts.length > 0 && now - (attempts[0] ?? 0) >= windowMs + guardMs) attempts.shift();
      if (attempts.length < limit) return 0;
      return (attempts[0] ?? now) + windowMs + guardMs - now;
    },
    record(now: number): void {
      attempts.push(now);
    },
  };
}

/** What the account shows after BTCTurk refused the WebSocket login. */
export function loginRefusedDetail(venueMessage: string, separateKeys: boolean): string {
  const why = venueMessage ? ` (${venueMessage.slice(0, 120)})` : '';
  const hint = separateKeys
    ? ''
    : '; BTCTurk creates WebSocket keys separately (API Access → WebSocket): add them to the account';
  return `WebSocket login refused${why}; cancels are still sent and confirmed by listing and lookup${hint}`;
}

export function createBtcturkStream(options: BtcturkStreamOptions): BtcturkStream {
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  const now = options.now ?? Date.now;
  const connectLimit = options.connectLimit ?? { limit: WS_CONNECT_LIMIT, windowMs: WS_CONNECT_WINDOW_MS };
  const limiter = createConnectLimiter(connectLimit.limit, connectLimit.windowMs);
  /** When the dial now under way went out; counted once the venue answers it (COUNT_UNANSWERED_WS_DIALS). */
  let dialAt = 0;

  const socket = createReconnectingSocket({
    label: 'btcturk stream',
    logger: options.logger,
    backoff: backoffFrom(options, { baseMs: RECONNECT_BASE_MS, capMs: RECONNECT_CAP_MS }),
    handshakeTimeoutMs: WS_HANDSHAKE_TIMEOUT_MS,
    reports: 'changes',
    onState: options.onState,
    // Pings run from the open: a socket that never answers the login is dropped by the login timer.
    keepAlive: {
      intervalMs: options.pingIntervalMs ?? WS_PING_INTERVAL_MS,
      ping: 'protocol',
      from: 'open',
      missedDetail: 'no answer to ping',
    },

    prepare(control) {
      const wait = limiter.waitMs(now());
      if (wait > 0) {
        // Past BTCTurk's connection limit the venue blocks every new connection for 60 s: wait instead.
        return {
          after: wait,
          state: 'down',
          detail: `waiting for BTCTurk's WebSocket connection limit (${connectLimit.limit} a minute)`,
        };
      }
      dialAt = now();
      if (COUNT_UNANSWERED_WS_DIALS) limiter.record(dialAt);
      if (control.state() === 'down') control.report('reconnecting', 'connecting again');
      return { url: options.wsUrl };
    },

    session(connection) {
      const at = dialAt;
      const countAnswered = (): void => {
        if (!COUNT_UNANSWERED_WS_DIALS) limiter.record(at);
      };
      let loggedIn = false;
      let loginRefused: string | undefined;
      const loginTimer = setTimeout(
        () => connection.fail('no login answer in time'),
        options.loginTimeoutMs ?? WS_LOGIN_TIMEOUT_MS,
      );

      return {
        onOpen: countAnswered,

        onText(text) {
          options.onHeartbeat();
          const parsed = parseStreamFrame(text);
          if (!parsed.ok) {
            options.onMalformed(parsed.error);
            return;
          }
          const message = parsed.value;
          if (message.kind === 'welcome') {
            if (!loggedIn) connection.send(wsLoginFrame(options.keys, now()));
            return;
          }
          if (message.kind === 'login') {
            clearTimeout(loginTimer);
            if (message.ok) {
              loggedIn = true;
              connection.ready();
            } else {
              loginRefused = loginRefusedDetail(message.message, options.separateKeys);
              connection.close('login refused');
            }
            return;
          }
          if (loggedIn) options.onMessage(message);
        },

        onHandshakeRefused(status) {
          countAnswered();
          connection.detail = `handshake refused (${status})`;
        },

        onClose() {
          clearTimeout(loginTimer);
        },

        retryAfterClose(code) {
          if (loginRefused !== undefined) {
            options.logger.warn(
              'btcturk refused the WebSocket login; REST cancels go on, retrying the login later',
            );
            return { after: authRetryMs, state: 'down', detail: loginRefused };
          }
          return { after: 'backoff', detail: connection.reason(code) };
        },
      };
    },
  });

  return { start: socket.start, stop: socket.stop, isLoggedIn: socket.isReady };
}
