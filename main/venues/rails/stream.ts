/**
 * The Rails WebSocket: connects with the token as the subprotocol
 * `authorization#<JWT>` (the `ws` client refuses a server that does not echo
 * it), keeps itself connected with exponential backoff and jitter — never
 * making the gateway answer more dials than the account's
 * new-connections-per-minute limit —
 * keeps the link alive with the application-level `ping` (the gateway may not
 * answer protocol pings), and hands raw frames to its owner. It knows nothing
 * about cancels or orders; the reconnect and state plumbing is the shared
 * reconnecting socket.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { toVenueError } from '../../core/venue.ts';
import { backoffFrom } from '../shared/backoff.ts';
import { createReconnectingSocket } from '../shared/reconnecting-socket.ts';
import type { TokenClient } from './auth.ts';
import {
  COUNT_UNANSWERED_DIALS,
  RATE_WINDOW_MS,
  RECONNECT_BASE_MS,
  RECONNECT_CAP_MS,
  STATUS_FORBIDDEN,
  STATUS_RATE_LIMITED,
  WS_ALL_MARKETS,
  WS_HANDSHAKE_TIMEOUT_MS,
  WS_PING_INTERVAL_MS,
} from './constants.ts';
import { authProtocol, pingMessage, streamUrl } from './requests.ts';

export interface RailsStreamOptions {
  wsUrl: string;
  tokens: TokenClient;
  logger: Logger;
  /** Defaults to `ALL` (every market on one connection). */
  market?: string;
  /** The account's new-connection limit per `connectionWindowMs`. */
  connectionsPerWindow: number;
  /** Default one minute; tests compress it with the rate-limit scale. */
  connectionWindowMs?: number;
  onMessage(text: string): void;
  onState(state: ConnectionState, detail?: string): void;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /** Uniform [0, 1) for the jitter; tests pass a seeded one. */
  random?: () => number;
  pingIntervalMs?: number;
  now?: () => number;
}

export interface RailsStream {
  /** Resolves once the first connection attempt settled (open, or failed and a retry is scheduled). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one JSON message; false when no connection is open (nothing was sent). */
  send(message: unknown): boolean;
  isOpen(): boolean;
}

/**
 * How long the next dial must wait so that no `windowMs` ever holds more than
 * `limit` dials (a sliding count: it also keeps under a window that opens at
 * the first dial, the way Rails counts). `dials` are ascending ms times.
 */
export function dialWaitMs(dials: readonly number[], now: number, limit: number, windowMs: number): number {
  const recent = dials.filter((at) => at > now - windowMs);
  if (recent.length < limit) return 0;
  // The oldest dial that must leave the window before one more fits.
  return recent[recent.length - limit]! + windowMs - now;
}

/**
 * Added to the connection window: Rails counts a dial when it arrives, we when
 * we send it, so a window of ours closes a transit time later than the venue's.
 */
export const DIAL_GUARD_MS = 50;

export function createRailsStream(options: RailsStreamOptions): RailsStream {
  const url = streamUrl(options.wsUrl, options.market ?? WS_ALL_MARKETS);
  const now = options.now ?? Date.now;
  const windowMs = (options.connectionWindowMs ?? RATE_WINDOW_MS) + DIAL_GUARD_MS;
  const limit = Math.max(1, options.connectionsPerWindow);
  // One id for every ping of this stream: the answer needs no correlation, any frame proves the link.
  const ping = JSON.stringify(pingMessage(randomUUID()));
  /** The token the server refused: the next attempt must not reuse it. */
  let refusedToken: string | undefined;
  /** The token the next socket authenticates with. */
  let token = '';
  /** When each dial the venue counted went out (see COUNT_UNANSWERED_DIALS). */
  const dials: number[] = [];
  /** When the dial now under way went out; counted once the venue answers it. */
  let dialAt = 0;
  let pendingWait: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  let halted = false;

  function countDial(at: number): void {
    dials.push(at);
  }

  /** Waits out the new-connection limit; `stop()` ends the wait early. */
  async function respectConnectionLimit(): Promise<void> {
    for (;;) {
      const wait = dialWaitMs(dials, now(), limit, windowMs);
      if (wait <= 0 || halted) break;
      options.logger.info('rails stream waits for the new-connection limit', { waitMs: Math.ceil(wait) });
      await new Promise<void>((resolve) => {
        pendingWait = { timer: setTimeout(resolve, wait), resolve };
      });
      pendingWait = undefined;
    }
    const at = now();
    while (dials.length > 0 && dials[0]! <= at - windowMs) dials.shift();
    dialAt = at;
    if (COUNT_UNANSWERED_DIALS) countDial(at);
  }

  const socket = createReconnectingSocket({
    label: 'rails stream',
    logger: options.logger,
    backoff: backoffFrom(options, { baseMs: RECONNECT_BASE_MS, capMs: RECONNECT_CAP_MS }),
    handshakeTimeoutMs: WS_HANDSHAKE_TIMEOUT_MS,
    // A new cause while still reconnecting is news for the status line.
    reports: 'changes-and-details',
    onState: options.onState,
    keepAlive: {
      intervalMs: options.pingIntervalMs ?? WS_PING_INTERVAL_MS,
      ping: { text: ping },
      from: 'ready',
      missedDetail: 'no answer to ping',
    },

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
      await respectConnectionLimit();
      return { url, protocols: [authProtocol(token)] };
    },

    session(connection) {
      refusedToken = undefined;
      const sent = token;
      const at = dialAt;
      let handshakeStatus: number | undefined;
      return {
        onHandshakeRefused(status) {
          handshakeStatus = status;
          if (!COUNT_UNANSWERED_DIALS) countDial(at);
        },
        // The handshake carried the token: an open socket is an authenticated one.
        onOpen: () => {
          if (!COUNT_UNANSWERED_DIALS) countDial(at);
          connection.ready();
        },
        onText: options.onMessage,
        retryAfterClose(code) {
          if (handshakeStatus === 401) {
            refusedToken = sent;
            return { after: 'backoff', detail: 'handshake refused (401), fetching a new token' };
          }
          if (handshakeStatus === STATUS_FORBIDDEN) {
            // Over the concurrent-connection cap (shared with the UI): a fast retry cannot help.
            return {
              after: 'backoff',
              state: 'down',
              detail: 'handshake refused (403): too many open connections',
              slowest: true,
            };
          }
          if (handshakeStatus === STATUS_RATE_LIMITED) {
            return { after: 'backoff', detail: 'handshake refused (429): connection limit', slowest: true };
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
    start() {
      halted = false;
      return socket.start();
    },
    async stop() {
      halted = true;
      if (pendingWait) {
        clearTimeout(pendingWait.timer);
        pendingWait.resolve();
      }
      await socket.stop();
    },
    send: (message) => socket.send(JSON.stringify(message)),
    isOpen: socket.isReady,
  };
}
