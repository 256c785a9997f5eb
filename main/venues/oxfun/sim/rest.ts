/**
 * The simulator's REST front end: the per-IP limits (429), the signed
 * headers (AccessKey, Timestamp, Nonce, Signature over
 * ts\nnonce\nVERB\nhost\npath\nbody), and the order endpoints the blotter
 * uses: working orders, order status, cancel (≤ 8) and cancel-all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tryParseJsonLossless } from '../../../core/json.ts';
import { headerValue, readBody } from '../../shared/sim-server.ts';
import { restSignature, signaturesEqual } from '../auth.ts';
import {
  CODES,
  REST_CANCEL_BATCH_MAX,
  REST_HEADERS,
  REST_PATHS,
  REST_TIMESTAMP_WINDOW_MS,
  restErrorCode,
} from '../constants.ts';
import { restCancelAllBodySchema, restCancelBodySchema } from './parse.ts';
import type { SimOrder, SimVenue } from './types.ts';

/**
 * (assumed) REST error envelope `{success:false, code, message}` and its HTTP statuses; the docs give the
 * codes only, CCXT reads `code` with a leading `-` (written by `failure`). Per-order cancel items keep the
 * docs' bare codes ("40035").
 */
const INVALID_PARAMETER = { code: CODES.serverError, message: 'Invalid parameter' };
const MISSING_PARAMETER = { code: CODES.missingParameter, message: 'Missing parameter' };
const ORDER_NOT_FOUND = { code: CODES.restNotFound, message: 'Open order not found with id' };
/** `GET /v3/orders/status` for an id the venue does not know: CCXT's table maps -100005 to OrderNotFound. */
const STATUS_NOT_FOUND = { code: CODES.openOrderNotFound, message: 'Open order not found' };
/** (assumed) The HTTP status of that answer; CCXT only sees that it is not 200. */
const STATUS_NOT_FOUND_HTTP = 400;
const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function failure(response: ServerResponse, status: number, error: { code: string; message: string }): void {
  json(response, status, { success: false, code: restErrorCode(error.code), message: error.message });
}

/** `yyyy-MM-ddTHH:mm:ss[.ffffff]` (UTC) → ms, or undefined. */
function timestampMs(value: string): number | undefined {
  const match = TIMESTAMP_PATTERN.exec(value);
  if (!match) return undefined;
  const ms = Date.parse(`${value.slice(0, 19)}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Checks the signed headers; returns the refusal, or undefined when the request is authentic. */
function authenticate(
  venue: SimVenue,
  request: IncomingMessage,
  path: string,
  query: string,
  body: string,
): { code: string; message: string } | undefined {
  const key = headerValue(request, REST_HEADERS.key);
  const timestamp = headerValue(request, REST_HEADERS.timestamp);
  const nonce = headerValue(request, REST_HEADERS.nonce);
  const signature = headerValue(request, REST_HEADERS.signature);
  if (!key || !timestamp || !nonce || !signature) return MISSING_PARAMETER;
  if (key !== venue.credentials.apiKey) return { code: CODES.invalidKey, message: 'API key is invalid' };
  const at = timestampMs(timestamp);
  if (at === undefined || Math.abs(venue.now() - at) > REST_TIMESTAMP_WINDOW_MS) {
    return { code: CODES.timestampWindow, message: 'timestamp exceeds the threshold' };
  }
  const verb = request.method ?? 'GET';
  const expected = restSignature(venue.credentials.apiSecret, {
    timestamp,
    nonce,
    verb,
    host: headerValue(request, 'host') ?? '',
    path,
    body: verb === 'GET' ? query : body,
  });
  if (!signaturesEqual(expected, signature))
    return { code: CODES.badSignature, message: 'Signature is invalid' };
  return undefined;
}

function workingView(order: SimOrder): Record<string, unknown> {
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    marketCode: order.marketCode,
    status: order.status === 'PARTIAL_FILL' ? 'PARTIALLY_FILLED' : order.status,
    side: order.side,
    price: order.price,
    isTriggered: false,
    quantity: order.quantity,
    remainQuantity: order.remaining,
    matchedQuantity: order.matched,
    orderType: order.orderType,
    timeInForce: 'GTC',
    source: '11',
    createdAt: String(order.createdAt),
    lastModifiedAt: String(order.lastModifiedAt),
  };
}

function statusView(order: SimOrder): Record<string, unknown> {
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    marketCode: order.marketCode,
    status: order.status,
    side: order.side,
    price: order.price,
    isTriggered: false,
    remainQuantity: order.remaining,
    totalQuantity: order.quantity,
    cumulativeMatchedQuantity: order.matched,
    orderType: order.orderType,
    timeInForce: 'GTC',
    source: '11',
    createdAt: String(order.createdAt),
    lastModifiedAt: String(order.lastModifiedAt),
    ...(order.lastMatchedAt !== undefined && { lastMatchedAt: String(order.lastMatchedAt) }),
  };
}

export type SimRestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export function createSimRestHandler(venue: SimVenue): SimRestHandler {
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sim.invalid');
    const path = url.pathname;
    const query = url.search.startsWith('?') ? url.search.slice(1) : '';
    const body = await readBody(request);
    if (!venue.takeRestRequest())
      return failure(response, 429, { code: CODES.restRateLimit, message: 'Rate limit reached' });
    const refusal = authenticate(venue, request, path, query, body);
    if (refusal) return failure(response, 401, refusal);
    const verb = request.method ?? 'GET';

    if (verb === 'GET' && path === REST_PATHS.working) {
      const marketCode = url.searchParams.get('marketCode') ?? undefined;
      const orderId = url.searchParams.get('orderId');
      const orders = venue.working(marketCode).filter((order) => !orderId || order.orderId === orderId);
      return json(response, 200, { success: true, data: orders.map(workingView) });
    }
    if (verb === 'GET' && path === REST_PATHS.status) {
      const orderId = url.searchParams.get('orderId');
      const clientOrderId = url.searchParams.get('clientOrderId');
      const order = orderId
        ? venue.find(orderId)
        : clientOrderId
          ? venue.findByClientId(clientOrderId)
          : undefined;
      if (!orderId && !clientOrderId) return failure(response, 400, MISSING_PARAMETER);
      if (!order) return failure(response, STATUS_NOT_FOUND_HTTP, STATUS_NOT_FOUND);
      return json(response, 200, { success: true, data: statusView(order) });
    }
    if (verb === 'DELETE' && path === REST_PATHS.cancel) return cancel(body, response);
    if (verb === 'DELETE' && path === REST_PATHS.cancelAll) {
      // CCXT sends and signs `{}` for the whole account; an empty body is read the same way.
      const parsedJson = body ? tryParseJsonLossless(body) : { ok: true as const, value: {} };
      const parsed = parsedJson.ok ? restCancelAllBodySchema.safeParse(parsedJson.value) : undefined;
      if (!parsed?.success) return failure(response, 400, INVALID_PARAMETER);
      const count = venue.cancelAll(parsed.data.marketCode);
      const notice = count > 0 ? 'Orders queued for cancelation' : 'No working orders found';
      return json(response, 200, { success: true, data: { notice } });
    }
    return failure(response, 404, { code: CODES.serverAlert, message: `no such endpoint: ${verb} ${path}` });
  }

  function cancel(body: string, response: ServerResponse): void {
    const parsedJson = tryParseJsonLossless(body);
    const parsed = parsedJson.ok ? restCancelBodySchema.safeParse(parsedJson.value) : undefined;
    if (!parsed?.success || parsed.data.orders.length > REST_CANCEL_BATCH_MAX) {
      failure(response, 400, INVALID_PARAMETER);
      return;
    }
    const closedAt = String(venue.now());
    const data = parsed.data.orders.map((entry) => {
      const order = entry.orderId
        ? venue.find(entry.orderId)
        : entry.clientOrderId
          ? venue.findByClientId(entry.clientOrderId)
          : undefined;
      const answer = order
        ? venue.cancelViaRest(order.orderId, entry.marketCode)
        : { submitted: false as const, ...ORDER_NOT_FOUND };
      if (!answer.submitted) {
        return {
          code: answer.code,
          message: answer.message,
          submitted: false,
          ...(entry.orderId && { orderId: entry.orderId }),
          ...(entry.clientOrderId && { clientOrderId: entry.clientOrderId }),
          marketCode: entry.marketCode,
          closedAt,
        };
      }
      const closed = answer.order;
      return {
        notice: 'OrderClosed',
        accountId: '1',
        orderId: closed.orderId,
        submitted: true,
        clientOrderId: closed.clientOrderId,
        marketCode: closed.marketCode,
        status: closed.closeStatus,
        side: closed.side,
        price: closed.price,
        stopPrice: null,
        isTriggered: false,
        quantity: closed.quantity,
        amount: '0.0',
        remainQuantity: closed.remaining,
        orderType: closed.orderType,
        timeInForce: 'GTC',
        closedAt,
      };
    });
    json(response, 200, { success: true, data });
  }

  return (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent)
        failure(response, 500, { code: CODES.unknownServerError, message: 'Unknown server error' });
    });
  };
}
