/**
 * The connection plumbing every venue stream shares: dial, stay connected
 * (exponential backoff with jitter after a loss, a slow hold-off after a
 * refusal), report the connection state, keep the socket alive with pings,
 * and stop cleanly. What is venue-specific — where to dial, what to do once
 * open (log in, subscribe), what a frame means, why a socket closed and
 * when to try again — comes in as `prepare` and `session`, so each venue's
 * `stream.ts` is only its protocol.
 */
import WebSocket from 'ws';
import type { ConnectionState } from '../../../preload/contract.ts';
import type { Logger } from '../../core/log.ts';
import { type BackoffOptions, backoffDelayMs } from './backoff.ts';

/** Largest venue frame read. */
export const MAX_VENUE_FRAME_BYTES = 16 * 1024 * 1024;

/** Where one attempt dials. */
export interface Dial {
  url: string;
  /** Subprotocols to offer (e.g. a token the server must echo). */
  protocols?: string[];
}

/** What happens after an attempt failed or a connection closed: what to report, and when to try again. */
export type Retry =
  | {
      after: 'backoff';
      /** Default `reconnecting`. */
      state?: 'reconnecting' | 'down';
      detail: string;
      /** Jump to the slow end of the backoff (a cause that will not fix itself soon). */
      slowest?: boolean;
    }
  /** A refusal a fast retry cannot fix: report `down` and hold off this long (or never try again). */
  | { after: number | 'never'; state: 'down'; detail: string };

/**
 * Which repeated state reports reach the owner. Venues chose differently, and
 * the account's status line shows exactly what gets through:
 * - `changes`: a report only when the state changes;
 * - `changes-and-details`: also a new detail within the same state (a new cause while reconnecting);
 * - `changes-and-every-down`: also every `down` (each refusal's own reason).
 */
export type StateReports = 'changes' | 'changes-and-details' | 'changes-and-every-down';

export interface KeepAlive {
  intervalMs: number;
  /**
   * `protocol`: WebSocket ping frames, answered by pong frames. `{ text }`: that
   * text frame, and any frame at all counts as the answer.
   */
  ping: 'protocol' | { text: string };
  /** Ping from the socket's open, or only once the session is ready (logged in, subscribed). */
  from: 'open' | 'ready';
  /** The close detail after a missed pong (an earlier cause is kept); without it the close code speaks. */
  missedDetail?: string;
}

/** The state as the owner last saw it, and a way to report one in between (e.g. leaving `down`). */
export interface StateControl {
  state(): ConnectionState | undefined;
  report(state: ConnectionState, detail?: string): void;
}

/** One socket, as the venue's session sees it. */
export interface Connection extends StateControl {
  /** Why this socket is going away; a transport error's message lands here too (the last cause wins). */
  detail: string | undefined;
  /** The recorded cause, or the close code when there is none. */
  reason(code: number): string;
  /** Sends one text frame if the socket is open (nothing otherwise). */
  send(text: string): void;
  /**
   * The session is usable: resets the backoff, reports `connected`, starts a
   * `from: 'ready'` keep-alive and settles `start()`. With `resumeDetail`, an
   * account that sat `down` first passes through `reconnecting` so the owner resyncs.
   */
  ready(resumeDetail?: string): void;
  /** Records the cause and drops the socket at once. */
  fail(detail: string): void;
  /** Closes politely (1000) with this reason on the wire. */
  close(reason: string): void;
}

/** The venue's handlers for one socket; `session()` builds them before the socket opens. */
export interface Session {
  onOpen?(): void;
  /** Every frame, as text. */
  onText?(text: string): void;
  /** The server answered the upgrade with this HTTP status (only venues that set this look at it). */
  onHandshakeRefused?(status: number | undefined): void;
  /** The socket closed, stopped or not: clear the session's timers. */
  onClose?(): void;
  /** The socket closed while the stream runs: what to report and when to try again. */
  retryAfterClose(code: number): Retry;
}

export interface ReconnectingSocketOptions {
  /** Names the stream in log lines, e.g. `rails stream`. */
  label: string;
  logger: Logger;
  backoff: BackoffOptions;
  handshakeTimeoutMs: number;
  reports: StateReports;
  onState(state: ConnectionState, detail?: string): void;
  keepAlive?: KeepAlive;
  /** Runs before every attempt: where to dial, or why not now (credentials refused, no token). */
  prepare(control: StateControl): Dial | Retry | Promise<Dial | Retry>;
  session(connection: Connection): Session;
}

export interface ReconnectingSocket {
  /** Resolves once the first attempt settled (ready, or failed with a retry scheduled). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one text frame on a ready session; false when there is none (nothing was sent). */
  send(text: string): boolean;
  isReady(): boolean;
}

/** Failures assumed by `slowest`: far past the point where the backoff reaches its cap. */
const SLOWEST_FAILURES = 30;
/** How long `stop()` waits for a polite close before dropping the socket. */
const STOP_CLOSE_TIMEOUT_MS = 1000;

export function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Closes politely, and drops the socket if the peer does not finish the close in time. */
function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => ws.terminate(), STOP_CLOSE_TIMEOUT_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client stop');
    else ws.terminate();
  });
}

export function createReconnectingSocket(options: ReconnectingSocketOptions): ReconnectingSocket {
  const { keepAlive, logger } = options;
  let socket: WebSocket | undefined;
  let ready = false;
  let stopped = true;
  let failures = 0;
  let state: ConnectionState | undefined;
  let stateDetail: string | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let stopKeepAlive: (() => void) | undefined;
  let settleFirst: (() => void) | undefined;

  function isRepeat(next: ConnectionState, detail: string | undefined): boolean {
    if (next !== state) return false;
    if (options.reports === 'changes-and-details') return detail === stateDetail;
    if (options.reports === 'changes-and-every-down') return next !== 'down';
    return true;
  }

  function report(next: ConnectionState, detail?: string): void {
    if (isRepeat(next, detail)) return;
    state = next;
    stateDetail = detail;
    options.onState(next, detail);
  }

  const control: StateControl = { state: () => state, report };

  function settle(): void {
    settleFirst?.();
    settleFirst = undefined;
  }

  function retry(plan: Retry): void {
    if (stopped) return;
    if (plan.after === 'backoff' && plan.slowest) failures = Math.max(failures, SLOWEST_FAILURES);
    report(plan.state ?? 'reconnecting', plan.detail);
    if (plan.after === 'never') return;
    const delayMs = plan.after === 'backoff' ? backoffDelayMs(failures++, options.backoff) : plan.after;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delayMs);
  }

  function proceed(plan: Dial | Retry): void {
    if ('after' in plan) {
      retry(plan);
      settle();
    } else {
      dial(plan);
    }
  }

  function connect(): void {
    if (stopped) return;
    const plan = options.prepare(control);
    if (plan instanceof Promise) {
      plan.then(
        (settled) => {
          if (!stopped) proceed(settled);
        },
        (err: unknown) => {
          // A venue's prepare step must not end the reconnect loop by throwing.
          retry({ after: 'backoff', detail: `could not prepare the connection: ${errorText(err)}` });
          settle();
        },
      );
    } else {
      proceed(plan);
    }
  }

  /** Pings every interval; a ping still unanswered at the next one drops the connection. */
  function startKeepAlive(ws: WebSocket, connection: Connection, spec: KeepAlive): () => void {
    let answered = true;
    if (spec.ping === 'protocol') {
      ws.on('pong', () => {
        answered = true;
      });
    } else {
      ws.on('message', () => {
        answered = true;
      });
    }
    const ping = spec.ping;
    const timer = setInterval(() => {
      if (!answered) {
        logger.warn(`${options.label} missed a pong, dropping the connection`);
        if (spec.missedDetail === undefined) ws.terminate();
        else connection.fail(connection.detail ?? spec.missedDetail);
        return;
      }
      answered = false;
      if (ping === 'protocol') ws.ping();
      else connection.send(ping.text);
    }, spec.intervalMs);
    return () => clearInterval(timer);
  }

  function dial(plan: Dial): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(plan.url, plan.protocols ?? [], {
        handshakeTimeout: options.handshakeTimeoutMs,
        perMessageDeflate: false,
        // ws's default is 100 MiB; no venue frame comes near this, and a runaway one drops the socket.
        maxPayload: MAX_VENUE_FRAME_BYTES,
      });
    } catch {
      // `ws` throws synchronously on a URL or subprotocol it cannot send (e.g. a token with '/' or '=').
      // Its message can quote the URL, which may carry credentials: report the cause only.
      retry({ after: 'backoff', detail: 'cannot open the connection: invalid URL or subprotocol' });
      settle();
      return;
    }
    socket = ws;
    let stopPinging: (() => void) | undefined;
    const beginKeepAlive = (): void => {
      if (!keepAlive) return;
      stopPinging = startKeepAlive(ws, connection, keepAlive);
      stopKeepAlive = stopPinging;
    };

    const connection: Connection = {
      ...control,
      detail: undefined,
      reason: (code) => connection.detail ?? `connection closed (${code})`,
      send(text) {
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
      },
      ready(resumeDetail) {
        ready = true;
        failures = 0;
        if (resumeDetail !== undefined && state === 'down') report('reconnecting', resumeDetail);
        report('connected');
        if (keepAlive?.from === 'ready') beginKeepAlive();
        settle();
      },
      fail(detail) {
        connection.detail = detail;
        ws.terminate();
      },
      close(reason) {
        ws.close(1000, reason);
      },
    };
    const session = options.session(connection);

    const { onHandshakeRefused } = session;
    if (onHandshakeRefused) {
      ws.on('unexpected-response', (_request, response) => {
        onHandshakeRefused(response.statusCode);
        response.resume();
        ws.terminate();
      });
    }
    ws.on('open', () => {
      if (keepAlive?.from === 'open') beginKeepAlive();
      session.onOpen?.();
    });
    ws.on('message', (data) => {
      session.onText?.(frameText(data));
    });
    ws.on('error', (err) => {
      // ws names the host or the HTTP status only; nothing the venue layer sent is in it.
      connection.detail = err.message;
    });
    ws.on('close', (code) => {
      stopPinging?.();
      session.onClose?.();
      if (socket === ws) socket = undefined;
      ready = false;
      if (stopped) return;
      const plan = session.retryAfterClose(code);
      if (plan.after === 'backoff') logger.info(`${options.label} disconnected`, { detail: plan.detail });
      retry(plan);
      settle();
    });
  }

  return {
    start() {
      if (!stopped) return Promise.resolve();
      stopped = false;
      failures = 0;
      report('connecting');
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
      reconnectTimer = undefined;
      stopKeepAlive?.();
      settle();
      const ws = socket;
      socket = undefined;
      if (ws && ws.readyState !== WebSocket.CLOSED) await closeSocket(ws);
      report('down', 'stopped');
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

/** An error's message, for a status detail (callers never put secrets in errors). */
function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
