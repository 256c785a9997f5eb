/**
 * Runtime validation of every Rails message and the mapping to the core's
 * `VenueOrder`. Parsers return a result, never throw: a bad frame must not
 * take down the socket handler. Failure descriptions name fields and rules,
 * never values, so nothing the venue echoes back (or a token) leaks into logs.
 */
import { z } from 'zod';
import { add, isDecimalString, isZero } from '../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../core/json.ts';
import type { VenueOrder, VenueOrderStatus } from '../../core/venue.ts';
import { CANCEL_MESSAGE, STATUS_ACCEPTED, STATUS_CONFIRMED } from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Amounts must arrive as decimal strings; a bare JSON number is a protocol change, refused. */
const decimalString = z.string().refine(isDecimalString, { message: 'expected a decimal string' });
const msEpoch = z.number().int().nonnegative();

/** Statuses Rails documents; anything else is a protocol change we want to see, not guess at. */
export const RAILS_ORDER_STATUSES = [
  'pending',
  'active',
  'cancelling',
  'cancelled',
  'modifying',
  'modified',
  'filled',
] as const;
export type RailsOrderStatus = (typeof RAILS_ORDER_STATUSES)[number];

export const railsOrderSchema = z.object({
  userId: z.string(),
  orderId: z.string().min(1),
  market: z.string().min(1),
  orderType: z.enum(['buy', 'sell']),
  tradeType: z.string().min(1),
  orderStatus: z.enum(RAILS_ORDER_STATUSES),
  price: decimalString,
  quantity: decimalString,
  filledQuantity: decimalString,
  leverage: decimalString,
  updatedAt: msEpoch,
  createdAt: msEpoch,
  reduceOnly: z.boolean(),
  postOnly: z.boolean(),
});
export type RailsOrder = z.infer<typeof railsOrderSchema>;

const cancelResponseSchema = z.object({
  resultType: z.literal(CANCEL_MESSAGE),
  data: z.object({
    statusCode: z.number().int(),
    body: z.string(),
    order: railsOrderSchema.optional(),
    clientRequestId: z.string().optional(),
  }),
  connectionId: z.string().optional(),
});

/** (assumed) Order-stream pushes: any `resultType` whose `data` carries the same order object. */
const orderPushSchema = z.object({
  resultType: z.string(),
  data: z.object({ order: railsOrderSchema }),
  connectionId: z.string().optional(),
});

export type RailsStreamMessage =
  | {
      kind: 'cancelResponse';
      statusCode: number;
      body: string;
      clientRequestId?: string;
      /** Present on 202/200 (required there); the assumed error shape may omit it. */
      order?: RailsOrder;
      connectionId?: string;
    }
  | { kind: 'orderUpdate'; order: RailsOrder; connectionId?: string };

const tokenResponseSchema = z.object({
  // It travels as a WebSocket subprotocol, so it must be an RFC 7230 token (a JWT always is).
  access_token: z
    .string()
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a token that can travel as a subprotocol'),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive(),
});
export interface RailsTokenResponse {
  accessToken: string;
  expiresInSeconds: number;
}

const openOrdersPageSchema = z.object({
  openOrders: z.array(railsOrderSchema),
  // The cursor's type is undocumented; accept an id string or an integer and carry it as a string.
  last: z.union([z.string(), z.number().int()]).nullable().optional(),
});
export interface RailsOpenOrdersPage {
  orders: RailsOrder[];
  /** The `start` of the next page; null on the last page. */
  next: string | null;
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

interface ReviverContext {
  source?: string;
}

/**
 * Rails sends every amount as a string and only safe integers as numbers
 * (status codes, ms timestamps). Any other number (a float price, `1e3`, an
 * integer past 2^53) is kept, exactly, as a marker object the schemas refuse:
 * the lossless parser would hand it back as text and a float price would pass
 * for a decimal string.
 */
function markInexactNumbers(_key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value !== 'number') return value;
  const source = context?.source;
  if (Number.isSafeInteger(value) && (source === undefined || /^-?\d+$/.test(source))) return value;
  return { nonIntegerNumber: source ?? String(value) };
}

function decode(text: string): ParseResult<unknown> {
  try {
    return {
      ok: true,
      value: JSON.parse(text, markInexactNumbers as (key: string, value: unknown) => unknown),
    };
  } catch {
    // The JSON error text quotes the input; report the size only.
    return { ok: false, error: `invalid JSON (${text.length} chars)` };
  }
}

/** One WebSocket frame from an already-parsed JSON value. */
export function parseStreamValue(value: unknown): ParseResult<RailsStreamMessage> {
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { resultType?: unknown }).resultType === CANCEL_MESSAGE
  ) {
    const parsed = cancelResponseSchema.safeParse(value);
    if (!parsed.success) return { ok: false, error: `cancelOrder response: ${issuesText(parsed.error)}` };
    const { data, connectionId } = parsed.data;
    if ((data.statusCode === STATUS_ACCEPTED || data.statusCode === STATUS_CONFIRMED) && !data.order) {
      return { ok: false, error: `cancelOrder response: ${data.statusCode} without data.order` };
    }
    return {
      ok: true,
      value: {
        kind: 'cancelResponse',
        statusCode: data.statusCode,
        body: data.body,
        ...(data.clientRequestId !== undefined && { clientRequestId: data.clientRequestId }),
        ...(data.order !== undefined && { order: data.order }),
        ...(connectionId !== undefined && { connectionId }),
      },
    };
  }
  const parsed = orderPushSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: `stream message: ${issuesText(parsed.error)}` };
  const { data, connectionId } = parsed.data;
  return {
    ok: true,
    value: { kind: 'orderUpdate', order: data.order, ...(connectionId !== undefined && { connectionId }) },
  };
}

/** One WebSocket frame as text. */
export function parseStreamMessage(text: string): ParseResult<RailsStreamMessage> {
  const json = decode(text);
  return json.ok ? parseStreamValue(json.value) : json;
}

export function parseTokenResponse(text: string): ParseResult<RailsTokenResponse> {
  const json = decode(text);
  if (!json.ok) return json;
  const parsed = tokenResponseSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: `token response: ${issuesText(parsed.error)}` };
  return {
    ok: true,
    value: { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in },
  };
}

export function parseOpenOrdersPage(text: string): ParseResult<RailsOpenOrdersPage> {
  const json = decode(text);
  if (!json.ok) return json;
  const parsed = openOrdersPageSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: `open-orders page: ${issuesText(parsed.error)}` };
  const last = parsed.data.last;
  return {
    ok: true,
    value: {
      orders: parsed.data.openOrders,
      next: last === null || last === undefined ? null : String(last),
    },
  };
}

export interface RailsBulkCancelResult {
  message: string;
  /** N from "Cancelling N orders...", when the text says. */
  count?: number;
}

/** `200 "Cancelling N orders..."`: a JSON string, or plain text from a server that skips the quotes. */
export function parseBulkCancelResponse(text: string): ParseResult<RailsBulkCancelResult> {
  const json = tryParseJsonLossless(text);
  const message = json.ok ? json.value : text.trim();
  if (typeof message !== 'string' || message.length === 0) {
    return { ok: false, error: 'bulk cancel response: expected a message string' };
  }
  const count = /(\d+)\s+orders?/i.exec(message)?.[1];
  return { ok: true, value: { message, ...(count !== undefined && { count: Number(count) }) } };
}

/** A short, value-free message from a REST error body (`{message}`, `{error}`, a JSON string, or text). */
export function errorBodyMessage(text: string): string {
  const json = tryParseJsonLossless(text);
  if (json.ok) {
    const value = json.value;
    if (typeof value === 'string') return value.slice(0, 200);
    if (typeof value === 'object' && value !== null) {
      for (const key of ['message', 'error', 'body']) {
        const field = (value as Record<string, unknown>)[key];
        if (typeof field === 'string') return field.slice(0, 200);
      }
    }
  }
  return text.trim().slice(0, 200);
}

// ----------------------------------------------------------- normalizing ---

function toVenueStatus(order: RailsOrder): VenueOrderStatus {
  switch (order.orderStatus) {
    case 'pending':
    case 'active':
    case 'modifying':
    case 'modified':
      return isZero(order.filledQuantity) ? 'open' : 'partially_filled';
    case 'cancelling':
      return 'cancelling';
    case 'cancelled':
      return 'cancelled';
    case 'filled':
      return 'filled';
  }
}

/** Rails' `quantity` is what REMAINS; the original size is `quantity + filledQuantity`. */
export function toVenueOrder(order: RailsOrder): VenueOrder {
  return {
    venueOrderId: order.orderId,
    market: order.market,
    side: order.orderType,
    type: order.tradeType,
    price: order.price,
    // Nothing filled: keep the venue's own text rather than a re-formatted sum.
    quantity: isZero(order.filledQuantity) ? order.quantity : add(order.quantity, order.filledQuantity),
    filled: order.filledQuantity,
    remaining: order.quantity,
    status: toVenueStatus(order),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
