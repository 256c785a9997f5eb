/**
 * A BTCTurk venue on loopback speaking the real protocol on one port: signed
 * REST (`X-PCK` / `X-Stamp` / `X-Signature`, the `{success,message,code,data}`
 * envelope, 401 code 1037), the open-orders listing, the order lookup, the
 * two-step cancel (200 received, then WS 452 after the confirm delay) with
 * its three documented errors, the DELETE limits as BTCTurk counts them
 * (fixed windows of 10 per 1 s and 300 per 60 s anchored at the first
 * request, a refusal blocking the rest of its window, `429` + `Retry-After`),
 * and the WebSocket (`[type, payload]` frames, 991 greeting, 114 login with
 * its own signature and optionally its own key pair, 451/452/453 with the
 * documented fields, 441/423 fills, 15 connection requests a minute then a
 * 60 s block).
 * Faults come from the seeded RNG, so a seed and a fault script replay; a
 * gateway outage (the book and its pending confirmations survive, same port
 * after) and a half-open path are scripted.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { compare, isDecimalString, isZero, subtract } from '../../../../preload/decimal.ts';
import { type Random, seededRandom } from '../../../core/random.ts';
import {
  closeServer,
  createGatewayFaults,
  createSimClients,
  createSimTimers,
  listenLoopback,
} from '../../shared/sim-server.ts';
import {
  DEFAULT_FAULTS,
  type SimFaults,
  type SimOrderSpec,
  type SimulatorOptions,
  type SimulatorReady,
  type VenueSimulator,
} from '../../simulator.ts';
import { verifySignature } from '../auth.ts';
import {
  BTCTURK_PATHS,
  CODE_CANCEL_BLOCKED,
  CODE_NO_ORDER,
  CODE_NOT_CANCELABLE,
  CODE_ORDER_NOT_FOUND,
  CODE_SUCCESS,
  CODE_UNAUTHORIZED,
  ENVELOPE_SUCCESS_MESSAGE,
  ERROR_CANCEL_BLOCKED,
  ERROR_NO_ORDER,
  ERROR_NOT_CANCELABLE,
  HEADER_PUBLIC_KEY,
  HEADER_SIGNATURE,
  HEADER_STAMP,
  MESSAGE_ORDER_NOT_FOUND,
  MESSAGE_RATE_LIMITED,
  MESSAGE_UNAUTHORIZED,
  STAMP_TOLERANCE_MS,
  STATUS_BAD_REQUEST,
  STATUS_ORDER_NOT_FOUND,
  STATUS_RATE_LIMITED,
  STATUS_UNAUTHORIZED,
  VENUE_CANCEL_LIMITS,
  WS_CONNECT_BLOCK_MS,
  WS_CONNECT_LIMIT,
  WS_CONNECT_WINDOW_MS,
  WS_PROTOCOL_VERSION,
  WS_TYPE_LOGIN,
  WS_TYPE_ORDER_DELETE,
  WS_TYPE_ORDER_INSERT,
  WS_TYPE_ORDER_MATCH,
  WS_TYPE_ORDER_UPDATE,
  WS_TYPE_USER_TRADE,
  WS_TYPE_WELCOME,
} from '../constants.ts';
import { parseClientFrame } from '../parse.ts';
import { type VenueLimit, VenueLimits } from './limits.ts';
import {
  exchangeInfoSymbol,
  restOrder,
  type SimOrder,
  toJson,
  wsMatchPayload,
  wsOrderPayload,
  wsTradePayload,
} from './wire.ts';

export interface BtcturkSimulatorOptions extends SimulatorOptions {
  /** First order id (decimal digits); ids past 2^53 exercise lossless parsing end to end. */
  idBase?: string;
  /** Markets the exchange-info lists besides those orders were placed on. */
  markets?: string[];
  /**
   * `rest` (default): the WebSocket login accepts the REST pair. `separate`:
   * like a BTCTurk account whose WebSocket keys were created apart, the login
   * accepts only the WebSocket pair (`wsPublicKey` / `wsPrivateKey` in the
   * ready credentials) and refuses the REST pair.
   */
  wsKeys?: 'rest' | 'separate';
  /**
   * 451/452/453 fields: `documented` (default) sends exactly BTCTrader's feed
   * manual list {type, pairId, symbol, id, method, userId, price, amount};
   * `extended` adds the client models' orderType, numLeft, denomLeft, newOrderClientId.
   */
  eventFields?: 'documented' | 'extended';
  /** WebSocket connection requests per window before a block (default 15 a minute, 60 s block). */
  wsConnectLimit?: { limit: number; windowMs: number; blockMs: number };
}

export interface BtcturkSimStats {
  cancelRequests: number;
  /** DELETE requests answered 429. */
  rateLimited: number;
  /** WebSocket connection requests refused by the connection limit, and all of them. */
  wsConnectsRefused: number;
  wsConnects: number;
  /** Private REST calls refused with 401. */
  authFailures: number;
  loginsAccepted: number;
  loginsRefused: number;
  listings: number;
  lookups: number;
  /** 452s sent, and confirmations dropped by the fault. */
  confirmationsSent: number;
  confirmationsDropped: number;
}

export interface BtcturkSimulator extends VenueSimulator {
  /** ORDER_CANCEL_BLOCKED for every cancel on `market` while on. */
  setMaintenance(market: string, on: boolean): void;
  /** The next `count` cancels are answered 429 with `Retry-After` of `retryAfterMs` (rounded up to ms). */
  forceRateLimit(count: number, retryAfterMs: number): void;
  /** The next `count` order lookups (GET /api/v1/order/{id}) are answered 429 with `Retry-After`. */
  forceLookupRateLimit(count: number, retryAfterMs: number): void;
  /** Closes an order without any stream event (a fill or cancel the client's stream missed). */
  closeQuietly(venueOrderId: string, status: 'Canceled' | 'Closed'): void;
  /** Pushes a raw text frame to every logged-in client. */
  sendRaw(text: string): void;
  /** The venue's record of an order in any state, as the REST lookup shows it. */
  order(venueOrderId: string): { status: string; left: string; quantity: string } | undefined;
  connectionCount(): number;
  stats(): BtcturkSimStats;
  /**
   * The gateway goes away, the matching engine does not: every socket and
   * REST call in flight is dropped and new connections are refused at TCP
   * level, while the book stays and cancels received before still complete
   * (their 452s are lost with the sockets; the listing and the lookup show
   * the truth). Resolves once the listener is closed.
   */
  gatewayDown(): Promise<void>;
  /** The gateway answers again on the same port. */
  gatewayUp(): Promise<void>;
  /** `gatewayDown`, then `gatewayUp` after `ms`; resolves once it answers again. */
  outage(ms: number): Promise<void>;
  /**
   * A half-open path for `ms`: the sockets open now stay open but nothing
   * more is delivered on them either way, ever (no frame, no pong: the path
   * lost their state, as a NAT or load balancer that forgot them); new
   * connections and REST calls hang until the path works again, then are served.
   */
  silence(ms: number): void;
}

/** Deterministic demo credentials (in memory only): the private key is Base64 like BTCTurk's. */
export const BTCTURK_DEMO_CREDENTIALS = {
  publicKey: 'demo-5f1e0c2a-btcturk-sim',
  privateKey: createHash('sha256').update('btcturk-simulator-demo-private-key').digest('base64'),
} as const;

/** The separate WebSocket pair of a `wsKeys: 'separate'` simulator. */
export const BTCTURK_DEMO_WS_CREDENTIALS = {
  publicKey: 'demo-ws-7c2d9e41-btcturk-sim',
  privateKey: createHash('sha256').update('btcturk-simulator-demo-ws-private-key').digest('base64'),
} as const;

/** DELETE /api/v1/order limits, each window divided by `scale`; a refusal blocks the rest of the window. */
export function deleteOrderLimits(scale: number): VenueLimit[] {
  return VENUE_CANCEL_LIMITS.map((limit) => ({
    name: limit.name,
    limit: limit.limit,
    windowMs: limit.windowMs / scale,
    block: 'window',
  }));
}

const DEMO_USER_ID = 424242;
const DEFAULT_ID_BASE = '9100000000';
/** Closed orders kept for the order lookup. */
const CLOSED_ORDERS_KEPT = 20_000;
const DEFAULT_MARKETS = ['BTCTRY', 'ETHTRY', 'USDTTRY'];
/** A silence that ends within this of another's end is the same silence (timer jitter). */

interface Client {
  ws: WebSocket;
  loggedIn: boolean;
  /** The path to this socket went silent (see `silence`): nothing is delivered either way. */
  silent: boolean;
}

export function createBtcturkSimulator(options: BtcturkSimulatorOptions): BtcturkSimulator {
  // Separate streams: fault draws must not shift with the number of ids or client ids issued.
  const faultRandom: Random = seededRandom(options.seed);
  const idRandom: Random = seededRandom(options.seed ^ 0x5bd1e995);
  let faults: SimFaults = { ...DEFAULT_FAULTS, ...options.faults };
  const credentials = BTCTURK_DEMO_CREDENTIALS;
  const orders = new Map<string, SimOrder>();
  const closed: string[] = [];
  const maintenance = new Set<string>();
  const pairIds = new Map<string, number>();
  for (const market of [...DEFAULT_MARKETS, ...(options.markets ?? [])])
    pairIds.set(market, pairIds.size + 1);
  const clients = createSimClients<Client>();
  const timers = createSimTimers();
  let nextId = BigInt(options.idBase ?? DEFAULT_ID_BASE);
  let nextTradeId = 700_000_000n;
  const wsLogin = options.wsKeys === 'separate' ? BTCTURK_DEMO_WS_CREDENTIALS : credentials;
  const eventFields = options.eventFields ?? 'documented';
  const connectSpec = options.wsConnectLimit ?? {
    limit: WS_CONNECT_LIMIT,
    windowMs: WS_CONNECT_WINDOW_MS,
    blockMs: WS_CONNECT_BLOCK_MS,
  };
  let deleteLimits = new VenueLimits(deleteOrderLimits(faults.rateLimitScale));
  const connectLimits = new VenueLimits([
    {
      name: 'WebSocket connections',
      limit: connectSpec.limit,
      windowMs: connectSpec.windowMs,
      block: connectSpec.blockMs,
    },
  ]);
  let forced: { count: number; retryAfterMs: number } = { count: 0, retryAfterMs: 0 };
  let forcedLookups: { count: number; retryAfterMs: number } = { count: 0, retryAfterMs: 0 };
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  /** The port `start()` bound; the gateway comes back on it after an outage. */
  let port: number | undefined;
  let gatewayIsDown = false;
  /** While the path is silent (see `silence`), new requests and upgrades wait here. */
  let held: (() => void)[] = [];
  const stats: BtcturkSimStats = {
    cancelRequests: 0,
    rateLimited: 0,
    wsConnectsRefused: 0,
    wsConnects: 0,
    authFailures: 0,
    loginsAccepted: 0,
    loginsRefused: 0,
    listings: 0,
    lookups: 0,
    confirmationsSent: 0,
    confirmationsDropped: 0,
  };

  function pairId(market: string): number {
    let id = pairIds.get(market);
    if (id === undefined) {
      id = pairIds.size + 1;
      pairIds.set(market, id);
    }
    return id;
  }

  function isOpen(order: SimOrder): boolean {
    return order.status === 'Untouched' || order.status === 'Partial';
  }

  function close(order: SimOrder, status: 'Canceled' | 'Closed'): void {
    order.status = status;
    order.cancelPending = false;
    order.updateTime = Date.now();
    closed.push(order.id.toString());
    while (closed.length > CLOSED_ORDERS_KEPT) {
      const oldest = closed.shift();
      if (oldest !== undefined) orders.delete(oldest);
    }
  }

  // ------------------------------------------------------------- stream --

  function push(frameType: number, payload: unknown): void {
    const text = toJson([frameType, payload]);
    timers.afterDelay(faults.latencyMs, () => {
      for (const client of clients) {
        if (client.loggedIn && !client.silent && client.ws.readyState === WebSocket.OPEN)
          client.ws.send(text);
      }
    });
  }

  function pushOrder(frameType: number, order: SimOrder): void {
    push(frameType, wsOrderPayload(frameType, order, pairId(order.market), DEMO_USER_ID, eventFields));
  }

  function fillBy(order: SimOrder, amount: string): void {
    const at = Date.now();
    order.left = subtract(order.left, amount);
    order.updateTime = at;
    push(WS_TYPE_ORDER_MATCH, wsMatchPayload(WS_TYPE_ORDER_MATCH, order, pairId(order.market), amount, at));
    nextTradeId += 1n;
    push(WS_TYPE_USER_TRADE, wsTradePayload(WS_TYPE_USER_TRADE, order, nextTradeId, amount, at));
    if (isZero(order.left)) {
      close(order, 'Closed');
    } else {
      order.status = 'Partial';
      pushOrder(WS_TYPE_ORDER_UPDATE, order);
    }
  }

  function onClientFrame(client: Client, text: string): void {
    if (client.silent) return;
    const parsed = parseClientFrame(text);
    if (!parsed.ok || !('publicKey' in parsed.value)) return;
    const login = parsed.value;
    const ok =
      login.publicKey === wsLogin.publicKey &&
      verifySignature(wsLogin.privateKey, `${login.publicKey}${login.nonce}`, login.signature);
    if (ok) stats.loginsAccepted += 1;
    else stats.loginsRefused += 1;
    client.loggedIn = ok;
    const answer = toJson([
      WS_TYPE_LOGIN,
      { type: WS_TYPE_LOGIN, ok, message: ok ? 'success' : 'Authentication failed. Check your keys.' },
    ]);
    timers.afterDelay(faults.latencyMs, () => {
      if (!client.silent && client.ws.readyState === WebSocket.OPEN) client.ws.send(answer);
    });
  }

  function onConnection(ws: WebSocket): void {
    const client: Client = { ws, loggedIn: false, silent: false };
    clients.track(client);
    ws.on('message', (data) => onClientFrame(client, data.toString()));
    // (assumed) BTCTurk answers protocol pings as RFC 6455 asks; a silent path loses them.
    ws.on('ping', (data) => {
      if (!client.silent && ws.readyState === WebSocket.OPEN) ws.pong(data);
    });
    ws.send(toJson([WS_TYPE_WELCOME, { type: WS_TYPE_WELCOME, ...WS_PROTOCOL_VERSION }]));
  }

  // --------------------------------------------------------------- REST --

  function reply(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = toJson(body);
    timers.afterDelay(faults.latencyMs, () => {
      if (response.destroyed) return;
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      response.end(text);
    });
  }

  function ok(response: ServerResponse, data?: unknown): void {
    reply(response, 200, {
      success: true,
      message: ENVELOPE_SUCCESS_MESSAGE,
      code: CODE_SUCCESS,
      ...(data !== undefined && { data }),
    });
  }

  function fail(
    response: ServerResponse,
    status: number,
    message: string,
    code: number,
    headers?: Record<string, string>,
  ): void {
    reply(response, status, { success: false, message, code, data: null }, headers);
  }

  function header(request: IncomingMessage, name: string): string | undefined {
    const value = request.headers[name.toLowerCase()];
    return typeof value === 'string' ? value : undefined;
  }

  function authorized(request: IncomingMessage): boolean {
    const publicKey = header(request, HEADER_PUBLIC_KEY);
    const stamp = header(request, HEADER_STAMP);
    const signature = header(request, HEADER_SIGNATURE);
    if (!publicKey || !stamp || !signature || !/^\d+$/.test(stamp)) return false;
    if (Math.abs(Date.now() - Number(stamp)) > STAMP_TOLERANCE_MS) return false;
    return (
      publicKey === credentials.publicKey &&
      verifySignature(credentials.privateKey, `${publicKey}${stamp}`, signature)
    );
  }

  function retryAfterHeader(waitMs: number): string {
    // Delta-seconds; a scaled (test) run needs sub-second precision, the real venue does not.
    if (faults.rateLimitScale === 1) return String(Math.max(1, Math.ceil(waitMs / 1000)));
    return (Math.ceil(waitMs) / 1000).toFixed(3);
  }

  /** 429 as the rate-limits page shows it: Retry-After plus `{message, success, code: 429, details, ...}`. */
  function tooMany(
    response: ServerResponse,
    waitMs: number,
    details: string,
    extra: Record<string, string> = {},
  ): void {
    stats.rateLimited += 1;
    reply(
      response,
      STATUS_RATE_LIMITED,
      { message: MESSAGE_RATE_LIMITED, success: false, code: STATUS_RATE_LIMITED, details, ...extra },
      { 'Retry-After': retryAfterHeader(waitMs) },
    );
  }

  function openOrders(response: ServerResponse, pairSymbol: string | null): void {
    stats.listings += 1;
    const asks: unknown[] = [];
    const bids: unknown[] = [];
    for (const order of orders.values()) {
      if (!isOpen(order) || (pairSymbol && order.market !== pairSymbol)) continue;
      (order.side === 'sell' ? asks : bids).push(restOrder(order));
    }
    ok(response, { asks, bids });
  }

  function lookup(response: ServerResponse, id: string): void {
    if (forcedLookups.count > 0) {
      forcedLookups.count -= 1;
      tooMany(response, forcedLookups.retryAfterMs, 'Quota exceeded.');
      return;
    }
    stats.lookups += 1;
    const order = orders.get(id);
    if (!order) fail(response, STATUS_ORDER_NOT_FOUND, MESSAGE_ORDER_NOT_FOUND, CODE_ORDER_NOT_FOUND);
    else ok(response, restOrder(order));
  }

  function cancel(response: ServerResponse, id: string | null): void {
    stats.cancelRequests += 1;
    const now = Date.now();
    if (forced.count > 0) {
      forced.count -= 1;
      tooMany(response, forced.retryAfterMs, 'Quota exceeded.');
      return;
    }
    const admission = deleteLimits.admit(now);
    if (!admission.ok) {
      const { limit, windowMs } = admission.limit;
      const per = windowMs * faults.rateLimitScale >= 60_000 ? '1m' : '1s';
      tooMany(
        response,
        admission.retryAfterMs,
        `Quota exceeded. Maximum allowed: ${limit} per ${per}. Please try again in ${Math.ceil(admission.retryAfterMs / 1000)} second(s).`,
        { limit: String(limit), period: per, policy: 'account' },
      );
      return;
    }
    // Draw every fault for every cancel so the sequence replays whatever the outcome.
    const conflict = faultRandom.chance(faults.conflictRate);
    const reject = faultRandom.chance(faults.rejectRate);
    const drop = faultRandom.chance(faults.dropConfirmationRate);
    const order = id !== null && /^\d+$/.test(id) ? orders.get(BigInt(id).toString()) : undefined;
    if (!order) {
      fail(response, STATUS_BAD_REQUEST, ERROR_NO_ORDER, CODE_NO_ORDER);
      return;
    }
    if (!isOpen(order) || order.method === 'market') {
      fail(response, STATUS_BAD_REQUEST, ERROR_NOT_CANCELABLE, CODE_NOT_CANCELABLE);
      return;
    }
    if (maintenance.has(order.market)) {
      fail(response, STATUS_BAD_REQUEST, ERROR_CANCEL_BLOCKED, CODE_CANCEL_BLOCKED);
      return;
    }
    if (order.cancelPending) {
      // Already received: say so again; the one 452 covers both requests.
      ok(response);
      return;
    }
    if (conflict) {
      // The fill wins the race: 441/423 go out, then the cancel finds a closed order.
      fillBy(order, order.left);
      fail(response, STATUS_BAD_REQUEST, ERROR_NOT_CANCELABLE, CODE_NOT_CANCELABLE);
      return;
    }
    if (reject) {
      fail(response, STATUS_BAD_REQUEST, ERROR_NOT_CANCELABLE, CODE_NOT_CANCELABLE);
      return;
    }
    order.cancelPending = true;
    ok(response);
    const confirm = (): void => {
      // A fill may have closed the order in the meantime: then there is nothing to cancel.
      if (!order.cancelPending || !isOpen(order)) return;
      close(order, 'Canceled');
      if (drop) {
        stats.confirmationsDropped += 1;
        return;
      }
      stats.confirmationsSent += 1;
      pushOrder(WS_TYPE_ORDER_DELETE, order);
    };
    timers.later(faults.confirmDelayMs, confirm);
  }

  function exchangeInfo(response: ServerResponse): void {
    const symbols = [...pairIds.entries()].map(([market, id]) => exchangeInfoSymbol(market, id));
    ok(response, { timeZone: 'UTC', serverTime: Date.now(), symbols, currencies: [] });
  }

  function onRequest(request: IncomingMessage, response: ServerResponse): void {
    if (pathSilent()) {
      held.push(() => {
        if (!response.destroyed) onRequest(request, response);
      });
      return;
    }
    // Drain any body (ccxt sends none on GET/DELETE); nothing here reads one.
    request.resume();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '');
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === BTCTURK_PATHS.exchangeInfo) {
      exchangeInfo(response);
      return;
    }
    if (!path.startsWith('/api/v1/')) {
      fail(response, 404, 'NOT_FOUND', 404);
      return;
    }
    if (!authorized(request)) {
      stats.authFailures += 1;
      fail(response, STATUS_UNAUTHORIZED, MESSAGE_UNAUTHORIZED, CODE_UNAUTHORIZED);
      return;
    }
    if (method === 'GET' && path === BTCTURK_PATHS.openOrders) {
      openOrders(response, url.searchParams.get('pairSymbol'));
    } else if (method === 'DELETE' && path === BTCTURK_PATHS.order) {
      cancel(response, url.searchParams.get('id'));
    } else if (method === 'GET' && path.startsWith(`${BTCTURK_PATHS.order}/`)) {
      const id = decodeURIComponent(path.slice(BTCTURK_PATHS.order.length + 1));
      lookup(response, /^\d+$/.test(id) ? BigInt(id).toString() : id);
    } else {
      fail(response, 404, 'NOT_FOUND', 404);
    }
  }

  // ------------------------------------------------------------ gateway --

  function releaseHeld(): void {
    const waiting = held;
    held = [];
    for (const run of waiting) run();
  }

  const gateway = createGatewayFaults({
    timers,
    down: () => gatewayDown(),
    up: () => gatewayUp(),
    silenceOpenSockets: () => {
      for (const client of clients) client.silent = true;
    },
    releaseHeld,
  });

  function pathSilent(): boolean {
    return gateway.silent();
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (pathSilent()) {
      held.push(() => {
        if (!socket.destroyed) onUpgrade(request, socket, head);
      });
      return;
    }
    stats.wsConnects += 1;
    const admission = connectLimits.admit(Date.now());
    if (!admission.ok) {
      // Past 15 connection requests a minute BTCTurk blocks new connections for 60 s.
      stats.wsConnectsRefused += 1;
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${Math.ceil(admission.retryAfterMs / 1000)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    const sockets = wss;
    if (!sockets) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  }

  /** Listens on `requestedPort` (0 = any free port); after an outage, the port bound before. */
  async function listenGateway(requestedPort: number): Promise<number> {
    const http = createServer(onRequest);
    http.on('upgrade', onUpgrade);
    server = http;
    return listenLoopback(http, requestedPort);
  }

  /** Drops every socket and REST call and stops listening (the book and its timers stay). */
  async function closeGateway(): Promise<void> {
    clients.terminateAll();
    held = [];
    const http = server;
    server = undefined;
    await closeServer(http);
  }

  async function gatewayDown(): Promise<void> {
    if (port === undefined || gatewayIsDown) return;
    gatewayIsDown = true;
    await closeGateway();
  }

  async function gatewayUp(): Promise<void> {
    if (port === undefined || !gatewayIsDown) return;
    gatewayIsDown = false;
    await listenGateway(port);
  }

  // ------------------------------------------------------------ control --

  const simulator: BtcturkSimulator = {
    venue: 'btcturk',

    async start(requestedPort = 0): Promise<SimulatorReady> {
      if (server || port !== undefined) throw new Error('btcturk simulator already started');
      // Pings are answered by hand (onConnection), so a silent path can lose them.
      wss = new WebSocketServer({ noServer: true, autoPong: false });
      wss.on('connection', onConnection);
      port = await listenGateway(requestedPort);
      return {
        venue: 'btcturk',
        urls: { rest: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` },
        credentials: {
          ...credentials,
          ...(options.wsKeys === 'separate' && {
            wsPublicKey: BTCTURK_DEMO_WS_CREDENTIALS.publicKey,
            wsPrivateKey: BTCTURK_DEMO_WS_CREDENTIALS.privateKey,
          }),
        },
      };
    },

    async stop() {
      timers.clear();
      held = [];
      gateway.reset();
      gatewayIsDown = false;
      port = undefined;
      wss?.close();
      wss = undefined;
      await closeGateway();
    },

    gatewayDown,
    gatewayUp,

    outage: (ms) => gateway.outage(ms),
    silence: (ms) => gateway.silence(ms),

    setFaults(next) {
      const scaleChanged = next.rateLimitScale !== undefined && next.rateLimitScale !== faults.rateLimitScale;
      faults = { ...faults, ...next };
      if (scaleChanged) deleteLimits = new VenueLimits(deleteOrderLimits(faults.rateLimitScale));
    },

    placeOrder(spec: SimOrderSpec): string {
      if (
        !isDecimalString(spec.price) ||
        !isDecimalString(spec.quantity) ||
        compare(spec.quantity, '0') <= 0
      ) {
        throw new Error('btcturk simulator: price and a positive quantity must be decimal strings');
      }
      nextId += BigInt(idRandom.int(1, 40));
      const now = Date.now();
      const order: SimOrder = {
        id: nextId,
        market: spec.market,
        side: spec.side,
        method: spec.type ?? 'limit',
        price: spec.price,
        quantity: spec.quantity,
        left: spec.quantity,
        status: 'Untouched',
        clientId: `sim-${nextId.toString(36)}`,
        time: now,
        updateTime: now,
        cancelPending: false,
      };
      pairId(spec.market);
      orders.set(order.id.toString(), order);
      pushOrder(WS_TYPE_ORDER_INSERT, order);
      return order.id.toString();
    },

    fill(venueOrderId, quantity) {
      const order = orders.get(venueOrderId);
      if (!order || !isOpen(order)) return;
      const amount = quantity === undefined || compare(quantity, order.left) > 0 ? order.left : quantity;
      if (compare(amount, '0') <= 0) return;
      fillBy(order, amount);
    },

    disconnectAll() {
      clients.terminateAll();
      server?.closeAllConnections();
    },

    openOrderIds() {
      return [...orders.values()].filter(isOpen).map((order) => order.id.toString());
    },

    remainingOf(venueOrderId) {
      const order = orders.get(venueOrderId);
      return order && isOpen(order) ? order.left : undefined;
    },

    setMaintenance(market, on) {
      if (on) maintenance.add(market);
      else maintenance.delete(market);
    },

    forceRateLimit(count, retryAfterMs) {
      forced = { count, retryAfterMs };
    },

    forceLookupRateLimit(count, retryAfterMs) {
      forcedLookups = { count, retryAfterMs };
    },

    closeQuietly(venueOrderId, status) {
      const order = orders.get(venueOrderId);
      if (!order || !isOpen(order)) return;
      if (status === 'Closed') order.left = '0';
      close(order, status);
    },

    sendRaw(text) {
      timers.afterDelay(faults.latencyMs, () => {
        for (const client of clients) {
          if (client.loggedIn && !client.silent && client.ws.readyState === WebSocket.OPEN)
            client.ws.send(text);
        }
      });
    },

    order(venueOrderId) {
      const order = orders.get(venueOrderId);
      return order && { status: order.status, left: order.left, quantity: order.quantity };
    },

    connectionCount: () => clients.size,
    stats: () => ({ ...stats }),
  };
  return simulator;
}
