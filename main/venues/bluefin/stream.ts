/**
 * The Bluefin user-notifications WebSocket: a raw socket that subscribes to
 * the `userUpdates` room with the login token, keeps itself connected with
 * exponential backoff and jitter (logging in again when the server refuses
 * the token), sends protocol pings so a silent link is dropped within seconds, and hands raw
 * frames to its owner.
 * The reconnect, keep-alive and state plumbing is the shared reconnecting socket.
 */
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { toVenueError } from '../../core/venue.ts';
import { backoffFrom } from '../shared/backoff.ts';
import { createReconnectingSocket } from '../shared/reconnecting-socket.ts';
import {
  AUTH_RETRY_MS,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  WS_HANDSHAKE_TIMEOUT_MS,
  WS_INVALID_TOKEN_CLOSE_CODE,
  WS_MISSED_PONG_DETAIL,
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

export function createBluefinStream(options: BluefinStreamOptions): BluefinStream {
  const authRetryMs = options.authRetryMs ?? AUTH_RETRY_MS;
  /** The login token the next socket subscribes with. */
  let token = '';

  const socket = createReconnectingSocket({
    label: 'bluefin stream',
    logger: options.logger,
    backoff: backoffFrom(options, { baseMs: RECONNECT_BASE_MS, capMs: RECONNECT_CAP_MS }),
    handshakeTimeoutMs: WS_HANDSHAKE_TIMEOUT_MS,
    reports: 'changes',
    onState: options.onState,
    keepAlive: {
      intervalMs: options.pingIntervalMs ?? WS_PING_INTERVAL_MS,
      ping: 'protocol',
      from: 'ready',
      missedDetail: WS_MISSED_PONG_DETAIL,
    },

    async prepare() {
      try {
        token = await options.session.token();
      } catch (err) {
        const error = toVenueError(err);
        if (error.category === 'auth') {
          // A refused key or unparseable credentials do not fix themselves: say so, and
          // try again only rarely (a key the user corrects comes with a new adapter anyway).
          return error.code === 'credentials'
            ? { after: 'never', state: 'down', detail: `credentials: ${error.message}` }
            : { after: authRetryMs, state: 'down', detail: error.message };
        }
        return { after: 'backoff', detail: `login: ${error.message}` };
      }
      return { url: options.wsUrl };
    },

    session(connection) {
      const sent = token;
      return {
        onOpen() {
          // The token travels in this frame, never in an error or a log line.
          connection.send(subscribeFrame(sent));
          connection.ready();
        },
        onText: options.onMessage,
        retryAfterClose(code) {
          if (code === WS_INVALID_TOKEN_CLOSE_CODE) {
            options.session.invalidate(sent);
            return { after: 'backoff', detail: 'subscription refused the token, logging in again' };
          }
          return { after: 'backoff', detail: connection.reason(code) };
        },
      };
    },
  });

  return { start: socket.start, stop: socket.stop };
}
