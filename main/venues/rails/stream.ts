/**
 * The Rails WebSocket: connects with the token as the subprotocol
 * `authorization#<JWT>` (the `ws` client refuses a server that does not echo
 * it), keeps itself connected with exponential backoff and jitter, and hands
 * raw frames to its owner. It knows nothing about cancels or orders; the
 * reconnect, keep-alive and state plumbing is the shared reconnecting socket.
 */
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { toVenueError } from '../../core/venue.ts';
import { backoffFrom } from '../shared/backoff.ts';
import { createReconnectingSocket } from '../shared/reconnecting-socket.ts';
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

export function createRailsStream(options: RailsStreamOptions): RailsStream {
  const url = streamUrl(options.wsUrl, options.market ?? WS_ALL_MARKETS);
  /** The token the server refused: the next attempt must not reuse it. */
  let refusedToken: string | undefined;
  /** The token the next socket authenticates with. */
  let token = '';

  const socket = createReconnectingSocket({
    label: 'rails stream',
    logger: options.logger,
    backoff: backoffFrom(options, { baseMs: RECONNECT_BASE_MS, capMs: RECONNECT_CAP_MS }),
    handshakeTimeoutMs: WS_HANDSHAKE_TIMEOUT_MS,
    // A new cause while still reconnecting is news for the status line.
    reports: 'changes-and-details',
    onState: options.onState,
    keepAlive: { intervalMs: options.pingIntervalMs ?? WS_PING_INTERVAL_MS, ping: 'protocol', from: 'ready' },

    async prepare() {
      try {
        token =
          refusedToken === undefined
            ? await options.tokens.get()
            : await options.tokens.refresh(refusedToken);
      } catch (err) {
        const error = toVenueError(err);
        const auth = error.category === 'auth';
        // Bad credentials will not fix themselves: say so, but keep trying at the slow end of the backoff.
        return {
          after: 'backoff',
          state: auth ? 'down' : 'reconnecting',
          detail: `token: ${error.message}`,
          slowest: auth,
        };
      }
      return { url, protocols: [`${WS_AUTH_PROTOCOL_PREFIX}${token}`] };
    },

    session(connection) {
      refusedToken = undefined;
      const sent = token;
      let handshakeStatus: number | undefined;
      return {
        onHandshakeRefused(status) {
          handshakeStatus = status;
        },
        // The handshake carried the token: an open socket is an authenticated one.
        onOpen: () => connection.ready(),
        onText: options.onMessage,
        retryAfterClose(code) {
          if (handshakeStatus === 401) {
            refusedToken = sent;
            return { after: 'backoff', detail: 'handshake refused (401), fetching a new token' };
          }
          if (handshakeStatus !== undefined) {
            return { after: 'backoff', detail: `handshake refused (${handshakeStatus})` };
          }
          return { after: 'backoff', detail: connection.reason(code) };
        },
      };
    },
  });

  return {
    start: socket.start,
    stop: socket.stop,
    send: (message) => socket.send(JSON.stringify(message)),
    isOpen: socket.isReady,
  };
}
