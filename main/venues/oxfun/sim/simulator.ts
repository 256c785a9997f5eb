/**
 * An OX.FUN venue on loopback, one port for REST and the WebSocket
 * (`/v2/websocket`), speaking the real protocol: signed REST, HMAC login,
 * text ping/pong, the order channel, cancels accepted (`submitted:true`) and
 * then closed (`OrderClosed` CANCELED_BY_USER) or refused by the matching
 * engine (`CANCEL` 100004 when a fill won). Faults come from a seeded RNG so
 * a seed and a fault script replay the same run. `outage(ms)` takes the
 * gateway down (connections refused, REST included) while the matching
 * engine keeps its book and finishes the cancels it had accepted;
 * `silence(ms)` is a half-open link: sockets stay open, nothing arrives.
 */
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { add, compare, isDecimalString, isZero, subtract } from '../../../../preload/decimal.ts';
import { type Random, seededRandom } from '../../../core/random.ts';
import { closeServer, createSimTimers, listenLoopback } from '../../shared/sim-server.ts';
import {
  DEFAULT_FAULTS,
  type SimFaults,
  type SimOrderSpec,
  type SimulatorOptions,
  type SimulatorReady,
  type VenueSimulator,
} from '../../simulator.ts';
import type { OxfunCredentials } from '../auth.ts';
import {
  CLOSED_BY_USER,
  CODES,
  ENGINE_CANCEL_EVENT,
  ORDER_TABLE,
  REST_REQUESTS_PER_SECOND,
  REST_REQUESTS_PER_WINDOW,
  REST_WINDOW_MS,
  WS_CONNECTIONS_PER_MINUTE,
  WS_PATH,
  WS_REQUESTS_PER_SECOND,
} from '../constants.ts';
import { integerId, rawDecimal } from '../wire.ts';
import { createSimRestHandler } from './rest.ts';
import type { SimCancelAnswer, SimOrder, SimSession, SimVenue } from './types.ts';
import { attachSimSession } from './ws.ts';

/** Deterministic demo credentials (in memory only; the simulator accepts nothing else). */
export const OXFUN_DEMO_CREDENTIALS: Readonly<OxfunCredentials> = {
  apiKey: 'oxfun-demo-3f9c1a7e',
  apiSecret: 'oxfun-demo-secret-5b2d8e41c0a94f67',
};
/** Order ids above 2^53, like the venue's, so every client must keep them exact. */
const FIRST_ORDER_ID = 304_384_250_571_714_215n;
const FIRST_CLIENT_ORDER_ID = 1_700_000_000_000;
const SIM_ACCOUNT_ID = '1076';
const ENGINE_NOT_FOUND = 'Order request was rejected : REJECT_CANCEL_ORDER_ID_NOT_FOUND';
/** (assumed) How an upgrade over the connection limit is refused; the docs give the limit only. */
const TOO_MANY_CONNECTIONS = '429 Too Many Requests';

export interface OxfunSimStats {
  logins: number;
  loginFailures: number;
  /** `cancelorder` / `cancelorders` messages received. */
  cancelMessages: number;
  /** Orders addressed by those messages. */
  cancelEntries: number;
  wsRateLimited: number;
  /** Upgrades refused over the 200-a-minute connection limit. */
  wsConnectionsRefused: number;
  restRequests: number;
  restRateLimited: number;
}

/** The gateway in front of the matching engine: answering, down (refusing connections), or silent. */
export type OxfunGatewayState = 'up' | 'down' | 'silent';

export interface OxfunSimulator extends VenueSimulator {
  /**
   * The gateway goes down for `ms`: every socket is dropped and the port refuses connections (REST and
   * WebSocket alike), then it listens again on the same port. The matching engine is not lost: the book
   * stays, and cancels accepted before the outage still close (their pushes reach nobody; the client
   * learns the outcome from the listing or lookup after it reconnects). Resolves once it answers again.
   */
  outage(ms: number): Promise<void>;
  /**
   * A half-open link for `ms`: open sockets stay open but nothing is delivered either way (replies and
   * pongs included); new connections and REST requests are reset, as a client sees a link that drops
   * its packets before its own timeouts. Resolves once the link delivers again.
   */
  silence(ms: number): Promise<void>;
  gatewayState(): OxfunGatewayState;
  /** Pushes a raw text frame to every connected client. */
  sendRaw(text: string): void;
  connectionCount(): number;
  stats(): OxfunSimStats;
  /** The venue's record of an order in any state (a copy). */
  order(venueOrderId: string): SimOrder | undefined;
}

const isOpen = (order: SimOrder): boolean => order.status === 'OPEN' || order.status === 'PARTIAL_FILL';

export function createOxfunSimulator(options: SimulatorOptions): OxfunSimulator {
  // Separate streams: fault draws must not shift with the number of orders or connections.
  const faultRandom: Random = seededRandom(options.seed);
  const idRandom: Random = seededRandom(options.seed ^ 0x5bd1e995);
  const connectionRandom: Random = seededRandom(options.seed ^ 0x27d4eb2f);
  let faults: SimFaults = { ...DEFAULT_FAULTS, ...options.faults };
  const credentials = OXFUN_DEMO_CREDENTIALS;
  const orders = new Map<string, SimOrder>();
  const byClientId = new Map<string, SimOrder>();
  const sessions = new Set<SimSession>();
  const timers = createSimTimers();
  const restSecond: number[] = [];
  const restWindow: number[] = [];
  const stats: OxfunSimStats = {
    logins: 0,
    loginFailures: 0,
    cancelMessages: 0,
    cancelEntries: 0,
    wsRateLimited: 0,
    wsConnectionsRefused: 0,
    restRequests: 0,
    restRateLimited: 0,
  };
  let nextOrderId = FIRST_ORDER_ID;
  let nextClientOrderId = FIRST_CLIENT_ORDER_ID;
  let matchCounter = 0;
  // The venue's limits are counts per period ("50 per second", "200 per minute"): sliding windows of
  // arrival times, so no burst beyond the count fits in any period (a bucket would admit two at its edge).
  const wsSecond: number[] = [];
  const connectMinute: number[] = [];
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  let boundPort: number | undefined;
  let gateway: OxfunGatewayState = 'up';
  /** Ends the running outage's or silence's wait early (stop()). */
  let endGatewayWait: (() => void) | undefined;
  let gatewayTimer: NodeJS.Timeout | undefined;

  /** Waits `ms`, or less when the simulator stops meanwhile; true when the wait ran its course. */
  function gatewayWait(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      endGatewayWait = () => {
        clearTimeout(gatewayTimer);
        gatewayTimer = undefined;
        endGatewayWait = undefined;
        resolve(false);
      };
      gatewayTimer = setTimeout(() => {
        gatewayTimer = undefined;
        endGatewayWait = undefined;
        resolve(true);
      }, ms);
    });
  }

  function startGatewayFault(kind: 'down' | 'silent'): void {
    if (!server) throw new Error('oxfun simulator not started');
    if (gateway !== 'up') throw new Error(`oxfun simulator gateway is already ${gateway}`);
    gateway = kind;
  }

  /** Admits one arrival into `window` (times within `periodMs`) when fewer than `limit` are there. */
  function admit(window: number[], periodMs: number, limit: number, now: number): boolean {
    while (window.length > 0 && (window[0] as number) <= now - periodMs) window.shift();
    if (window.length >= Math.max(1, Math.floor(limit * faults.rateLimitScale))) return false;
    window.push(now);
    return true;
  }

  // ------------------------------------------------------------ pushes --

  function broadcast(order: SimOrder, payload: unknown): void {
    const text = JSON.stringify(payload);
    for (const session of sessions) if (session.wantsOrders(order.marketCode)) session.send(text);
  }

  function pushOrder(
    order: SimOrder,
    notice: string,
    status: string,
    extra: Record<string, string> = {},
  ): void {
    broadcast(order, {
      table: ORDER_TABLE,
      data: [
        {
          notice,
          accountId: SIM_ACCOUNT_ID,
          clientOrderId: order.clientOrderId,
          orderId: order.orderId,
          price: order.price,
          quantity: order.quantity,
          amount: '0.0',
          side: order.side,
          status,
          marketCode: order.marketCode,
          timeInForce: 'GTC',
          timestamp: String(Date.now()),
          remainQuantity: order.remaining,
          limitPrice: order.price,
          orderType: order.orderType,
          isTriggered: 'false',
          displayQuantity: order.quantity,
          ...extra,
        },
      ],
    });
  }

  /** The matching engine refuses a cancel it had accepted: ids and amounts as bare numbers, as documented. */
  function pushEngineRefusal(order: SimOrder): void {
    broadcast(order, {
      event: ENGINE_CANCEL_EVENT,
      submitted: false,
      message: ENGINE_NOT_FOUND,
      code: CODES.rejectCancelNotFound,
      timestamp: '0',
      data: {
        clientOrderId: integerId(order.clientOrderId),
        orderId: integerId(order.orderId),
        displayQuantity: rawDecimal('0.0'),
        remainQuantity: rawDecimal('0.0'),
        side: order.side,
        status: 'REJECT_CANCEL_ORDER_ID_NOT_FOUND',
        timeCondition: 'GTC',
        marketCode: order.marketCode,
        timestampEpochMs: Date.now(),
        orderType: order.orderType,
        price: rawDecimal('0.0'),
        quantity: rawDecimal('0.0'),
        isTriggered: false,
      },
    });
  }

  // ------------------------------------------------------------ orders --

  function close(order: SimOrder, closeStatus: string, push: boolean): void {
    order.status = 'CANCELED';
    order.closeStatus = closeStatus;
    order.cancelPending = false;
    order.lastModifiedAt = Date.now();
    if (push) pushOrder(order, 'OrderClosed', closeStatus);
  }

  function fillOrder(order: SimOrder, quantity?: string): void {
    if (!isOpen(order)) return;
    const amount =
      quantity === undefined || compare(quantity, order.remaining) > 0 ? order.remaining : quantity;
    if (compare(amount, '0') <= 0) return;
    order.remaining = subtract(order.remaining, amount);
    order.matched = add(order.matched, amount);
    order.status = isZero(order.remaining) ? 'FILLED' : 'PARTIAL_FILL';
    order.lastMatchedAt = Date.now();
    order.lastModifiedAt = order.lastMatchedAt;
    matchCounter += 1;
    pushOrder(order, 'OrderMatched', order.status, {
      matchId: String(300_016_799_886_154_670n + BigInt(matchCounter)),
      matchPrice: order.price,
      matchQuantity: amount,
      orderMatchType: 'MAKER',
      fees: '0',
      feeInstrumentId: 'USDT',
    });
  }

  /** Draws every fault for one cancel in a fixed order, so a seed replays regardless of outcome. */
  function drawFaults(): { reject: boolean; conflict: boolean; drop: boolean } {
    return {
      reject: faultRandom.chance(faults.rejectRate),
      conflict: faultRandom.chance(faults.conflictRate),
      drop: faultRandom.chance(faults.dropConfirmationRate),
    };
  }

  const marketClosed: SimCancelAnswer = {
    submitted: false,
    code: CODES.marketClosed,
    message: 'The marketCode is closed for trading temporarily',
  };

  const venue: SimVenue = {
    credentials,
    now: () => Date.now(),
    delivers: () => gateway !== 'silent',
    afterLatency(run) {
      timers.afterDelay(faults.latencyMs, run);
    },
    takeWsRequest() {
      // Authenticated requests of the account, every connection together; one message is one request.
      const ok = admit(wsSecond, 1000, WS_REQUESTS_PER_SECOND, Date.now());
      if (!ok) stats.wsRateLimited += 1;
      return ok;
    },
    takeRestRequest() {
      const now = Date.now();
      while (restSecond.length > 0 && restSecond[0]! <= now - 1000) restSecond.shift();
      while (restWindow.length > 0 && restWindow[0]! <= now - REST_WINDOW_MS) restWindow.shift();
      stats.restRequests += 1;
      const perSecond = Math.max(1, Math.floor(REST_REQUESTS_PER_SECOND * faults.rateLimitScale));
      const perWindow = Math.max(1, Math.floor(REST_REQUESTS_PER_WINDOW * faults.rateLimitScale));
      if (restSecond.length >= perSecond || restWindow.length >= perWindow) {
        stats.restRateLimited += 1;
        return false;
      }
      restSecond.push(now);
      restWindow.push(now);
      return true;
    },
    nextNonce: () => connectionRandom.int(0, 2 ** 31).toString(16),
    register: (session) => sessions.add(session),
    unregister: (session) => sessions.delete(session),
    noteLogin(ok) {
      if (ok) stats.logins += 1;
      else stats.loginFailures += 1;
    },
    noteCancelMessage(entries) {
      stats.cancelMessages += 1;
      stats.cancelEntries += entries;
    },

    cancelViaWs(orderId, marketCode) {
      const order = orders.get(orderId);
      if (!order || order.marketCode !== marketCode) {
        return { submitted: false, code: CODES.openOrderNotFound, message: 'Open order not found' };
      }
      if (!isOpen(order))
        return { submitted: false, code: CODES.rejectCancelNotFound, message: ENGINE_NOT_FOUND, order };
      const drawn = drawFaults();
      if (drawn.reject) return { ...marketClosed, order };
      if (order.cancelPending) {
        // Only the first of several cancels for one order is processed; the engine refuses the rest.
        timers.later(faults.confirmDelayMs, () => pushEngineRefusal(order));
        return { submitted: true, order };
      }
      order.cancelPending = true;
      timers.later(faults.confirmDelayMs, () => {
        order.cancelPending = false;
        if (drawn.conflict) fillOrder(order);
        if (!isOpen(order)) {
          pushEngineRefusal(order);
          return;
        }
        close(order, CLOSED_BY_USER, !drawn.drop);
      });
      return { submitted: true, order };
    },

    cancelViaRest(orderId, marketCode) {
      const order = orders.get(orderId);
      if (!order || order.marketCode !== marketCode || !isOpen(order)) {
        return { submitted: false, code: CODES.restNotFound, message: 'Open order not found with id' };
      }
      const drawn = drawFaults();
      if (drawn.reject) return { ...marketClosed, order };
      if (drawn.conflict) {
        fillOrder(order);
        return { submitted: false, code: CODES.restNotFound, message: 'Open order not found with id', order };
      }
      close(order, CLOSED_BY_USER, true);
      return { submitted: true, order };
    },

    cancelAll(marketCode) {
      const targets = [...orders.values()].filter(
        (order) => isOpen(order) && (marketCode === undefined || order.marketCode === marketCode),
      );
      // "Orders queued for cancelation": the reply comes first, the closes follow on the order channel.
      timers.later(faults.confirmDelayMs, () => {
        for (const order of targets) if (isOpen(order)) close(order, CLOSED_BY_USER, true);
      });
      const ack = JSON.stringify({
        event: ENGINE_CANCEL_EVENT,
        submitted: true,
        timestamp: String(Date.now()),
      });
      for (const session of sessions) if (session.authenticated()) session.send(ack);
      return targets.length;
    },

    working: (marketCode) =>
      [...orders.values()].filter(
        (order) => isOpen(order) && (marketCode === undefined || order.marketCode === marketCode),
      ),
    find: (orderId) => orders.get(orderId),
    findByClientId: (clientOrderId) => byClientId.get(clientOrderId),
  };

  const restHandler = createSimRestHandler(venue);

  function refuseUpgrade(socket: Duplex, status = '404 Not Found'): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  return {
    venue: 'oxfun',

    async start(port = 0): Promise<SimulatorReady> {
      if (server) throw new Error('oxfun simulator already started');
      const http = createServer((request, response) => {
        // A silent link loses the request; the client sees its connection reset (not its own 10 s timeout).
        if (gateway === 'silent') request.socket.destroy();
        else restHandler(request, response);
      });
      const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
      sockets.on('connection', (ws) => attachSimSession(ws, venue));
      http.on('upgrade', (request, socket, head) => {
        if (gateway === 'silent') {
          socket.destroy();
          return;
        }
        const path = new URL(request.url ?? '/', 'http://sim.invalid').pathname;
        if (path !== WS_PATH) return refuseUpgrade(socket);
        if (!admit(connectMinute, 60_000, WS_CONNECTIONS_PER_MINUTE, Date.now())) {
          stats.wsConnectionsRefused += 1;
          return refuseUpgrade(socket, TOO_MANY_CONNECTIONS);
        }
        sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
      });
      boundPort = await listenLoopback(http, port);
      server = http;
      wss = sockets;
      gateway = 'up';
      const base = `127.0.0.1:${boundPort}`;
      return {
        venue: 'oxfun',
        urls: { rest: `http://${base}`, ws: `ws://${base}${WS_PATH}` },
        credentials: { ...credentials },
      };
    },

    async stop() {
      timers.clear();
      endGatewayWait?.();
      for (const client of wss?.clients ?? []) client.terminate();
      const http = server;
      server = undefined;
      gateway = 'up';
      await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
      wss = undefined;
      await closeServer(http);
    },

    async outage(ms) {
      startGatewayFault('down');
      const http = server as Server;
      const port = boundPort as number;
      for (const client of wss?.clients ?? []) client.terminate();
      // Closing the listener refuses new connections; closeAllConnections drops REST in flight and idle.
      await closeServer(http);
      const ranItsCourse = await gatewayWait(ms);
      if (!ranItsCourse || server !== http) return;
      await listenLoopback(http, port);
      gateway = 'up';
    },

    async silence(ms) {
      startGatewayFault('silent');
      const ranItsCourse = await gatewayWait(ms);
      if (ranItsCourse) gateway = 'up';
    },

    gatewayState: () => gateway,

    setFaults(next) {
      faults = { ...faults, ...next };
    },

    placeOrder(spec: SimOrderSpec) {
      if (
        !isDecimalString(spec.price) ||
        !isDecimalString(spec.quantity) ||
        compare(spec.quantity, '0') <= 0
      ) {
        throw new Error('oxfun simulator: price and quantity must be positive decimal strings');
      }
      nextOrderId += BigInt(idRandom.int(1, 1000));
      nextClientOrderId += 1;
      const now = Date.now();
      const order: SimOrder = {
        orderId: nextOrderId.toString(),
        clientOrderId: String(nextClientOrderId),
        marketCode: spec.market,
        side: spec.side === 'buy' ? 'BUY' : 'SELL',
        price: spec.price,
        quantity: spec.quantity,
        remaining: spec.quantity,
        matched: '0',
        orderType: (spec.type ?? 'limit').toUpperCase(),
        status: 'OPEN',
        createdAt: now,
        lastModifiedAt: now,
        cancelPending: false,
      };
      orders.set(order.orderId, order);
      byClientId.set(order.clientOrderId, order);
      pushOrder(order, 'OrderOpened', 'OPEN');
      return order.orderId;
    },

    fill(venueOrderId, quantity) {
      const order = orders.get(venueOrderId);
      if (order) fillOrder(order, quantity);
    },

    disconnectAll() {
      for (const client of wss?.clients ?? []) client.terminate();
    },

    openOrderIds: () => [...orders.values()].filter(isOpen).map((order) => order.orderId),

    remainingOf(venueOrderId) {
      const order = orders.get(venueOrderId);
      return order && isOpen(order) ? order.remaining : undefined;
    },

    sendRaw(text) {
      for (const client of wss?.clients ?? []) if (client.readyState === WebSocket.OPEN) client.send(text);
    },

    connectionCount: () => wss?.clients.size ?? 0,
    stats: () => ({ ...stats }),
    order(venueOrderId) {
      const order = orders.get(venueOrderId);
      return order ? { ...order } : undefined;
    },
  };
}
