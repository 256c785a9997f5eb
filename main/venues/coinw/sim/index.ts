/**
 * A CoinW futures venue on loopback, one port for REST and the private
 * WebSocket, speaking the real wire protocol: signed REST calls (api_key /
 * timestamp / sign verified on every private call), the `{code,msg,data}`
 * envelope with the venue's codes on HTTP 200, single and batch cancel (the
 * batch without per-order results), order ids above 2^53 written as bare
 * JSON numbers, the per-interface limits and the global 100/s (code 29001 on
 * HTTP 200), resting limit (`plan`) and trigger (`planTrigger`) orders, and
 * the `futures/order` stream with login, sub and ping/pong. Rows have the
 * shapes of CoinW.Net's recorded responses (./rows.ts). Faults come from a
 * seeded RNG so a seed and a fault script replay the same run. `outage` and
 * `silence` take the GATEWAY away (refused / half-open), never the matching
 * engine: the book, and cancels it already accepted, carry on meanwhile.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { add, compare, isDecimalString, isZero, subtract } from '../../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../../core/json.ts';
import { type Random, seededRandom } from '../../../core/random.ts';
import {
  closeServer,
  createSimClients,
  createSimTimers,
  headerValue,
  listenLoopback,
  readBody,
} from '../../shared/sim-server.ts';
import {
  DEFAULT_FAULTS,
  type SimFaults,
  type SimOrderSpec,
  type SimulatorOptions,
  type SimulatorReady,
  type VenueSimulator,
} from '../../simulator.ts';
import { signatureMatches } from '../auth.ts';
import {
  BATCH_CANCEL_MAX,
  BATCH_CANCEL_PER_SECOND,
  CODE_AUTH,
  CODE_BAD_SIGNATURE,
  CODE_INVALID_PARAMETER,
  CODE_MISSING_PARAMETER,
  CODE_ORDER_NOT_FOUND,
  CODE_RATE_LIMITED,
  CODE_SUCCESS,
  CODE_SYMBOL_SUSPENDED,
  COINW_PATHS,
  GLOBAL_PER_SECOND,
  HEADER_API_KEY,
  HEADER_SIGN,
  HEADER_TIMESTAMP,
  HISTORY_PER_2S,
  HISTORY_WINDOW_MS,
  LISTING_PER_SECOND,
  MSG_AUTH,
  MSG_BAD_SIGNATURE,
  MSG_ORDER_NOT_FOUND,
  MSG_RATE_LIMITED,
  MSG_SUCCESS,
  MSG_SYMBOL_SUSPENDED,
  OPEN_ORDERS_DEFAULT_PAGE_SIZE,
  POSITION_TYPE_EXECUTE,
  POSITION_TYPE_PLAN,
  POSITION_TYPE_TRIGGER,
  RATE_WINDOW_MS,
  SINGLE_CANCEL_PER_SECOND,
  TIMESTAMP_TOLERANCE_MS,
  WS_BIZ_FUTURES,
  WS_CHANNEL_LOGIN,
  WS_CHANNEL_SUBSCRIBE,
  WS_EVENT_LOGIN,
  WS_EVENT_PING,
  WS_EVENT_PONG,
  WS_EVENT_SUB,
  WS_TYPE_ORDER,
} from '../constants.ts';
import { toWireJson } from './json.ts';
import { createSimLimiter, type SimLimit } from './limits.ts';
import {
  type CoinwRowOddity,
  type CoinwSimOrder,
  type CoinwSimStatus,
  historyRow,
  pushRow,
  restRow,
} from './rows.ts';

export type { CoinwRowOddity, CoinwSimOrder, CoinwSimStatus } from './rows.ts';

/** The demo account; deterministic so a demo or a test can be replayed. */
export const COINW_DEMO_CREDENTIALS = Object.freeze({
  apiKey: 'cw-demo-3f6a1c0e9b7d4f25a8e1',
  apiSecret: 'cw-demo-secret-5b2e7d9c41a84f06b3c8e2d7a9f1c3e5',
});
/** Real CoinW ids are 17-19 digits; starting at 19 digits makes every id lose digits in a float. */
const FIRST_ORDER_ID = 2_435_521_222_632_111_503n;

export interface CoinwSimStats {
  /** Every private REST call that reached a handler (after auth and limits). */
  requests: Record<string, number>;
  /** Raw bodies of cancel calls, exactly as received, in order. */
  cancelBodies: string[];
  batchBodies: string[];
  /** Replies with code 29001, in all and by interface. */
  rateLimited: number;
  rateLimitedBy: Record<string, number>;
  authFailures: number;
  loginAttempts: number;
  loginsRefused: number;
}

export interface CoinwSimulator extends VenueSimulator {
  /** Pushes a raw text frame to every logged-in client. */
  sendRaw(text: string): void;
  /** The venue's record of an order in any state. */
  order(venueOrderId: string): CoinwSimOrder | undefined;
  connectionCount(): number;
  stats(): CoinwSimStats;
  /**
   * Makes an order's rows odd from now on (listings, history and a push sent now): `markerChange` status,
   * or a row without `totalPiece` — what a client must skip and report, not fail on.
   */
  makeOdd(venueOrderId: string, oddity: CoinwRowOddity): void;
  /** The next `count` calls of an interface (`cancel`, `batch`, `listing`, `openOrders`, `history`) get 29001. */
  refuseNext(interfaceName: CoinwInterface, count: number): void;
  /**
   * The gateway goes away for `ms`: every WebSocket and HTTP connection is dropped at once and every new one
   * is reset while it lasts; the book keeps running (cancels accepted before complete, their pushes reach
   * nobody). Same port afterwards. Resolves when the gateway answers again.
   */
  outage(ms: number): Promise<void>;
  /**
   * A half-open link for `ms`: sockets stay open but nothing is delivered either way. Stream frames in both
   * directions are lost; REST requests (and WebSocket upgrades) hang and reach the venue when the link
   * heals, as TCP retransmits them; replies due meanwhile are held until then. Resolves when it heals.
   */
  silence(ms: number): Promise<void>;
}

/** The private interfaces the simulator limits separately (each its own documented frequency). */
export type CoinwInterface = 'cancel' | 'batch' | 'listing' | 'openOrders' | 'history';

/**
 * Per-interface limits: 10/s per user ID and IP for cancel, batch cancel and the listings (docs' pages);
 * the history's 5 per 2 s is CoinW.Net's guard (assumed, HISTORY_PER_2S).
 */
const INTERFACE_LIMITS: Readonly<Record<CoinwInterface, SimLimit>> = {
  cancel: { limit: SINGLE_CANCEL_PER_SECOND, windowMs: RATE_WINDOW_MS },
  batch: { limit: BATCH_CANCEL_PER_SECOND, windowMs: RATE_WINDOW_MS },
  listing: { limit: LISTING_PER_SECOND, windowMs: RATE_WINDOW_MS },
  openOrders: { limit: LISTING_PER_SECOND, windowMs: RATE_WINDOW_MS },
  history: { limit: HISTORY_PER_2S, windowMs: HISTORY_WINDOW_MS },
};
const GLOBAL_LIMIT: SimLimit = { limit: GLOBAL_PER_SECOND, windowMs: RATE_WINDOW_MS };

/**
 * CoinW.Net's note on its order lookup: "Canceled orders without trades are not returned" by the
 * history, so the simulator leaves them out too.
 */
const HISTORY_OMITS_UNTRADED_CANCELS = true;

/** (assumed) What a batch cancel without `posType` cancels: every order but trigger orders. */
const BATCH_DEFAULT_CANCELS_TRIGGERS = false;

interface Client {
  ws: WebSocket;
  loggedIn: boolean;
  subscribed: boolean;
}

interface SimOrder extends CoinwSimOrder {
  /** The conflict fault is drawn once per order, so a retry after the race settles behaves. */
  conflictDrawn: boolean;
}

const OPEN: ReadonlySet<CoinwSimStatus> = new Set(['unFinish', 'part']);

const idValueSchema = z.union([
  z.string().regex(/^\d{1,30}$/),
  z.number().int().nonnegative().transform(String),
]);
const cancelBodySchema = z.object({ id: idValueSchema });
const batchBodySchema = z.object({
  sourceIds: z.array(idValueSchema).min(1),
  posType: z.string().optional(),
});
const loginSchema = z.object({
  event: z.literal(WS_EVENT_LOGIN),
  params: z.object({ api_key: z.string(), passphrase: z.string() }),
});
const subSchema = z.object({
  event: z.literal(WS_EVENT_SUB),
  params: z.object({ biz: z.string(), type: z.string() }),
});

export function createCoinwSimulator(options: SimulatorOptions): CoinwSimulator {
  // Separate streams: fault draws must not shift with the number of ids issued.
  const faultRandom: Random = seededRandom(options.seed);
  const idRandom: Random = seededRandom(options.seed ^ 0x5bd1e995);
  let faults: SimFaults = { ...DEFAULT_FAULTS, ...options.faults };
  let nextId = FIRST_ORDER_ID + BigInt(idRandom.int(0, 1_000_000));
  const credentials = COINW_DEMO_CREDENTIALS;

  const orders = new Map<string, SimOrder>();
  const clients = createSimClients<Client>();
  const timers = createSimTimers();
  const limiter = createSimLimiter();
  const stats: CoinwSimStats = {
    requests: {},
    cancelBodies: [],
    batchBodies: [],
    rateLimited: 0,
    rateLimitedBy: {},
    authFailures: 0,
    loginAttempts: 0,
    loginsRefused: 0,
  };
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  /** Gateway outage: connections are reset. */
  let gatewayDown = false;
  /** Half-open link: nothing is delivered; REST work waits in `heldBySilence` until it heals. */
  let silent = false;
  const heldBySilence: (() => void)[] = [];
  /** Ends of the running outage / silence (run early by `stop`). */
  const linkRestores = new Set<() => void>();

  /** Runs `restore` after `ms` (or when the simulator stops), then resolves. */
  function linkBackAfter(ms: number, restore: () => void): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        linkRestores.delete(done);
        restore();
        resolve();
      };
      const timer = setTimeout(done, ms);
      linkRestores.add(done);
    });
  }

  /** Runs `run` now, or once a silent link heals. */
  function whenDelivered(run: () => void): void {
    if (silent) heldBySilence.push(run);
    else run();
  }

  // ------------------------------------------------------------- stream --

  function push(order: SimOrder): void {
    const text = JSON.stringify({
      biz: WS_BIZ_FUTURES,
      pairCode: order.instrument,
      data: [pushRow(order)],
      type: WS_TYPE_ORDER,
    });
    broadcast(text);
  }

  function broadcast(text: string): void {
    const send = () => {
      if (silent) return;
      for (const client of clients) {
        if (client.subscribed && client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
      }
    };
    timers.afterDelay(faults.latencyMs, send);
  }

  function replyWs(client: Client, payload: unknown, thenClose = false): void {
    const run = () => {
      if (silent || client.ws.readyState !== WebSocket.OPEN) return;
      client.ws.send(JSON.stringify(payload));
      if (thenClose) client.ws.close(1000, 'login refused');
    };
    timers.afterDelay(faults.latencyMs, run);
  }

  function onWsMessage(client: Client, text: string): void {
    // A frame sent into a half-open link never arrives.
    if (silent) return;
    const json = tryParseJsonLossless(text);
    if (!json.ok || typeof json.value !== 'object' || json.value === null) return;
    const event = (json.value as Record<string, unknown>).event;
    if (event === WS_EVENT_PING) {
      replyWs(client, { event: WS_EVENT_PONG });
      return;
    }
    if (event === WS_EVENT_LOGIN) {
      stats.loginAttempts++;
      const login = loginSchema.safeParse(json.value);
      const ok =
        login.success &&
        login.data.params.api_key === credentials.apiKey &&
        login.data.params.passphrase === credentials.apiSecret;
      client.loggedIn = ok;
      if (!ok) stats.loginsRefused++;
      replyWs(
        client,
        ok
          ? { data: { result: true }, channel: WS_CHANNEL_LOGIN }
          : { data: { result: false, errorCode: CODE_AUTH, errorMsg: MSG_AUTH }, channel: WS_CHANNEL_LOGIN },
        !ok,
      );
      return;
    }
    if (event === WS_EVENT_SUB) {
      const sub = subSchema.safeParse(json.value);
      if (!sub.success) return;
      const { biz, type } = sub.data.params;
      if (!client.loggedIn) {
        replyWs(client, {
          biz,
          type,
          channel: WS_CHANNEL_SUBSCRIBE,
          data: { result: false, errorCode: CODE_AUTH, errorMsg: MSG_AUTH },
        });
        return;
      }
      if (biz === WS_BIZ_FUTURES && type === WS_TYPE_ORDER) client.subscribed = true;
      replyWs(client, { biz, data: { result: true }, channel: WS_CHANNEL_SUBSCRIBE, type });
    }
  }

  // --------------------------------------------------------------- orders --

  function remaining(order: SimOrder): string {
    return subtract(order.totalPiece, order.tradePiece);
  }

  function applyFill(order: SimOrder, quantity: string): void {
    const left = remaining(order);
    const amount = compare(quantity, left) > 0 ? left : quantity;
    order.tradePiece = add(order.tradePiece, amount);
    order.status = isZero(remaining(order)) ? 'finish' : 'part';
    order.updatedDate = Date.now();
    push(order);
  }

  function cancelNow(order: SimOrder): void {
    order.status = 'cancel';
    order.updatedDate = Date.now();
    if (faultRandom.chance(faults.dropConfirmationRate)) return;
    const snapshot = { ...order };
    timers.later(faults.confirmDelayMs, () => push(snapshot));
  }

  type CancelResult = 'cancelled' | 'not_found' | 'rejected';

  /** One order's cancel, as both cancel calls apply it. */
  function cancelOrder(id: string): CancelResult {
    const order = orders.get(id);
    if (!order || !OPEN.has(order.status)) return 'not_found';
    if (!order.conflictDrawn) {
      order.conflictDrawn = true;
      if (faultRandom.chance(faults.conflictRate)) {
        // The fill wins the race: the order is done before the cancel reaches the book.
        applyFill(order, remaining(order));
        return 'not_found';
      }
    }
    if (faultRandom.chance(faults.rejectRate)) return 'rejected';
    cancelNow(order);
    return 'cancelled';
  }

  // ------------------------------------------------------------------ REST --

  function send(response: ServerResponse, status: number, body: string): void {
    const run = () => {
      if (response.writableEnded || response.destroyed) return;
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(body);
    };
    timers.afterDelay(faults.latencyMs, () => whenDelivered(run));
  }

  function envelope(response: ServerResponse, code: number, msg: string, data?: unknown): void {
    send(response, 200, toWireJson(data === undefined ? { code, msg } : { code, data, msg }));
  }

  function paged<T>(rows: T[], url: URL, defaultSize: number): { rows: T[]; total: number } {
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const size = Math.max(
      1,
      Math.min(500, Number(url.searchParams.get('pageSize') ?? String(defaultSize)) || defaultSize),
    );
    return { rows: rows.slice((page - 1) * size, page * size), total: rows.length };
  }

  function sameInstrument(order: SimOrder, instrument: string | null): boolean {
    return instrument === null || order.instrument.toUpperCase() === instrument.toUpperCase();
  }

  /** Verifies api_key, timestamp and sign; answers and returns false when they fail. */
  function authenticate(request: IncomingMessage, response: ServerResponse, url: URL, body: string): boolean {
    const apiKey = headerValue(request, HEADER_API_KEY);
    const timestamp = headerValue(request, HEADER_TIMESTAMP);
    const signature = headerValue(request, HEADER_SIGN);
    const method = request.method ?? 'GET';
    const fail = (code: number, msg: string) => {
      stats.authFailures++;
      envelope(response, code, msg);
      return false;
    };
    if (apiKey !== credentials.apiKey) return fail(CODE_AUTH, MSG_AUTH);
    if (
      !timestamp ||
      !/^\d{1,16}$/.test(timestamp) ||
      Math.abs(Date.now() - Number(timestamp)) > TIMESTAMP_TOLERANCE_MS
    ) {
      return fail(CODE_AUTH, MSG_AUTH);
    }
    const query = url.search.startsWith('?') ? url.search.slice(1) : '';
    const signed = { timestamp, method, path: url.pathname, query, body };
    if (!signature || !signatureMatches(credentials.apiSecret, signed, signature))
      return fail(CODE_BAD_SIGNATURE, MSG_BAD_SIGNATURE);
    return true;
  }

  /** Answers 29001 the documented way (HTTP 200, `{"code":29001,"msg":"API access frequently"}`) when over a limit. */
  function limited(response: ServerResponse, name: CoinwInterface): boolean {
    if (limiter.refuse(name, INTERFACE_LIMITS[name], GLOBAL_LIMIT, Date.now(), faults.rateLimitScale)) {
      stats.rateLimited++;
      stats.rateLimitedBy[name] = (stats.rateLimitedBy[name] ?? 0) + 1;
      envelope(response, CODE_RATE_LIMITED, MSG_RATE_LIMITED);
      return true;
    }
    stats.requests[name] = (stats.requests[name] ?? 0) + 1;
    return false;
  }

  function parseBody<T>(schema: z.ZodType<T>, body: string): T | undefined {
    const json = tryParseJsonLossless(body);
    if (!json.ok) return undefined;
    const parsed = schema.safeParse(json.value);
    return parsed.success ? parsed.data : undefined;
  }

  function handleCancel(response: ServerResponse, body: string): void {
    if (limited(response, 'cancel')) return;
    stats.cancelBodies.push(body);
    const parsed = parseBody(cancelBodySchema, body);
    if (!parsed) {
      envelope(response, CODE_MISSING_PARAMETER, 'id is required');
      return;
    }
    const result = cancelOrder(parsed.id);
    if (result === 'not_found') {
      envelope(response, CODE_ORDER_NOT_FOUND, MSG_ORDER_NOT_FOUND);
      return;
    }
    if (result === 'rejected') {
      envelope(response, CODE_SYMBOL_SUSPENDED, MSG_SYMBOL_SUSPENDED);
      return;
    }
    envelope(response, CODE_SUCCESS, MSG_SUCCESS);
  }

  function handleBatchCancel(response: ServerResponse, body: string): void {
    if (limited(response, 'batch')) return;
    stats.batchBodies.push(body);
    const parsed = parseBody(batchBodySchema, body);
    if (!parsed) {
      envelope(response, CODE_MISSING_PARAMETER, 'sourceIds is required');
      return;
    }
    if (parsed.sourceIds.length > BATCH_CANCEL_MAX) {
      envelope(response, CODE_INVALID_PARAMETER, `at most ${BATCH_CANCEL_MAX} sourceIds`);
      return;
    }
    // No per-order answer: unknown, closed, racing or refused orders — and orders of another type than
    // the call's posType — are silently left as they are.
    for (const id of parsed.sourceIds) {
      const order = orders.get(id);
      if (order && !batchCovers(order, parsed.posType)) continue;
      cancelOrder(id);
    }
    envelope(response, CODE_SUCCESS, '');
  }

  /** `posType` says which type a batch cancels (docs: execute/plan/moveStop/stopProfitLoss). */
  function batchCovers(order: SimOrder, posType: string | undefined): boolean {
    if (posType === undefined)
      return order.posType !== POSITION_TYPE_TRIGGER || BATCH_DEFAULT_CANCELS_TRIGGERS;
    return order.posType === posType;
  }

  /**
   * Open orders a `positionType` filter returns, with the documented quirk: `execute` also returns `plan`
   * orders ("may not always function as expected"); `planTrigger` works as expected.
   */
  function openOrders(positionType: string, instrument: string | null): SimOrder[] {
    const types =
      positionType === POSITION_TYPE_EXECUTE ? [POSITION_TYPE_EXECUTE, POSITION_TYPE_PLAN] : [positionType];
    return [...orders.values()].filter(
      (order) => OPEN.has(order.status) && types.includes(order.posType) && sameInstrument(order, instrument),
    );
  }

  function handleCurrentOrders(response: ServerResponse, url: URL): void {
    if (limited(response, 'listing')) return;
    const positionType = url.searchParams.get('positionType');
    if (!positionType) {
      envelope(response, CODE_MISSING_PARAMETER, 'positionType is required');
      return;
    }
    const ids = url.searchParams.get('sourceIds');
    const wanted = ids ? new Set(ids.split(',')) : undefined;
    const rows = openOrders(positionType, url.searchParams.get('instrument')).filter(
      (order) => !wanted || wanted.has(order.id),
    );
    envelope(response, CODE_SUCCESS, '', rows.map(restRow));
  }

  function handleOpenOrders(response: ServerResponse, url: URL): void {
    if (limited(response, 'openOrders')) return;
    const positionType = url.searchParams.get('positionType');
    const instrument = url.searchParams.get('instrument');
    if (!positionType || !instrument) {
      envelope(response, CODE_MISSING_PARAMETER, 'instrument and positionType are required');
      return;
    }
    const page = paged(openOrders(positionType, instrument), url, OPEN_ORDERS_DEFAULT_PAGE_SIZE);
    envelope(response, CODE_SUCCESS, '', {
      nextId: 0,
      prevId: 0,
      rows: page.rows.map(restRow),
      total: page.total,
    });
  }

  function handleHistory(response: ServerResponse, url: URL): void {
    if (limited(response, 'history')) return;
    const instrument = url.searchParams.get('instrument');
    const closed = [...orders.values()]
      .filter((order) => !OPEN.has(order.status) && sameInstrument(order, instrument))
      .filter(
        (order) => !(HISTORY_OMITS_UNTRADED_CANCELS && order.status === 'cancel' && isZero(order.tradePiece)),
      )
      .sort((a, b) => b.updatedDate - a.updatedDate);
    const page = paged(closed, url, OPEN_ORDERS_DEFAULT_PAGE_SIZE);
    envelope(response, CODE_SUCCESS, '', {
      nextId: 0,
      prevId: 0,
      rows: page.rows.map(historyRow),
      total: page.total,
    });
  }

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    const route = `${request.method} ${url.pathname}`;
    const routes: Record<string, () => void> = {
      [`DELETE ${COINW_PATHS.cancelOrder}`]: () => handleCancel(response, body),
      [`DELETE ${COINW_PATHS.batchCancel}`]: () => handleBatchCancel(response, body),
      [`GET ${COINW_PATHS.currentOrders}`]: () => handleCurrentOrders(response, url),
      [`GET ${COINW_PATHS.openOrders}`]: () => handleOpenOrders(response, url),
      [`GET ${COINW_PATHS.orderHistory}`]: () => handleHistory(response, url),
    };
    const handler = routes[route];
    // A request sent into a half-open link reaches the venue only when the link heals.
    whenDelivered(() => {
      if (response.destroyed) return;
      if (!handler) {
        send(response, 404, JSON.stringify({ code: 404, msg: 'Not Found' }));
        return;
      }
      if (!authenticate(request, response, url, body)) return;
      handler();
    });
  }

  function upgrade(sockets: WebSocketServer, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (socket.destroyed) return;
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  }

  // ------------------------------------------------------------ lifecycle --

  return {
    venue: 'coinw',

    async start(port = 0) {
      const http = createServer((request, response) => {
        handleHttp(request, response).catch(() => {
          if (!response.headersSent)
            send(response, 500, JSON.stringify({ code: 500, msg: 'internal error' }));
        });
      });
      const sockets = new WebSocketServer({ noServer: true });
      // During an outage the gateway resets every new connection; the listener stays (same port after).
      http.on('connection', (socket) => {
        if (gatewayDown) socket.destroy();
      });
      http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (gatewayDown) {
          socket.destroy();
          return;
        }
        whenDelivered(() => upgrade(sockets, request, socket, head));
      });
      sockets.on('connection', (ws) => {
        const client: Client = { ws, loggedIn: false, subscribed: false };
        clients.track(client);
        ws.on('message', (data, isBinary) => {
          if (!isBinary) onWsMessage(client, data.toString());
        });
      });
      const boundPort = await listenLoopback(http, port);
      server = http;
      wss = sockets;
      const ready: SimulatorReady = {
        venue: 'coinw',
        urls: { rest: `http://127.0.0.1:${boundPort}`, ws: `ws://127.0.0.1:${boundPort}/perpum` },
        credentials: { ...credentials },
      };
      return ready;
    },

    async stop() {
      heldBySilence.length = 0;
      for (const restore of [...linkRestores]) restore();
      timers.clear();
      clients.terminateAll();
      wss?.close();
      const http = server;
      server = undefined;
      wss = undefined;
      await closeServer(http);
    },

    setFaults(next) {
      faults = { ...faults, ...next };
    },

    placeOrder(spec: SimOrderSpec) {
      if (!isDecimalString(spec.price) || !isDecimalString(spec.quantity))
        throw new Error('price and quantity must be decimal strings');
      nextId += BigInt(idRandom.int(1, 10_000));
      const id = nextId.toString();
      const now = Date.now();
      // `type: 'trigger'` places a resting trigger order (planTrigger) whose trigger price is `price`.
      const trigger = spec.type === 'trigger' || spec.type === POSITION_TYPE_TRIGGER;
      const order: SimOrder = {
        id,
        instrument: spec.market.toUpperCase(),
        direction: spec.side === 'buy' ? 'long' : 'short',
        price: spec.price,
        totalPiece: spec.quantity,
        tradePiece: '0',
        status: 'unFinish',
        posType: trigger ? POSITION_TYPE_TRIGGER : POSITION_TYPE_PLAN,
        ...(trigger && { triggerPrice: spec.price }),
        createdDate: now,
        updatedDate: now,
        conflictDrawn: false,
      };
      orders.set(id, order);
      push(order);
      return id;
    },

    fill(venueOrderId, quantity) {
      const order = orders.get(venueOrderId);
      if (!order || !OPEN.has(order.status)) return;
      applyFill(order, quantity ?? remaining(order));
    },

    disconnectAll() {
      clients.terminateAll();
      // In-flight and idle REST connections drop too, as when the venue's edge goes away.
      server?.closeAllConnections();
    },

    openOrderIds() {
      return [...orders.values()].filter((order) => OPEN.has(order.status)).map((order) => order.id);
    },

    remainingOf(venueOrderId) {
      const order = orders.get(venueOrderId);
      return order && OPEN.has(order.status) ? remaining(order) : undefined;
    },

    sendRaw(text) {
      for (const client of clients)
        if (client.loggedIn && client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
    },

    order(venueOrderId) {
      const order = orders.get(venueOrderId);
      if (!order) return undefined;
      const { conflictDrawn: _drawn, ...record } = order;
      return record;
    },

    connectionCount: () => clients.size,

    makeOdd(venueOrderId, oddity) {
      const order = orders.get(venueOrderId);
      if (!order) return;
      order.oddity = oddity;
      push(order);
    },

    refuseNext(interfaceName, count) {
      limiter.refuseNext(interfaceName, count);
    },

    outage(ms) {
      gatewayDown = true;
      clients.terminateAll();
      server?.closeAllConnections();
      return linkBackAfter(ms, () => {
        gatewayDown = false;
      });
    },

    silence(ms) {
      silent = true;
      return linkBackAfter(ms, () => {
        silent = false;
        for (const run of heldBySilence.splice(0)) run();
      });
    },

    stats: () => ({
      ...stats,
      requests: { ...stats.requests },
      rateLimitedBy: { ...stats.rateLimitedBy },
      cancelBodies: [...stats.cancelBodies],
      batchBodies: [...stats.batchBodies],
    }),
  };
}
