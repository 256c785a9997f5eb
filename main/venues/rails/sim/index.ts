/**
 * A Rails venue on loopback speaking the current (v2) protocol: the token
 * endpoint (HS256 JWTs with expiry), Bearer-authenticated REST — bulk cancel
 * and Get Order By ID on the Order host, paged open orders on the User Account host (its own
 * port, so a client that sends the listing to the wrong host fails here as it
 * would live) — and the WebSocket (subprotocol auth echoed back, `market=ALL`
 * sockets requiring `content.market`, cancelOrder answered 202 then 200,
 * application-level ping/pong and no protocol pongs, order notifications).
 * The account-type limits are counted the venue's way: per minute from the
 * first request. Faults come from the seeded RNG so a seed and a fault script
 * replay the same run; a gateway outage (the book and its pending
 * confirmations survive, same ports after) and a half-open path are scripted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { add, compare, isDecimalString, isZero, multiply, subtract } from '../../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../../core/json.ts';
import { type Random, seededRandom } from '../../../core/random.ts';
import {
  closeServer,
  createSimClients,
  createSimTimers,
  headerValue,
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
import {
  API_KEY_HEADER,
  API_SECRET_HEADER,
  BULK_ALL_MARKETS,
  bulkClientRequestId,
  CANCEL_BY_ORDER_ID,
  CANCEL_MESSAGE,
  DEFAULT_ACCOUNT_TYPE,
  MARKET_MAKER_CLAIM,
  OPEN_ORDERS_PAGE_SIZE,
  ORDER_LOOKUP_PARAMS,
  ORDER_LOOKUP_RETENTION_MS,
  ORDER_STREAM_RESULT_TYPE,
  RAILS_ACCOUNT_LIMITS,
  RAILS_PATHS,
  RATE_WINDOW_MS,
  type RailsAccountType,
  STATUS_ACCEPTED,
  STATUS_BAD_REQUEST,
  STATUS_CONFIRMED,
  STATUS_CONFLICT,
  STATUS_FORBIDDEN,
  STATUS_NOT_FOUND,
  STATUS_RATE_LIMITED,
  WS_ALL_MARKETS,
  WS_AUTH_PROTOCOL_PREFIX,
  WS_PING_MESSAGE,
  WS_PONG_RESULT_TYPE,
} from '../constants.ts';
import type { RailsOrder, RailsOrderStatus } from '../parse.ts';
import { createTokenAuthority } from './auth.ts';
import { createUlidGenerator, seededUuid } from './ids.ts';
import { createSimWindow } from './window.ts';

export interface RailsSimulatorOptions extends SimulatorOptions {
  /** Lifetime of issued tokens (default: the venue's 1800 s). */
  tokenLifetimeSeconds?: number;
  /** Open-orders page size (default 100). */
  pageSize?: number;
  /** Whose limits the venue enforces (default: retail, the conservative one). */
  accountType?: RailsAccountType;
  /** Overrides the account type's create+cancel requests per window. */
  orderRequestsPerMinute?: number;
}

export interface RailsSimStats {
  tokensIssued: number;
  /** `jti` of the token each accepted WS handshake carried, in order. */
  handshakeTokenIds: string[];
  handshakesRefused: number;
  cancelRequests: number;
  /** Get Order By ID requests answered (any status but 429). */
  lookups: number;
  /** Order requests (cancelOrder, bulk cancel, Get Order By ID) refused with 429. */
  rateLimited: number;
  /** `ping` messages answered. */
  pings: number;
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
  /**
   * A link that goes silent without closing (a half-open TCP path): nothing is
   * sent to the clients connected now, and nothing they send is read. New
   * connections work normally.
   */
  silenceConnections(): void;
  /**
   * The gateway loses every frame that carries this order (`data.order`): the
   * cancel's 202 and 200, fill pushes. The venue acts on requests as before,
   * and answers without an order (a 404) still arrive. For the rest of the run.
   */
  loseOrderFrames(venueOrderId: string): void;
  /**
   * The gateway goes away, the matching engine does not: every socket and
   * REST call in flight is dropped and new connections are refused, while the
   * book stays and cancels accepted before keep going to `cancelled` (their
   * confirmations are lost with the sockets; the listing shows the truth).
   * Resolves once the listeners are closed.
   */
  gatewayDown(): Promise<void>;
  /** The gateway answers again on the same ports. */
  gatewayUp(): Promise<void>;
  /** `gatewayDown`, then `gatewayUp` after `ms`; resolves once it answers again. */
  outage(ms: number): Promise<void>;
  /**
   * A half-open path for `ms`: the sockets open now stay open but nothing
   * more is delivered on them either way, ever (the path lost their state,
   * as a NAT or load balancer that forgot them); new connections and REST
   * calls hang until the path works again, then are served.
   */
  silence(ms: number): void;
}

interface Client {
  ws: WebSocket;
  market: string;
  subscriptions: Set<string>;
  /** The link went silent (see `silenceConnections`). */
  silent: boolean;
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
/** A timer may fire a millisecond before the wall clock says it is due. */
const SILENCE_SLACK_MS = 5;

const cancelRequestSchema = z.object({
  message: z.literal(CANCEL_MESSAGE),
  content: z.object({
    clientRequestId: z.uuid().optional(),
    /** Required when the socket was opened with `market=ALL` (checked in the handler). */
    market: z.string().min(1).optional(),
    orderId: z.string().min(1),
    cancelBy: z.literal(CANCEL_BY_ORDER_ID),
  }),
});

const pingRequestSchema = z.object({
  message: z.literal(WS_PING_MESSAGE),
  content: z.object({ clientRequestId: z.string().optional() }).optional(),
});

function snapshot(order: RailsOrder): RailsOrder {
  return { ...order };
}

/** The docs' wording: "Cancelling 1 order for market ETH-USD without any errors". */
function bulkCancelMessage(count: number, market: string, everyMarket: boolean): string {
  const orders = `${count} ${count === 1 ? 'order' : 'orders'}`;
  // (assumed) The wording for `market=all`; the docs show a single market only.
  return `Cancelling ${orders} for ${everyMarket ? 'all markets' : `market ${market}`} without any errors`;
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
  const accountType = options.accountType ?? DEFAULT_ACCOUNT_TYPE;
  const authority = createTokenAuthority(
    seededRandom(options.seed ^ 0x165667b1),
    accountType === 'market-maker' ? MARKET_MAKER_CLAIM : 'retail',
  );
  if (options.tokenLifetimeSeconds !== undefined) authority.setLifetime(options.tokenLifetimeSeconds);
  const nextOrderId = createUlidGenerator(idRandom, ULID_EPOCH_MS);
  const pageSize = options.pageSize ?? OPEN_ORDERS_PAGE_SIZE;
  const limits = RAILS_ACCOUNT_LIMITS[accountType];
  const orderLimit = options.orderRequestsPerMinute ?? limits.orderRequestsPerMinute;
  let faults: SimFaults = { ...DEFAULT_FAULTS, ...options.faults };

  const orders = new Map<string, SimOrder>();
  const clients = createSimClients<Client>();
  const timers = createSimTimers();
  const orderWindow = createSimWindow();
  const connectionWindow = createSimWindow();
  const stats: RailsSimStats = {
    tokensIssued: 0,
    handshakeTokenIds: [],
    handshakesRefused: 0,
    cancelRequests: 0,
    lookups: 0,
    rateLimited: 0,
    pings: 0,
  };
  let mainServer: Server | undefined;
  let accountServer: Server | undefined;
  let wss: WebSocketServer | undefined;
  /** The ports `start()` bound; the gateway comes back on them after an outage. */
  let ports: { main: number; account: number } | undefined;
  let gatewayIsDown = false;
  /** Orders whose frames the gateway loses (see `loseOrderFrames`). */
  const lostOrderFrames = new Set<string>();
  /** While the path is silent (see `silence`), new requests and upgrades wait here. */
  let silentUntil = 0;
  let held: (() => void)[] = [];

  function pathSilent(): boolean {
    return Date.now() < silentUntil;
  }

  function releaseHeld(): void {
    const waiting = held;
    held = [];
    for (const run of waiting) run();
  }

  /** `rateLimitScale` compresses time: the windows shrink, the documented counts stay. */
  function windowMs(): number {
    return RATE_WINDOW_MS / faults.rateLimitScale;
  }

  /** Every reply waits `latencyMs`; equal delays keep send order. */
  function afterLatency(run: () => void): void {
    timers.afterDelay(faults.latencyMs, run);
  }

  function carriesLostOrder(payload: unknown): boolean {
    if (lostOrderFrames.size === 0) return false;
    const order = (payload as { data?: { order?: { orderId?: unknown } } } | null)?.data?.order;
    return typeof order?.orderId === 'string' && lostOrderFrames.has(order.orderId);
  }

  function send(client: Client, payload: unknown): void {
    if (carriesLostOrder(payload)) return;
    const text = JSON.stringify(payload);
    afterLatency(() => {
      if (!client.silent && client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
    });
  }

  /** v2 names the market at the top level of every frame on a `market=ALL` socket. */
  function marketField(client: Client, market: string | undefined): { market?: string } {
    return client.market === WS_ALL_MARKETS && market !== undefined ? { market } : {};
  }

  /**
   * The account-wide create+cancel window, counted from the first request;
   * refused requests do not count.
   */
  function takeOrderRequest(): boolean {
    if (orderWindow.take(Date.now(), orderLimit, windowMs())) return true;
    stats.rateLimited++;
    return false;
  }

  function cancelReply(
    client: Client,
    statusCode: number,
    body: string,
    clientRequestId: string | undefined,
    order?: RailsOrder,
    market?: string,
  ): void {
    send(client, {
      resultType: CANCEL_MESSAGE,
      ...marketField(client, order?.market ?? market),
      data: {
        statusCode,
        body,
        ...(order && { order: snapshot(order) }),
        ...(clientRequestId !== undefined && { clientRequestId }),
        // The acknowledgement carries the quota used; the confirmation does not (docs).
        ...(statusCode === STATUS_ACCEPTED && { apiQuotaUsed: orderWindow.used(Date.now(), windowMs()) }),
      },
    });
  }

  function pushOrder(order: RailsOrder): void {
    for (const client of clients) {
      if (!client.subscriptions.has('orders')) continue;
      if (client.market !== WS_ALL_MARKETS && client.market !== order.market) continue;
      send(client, {
        resultType: ORDER_STREAM_RESULT_TYPE,
        ...marketField(client, order.market),
        data: { order: snapshot(order) },
      });
    }
  }

  function applyFill(state: SimOrder, quantity: string): void {
    const order = state.order;
    order.quantity = subtract(order.quantity, quantity);
    order.filledQuantity = add(order.filledQuantity, quantity);
    // Fills happen at the limit price here, so that is the average.
    order.avgFillPrice = order.price;
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
    const { clientRequestId, orderId, market } = request.content;
    if (client.market === WS_ALL_MARKETS && market === undefined) {
      // (assumed) wording and status; the docs say only that the field is required here.
      cancelReply(
        client,
        STATUS_BAD_REQUEST,
        'market is required when connected with market=ALL',
        clientRequestId,
      );
      return;
    }
    const orderMarket = market ?? client.market;
    if (!takeOrderRequest()) {
      cancelReply(client, STATUS_RATE_LIMITED, 'Too Many Requests', clientRequestId, undefined, orderMarket);
      return;
    }
    const state = orders.get(orderId);
    // Orders are looked up in the named market: an id in another market is not found there.
    if (!state || CLOSED_STATUSES.has(state.order.orderStatus) || state.order.market !== orderMarket) {
      cancelReply(client, STATUS_NOT_FOUND, 'order not found', clientRequestId, undefined, orderMarket);
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
      cancelReply(
        client,
        STATUS_BAD_REQUEST,
        'order cannot be cancelled',
        clientRequestId,
        undefined,
        orderMarket,
      );
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
    if (client.silent) return;
    const json = tryParseJsonLossless(text);
    if (!json.ok) {
      send(client, { resultType: 'error', data: { statusCode: STATUS_BAD_REQUEST, body: 'invalid JSON' } });
      return;
    }
    const ping = pingRequestSchema.safeParse(json.value);
    if (ping.success) {
      stats.pings++;
      const clientRequestId = ping.data.content?.clientRequestId;
      send(client, {
        resultType: WS_PONG_RESULT_TYPE,
        data: { ...(clientRequestId !== undefined && { clientRequestId }), statusCode: STATUS_CONFIRMED },
      });
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
        statusCode: STATUS_BAD_REQUEST,
        body: message === CANCEL_MESSAGE ? 'invalid cancelOrder request' : 'unsupported message',
        ...(typeof clientRequestId === 'string' && { clientRequestId }),
      },
    });
  }

  // ------------------------------------------------------------- REST ---

  function respond(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    afterLatency(() => {
      if (response.destroyed) return;
      response.writeHead(status, {
        ...headers,
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

  /** A User Account call: not part of the account's create+cancel window (docs). */
  function listOpenOrders(url: URL, response: ServerResponse): void {
    const start = url.searchParams.get('start');
    // Ids are ULIDs issued in order, so the map's order is id order and the cursor is the last id sent.
    const candidates = openOrdersOf(url.searchParams.get('market')).filter(
      (order) => start === null || order.orderId > start,
    );
    const page = candidates.slice(0, pageSize);
    const more = candidates.length > pageSize;
    respond(response, 200, {
      openOrders: page.map(snapshot),
      // The docs omit `last` on the final page ("if present").
      ...(more && { last: page[page.length - 1]!.orderId }),
    });
  }

  function bulkCancel(url: URL, response: ServerResponse): void {
    const market = url.searchParams.get('market');
    if (!market) {
      respond(response, STATUS_BAD_REQUEST, { message: 'market is required' });
      return;
    }
    // (assumed) The bulk call counts as one request against the account's window.
    if (!takeOrderRequest()) {
      respond(response, STATUS_RATE_LIMITED, { message: 'Too Many Requests' });
      return;
    }
    const everyMarket = market.toLowerCase() === BULK_ALL_MARKETS;
    const targets = [...orders.values()].filter(
      ({ order }) => OPEN_STATUSES.has(order.orderStatus) && (everyMarket || order.market === market),
    );
    respond(response, 200, { message: bulkCancelMessage(targets.length, market, everyMarket) });
    const requestId = url.searchParams.get('clientRequestId') ?? seededUuid(idRandom);
    targets.forEach((state, index) => {
      const clientRequestId = bulkClientRequestId(requestId, index);
      const listening = [...clients].filter(
        (client) => client.market === WS_ALL_MARKETS || client.market === state.order.market,
      );
      const [first, ...others] = listening;
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

  /**
   * Get Order By ID: `market` and exactly one of `order-id` /
   * `client-request-id`; counted in the account's create+cancel window (docs),
   * answered with the quota headers the docs list. Open orders and those
   * closed within the last hour are known; anything else is 404.
   */
  function lookupOrder(url: URL, response: ServerResponse): void {
    const market = url.searchParams.get(ORDER_LOOKUP_PARAMS.market);
    const orderId = url.searchParams.get(ORDER_LOOKUP_PARAMS.orderId);
    const clientRequestId = url.searchParams.get(ORDER_LOOKUP_PARAMS.clientRequestId);
    if (!market || (orderId === null) === (clientRequestId === null)) {
      // (assumed) wording and status; the docs name the rule only.
      respond(response, STATUS_BAD_REQUEST, {
        message: 'market and exactly one of order-id or client-request-id are required',
      });
      return;
    }
    const now = Date.now();
    if (!takeOrderRequest()) {
      const retryAfterSeconds = Math.max(1, Math.ceil(orderWindow.endsIn(now, windowMs()) / 1000));
      respond(
        response,
        STATUS_RATE_LIMITED,
        { message: 'Too Many Requests' },
        { ...quotaHeaders(now), 'Retry-After': String(retryAfterSeconds) },
      );
      return;
    }
    stats.lookups++;
    const state =
      orderId !== null
        ? orders.get(orderId)
        : [...orders.values()].find((each) => each.order.clientRequestId === clientRequestId);
    const order = state?.order;
    const forgotten =
      order !== undefined &&
      CLOSED_STATUSES.has(order.orderStatus) &&
      now - order.updatedAt > ORDER_LOOKUP_RETENTION_MS;
    if (!order || order.market !== market || forgotten) {
      respond(response, STATUS_NOT_FOUND, { message: 'order not found' }, quotaHeaders(now));
      return;
    }
    // The latest shape: `avgFillPrice` inside the order.
    respond(response, STATUS_CONFIRMED, { order: snapshot(order) }, quotaHeaders(now));
  }

  function quotaHeaders(now: number): Record<string, string> {
    return {
      'X-Api-Quota-Used': String(orderWindow.used(now, windowMs())),
      'X-Api-Quota-Limit': String(orderLimit),
    };
  }

  /** The Auth + Order host (and the WebSocket's upgrade). */
  function handleMainRequest(request: IncomingMessage, response: ServerResponse): void {
    if (pathSilent()) {
      held.push(() => {
        if (!response.destroyed) handleMainRequest(request, response);
      });
      return;
    }
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
    if (route === `DELETE ${RAILS_PATHS.orders}`) {
      if (authorized(request, response)) bulkCancel(url, response);
      return;
    }
    if (route === `GET ${RAILS_PATHS.order}`) {
      if (authorized(request, response)) lookupOrder(url, response);
      return;
    }
    respond(response, 404, { message: 'Not Found' });
  }

  /** The User Account host. */
  function handleAccountRequest(request: IncomingMessage, response: ServerResponse): void {
    if (pathSilent()) {
      held.push(() => {
        if (!response.destroyed) handleAccountRequest(request, response);
      });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    request.resume();
    if (request.method === 'GET' && url.pathname === RAILS_PATHS.openOrders) {
      if (authorized(request, response)) listOpenOrders(url, response);
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
    if (pathSilent()) {
      held.push(() => {
        if (!socket.destroyed) handleUpgrade(request, socket, head);
      });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/') {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const market = url.searchParams.get('market');
    if (!market) {
      refuseUpgrade(socket, STATUS_BAD_REQUEST, 'Bad Request');
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
    if (clients.size >= limits.concurrentConnections) {
      stats.handshakesRefused++;
      refuseUpgrade(socket, STATUS_FORBIDDEN, 'Forbidden');
      return;
    }
    // (assumed) Over the new-connections-per-minute limit the handshake is refused with 429.
    if (!connectionWindow.take(Date.now(), limits.newConnectionsPerMinute, windowMs())) {
      stats.handshakesRefused++;
      refuseUpgrade(socket, STATUS_RATE_LIMITED, 'Too Many Requests');
      return;
    }
    stats.handshakeTokenIds.push(check.claims.jti);
    // v2: `orders` when the query names none.
    const named = (url.searchParams.get('subscriptions') ?? '').split(',').filter(Boolean);
    const subscriptions = new Set(named.length > 0 ? named : ['orders']);
    wss!.handleUpgrade(request, socket, head, (ws) => {
      const client: Client = {
        ws,
        market,
        subscriptions,
        silent: false,
      };
      clients.track(client);
      ws.on('message', (data) => handleFrame(client, data.toString()));
    });
  }

  /** Binds both hosts (port 0 = any free port); after an outage, the ports bound before. */
  async function listenGateway(
    mainPort: number,
    accountPort: number,
  ): Promise<{ main: number; account: number }> {
    const main = createServer(handleMainRequest);
    main.on('upgrade', handleUpgrade);
    const account = createServer(handleAccountRequest);
    mainServer = main;
    accountServer = account;
    return {
      main: await listenLoopback(main, mainPort),
      account: await listenLoopback(account, accountPort),
    };
  }

  /** Drops every socket and REST call and stops listening (the book and its timers stay). */
  async function closeGateway(): Promise<void> {
    clients.terminateAll();
    held = [];
    const servers = [mainServer, accountServer];
    mainServer = undefined;
    accountServer = undefined;
    await Promise.all(servers.map((server) => closeServer(server)));
  }

  async function gatewayDown(): Promise<void> {
    if (!ports || gatewayIsDown) return;
    gatewayIsDown = true;
    await closeGateway();
  }

  async function gatewayUp(): Promise<void> {
    if (!ports || !gatewayIsDown) return;
    gatewayIsDown = false;
    await listenGateway(ports.main, ports.account);
  }

  // ---------------------------------------------------------- control ---

  return {
    venue: 'rails',

    async start(port = 0): Promise<SimulatorReady> {
      if (mainServer || ports) throw new Error('rails simulator already started');
      wss = new WebSocketServer({
        noServer: true,
        perMessageDeflate: false,
        // The gateway may never answer protocol pings; clients must keep alive with the `ping` message.
        autoPong: false,
        // Echo the authorization subprotocol: the ws client refuses a handshake without it.
        handleProtocols: (protocols) =>
          [...protocols].find((value) => value.startsWith(WS_AUTH_PROTOCOL_PREFIX)) ?? false,
      });
      ports = await listenGateway(port, 0);
      const base = `http://127.0.0.1:${ports.main}`;
      return {
        venue: 'rails',
        // Same roles as RAILS_DEFAULT_URLS; the listing lives on its own (User Account) host.
        urls: {
          auth: base,
          rest: base,
          account: `http://127.0.0.1:${ports.account}`,
          ws: `ws://127.0.0.1:${ports.main}/`,
        },
        credentials: { ...authority.credentials },
      };
    },

    async stop() {
      timers.clear();
      held = [];
      lostOrderFrames.clear();
      silentUntil = 0;
      gatewayIsDown = false;
      ports = undefined;
      wss?.close();
      wss = undefined;
      await closeGateway();
    },

    gatewayDown,
    gatewayUp,

    async outage(ms) {
      await gatewayDown();
      await new Promise<void>((resolve) => timers.later(ms, resolve));
      await gatewayUp();
    },

    silence(ms) {
      for (const client of clients) client.silent = true;
      silentUntil = Math.max(silentUntil, Date.now() + ms);
      timers.later(ms, () => {
        // A longer silence begun meanwhile has its own timer.
        if (silentUntil - Date.now() > SILENCE_SLACK_MS) return;
        silentUntil = 0;
        releaseHeld();
      });
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
      // The v2 order object, field for field as the docs show it.
      const order: RailsOrder = {
        market: spec.market,
        orderId: nextOrderId(),
        orderType: spec.side,
        tradeType: spec.type ?? 'limit',
        price: spec.price,
        quantity: spec.quantity,
        filledQuantity: '0',
        leverage: '1',
        createdAt: now,
        updatedAt: now,
        orderStatus: 'active',
        clientRequestId: seededUuid(idRandom),
        postOnly: false,
        avgFillPrice: '0',
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
      for (const client of clients) {
        if (!client.silent && client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
      }
    },

    order(venueOrderId) {
      const state = orders.get(venueOrderId);
      return state ? snapshot(state.order) : undefined;
    },

    connectionCount: () => clients.size,
    stats: () => ({ ...stats, handshakeTokenIds: [...stats.handshakeTokenIds] }),

    silenceConnections() {
      for (const client of clients) client.silent = true;
    },

    loseOrderFrames(venueOrderId) {
      lostOrderFrames.add(venueOrderId);
    },
  };
}
