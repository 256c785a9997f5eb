/**
 * A Rails venue on loopback speaking the real protocol on one port: the token
 * endpoint (HS256 JWTs with expiry), Bearer-authenticated REST (paged open
 * orders, bulk cancel by market) and the WebSocket (subprotocol auth echoed
 * back, cancelOrder answered 202 then 200, order-stream pushes). Faults come
 * from the seeded RNG so a seed and a fault script replay the same run.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { add, compare, isDecimalString, isZero, multiply, subtract } from '../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../core/json.ts';
import { type Random, seededRandom } from '../../core/random.ts';
import {
  closeServer,
  createSimClients,
  createSimTimers,
  headerValue,
  listenLoopback,
} from '../shared/sim-server.ts';
import {
  DEFAULT_FAULTS,
  type SimFaults,
  type SimOrderSpec,
  type SimulatorOptions,
  type SimulatorReady,
  type VenueSimulator,
} from '../simulator.ts';
import {
  API_KEY_HEADER,
  API_SECRET_HEADER,
  BULK_ALL_MARKETS,
  bulkClientRequestId,
  CANCEL_BY_ORDER_ID,
  CANCEL_MESSAGE,
  OPEN_ORDERS_PAGE_SIZE,
  ORDER_REQUESTS_PER_MINUTE,
  ORDER_STREAM_RESULT_TYPE,
  RAILS_PATHS,
  RATE_WINDOW_MS,
  STATUS_ACCEPTED,
  STATUS_CONFIRMED,
  STATUS_CONFLICT,
  STATUS_NOT_FOUND,
  STATUS_RATE_LIMITED,
  WS_ALL_MARKETS,
  WS_AUTH_PROTOCOL_PREFIX,
} from './constants.ts';
import type { RailsOrder, RailsOrderStatus } from './parse.ts';
import { createTokenAuthority } from './sim-auth.ts';
import { createUlidGenerator, seededConnectionId, seededUuid } from './sim-ids.ts';

export interface RailsSimulatorOptions extends SimulatorOptions {
  /** Lifetime of issued tokens (default: the venue's 1800 s). */
  tokenLifetimeSeconds?: number;
  /** Open-orders page size (default 100). */
  pageSize?: number;
}

export interface RailsSimStats {
  tokensIssued: number;
  /** `jti` of the token each accepted WS handshake carried, in order. */
  handshakeTokenIds: string[];
  handshakesRefused: number;
  cancelRequests: number;
}

export interface RailsSimulator extends VenueSimulator {
  /** Lifetime (whole seconds) of tokens issued from now on. */
  setTokenLifetime(seconds: number): void;
  /** A validly signed token for the demo user; lifetime ≤ 0 → already expired. */
  mintToken(lifetimeSeconds: number): string;
  /** Every token issued so far is refused (REST 401, handshake 401); open sockets stay up. */
  revokeTokens(): void;
  /** Pushes a raw text frame to every connected client. */
  sendRaw(text: string): void;
  /** The venue's record of an order in any state. */
  order(venueOrderId: string): RailsOrder | undefined;
  connectionCount(): number;
  stats(): RailsSimStats;
}

interface Client {
  ws: WebSocket;
  connectionId: string;
  market: string;
  subscriptions: Set<string>;
}

interface Waiter {
  client: Client;
  clientRequestId: string | undefined;
}

interface SimOrder {
  order: RailsOrder;
  /** The conflict fault is drawn once per order: a retry after the fill settles can succeed. */
  conflictDrawn: boolean;
  fillInProgress: boolean;
  /** Who gets the 200 when the cancel completes. */
  waiters: Waiter[];
}

const OPEN_STATUSES: ReadonlySet<RailsOrderStatus> = new Set(['pending', 'active', 'modifying', 'modified']);
const CLOSED_STATUSES: ReadonlySet<RailsOrderStatus> = new Set(['cancelled', 'filled']);
/** ULID clock origin: order ids look like real ones and do not depend on the wall clock. */
const ULID_EPOCH_MS = 1_717_100_000_000;

const cancelRequestSchema = z.object({
  message: z.literal(CANCEL_MESSAGE),
  content: z.object({
    clientRequestId: z.uuid().optional(),
    orderId: z.string().min(1),
    cancelBy: z.literal(CANCEL_BY_ORDER_ID),
  }),
});

function snapshot(order: RailsOrder): RailsOrder {
  return { ...order };
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ message: reason });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function createRailsSimulator(options: RailsSimulatorOptions): RailsSimulator {
  // Separate streams: fault draws must not shift with the number of reconnects or ids issued.
  const faultRandom: Random = seededRandom(options.seed);
  const idRandom: Random = seededRandom(options.seed ^ 0x5bd1e995);
  const connectionRandom: Random = seededRandom(options.seed ^ 0x27d4eb2f);
  const authority = createTokenAuthority(seededRandom(options.seed ^ 0x165667b1));
  if (options.tokenLifetimeSeconds !== undefined) authority.setLifetime(options.tokenLifetimeSeconds);
  const nextOrderId = createUlidGenerator(idRandom, ULID_EPOCH_MS);
  const pageSize = options.pageSize ?? OPEN_ORDERS_PAGE_SIZE;
  let faults: SimFaults = { ...DEFAULT_FAULTS, ...options.faults };

  const orders = new Map<string, SimOrder>();
  const clients = createSimClients<Client>();
  const timers = createSimTimers();
  const orderRequests: number[] = [];
  const stats: RailsSimStats = {
    tokensIssued: 0,
    handshakeTokenIds: [],
    handshakesRefused: 0,
    cancelRequests: 0,
  };
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;

  /** Every reply waits `latencyMs`; equal delays keep send order. */
  function afterLatency(run: () => void): void {
    timers.afterDelay(faults.latencyMs, run);
  }

  function send(client: Client, payload: unknown): void {
    const text = JSON.stringify(payload);
    afterLatency(() => {
      if (client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
    });
  }

  /** Shared by createOrder and cancelOrder across markets; rejected requests do not count. */
  function overOrderRate(now: number): boolean {
    const limit = Math.max(1, Math.floor(ORDER_REQUESTS_PER_MINUTE * faults.rateLimitScale));
    while (orderRequests.length > 0 && orderRequests[0]! <= now - RATE_WINDOW_MS) orderRequests.shift();
    if (orderRequests.length >= limit) return true;
    orderRequests.push(now);
    return false;
  }

  function cancelReply(
    client: Client,
    statusCode: number,
    body: string,
    clientRequestId: string | undefined,
    order?: RailsOrder,
  ): void {
    send(client, {
      resultType: CANCEL_MESSAGE,
      data: {
        statusCode,
        body,
        ...(order && { order: snapshot(order) }),
        ...(clientRequestId !== undefined && { clientRequestId }),
      },
      connectionId: client.connectionId,
    });
  }

  function pushOrder(order: RailsOrder): void {
    for (const client of clients) {
      if (!client.subscriptions.has('orders')) continue;
      if (client.market !== WS_ALL_MARKETS && client.market !== order.market) continue;
      send(client, {
        resultType: ORDER_STREAM_RESULT_TYPE,
        data: { order: snapshot(order) },
        connectionId: client.connectionId,
      });
    }
  }

  function applyFill(state: SimOrder, quantity: string): void {
    const order = state.order;
    order.quantity = subtract(order.quantity, quantity);
    order.filledQuantity = add(order.filledQuantity, quantity);
    if (isZero(order.quantity)) order.orderStatus = 'filled';
    else if (order.orderStatus !== 'cancelling') order.orderStatus = 'active';
    order.updatedAt = Date.now();
    pushOrder(order);
  }

  /** Moves an order to cancelling and, after `confirmDelayMs`, to cancelled with a 200 to every waiter. */
  function beginCancel(state: SimOrder, waiter: Waiter): void {
    const order = state.order;
    order.orderStatus = 'cancelling';
    order.updatedAt = Date.now();
    state.waiters = [waiter];
    cancelReply(waiter.client, STATUS_ACCEPTED, 'cancelling order', waiter.clientRequestId, order);
    const dropConfirmation = faultRandom.chance(faults.dropConfirmationRate);
    timers.later(faults.confirmDelayMs, () => {
      // A fill that completed meanwhile wins: its stream push is the answer.
      if (order.orderStatus !== 'cancelling') return;
      order.orderStatus = 'cancelled';
      order.updatedAt = Date.now();
      const waiters = state.waiters;
      state.waiters = [];
      if (dropConfirmation) return;
      for (const { client, clientRequestId } of waiters) {
        cancelReply(client, STATUS_CONFIRMED, 'order cancelled', clientRequestId, order);
      }
    });
  }

  function handleCancel(client: Client, request: z.infer<typeof cancelRequestSchema>): void {
    stats.cancelRequests++;
    const { clientRequestId, orderId } = request.content;
    if (overOrderRate(Date.now())) {
      cancelReply(client, STATUS_RATE_LIMITED, 'Too Many Requests', clientRequestId);
      return;
    }
    const state = orders.get(orderId);
    if (!state || CLOSED_STATUSES.has(state.order.orderStatus)) {
      cancelReply(client, STATUS_NOT_FOUND, 'order not found', clientRequestId);
      return;
    }
    const order = state.order;
    if (order.orderStatus === 'cancelling') {
      // Already being cancelled: acknowledge again and confirm to this requester too.
      state.waiters.push({ client, clientRequestId });
      cancelReply(client, STATUS_ACCEPTED, 'cancelling order', clientRequestId, order);
      return;
    }
    if (state.fillInProgress) {
      cancelReply(client, STATUS_CONFLICT, 'order is being filled', clientRequestId, order);
      return;
    }
    if (faultRandom.chance(faults.rejectRate)) {
      cancelReply(client, 400, 'order cannot be cancelled', clientRequestId);
      return;
    }
    if (!state.conflictDrawn) {
      state.conflictDrawn = true;
      if (faultRandom.chance(faults.conflictRate)) {
        state.fillInProgress = true;
        const fillsCompletely = faultRandom.chance(0.5);
        cancelReply(client, STATUS_CONFLICT, 'order is being filled', clientRequestId, order);
        timers.later(faults.confirmDelayMs, () => {
          state.fillInProgress = false;
          if (!OPEN_STATUSES.has(order.orderStatus)) return;
          // Either the racing fill takes the whole order, or half of it and a retried cancel succeeds.
          applyFill(state, fillsCompletely ? order.quantity : multiply(order.quantity, '0.5'));
        });
        return;
      }
    }
    beginCancel(state, { client, clientRequestId });
  }

  function handleFrame(client: Client, text: string): void {
    const json = tryParseJsonLossless(text);
    if (!json.ok) {
      send(client, { resultType: 'error', data: { statusCode: 400, body: 'invalid JSON' } });
      return;
    }
    const message = (json.value as { message?: unknown } | null)?.message;
    const parsed = cancelRequestSchema.safeParse(json.value);
    if (parsed.success) {
      handleCancel(client, parsed.data);
      return;
    }
    const clientRequestId = (json.value as { content?: { clientRequestId?: unknown } } | null)?.content
      ?.clientRequestId;
    send(client, {
      resultType: typeof message === 'string' ? message : 'error',
      data: {
        statusCode: 400,
        body: message === CANCEL_MESSAGE ? 'invalid cancelOrder request' : 'unsupported message',
        ...(typeof clientRequestId === 'string' && { clientRequestId }),
      },
      connectionId: client.connectionId,
    });
  }

  // ------------------------------------------------------------- REST ---

  function respond(response: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    afterLatency(() => {
      if (response.destroyed) return;
      response.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      response.end(text);
    });
  }

  function authorized(request: IncomingMessage, response: ServerResponse): boolean {
    const token = bearer(request);
    if (token && authority.verify(token, Date.now()).ok) return true;
    respond(response, 401, { message: 'Unauthorized' });
    return false;
  }

  function openOrdersOf(market: string | null): RailsOrder[] {
    const result: RailsOrder[] = [];
    for (const { order } of orders.values()) {
      if (CLOSED_STATUSES.has(order.orderStatus)) continue;
      if (market !== null && order.market !== market) continue;
      result.push(order);
    }
    return result;
  }

  function listOpenOrders(url: URL, response: ServerResponse): void {
    const start = url.searchParams.get('start');
    // Ids are ULIDs issued in order, so the map's order is id order and the cursor is the last id sent.
    const candidates = openOrdersOf(url.searchParams.get('market')).filter(
      (order) => start === null || order.orderId > start,
    );
    const page = candidates.slice(0, pageSize);
    const last = candidates.length > pageSize ? page[page.length - 1]!.orderId : null;
    respond(response, 200, { openOrders: page.map(snapshot), last });
  }

  function bulkCancel(url: URL, response: ServerResponse): void {
    const market = url.searchParams.get('market');
    if (!market) {
      respond(response, 400, { message: 'market is required' });
      return;
    }
    if (overOrderRate(Date.now())) {
      respond(response, 429, { message: 'Too Many Requests' });
      return;
    }
    const everyMarket = market.toLowerCase() === BULK_ALL_MARKETS;
    const targets = [...orders.values()].filter(
      ({ order }) => OPEN_STATUSES.has(order.orderStatus) && (everyMarket || order.market === market),
    );
    respond(response, 200, `Cancelling ${targets.length} orders...`);
    const requestId = seededUuid(idRandom);
    targets.forEach((state, index) => {
      const clientRequestId = bulkClientRequestId(requestId, index);
      const [first, ...others] = [...clients];
      if (!first) {
        // Nobody listening: the venue still cancels.
        state.order.orderStatus = 'cancelled';
        state.order.updatedAt = Date.now();
        return;
      }
      beginCancel(state, { client: first, clientRequestId });
      for (const client of others) {
        state.waiters.push({ client, clientRequestId });
        cancelReply(client, STATUS_ACCEPTED, 'cancelling order', clientRequestId, state.order);
      }
    });
  }

  function handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = `${request.method} ${url.pathname}`;
    // Drain any body: none of these calls take one.
    request.resume();
    if (route === `POST ${RAILS_PATHS.token}`) {
      const result = authority.issue(
        headerValue(request, API_KEY_HEADER),
        headerValue(request, API_SECRET_HEADER),
        Date.now(),
      );
      if (result.status === 200) stats.tokensIssued++;
      respond(response, result.status, result.body);
      return;
    }
    if (route === `GET ${RAILS_PATHS.openOrders}`) {
      if (authorized(request, response)) listOpenOrders(url, response);
      return;
    }
    if (route === `DELETE ${RAILS_PATHS.orders}`) {
      if (authorized(request, response)) bulkCancel(url, response);
      return;
    }
    respond(response, 404, { message: 'Not Found' });
  }

  // -------------------------------------------------------- WebSocket ---

  function authProtocol(request: IncomingMessage): string | undefined {
    const header = request.headers['sec-websocket-protocol'];
    if (typeof header !== 'string') return undefined;
    return header
      .split(',')
      .map((value) => value.trim())
      .find((value) => value.startsWith(WS_AUTH_PROTOCOL_PREFIX));
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/') {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const market = url.searchParams.get('market');
    if (!market) {
      refuseUpgrade(socket, 400, 'Bad Request');
      return;
    }
    const protocol = authProtocol(request);
    const check = protocol
      ? authority.verify(protocol.slice(WS_AUTH_PROTOCOL_PREFIX.length), Date.now())
      : ({ ok: false, reason: 'no token' } as const);
    if (!check.ok) {
      stats.handshakesRefused++;
      refuseUpgrade(socket, 401, 'Unauthorized');
      return;
    }
    stats.handshakeTokenIds.push(check.claims.jti);
    const subscriptions = new Set((url.searchParams.get('subscriptions') ?? '').split(',').filter(Boolean));
    wss!.handleUpgrade(request, socket, head, (ws) => {
      const client: Client = {
        ws,
        connectionId: seededConnectionId(connectionRandom),
        market,
        subscriptions,
      };
      clients.track(client);
      ws.on('message', (data) => handleFrame(client, data.toString()));
    });
  }

  // ---------------------------------------------------------- control ---

  return {
    venue: 'rails',

    async start(port = 0): Promise<SimulatorReady> {
      if (server) throw new Error('rails simulator already started');
      wss = new WebSocketServer({
        noServer: true,
        perMessageDeflate: false,
        // Echo the authorization subprotocol: the ws client refuses a handshake without it.
        handleProtocols: (protocols) =>
          [...protocols].find((value) => value.startsWith(WS_AUTH_PROTOCOL_PREFIX)) ?? false,
      });
      const http = createServer(handleRequest);
      http.on('upgrade', handleUpgrade);
      server = http;
      const boundPort = await listenLoopback(http, port);
      const base = `http://127.0.0.1:${boundPort}`;
      return {
        venue: 'rails',
        urls: { auth: base, rest: base, account: base, ws: `ws://127.0.0.1:${boundPort}/` },
        credentials: { ...authority.credentials },
      };
    },

    async stop() {
      timers.clear();
      clients.terminateAll();
      const http = server;
      server = undefined;
      wss?.close();
      wss = undefined;
      await closeServer(http);
    },

    setFaults(next) {
      faults = { ...faults, ...next };
    },

    placeOrder(spec: SimOrderSpec) {
      if (
        !isDecimalString(spec.price) ||
        !isDecimalString(spec.quantity) ||
        compare(spec.quantity, '0') <= 0
      ) {
        throw new Error('placeOrder: price and a positive quantity must be decimal strings');
      }
      const now = Date.now();
      const order: RailsOrder = {
        userId: authority.userId,
        orderId: nextOrderId(),
        market: spec.market,
        orderType: spec.side,
        tradeType: spec.type ?? 'limit',
        orderStatus: 'active',
        price: spec.price,
        quantity: spec.quantity,
        filledQuantity: '0',
        leverage: '1',
        updatedAt: now,
        createdAt: now,
        reduceOnly: false,
        postOnly: false,
      };
      orders.set(order.orderId, { order, conflictDrawn: false, fillInProgress: false, waiters: [] });
      pushOrder(order);
      return order.orderId;
    },

    fill(venueOrderId, quantity) {
      const state = orders.get(venueOrderId);
      if (!state || CLOSED_STATUSES.has(state.order.orderStatus)) {
        throw new Error(`fill: order ${venueOrderId} is not open`);
      }
      const remaining = state.order.quantity;
      // More than remains (or nothing given) fills what remains.
      const amount = quantity === undefined || compare(quantity, remaining) > 0 ? remaining : quantity;
      if (compare(amount, '0') <= 0) throw new Error('fill: quantity must be positive');
      applyFill(state, amount);
    },

    disconnectAll() {
      clients.terminateAll();
    },

    openOrderIds: () => openOrdersOf(null).map((order) => order.orderId),

    remainingOf(venueOrderId) {
      const state = orders.get(venueOrderId);
      // Rails' `quantity` is the remaining size.
      return state && !CLOSED_STATUSES.has(state.order.orderStatus) ? state.order.quantity : undefined;
    },

    setTokenLifetime: (seconds) => authority.setLifetime(seconds),
    mintToken: (lifetimeSeconds) => authority.mint(lifetimeSeconds, Date.now()),
    revokeTokens: () => authority.revokeAll(),

    sendRaw(text) {
      for (const client of clients) if (client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
    },

    order(venueOrderId) {
      const state = orders.get(venueOrderId);
      return state ? snapshot(state.order) : undefined;
    },

    connectionCount: () => clients.size,
    stats: () => ({ ...stats, handshakeTokenIds: [...stats.handshakeTokenIds] }),
  };
}
