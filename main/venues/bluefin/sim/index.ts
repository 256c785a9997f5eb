/**
 * A Bluefin v2 venue on loopback speaking the real protocol on one port: the
 * dAPI (`POST /authorize` with real signature verification, Bearer + wallet
 * header, paged `GET /orders`, both signed cancel-by-hash variants with the
 * accepted/failed split, 429 with code 1015 and Retry-After) and the raw
 * user-notifications WebSocket (`SUBSCRIBE` userUpdates with the token;
 * CANCELLING, then OrderCancelled / OrderCancellationFailed after a delay).
 * What no source settles is a switch, so tests run every variant: pages
 * numbered from 1 (default) or 0, and what a 1-based venue does with page 0;
 * hashes written bare lowercase (default), with `0x` or in upper case, and
 * matched exactly as written at cancel and lookup (the strictest venue).
 * Faults come from the seeded RNG so a seed and a fault script replay the run.
 *
 * The gateway can fail without the matching engine: `outage(ms)` closes the port (connections
 * refused, open sockets and requests dropped) while the book keeps running — cancels accepted
 * before it still settle, their stream frames lost — and listens again on the same port;
 * `silence(ms)` is a half-open link: sockets stay open but no frame passes either way (nor the
 * pings' pongs), and connections and requests made meanwhile wait until the link works again.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { isDecimalString } from '../../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../../core/json.ts';
import { type Random, seededRandom } from '../../../core/random.ts';
import { closeServer, createSimClients, createSimTimers, listenLoopback } from '../../shared/sim-server.ts';
import {
  DEFAULT_FAULTS,
  type SimFaults,
  type SimOrderSpec,
  type SimulatorOptions,
  type SimulatorReady,
  type VenueSimulator,
} from '../../simulator.ts';
import { cancelPayload, onboardingPayload } from '../auth.ts';
import {
  ALL_STATUSES,
  BLUEFIN_DEFAULT_URLS,
  BLUEFIN_PATHS,
  type CancelVariant,
  DMS_BASE_PATH,
  DMS_COUNTDOWN_PATH,
  ORDERS_PAGE_SIZE,
  RATE_LIMIT_ERROR_CODE,
  RATE_WINDOW_MS,
  REQUESTS_PER_WINDOW,
  STREAM_EVENTS,
  WALLET_HEADER,
  WS_INVALID_TOKEN_CLOSE_CODE,
  WS_SUBSCRIBE,
  WS_USER_ROOM,
} from '../constants.ts';
import { type BluefinOrderStatus, type BluefinWireOrder, normaliseOrderHash } from '../parse.ts';
import { createSimDms } from './dms.ts';
import {
  applyFill,
  createOrderIdentity,
  isResting,
  newOrder,
  remainingDecimal,
  remainingUnits,
  type SimHashStyle,
  type SimOrder,
  snapshot,
  styleHash,
  toBase18,
} from './orders.ts';
import { verifyWireSignature } from './verify.ts';

/**
 * The demo account's key: the dummy mnemonic of Bluefin's own API docs. It is
 * public and holds nothing; it lives in memory only.
 */
export const DEMO_MNEMONIC = 'trigger swim reunion gate hen black real deer light nature trial dust';

/** (assumed) Error codes and messages of the dAPI beyond 429/1015; only the messages are documented. */
export const SIM_ERRORS = {
  unauthorized: { status: 401, code: 3001, message: 'Unauthorized' },
  invalidSignature: { status: 400, code: 3003, message: 'Invalid Signature' },
  termsNotAccepted: { status: 400, code: 3004, message: 'Terms not accepted' },
  invalidOrderSignature: { status: 400, code: 2001, message: 'Invalid Order Signature' },
  invalidOrders: { status: 400, code: 2002, message: 'Invalid Orders' },
  badRequest: { status: 400, code: 1000, message: 'Bad Request' },
  notFound: { status: 404, code: 1004, message: 'Not Found' },
  rateLimited: { status: 429, code: RATE_LIMIT_ERROR_CODE, message: 'Too many requests' },
} as const;

/** (assumed) Per-hash reasons in `failedCancelling`. */
export const SIM_FAIL_REASONS = {
  notFound: 'Order not found',
  rejected: 'Order cancellation rejected by risk engine',
  symbolMismatch: 'Order does not belong to the given symbol',
  settling: 'Order is being settled and cannot be cancelled',
  filled: 'Order filled before cancellation',
} as const;

export interface BluefinSimulatorOptions extends SimulatorOptions {
  /** The onboarding URL the server expects in the login payload (default: production's). */
  onboardingUrl?: string;
  /** Length of the rate-limit window (default 60 s); tests shorten it so Retry-After stays small. */
  rateWindowMs?: number;
  /** Maximum page size `GET /orders` honours (default 50). */
  maxPageSize?: number;
  /** The `pageNumber` of the first page: 1 (default) or 0 — no source settles which the venue uses. */
  firstPageNumber?: 0 | 1;
  /** A venue counting from 1 asked for page 0: serve page 1 (default, a clamp), nothing, or a 400. */
  belowFirstPage?: 'first' | 'empty' | 'error';
  /** How hashes of new orders are written (default bare lowercase); `setHashStyle` changes it later. */
  hashStyle?: SimHashStyle;
}

export interface BluefinSimStats {
  logins: number;
  loginsRefused: number;
  cancelRequests: number;
  /** Cancel requests by path. */
  cancelRequestsByVariant: Record<CancelVariant, number>;
  hashesPerCancel: number[];
  ordersRequests: number;
  /** Lookups answered 429 by `refuseLookups`. */
  lookupsRefused: number;
  rateLimited: number;
  signaturesRefused: number;
  subscriptions: number;
}

export interface BluefinSimulator extends VenueSimulator {
  /** The demo account's address. */
  readonly demoAddress: string;
  /** Places an open order for any account (the demo one by default). */
  placeOrderFor(address: string, spec: SimOrderSpec): string;
  /** Every token issued so far is refused (REST 401, subscription closed 1008 on the next subscribe). */
  revokeTokens(): void;
  /**
   * The gateway goes away for `ms`: the port is closed (connections refused), every socket and
   * request in progress is dropped, the book and its pending confirmations keep running. Resolves
   * once it listens again, on the same port.
   */
  outage(ms: number): Promise<void>;
  /**
   * A half-open link for `ms`: open sockets stay open but deliver nothing either way (pings go
   * unanswered, frames pushed meanwhile are lost); new connections, requests and the replies of
   * requests under way wait until the link works again (as retransmitted packets would). Resolves then.
   */
  silence(ms: number): Promise<void>;
  /** The next `count` order lookups (`GET /orders` by hash) are answered 429 with Retry-After 1 s. */
  refuseLookups(count: number): void;
  /** Pushes a raw text frame to every subscribed client. */
  sendRaw(text: string): void;
  /** The dead-man switch answers 503 (false) or works (true, default); countdowns already set keep running. */
  setDmsAvailable(available: boolean): void;
  /** Every dead-man-switch reset fails for each market with `reason` (undefined: back to normal). */
  failDmsResets(reason: string | undefined): void;
  /** The demo account's dead-man-switch countdowns: market → when it runs out (ms epoch). */
  dmsCountdowns(address?: string): Map<string, number>;
  /** `POST /dms-countdown` requests answered so far. */
  dmsResets(): number;
  /** Settlement of an order's fill reverted and the quantity was cancelled (cancel-on-revert). */
  revertSettlement(venueOrderId: string): void;
  /** The venue's record of an order in any state (wire form); any hash form finds it. */
  order(venueOrderId: string): BluefinWireOrder | undefined;
  /** How hashes of orders placed from now on are written. */
  setHashStyle(style: SimHashStyle): void;
  /** A raw row every open-orders listing serves (first), e.g. one the adapter cannot read. */
  addListingRow(row: unknown): void;
  connectionCount(): number;
  stats(): BluefinSimStats;
}

interface Client {
  ws: WebSocket;
  address: string | undefined;
}

/** What the gateway does with traffic: serves it, refuses it (closed port), or lets none pass (half-open link). */
type GatewayState = 'up' | 'down' | 'silent';

const authorizeSchema = z.object({
  signature: z.string().min(1),
  userAddress: z.string().min(1),
  isTermAccepted: z.boolean().optional(),
});

const cancelSchema = z.object({
  symbol: z.string().min(1),
  orderHashes: z.array(z.string()),
  cancelSignature: z.string().min(1),
  parentAddress: z.string().optional(),
  fromUI: z.boolean().optional(),
});

const subscribeSchema = z.tuple([
  z.string(),
  z.array(z.object({ e: z.string(), rt: z.string().optional(), t: z.string().optional() })),
]);

const MAX_BODY_BYTES = 1_000_000;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Repeated `key=` and `key[]=` both count (axios sends the latter). */
function queryList(query: URLSearchParams, key: string): string[] {
  return [...query.getAll(key), ...query.getAll(`${key}[]`)];
}

const STATUS_SET: ReadonlySet<string> = new Set(ALL_STATUSES);

export function createBluefinSimulator(options: BluefinSimulatorOptions): BluefinSimulator {
  // Separate streams: fault draws must not shift with the number of logins or reconnects.
  const faultRandom: Random = seededRandom(options.seed);
  const tokenRandom: Random = seededRandom(options.seed ^ 0x5bd1e995);
  const nextIdentity = createOrderIdentity(options.seed);
  const onboardingUrl = options.onboardingUrl ?? BLUEFIN_DEFAULT_URLS.onboarding;
  const rateWindowMs = options.rateWindowMs ?? RATE_WINDOW_MS;
  const maxPageSize = options.maxPageSize ?? ORDERS_PAGE_SIZE;
  const demoKeypair = Ed25519Keypair.deriveKeypair(DEMO_MNEMONIC);
  const demoAddress = demoKeypair.toSuiAddress();
  let faults: SimFaults = { ...DEFAULT_FAULTS, ...options.faults };

  /** By bare lowercase key; each record keeps the hash as this venue writes it. */
  const orders = new Map<string, SimOrder>();
  const listingRows: unknown[] = [];
  const firstPageNumber = options.firstPageNumber ?? 1;
  const belowFirstPage = options.belowFirstPage ?? 'first';
  let hashStyle: SimHashStyle = options.hashStyle ?? 'bare';
  const accounts = new Set<string>([demoAddress]);
  const tokens = new Map<string, string>();
  const clients = createSimClients<Client>();
  const timers = createSimTimers();
  const ipWindow: number[] = [];
  const accountWindows = new Map<string, number[]>();
  const stats: BluefinSimStats = {
    logins: 0,
    loginsRefused: 0,
    cancelRequests: 0,
    cancelRequestsByVariant: { v1: 0, v2: 0 },
    hashesPerCancel: [],
    ordersRequests: 0,
    lookupsRefused: 0,
    rateLimited: 0,
    signaturesRefused: 0,
    subscriptions: 0,
  };
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  let boundPort: number | undefined;
  let gateway: GatewayState = 'up';
  /** What arrived or was due to leave during a silence, in order, run when the link works again. */
  let heldUntilHeard: (() => void)[] = [];
  /** Upgrade sockets held by a silence: an outage or a stop drops them. */
  const heldSockets = new Set<Duplex>();
  let lookupsToRefuse = 0;

  /** The venue's dead-man switch: a market's countdown running out cancels the account's resting orders there. */
  const dms = createSimDms({
    normaliseAddress: normalizeSuiAddress,
    onExpire(address, market) {
      const now = Date.now();
      for (const record of orders.values()) {
        const order = record.order;
        if (record.owner !== address || order.symbol !== market || !isResting(order)) continue;
        if (order.orderStatus === 'CANCELLING') continue;
        // (assumed) The venue's reason for a dead-man-switch cancel; the stream events are those of any cancel.
        order.orderStatus = 'CANCELLED';
        order.cancelReason = 'SYSTEM_CANCELLED';
        order.openQty = '0';
        order.updatedAt = now;
        pushOrder(record);
        pushOrder(record, STREAM_EVENTS.orderCancelled);
      }
    },
  });
  const dmsPath = `${DMS_BASE_PATH}${DMS_COUNTDOWN_PATH}`;

  /** Runs `run` now, or when a silence ends. */
  function whenHeard(run: () => void): void {
    if (gateway === 'silent') heldUntilHeard.push(run);
    else run();
  }

  /** Every reply waits `latencyMs`; equal delays keep send order. */
  function afterLatency(run: () => void): void {
    timers.afterDelay(faults.latencyMs, run);
  }

  // ------------------------------------------------------------ stream ---

  function push(address: string, eventName: string, data: unknown): void {
    const text = JSON.stringify({ eventName, data });
    for (const client of clients) {
      if (client.address !== address) continue;
      afterLatency(() => {
        // A half-open link loses the frame; a closed gateway has no socket to send it on.
        if (gateway === 'up' && client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
      });
    }
  }

  function pushOrder(record: SimOrder, eventName: string = STREAM_EVENTS.orderUpdate): void {
    push(record.owner, eventName, { order: snapshot(record.order) });
  }

  function onClientMessage(client: Client, text: string): void {
    const json = tryParseJsonLossless(text);
    const parsed = json.ok ? subscribeSchema.safeParse(json.value) : undefined;
    if (!parsed?.success) return;
    const [action, rooms] = parsed.data;
    for (const room of rooms) {
      if (room.e !== WS_USER_ROOM) continue;
      if (action === WS_SUBSCRIBE) {
        const address = room.t ? tokens.get(room.t) : undefined;
        if (!address) {
          client.ws.close(WS_INVALID_TOKEN_CLOSE_CODE, 'invalid token');
          return;
        }
        client.address = address;
        stats.subscriptions++;
      } else {
        client.address = undefined;
      }
    }
  }

  // -------------------------------------------------------------- rest ---

  function sendJson(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    afterLatency(() =>
      whenHeard(() => {
        // The gateway went down meanwhile: the connection is gone, the reply with it.
        if (response.writableEnded || response.destroyed) return;
        response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        response.end(text);
      }),
    );
  }

  function sendError(
    response: ServerResponse,
    error: { status: number; code: number; message: string },
    data: unknown = null,
    headers: Record<string, string> = {},
  ): void {
    sendJson(response, error.status, { error: { code: error.code, message: error.message, data } }, headers);
  }

  /** Sliding-window count; a refused request does not count. Returns ms until a slot frees, 0 when admitted. */
  function admit(window: number[], now: number): number {
    const limit = Math.max(1, Math.floor(REQUESTS_PER_WINDOW * faults.rateLimitScale));
    while (window.length > 0 && (window[0] as number) <= now - rateWindowMs) window.shift();
    if (window.length >= limit) return (window[0] as number) + rateWindowMs - now;
    return 0;
  }

  /** Per IP and per account; both must admit. */
  function rateLimited(response: ServerResponse, address: string | undefined): boolean {
    const now = Date.now();
    const accountWindow = address ? (accountWindows.get(address) ?? []) : undefined;
    if (address && accountWindow) accountWindows.set(address, accountWindow);
    const wait = Math.max(admit(ipWindow, now), accountWindow ? admit(accountWindow, now) : 0);
    if (wait > 0) {
      stats.rateLimited++;
      sendError(response, SIM_ERRORS.rateLimited, null, {
        'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))),
      });
      return true;
    }
    ipWindow.push(now);
    accountWindow?.push(now);
    return false;
  }

  function authenticate(request: IncomingMessage): string | undefined {
    const token = bearer(request);
    const address = token ? tokens.get(token) : undefined;
    if (!address) return undefined;
    const wallet = request.headers[WALLET_HEADER];
    // (assumed) A wallet header naming another account than the token's is refused.
    if (typeof wallet === 'string' && wallet !== '' && normalizeSuiAddress(wallet) !== address)
      return undefined;
    return address;
  }

  function issueToken(address: string): string {
    let token = '';
    for (let i = 0; i < 8; i++) token += tokenRandom.int(0, 0x1_0000_0000).toString(16).padStart(8, '0');
    tokens.set(token, address);
    return token;
  }

  async function handleAuthorize(body: string, response: ServerResponse): Promise<void> {
    const json = tryParseJsonLossless(body);
    const parsed = json.ok ? authorizeSchema.safeParse(json.value) : undefined;
    if (!parsed?.success) return sendError(response, SIM_ERRORS.badRequest);
    const address = normalizeSuiAddress(parsed.data.userAddress);
    const check = await verifyWireSignature(onboardingPayload(onboardingUrl), parsed.data.signature, address);
    if (!check.ok) {
      stats.loginsRefused++;
      return sendError(response, SIM_ERRORS.invalidSignature);
    }
    if (!accounts.has(address)) {
      if (!parsed.data.isTermAccepted) {
        stats.loginsRefused++;
        return sendError(response, SIM_ERRORS.termsNotAccepted);
      }
      accounts.add(address);
    }
    stats.logins++;
    sendJson(response, 200, { token: issueToken(address) });
  }

  function handleOrders(address: string, query: URLSearchParams, response: ServerResponse): void {
    stats.ordersRequests++;
    const statuses = queryList(query, 'statuses');
    if (statuses.length === 0 || statuses.some((status) => !STATUS_SET.has(status))) {
      sendError(response, SIM_ERRORS.badRequest, 'statuses');
      return;
    }
    const symbol = query.get('symbol');
    const hashes = new Set(queryList(query, 'orderHashes'));
    const pageSize = Math.min(
      maxPageSize,
      Math.max(1, Number(query.get('pageSize') ?? maxPageSize) || maxPageSize),
    );
    const requested = Number(query.get('pageNumber') ?? firstPageNumber);
    const pageNumber = Number.isInteger(requested) ? requested : firstPageNumber;
    if (hashes.size > 0 && lookupsToRefuse > 0) {
      lookupsToRefuse--;
      stats.lookupsRefused++;
      sendError(response, SIM_ERRORS.rateLimited, null, { 'Retry-After': '1' });
      return;
    }
    if (pageNumber < firstPageNumber && belowFirstPage !== 'first') {
      if (belowFirstPage === 'error') sendError(response, SIM_ERRORS.badRequest, 'pageNumber');
      else sendJson(response, 200, []);
      return;
    }
    const wanted = new Set(statuses);
    const matching: unknown[] = [...orders.values()]
      .filter(
        (record) =>
          record.owner === address &&
          wanted.has(record.order.orderStatus) &&
          (!symbol || record.order.symbol === symbol) &&
          // Matched as written: the simulator does not forgive another form of its own hashes.
          (hashes.size === 0 || hashes.has(record.order.hash)),
      )
      .map((record) => snapshot(record.order));
    if (hashes.size === 0) matching.unshift(...listingRows);
    const start = (Math.max(pageNumber, firstPageNumber) - firstPageNumber) * pageSize;
    sendJson(response, 200, matching.slice(start, start + pageSize));
  }

  async function handleCancel(
    address: string,
    variant: CancelVariant,
    body: string,
    response: ServerResponse,
  ): Promise<void> {
    stats.cancelRequests++;
    stats.cancelRequestsByVariant[variant]++;
    const json = tryParseJsonLossless(body);
    const parsed = json.ok ? cancelSchema.safeParse(json.value) : undefined;
    if (!parsed?.success) return sendError(response, SIM_ERRORS.badRequest);
    const { symbol, orderHashes, cancelSignature, parentAddress } = parsed.data;
    if (orderHashes.length === 0) return sendError(response, SIM_ERRORS.invalidOrders);
    // (assumed) Sub-accounts are not simulated: a parentAddress must be the account itself.
    if (parentAddress !== undefined && normalizeSuiAddress(parentAddress) !== address) {
      return sendError(response, SIM_ERRORS.unauthorized);
    }
    const check = await verifyWireSignature(cancelPayload(orderHashes, variant), cancelSignature, address);
    if (!check.ok) {
      stats.signaturesRefused++;
      return sendError(response, SIM_ERRORS.invalidOrderSignature);
    }
    stats.hashesPerCancel.push(orderHashes.length);
    const acceptedForCancelling: { hash: string }[] = [];
    const failedCancelling: { hash: string; reason: string }[] = [];
    for (const hash of orderHashes) {
      const reason = cancelOne(address, symbol, hash);
      if (reason) failedCancelling.push({ hash, reason });
      else acceptedForCancelling.push({ hash });
    }
    sendJson(response, 200, {
      message: 'Orders cancellation requested',
      data: { acceptedForCancelling, failedCancelling },
    });
  }

  /** One hash of a cancel request: undefined when accepted (CANCELLING), else the failure reason. */
  function cancelOne(address: string, symbol: string, hash: string): string | undefined {
    const record = recordOf(hash);
    // Matched as written, like the listing's filter: another form of the hash is not this order.
    if (!record || record.owner !== address || record.order.hash !== hash) return SIM_FAIL_REASONS.notFound;
    const order = record.order;
    if (order.orderStatus === 'CANCELLING') return undefined;
    if (!isResting(order)) return `Order already ${order.orderStatus.toLowerCase()}`;
    if (order.symbol !== symbol) return SIM_FAIL_REASONS.symbolMismatch;
    if (faultRandom.chance(faults.rejectRate)) return SIM_FAIL_REASONS.rejected;
    const conflict = !record.conflictDrawn && faultRandom.chance(faults.conflictRate);
    record.conflictDrawn = true;
    const fullFill = faultRandom.chance(0.5);
    const dropConfirmation = faultRandom.chance(faults.dropConfirmationRate);
    order.orderStatus = 'CANCELLING';
    order.updatedAt = Date.now();
    pushOrder(record);
    record.confirming = true;
    timers.later(faults.confirmDelayMs, () => {
      record.confirming = false;
      settleCancel(record, conflict, fullFill, dropConfirmation);
    });
    return undefined;
  }

  function settleCancel(
    record: SimOrder,
    conflict: boolean,
    fullFill: boolean,
    dropConfirmation: boolean,
  ): void {
    const order = record.order;
    const now = Date.now();
    if (order.orderStatus === 'FILLED') {
      // A fill won the race while the cancel was pending.
      push(record.owner, STREAM_EVENTS.cancellationFailed, {
        order: snapshot(order),
        message: SIM_FAIL_REASONS.filled,
      });
      return;
    }
    if (order.orderStatus !== 'CANCELLING') return;
    if (conflict) {
      // The order was already sent for settlement: (part of) it fills and the cancel fails.
      const left = remainingUnits(order);
      const units = fullFill || left < 2n ? left : left / 2n;
      order.orderStatus = BigInt(order.filledQty) > 0n ? 'PARTIAL_FILLED' : 'OPEN';
      applyFill(order, units, now);
      pushOrder(record);
      push(record.owner, STREAM_EVENTS.cancellationFailed, {
        order: snapshot(order),
        message: SIM_FAIL_REASONS.settling,
      });
      return;
    }
    order.orderStatus = 'CANCELLED';
    order.cancelReason = 'USER_CANCELLED';
    order.openQty = '0';
    order.updatedAt = now;
    if (dropConfirmation) return;
    pushOrder(record);
    pushOrder(record, STREAM_EVENTS.orderCancelled);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    if (method === 'POST' && url.pathname === BLUEFIN_PATHS.authorize) {
      if (rateLimited(response, undefined)) return;
      return handleAuthorize(body, response);
    }
    if (url.pathname === dmsPath) {
      const dmsAddress = authenticate(request);
      if (rateLimited(response, dmsAddress)) return;
      if (!dmsAddress) return sendError(response, SIM_ERRORS.unauthorized);
      const reply = dms.handle(dmsAddress, method, url.searchParams, body);
      return sendJson(response, reply.status, reply.body);
    }
    const isOrders = method === 'GET' && url.pathname === BLUEFIN_PATHS.orders;
    const variant: CancelVariant | undefined =
      method === 'DELETE' && url.pathname === BLUEFIN_PATHS.cancelV2
        ? 'v2'
        : method === 'DELETE' && url.pathname === BLUEFIN_PATHS.cancelV1
          ? 'v1'
          : undefined;
    if (!isOrders && !variant) return sendError(response, SIM_ERRORS.notFound);
    const address = authenticate(request);
    if (rateLimited(response, address)) return;
    if (!address) return sendError(response, SIM_ERRORS.unauthorized);
    if (isOrders) return handleOrders(address, url.searchParams, response);
    return handleCancel(address, variant as CancelVariant, body, response);
  }

  // ----------------------------------------------------------- control ---

  function placeOrderFor(address: string, spec: SimOrderSpec): string {
    if (!isDecimalString(spec.price) || !isDecimalString(spec.quantity)) {
      throw new Error('price and quantity must be decimal strings');
    }
    const owner = normalizeSuiAddress(address);
    accounts.add(owner);
    const identity = nextIdentity();
    const record: SimOrder = {
      key: identity.hash,
      order: newOrder({ ...identity, hash: styleHash(identity.hash, hashStyle) }, spec, Date.now()),
      owner,
      conflictDrawn: false,
      confirming: false,
    };
    orders.set(record.key, record);
    pushOrder(record);
    return record.order.hash;
  }

  /** The record behind any form of a hash (controls and lookups by the simulator itself). */
  function recordOf(venueOrderId: string): SimOrder | undefined {
    const key = normaliseOrderHash(venueOrderId);
    return key === undefined ? undefined : orders.get(key);
  }

  function restingRecord(venueOrderId: string): SimOrder | undefined {
    const record = recordOf(venueOrderId);
    return record && isResting(record.order) ? record : undefined;
  }

  return {
    venue: 'bluefin',
    demoAddress,

    async start(port = 0) {
      if (server) throw new Error('bluefin simulator already started');
      const httpServer = createServer((request, response) => {
        whenHeard(() => {
          route(request, response).catch(() => {
            if (!response.headersSent) sendError(response, SIM_ERRORS.badRequest);
          });
        });
      });
      const wsServer = new WebSocketServer({ noServer: true });
      httpServer.on('upgrade', (request, socket, head) => {
        const upgrade = () => {
          heldSockets.delete(socket);
          if (gateway === 'down' || socket.destroyed) {
            socket.destroy();
            return;
          }
          wsServer.handleUpgrade(request, socket, head, (ws) => {
            const client: Client = { ws, address: undefined };
            clients.track(client);
            ws.on('message', (data) => onClientMessage(client, data.toString()));
          });
        };
        if (gateway === 'silent') {
          heldSockets.add(socket);
          heldUntilHeard.push(upgrade);
        } else {
          upgrade();
        }
      });
      gateway = 'up';
      boundPort = await listenLoopback(httpServer, port);
      server = httpServer;
      wss = wsServer;
      return {
        venue: 'bluefin',
        urls: {
          rest: `http://127.0.0.1:${boundPort}`,
          ws: `ws://127.0.0.1:${boundPort}/`,
          onboarding: onboardingUrl,
        },
        credentials: { privateKey: demoKeypair.getSecretKey() },
      } satisfies SimulatorReady;
    },

    async stop() {
      timers.clear();
      dms.clear();
      gateway = 'up';
      heldUntilHeard = [];
      for (const socket of heldSockets) socket.destroy();
      heldSockets.clear();
      clients.terminateAll();
      wss?.close();
      const httpServer = server;
      server = undefined;
      wss = undefined;
      await closeServer(httpServer);
    },

    async outage(ms) {
      const httpServer = server;
      if (!httpServer || gateway !== 'up') throw new Error('bluefin simulator: the gateway is not up');
      gateway = 'down';
      clients.terminateAll();
      for (const socket of heldSockets) socket.destroy();
      heldSockets.clear();
      // Closes the port and drops every HTTP connection, a request being handled included.
      await closeServer(httpServer);
      await new Promise((resolve) => setTimeout(resolve, ms));
      // Stopped meanwhile: nothing to bring back.
      if (server !== httpServer) return;
      await listenLoopback(httpServer, boundPort ?? 0);
      gateway = 'up';
    },

    async silence(ms) {
      if (!server || gateway !== 'up') throw new Error('bluefin simulator: the gateway is not up');
      gateway = 'silent';
      const silenced = [...clients];
      // Unread, a ping gets no pong and a frame reaches no handler; the kernel still holds the socket open.
      for (const client of silenced) client.ws.pause();
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (gateway !== 'silent') return;
      gateway = 'up';
      for (const client of silenced) client.ws.resume();
      for (const run of heldUntilHeard.splice(0)) run();
    },

    refuseLookups(count) {
      lookupsToRefuse = Math.max(0, Math.floor(count));
    },

    setFaults(next) {
      faults = { ...faults, ...next };
    },

    placeOrder(spec) {
      return placeOrderFor(demoAddress, spec);
    },

    placeOrderFor,

    fill(venueOrderId, quantity) {
      const record = restingRecord(venueOrderId);
      if (!record) return;
      const units = quantity === undefined ? remainingUnits(record.order) : BigInt(toBase18(quantity));
      if (applyFill(record.order, units, Date.now()) > 0n) pushOrder(record);
    },

    disconnectAll() {
      clients.terminateAll();
    },

    openOrderIds() {
      return [...orders.values()]
        .filter((record) => isResting(record.order))
        .map((record) => record.order.hash);
    },

    remainingOf(venueOrderId) {
      const record = restingRecord(venueOrderId);
      return record ? remainingDecimal(record.order) : undefined;
    },

    revokeTokens() {
      tokens.clear();
    },

    setDmsAvailable(available) {
      dms.setAvailable(available);
    },

    failDmsResets(reason) {
      dms.failResets(reason);
    },

    dmsCountdowns(address = demoAddress) {
      return dms.countdowns(normalizeSuiAddress(address));
    },

    dmsResets: () => dms.resets,

    sendRaw(text) {
      for (const client of clients) {
        if (client.address && client.ws.readyState === WebSocket.OPEN) client.ws.send(text);
      }
    },

    revertSettlement(venueOrderId) {
      const record = restingRecord(venueOrderId);
      if (!record) return;
      const order = record.order;
      const quantity = order.openQty ?? remainingUnits(order).toString();
      order.orderStatus = 'CANCELLED' satisfies BluefinOrderStatus;
      order.cancelReason = 'SYSTEM_CANCELLED';
      order.openQty = '0';
      order.updatedAt = Date.now();
      push(record.owner, STREAM_EVENTS.cancelledOnReversion, {
        orderHash: order.hash,
        userAddress: record.owner,
        symbol: order.symbol,
        message: 'Order cancelled on settlement reversion',
        isBuy: order.side === 'BUY',
        fillId: '0',
        quantitySentForCancellation: quantity,
        timestamp: order.updatedAt,
      });
    },

    order(venueOrderId) {
      const record = recordOf(venueOrderId);
      return record ? snapshot(record.order) : undefined;
    },

    setHashStyle(style) {
      hashStyle = style;
    },

    addListingRow(row) {
      listingRows.push(row);
    },

    connectionCount: () => clients.size,

    stats: () => ({
      ...stats,
      cancelRequestsByVariant: { ...stats.cancelRequestsByVariant },
      hashesPerCancel: [...stats.hashesPerCancel],
    }),
  };
}
