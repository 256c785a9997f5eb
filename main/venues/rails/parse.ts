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
import { orderFacts } from '../shared/order-facts.ts';
import { CANCEL_MESSAGE, STATUS_ACCEPTED, STATUS_CONFIRMED, WS_PONG_RESULT_TYPE } from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The longest decimal text read (sign, digits and point). Real amounts are a dozen or two characters;
 * a longer one is refused before any arithmetic, so a megabyte of digits costs nothing.
 */
export const MAX_DECIMAL_CHARS = 60;

/** Amounts must arrive as decimal strings; a bare JSON number is a protocol change, refused. */
const decimalString = z
  .string()
  .max(MAX_DECIMAL_CHARS, { message: 'expected a decimal string of at most 60 characters', abort: true })
  .refine(isDecimalString, { message: 'expected a decimal string' });
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

/**
 * An order as v2 (docs "latest") and v1 (the seed page) show it. Required:
 * what every source shows and the blotter needs. Optional: what only one
 * version carries (`userId`, `reduceOnly` are v1 only; `clientRequestId`,
 * `avgFillPrice` v2 only) or what the blotter does not use (`leverage`).
 */
export const railsOrderSchema = z.object({
  orderId: z.string().min(1),
  market: z.string().min(1),
  orderType: z.enum(['buy', 'sell']),
  tradeType: z.string().min(1),
  orderStatus: z.enum(RAILS_ORDER_STATUSES),
  price: decimalString,
  quantity: decimalString,
  filledQuantity: decimalString,
  updatedAt: msEpoch,
  createdAt: msEpoch,
  leverage: decimalString.optional(),
  // An odd flag drops the fact, not the order.
  postOnly: z.boolean().optional().catch(undefined),
  clientRequestId: z.string().optional(),
  avgFillPrice: decimalString.optional(),
  userId: z.string().optional(),
  reduceOnly: z.boolean().optional().catch(undefined),
});
export type RailsOrder = z.infer<typeof railsOrderSchema>;

const cancelResponseSchema = z.object({
  resultType: z.literal(CANCEL_MESSAGE),
  /** v2, on `market=ALL` sockets. */
  market: z.string().optional(),
  data: z.object({
    statusCode: z.number().int(),
    body: z.string(),
    order: railsOrderSchema.optional(),
    clientRequestId: z.string().optional(),
    /** v2, on the acknowledgement: requests counted in the account's window (docs' example: 1). */
    apiQuotaUsed: z.number().int().nonnegative().optional(),
  }),
  /** v1 only. */
  connectionId: z.string().optional(),
});

/** The answer to the application-level `ping`. */
const pongSchema = z.object({
  resultType: z.literal(WS_PONG_RESULT_TYPE),
  data: z.object({ statusCode: z.number().int(), clientRequestId: z.string().optional() }).optional(),
});

/** (assumed) Order-stream notifications: any `resultType` whose `data` carries the same order object. */
const orderPushSchema = z.object({
  resultType: z.string(),
  market: z.string().optional(),
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
      apiQuotaUsed?: number;
    }
  | { kind: 'orderUpdate'; order: RailsOrder }
  | { kind: 'pong' };

const MAX_TOKEN_CHARS = 16_384;

const tokenResponseSchema = z.object({
  // It travels as a WebSocket subprotocol, so it must be an RFC 7230 token (a JWT always is).
  access_token: z
    .string()
    // It must fit in a handshake header (Node's default cap on all headers is 16 KiB); a longer one is
    // refused before the pattern runs over it.
    .max(MAX_TOKEN_CHARS, { abort: true })
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a token that can travel as a subprotocol'),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive(),
});
export interface RailsTokenResponse {
  accessToken: string;
  expiresInSeconds: number;
}

const openOrdersPageSchema = z.object({
  // Rows are validated one by one: one odd row must not fail the whole page.
  openOrders: z.array(z.unknown()),
  // A string cursor in the docs; an integer is accepted and carried as a string.
  last: z.union([z.string(), z.number().int()]).nullable().optional(),
});
export interface RailsOpenOrdersPage {
  orders: RailsOrder[];
  /** Value-free descriptions of the first 20 rows that could not be read (skipped), then one line counting the rest. */
  skipped: string[];
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
  // A safe integer is at most 17 characters ("-9007199254740991"): longer text is not a plain one.
  const plainInteger = source === undefined || (source.length <= 17 && /^-?\d{1,16}$/.test(source));
  if (Number.isSafeInteger(value) && plainInteger) return value;
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

function resultTypeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? (value as { resultType?: unknown }).resultType
    : undefined;
}

/** One WebSocket frame from an already-parsed JSON value. */
export function parseStreamValue(value: unknown): ParseResult<RailsStreamMessage> {
  const resultType = resultTypeOf(value);
  if (resultType === WS_PONG_RESULT_TYPE) {
    const parsed = pongSchema.safeParse(value);
    if (!parsed.success) return { ok: false, error: `pong: ${issuesText(parsed.error)}` };
    return { ok: true, value: { kind: 'pong' } };
  }
  if (resultType === CANCEL_MESSAGE) {
    const parsed = cancelResponseSchema.safeParse(value);
    if (!parsed.success) return { ok: false, error: `cancelOrder response: ${issuesText(parsed.error)}` };
    const { data } = parsed.data;
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
        ...(data.apiQuotaUsed !== undefined && { apiQuotaUsed: data.apiQuotaUsed }),
      },
    };
  }
  const parsed = orderPushSchema.safeParse(value);
  if (!parsed.success) {
    const what = typeof resultType === 'string' ? `${resultType.slice(0, 40)} message` : 'stream message';
    return { ok: false, error: `${what}: ${issuesText(parsed.error)}` };
  }
  return { ok: true, value: { kind: 'orderUpdate', order: parsed.data.data.order } };
}

/** One WebSocket frame as text. */
export function parseStreamMessage(text: string): ParseResult<RailsStreamMessage> {
  const json = decode(text);
  return json.ok ? parseStreamValue(json.value) : json;
}

/**
 * The `accountType` claim of an access token, read without verifying it (only
 * Rails can): a hint to check the account setting against, never a credential.
 */
export function tokenAccountTypeClaim(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const claim =
      typeof claims === 'object' && claims !== null
        ? (claims as { accountType?: unknown }).accountType
        : undefined;
    return typeof claim === 'string' && claim.length > 0 && claim.length <= 40 ? claim : undefined;
  } catch {
    return undefined;
  }
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

/**
 * At most this many unreadable rows of one page are described; the rest are counted in one last line,
 * so a flood of junk rows never builds (or reports) one description per row.
 */
export const MAX_SKIPPED_DESCRIPTIONS = 20;

export function parseOpenOrdersPage(text: string): ParseResult<RailsOpenOrdersPage> {
  const json = decode(text);
  if (!json.ok) return json;
  const parsed = openOrdersPageSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: `open-orders page: ${issuesText(parsed.error)}` };
  const orders: RailsOrder[] = [];
  const skipped: string[] = [];
  let undescribed = 0;
  parsed.data.openOrders.forEach((row, index) => {
    if (skipped.length >= MAX_SKIPPED_DESCRIPTIONS && (typeof row !== 'object' || row === null)) {
      undescribed++;
      return;
    }
    const order = railsOrderSchema.safeParse(row);
    if (order.success) orders.push(order.data);
    else if (skipped.length < MAX_SKIPPED_DESCRIPTIONS)
      skipped.push(`open-orders row ${index} skipped: ${issuesText(order.error)}`);
    else undescribed++;
  });
  if (undescribed > 0) skipped.push(`open-orders: ${undescribed} more rows skipped (not described)`);
  const last = parsed.data.last;
  return {
    ok: true,
    value: { orders, skipped, next: last === null || last === undefined ? null : String(last) },
  };
}

/**
 * Get Order By ID. Latest docs: `{"order": {…, "avgFillPrice"}}`; v1 put
 * `avgFillPrice` beside `order`. Both are read; the order itself goes through
 * the same tolerant v1/v2 schema as every other order.
 */
const orderLookupSchema = z.object({ order: z.unknown(), avgFillPrice: z.unknown().optional() });

export function parseOrderLookupResponse(text: string): ParseResult<RailsOrder> {
  const json = decode(text);
  if (!json.ok) return json;
  const parsed = orderLookupSchema.safeParse(json.value);
  if (!parsed.success || parsed.data.order === undefined) {
    return { ok: false, error: 'order lookup: order: expected an object' };
  }
  const order = railsOrderSchema.safeParse(parsed.data.order);
  if (!order.success) return { ok: false, error: `order lookup: order: ${issuesText(order.error)}` };
  const beside = parsed.data.avgFillPrice;
  // Not used by the blotter; carried when the order object lacks it and the v1 field is readable.
  if (order.data.avgFillPrice === undefined && typeof beside === 'string' && isDecimalString(beside)) {
    return { ok: true, value: { ...order.data, avgFillPrice: beside } };
  }
  return { ok: true, value: order.data };
}

export interface RailsBulkCancelResult {
  message: string;
  /** N from "Cancelling N orders…", when the text says. */
  count?: number;
}

const bulkCancelSchema = z.object({ message: z.string().min(1) });

/**
 * "Cancelling N orders for market M …" names N near its start: only this much
 * of the venue's text is ever matched, and the pattern is bounded (no `+`), so
 * a hostile or broken reply of any size costs a constant amount of matching.
 */
const BULK_MESSAGE_SCAN_CHARS = 200;
const BULK_COUNT_PATTERN = /cancelling\s{1,8}(\d{1,9})\s{1,8}orders?\b/i;

/**
 * `DELETE /api/v1/orders`: v2 answers `{"message":"Cancelling N orders for
 * market M without any errors"}`; the legacy page showed a bare JSON string,
 * and a server may skip the quotes. All three are read.
 */
export function parseBulkCancelResponse(text: string): ParseResult<RailsBulkCancelResult> {
  const json = tryParseJsonLossless(text);
  let message: unknown;
  if (json.ok && typeof json.value === 'object' && json.value !== null) {
    const parsed = bulkCancelSchema.safeParse(json.value);
    if (!parsed.success) return { ok: false, error: `bulk cancel response: ${issuesText(parsed.error)}` };
    message = parsed.data.message;
  } else {
    message = json.ok ? json.value : text.trim();
  }
  if (typeof message !== 'string' || message.length === 0) {
    return { ok: false, error: 'bulk cancel response: expected a message' };
  }
  const head = message.slice(0, BULK_MESSAGE_SCAN_CHARS);
  const count = BULK_COUNT_PATTERN.exec(head)?.[1];
  return {
    ok: true,
    value: { message: head, ...(count !== undefined && { count: Number(count) }) },
  };
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
    // `clientRequestId` names a request, not the order: no client order id is shown for Rails.
    ...orderFacts({ reduceOnly: order.reduceOnly, postOnly: order.postOnly }),
  };
}
