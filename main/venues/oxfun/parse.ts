/**
 * Runtime validation of every OX.FUN message the adapter receives, and the
 * mapping to the core's `VenueOrder`. Parsers return a result and never
 * throw, so a bad frame cannot take down a socket handler. Failure
 * descriptions name fields and rules, never values.
 */
import { z } from 'zod';
import { compare, isDecimalString, isZero, subtract } from '../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../core/json.ts';
import type { VenueOrder, VenueOrderStatus } from '../../core/venue.ts';
import { orderFacts } from '../shared/order-facts.ts';
import {
  CANCEL_REPLY_EVENT,
  CLOSED_BY_USER,
  ENGINE_CANCEL_EVENT,
  GREETING_EVENT,
  OPS,
  ORDER_TABLE,
  PONG_TEXT,
} from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

// ------------------------------------------------------------- primitives --

/**
 * Order ids: strings on the order channel and REST, bare JSON numbers in the
 * engine's failure events. parseJsonLossless hands big numbers over as exact
 * text and small ones as numbers; both end up as the same digit string.
 */
export const idSchema = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((value) => String(value));

/**
 * The longest decimal text read (sign, digits and point). Real amounts are a dozen or two characters;
 * a longer one is refused before any arithmetic, so a megabyte of digits costs nothing.
 */
export const MAX_DECIMAL_CHARS = 60;

/** Decimal amounts: strings by the docs; the engine's failure events send bare numbers (kept exact). */
export const decimalSchema = z
  .union([z.string(), z.number()])
  .transform((value) => String(value))
  .refine((text) => text.length <= MAX_DECIMAL_CHARS && isDecimalString(text), {
    message: 'expected a decimal',
  });

/**
 * Millisecond timestamps arrive as digit strings: at most 16 digits and a safe integer, else refused
 * (never rounded, never Infinity). `z.number().int()` already refuses unsafe numbers.
 */
const msSchema = z.union([
  z
    .string()
    .max(16, { abort: true })
    .regex(/^\d{1,16}$/)
    .transform(Number)
    .refine(Number.isSafeInteger, { message: 'not a safe integer' }),
  z.number().int().nonnegative(),
]);

/** Codes are documented as strings; tolerate a number so `20000` and `"20000"` mean the same. */
const codeSchema = z.union([z.string(), z.number()]).transform((value) => String(value));
const tagSchema = z.union([z.string(), z.number()]).transform((value) => String(value));

function describe(error: z.ZodError, at: readonly PropertyKey[] = []): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${[...at, ...issue.path].map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function safe<T>(schema: z.ZodType<T>, value: unknown, what: string): ParseResult<T> {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: `${what}: ${describe(parsed.error)}` };
}

/**
 * At most this many unreadable items of one push or listing are described; the rest are counted in one
 * last line, so a flood of junk items never builds (or reports) one description per item.
 */
export const MAX_REJECTED_DESCRIPTIONS = 20;

/** Every item the schema reads; the first unreadable ones described (`what N: …`), any more counted. */
function readItems<T>(
  schema: z.ZodType<T>,
  items: readonly unknown[],
  what: string,
): { read: T[]; rejected: string[] } {
  const read: T[] = [];
  const rejected: string[] = [];
  let undescribed = 0;
  items.forEach((item, index) => {
    if (rejected.length < MAX_REJECTED_DESCRIPTIONS) {
      const parsed = safe(schema, item, `${what} ${index}`);
      if (parsed.ok) read.push(parsed.value);
      else rejected.push(parsed.error);
      return;
    }
    const parsed = typeof item === 'object' && item !== null ? schema.safeParse(item) : undefined;
    if (parsed?.success) read.push(parsed.data);
    else undescribed++;
  });
  if (undescribed > 0) rejected.push(`${what}s: ${undescribed} more unreadable (not described)`);
  return { read, rejected };
}

// ---------------------------------------------------------------- orders --

const sideSchema = z.enum(['BUY', 'SELL']);

export const orderUpdateSchema = z.object({
  notice: z.string().min(1),
  accountId: z.string().optional(),
  orderId: idSchema,
  clientOrderId: idSchema.nullish().catch(undefined),
  marketCode: z.string().min(1),
  side: sideSchema,
  status: z.string().min(1),
  price: decimalSchema.nullish(),
  limitPrice: decimalSchema.nullish(),
  quantity: decimalSchema,
  remainQuantity: decimalSchema.nullish(),
  orderType: z.string().min(1).optional(),
  timeInForce: z.string().optional().catch(undefined),
  timestamp: msSchema.optional(),
});
export type OxfunOrderUpdate = z.infer<typeof orderUpdateSchema>;

/** `GET /v3/orders/working` entries. */
export const workingOrderSchema = z.object({
  orderId: idSchema,
  clientOrderId: idSchema.nullish().catch(undefined),
  marketCode: z.string().min(1),
  status: z.string().min(1),
  side: sideSchema,
  price: decimalSchema.nullish(),
  quantity: decimalSchema,
  remainQuantity: decimalSchema,
  matchedQuantity: decimalSchema.nullish(),
  orderType: z.string().min(1),
  timeInForce: z.string().optional().catch(undefined),
  createdAt: msSchema,
  lastModifiedAt: msSchema.nullish(),
});
export type OxfunWorkingOrder = z.infer<typeof workingOrderSchema>;

/** `GET /v3/orders/status` data. */
export const orderStatusSchema = z.object({
  orderId: idSchema,
  clientOrderId: idSchema.nullish().catch(undefined),
  marketCode: z.string().min(1),
  status: z.string().min(1),
  side: sideSchema,
  price: decimalSchema.nullish(),
  remainQuantity: decimalSchema,
  totalQuantity: decimalSchema,
  cumulativeMatchedQuantity: decimalSchema.nullish(),
  orderType: z.string().min(1),
  createdAt: msSchema,
  lastModifiedAt: msSchema.nullish(),
});
export type OxfunOrderStatus = z.infer<typeof orderStatusSchema>;

function remainingStatus(quantity: string, remaining: string): VenueOrderStatus {
  return compare(remaining, quantity) < 0 ? 'partially_filled' : 'open';
}

/** Filled = quantity − remaining, never negative. */
function filledOf(quantity: string, remaining: string): string {
  const filled = subtract(quantity, remaining);
  return compare(filled, '0') < 0 ? '0' : filled;
}

/**
 * An order-channel close: CANCELED_BY_USER is our cancel (or the venue's
 * risk engine on the user's behalf); FILLED ends it filled; the venue's own
 * closes (maker-only, IOC/FOK remainders, self-trade prevention) end it
 * expired, not "cancelled by you".
 */
export function closeStatus(status: string, remaining: string): VenueOrderStatus {
  if (status === CLOSED_BY_USER) return 'cancelled';
  if (status === 'FILLED' || isZero(remaining)) return 'filled';
  return 'expired';
}

export function updateToVenueOrder(update: OxfunOrderUpdate, receivedAt: number): VenueOrder {
  const quantity = update.quantity;
  const fullyMatched = update.notice === 'OrderMatched' && update.status === 'FILLED';
  const remaining = update.remainQuantity ?? (fullyMatched ? '0' : quantity);
  let status: VenueOrderStatus;
  switch (update.notice) {
    case 'OrderClosed':
      status = closeStatus(update.status, remaining);
      break;
    case 'OrderMatched':
      status = fullyMatched || isZero(remaining) ? 'filled' : 'partially_filled';
      break;
    default:
      status = remainingStatus(quantity, remaining);
  }
  const at = update.timestamp ?? receivedAt;
  return {
    venueOrderId: update.orderId,
    market: update.marketCode,
    side: update.side === 'BUY' ? 'buy' : 'sell',
    type: (update.orderType ?? 'LIMIT').toLowerCase(),
    price: update.price ?? update.limitPrice ?? '0',
    quantity,
    filled: filledOf(quantity, remaining),
    remaining,
    status,
    createdAt: at,
    updatedAt: at,
    ...orderFacts({ timeInForce: update.timeInForce, clientOrderId: update.clientOrderId }),
  };
}

export function workingToVenueOrder(order: OxfunWorkingOrder): VenueOrder {
  return {
    venueOrderId: order.orderId,
    market: order.marketCode,
    side: order.side === 'BUY' ? 'buy' : 'sell',
    type: order.orderType.toLowerCase(),
    price: order.price ?? '0',
    quantity: order.quantity,
    filled: order.matchedQuantity ?? filledOf(order.quantity, order.remainQuantity),
    remaining: order.remainQuantity,
    status: remainingStatus(order.quantity, order.remainQuantity),
    createdAt: order.createdAt,
    updatedAt: order.lastModifiedAt ?? order.createdAt,
    ...orderFacts({ timeInForce: order.timeInForce, clientOrderId: order.clientOrderId }),
  };
}

/** `/v3/orders/status`: CANCELED keeps the historical remaining quantity, so "filled" is the matched part. */
export function statusToVenueOrder(order: OxfunOrderStatus): VenueOrder {
  const quantity = order.totalQuantity;
  const filled = order.cumulativeMatchedQuantity ?? filledOf(quantity, order.remainQuantity);
  let status: VenueOrderStatus;
  switch (order.status) {
    case 'FILLED':
      status = 'filled';
      break;
    case 'CANCELED':
      status = 'cancelled';
      break;
    default:
      status = isZero(filled) ? 'open' : 'partially_filled';
  }
  return {
    venueOrderId: order.orderId,
    market: order.marketCode,
    side: order.side === 'BUY' ? 'buy' : 'sell',
    type: order.orderType.toLowerCase(),
    price: order.price ?? '0',
    quantity,
    filled,
    remaining: status === 'filled' ? '0' : order.remainQuantity,
    status,
    createdAt: order.createdAt,
    updatedAt: order.lastModifiedAt ?? order.createdAt,
    ...orderFacts({ clientOrderId: order.clientOrderId }),
  };
}

// -------------------------------------------------------------- websocket --

export type OxfunWsMessage =
  | { kind: 'pong' }
  /** The greeting the server sends on connect: a top-level `nonce` and/or `event:"nonce"` (see constants). */
  | { kind: 'greeting' }
  | { kind: 'login'; success: boolean; tag?: string; code?: string; message?: string }
  | { kind: 'subscribe'; success: boolean; tag?: string; channel?: string; code?: string; message?: string }
  /**
   * One per order of a `cancelorder`/`cancelorders` message. `orderId` is what the venue echoed, which
   * may be missing or another order's (the docs' own batch failure example): match with care.
   */
  | {
      kind: 'cancelReply';
      submitted: boolean;
      tag?: string;
      orderId?: string;
      marketCode?: string;
      code?: string;
      message?: string;
    }
  | { kind: 'orders'; updates: OxfunOrderUpdate[]; rejected: string[] }
  /** The matching engine's own cancel event: a failure for one order, or a cancel-all ack. */
  | { kind: 'engineCancel'; submitted: boolean; orderId?: string; code?: string; message?: string }
  /** A command refused as a whole (bad tag, too long, not logged in, ...). */
  | { kind: 'failure'; event: string; tag?: string; code: string; message: string };

const loginReplySchema = z.object({
  event: z.literal(OPS.login),
  success: z.boolean(),
  tag: tagSchema.optional(),
  code: codeSchema.optional(),
  message: z.string().optional(),
});

const subscribeReplySchema = z.object({
  event: z.literal(OPS.subscribe),
  success: z.boolean(),
  tag: tagSchema.optional(),
  channel: z.string().optional(),
  code: codeSchema.optional(),
  message: z.string().optional(),
});

const cancelReplySchema = z.object({
  event: z.literal(CANCEL_REPLY_EVENT),
  submitted: z.boolean(),
  tag: tagSchema.optional(),
  code: codeSchema.optional(),
  message: z.string().optional(),
  data: z.object({ marketCode: z.string().nullish(), orderId: idSchema.nullish() }).nullish(),
});

const commandFailureSchema = z.object({
  event: z.string().min(1),
  success: z.literal(false),
  tag: tagSchema.optional(),
  code: codeSchema,
  message: z.string(),
});

const engineCancelSchema = z.object({
  event: z.literal(ENGINE_CANCEL_EVENT),
  submitted: z.boolean(),
  code: codeSchema.optional(),
  message: z.string().optional(),
  data: z.object({ orderId: idSchema }).optional(),
});

const orderPushSchema = z.object({
  table: z.literal(ORDER_TABLE),
  data: z.array(z.unknown()),
});

const eventSchema = z.object({ event: z.string() });

/** `{"nonce": …}` (what the docs' samples test for) or `{"event":"nonce", …}` (the event form). */
function isGreeting(value: object): boolean {
  if ('event' in value) return (value as { event: unknown }).event === GREETING_EVENT;
  return 'nonce' in value;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function parseEvent(value: unknown, event: string): ParseResult<OxfunWsMessage> {
  switch (event) {
    case OPS.login: {
      const r = safe(loginReplySchema, value, 'login reply');
      if (!r.ok) return r;
      const { success, tag, code, message } = r.value;
      return {
        ok: true,
        value: {
          kind: 'login',
          success,
          ...optional('tag', tag),
          ...optional('code', code),
          ...optional('message', message),
        },
      };
    }
    case OPS.subscribe: {
      const r = safe(subscribeReplySchema, value, 'subscribe reply');
      if (!r.ok) return r;
      const { success, tag, channel, code, message } = r.value;
      return {
        ok: true,
        value: {
          kind: 'subscribe',
          success,
          ...optional('tag', tag),
          ...optional('channel', channel),
          ...optional('code', code),
          ...optional('message', message),
        },
      };
    }
    case ENGINE_CANCEL_EVENT: {
      const r = safe(engineCancelSchema, value, 'engine cancel event');
      if (!r.ok) return r;
      const { submitted, code, message, data } = r.value;
      return {
        ok: true,
        value: {
          kind: 'engineCancel',
          submitted,
          ...optional('orderId', data?.orderId),
          ...optional('code', code),
          ...optional('message', message),
        },
      };
    }
    default:
      break;
  }
  if (event === CANCEL_REPLY_EVENT && typeof value === 'object' && value !== null && 'submitted' in value) {
    const r = safe(cancelReplySchema, value, 'cancel reply');
    if (!r.ok) return r;
    const { submitted, tag, code, message, data } = r.value;
    return {
      ok: true,
      value: {
        kind: 'cancelReply',
        submitted,
        ...optional('orderId', data?.orderId ?? undefined),
        ...optional('marketCode', data?.marketCode ?? undefined),
        ...optional('tag', tag),
        ...optional('code', code),
        ...optional('message', message),
      },
    };
  }
  const r = safe(commandFailureSchema, value, `${event.slice(0, 32)} event`);
  if (!r.ok) return r;
  const { tag, code, message } = r.value;
  return {
    ok: true,
    value: { kind: 'failure', event: r.value.event, code, message, ...optional('tag', tag) },
  };
}

/** Parses one text frame of the OX.FUN WebSocket. */
export function parseWsFrame(text: string): ParseResult<OxfunWsMessage> {
  if (text === PONG_TEXT) return { ok: true, value: { kind: 'pong' } };
  const json = tryParseJsonLossless(text);
  if (!json.ok) return { ok: false, error: 'frame is neither "pong" nor JSON' };
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'frame is not a JSON object' };
  }
  if ('table' in value) {
    const r = safe(orderPushSchema, value, 'order push');
    if (!r.ok) return r;
    const { read: updates, rejected } = readItems(orderUpdateSchema, r.value.data, 'order push item');
    return { ok: true, value: { kind: 'orders', updates, rejected } };
  }
  if (isGreeting(value)) return { ok: true, value: { kind: 'greeting' } };
  const event = eventSchema.safeParse(value);
  if (event.success) return parseEvent(value, event.data.event);
  return { ok: false, error: 'frame has neither "event" nor "table"' };
}

// ------------------------------------------------------------------- REST --

export interface RestFailure {
  code: string;
  message: string;
}

/**
 * The REST error envelope. The docs show only the code table; CCXT reads `code` (written with a
 * leading `-`) and the body's text, so only `code` is required and `success`, when present, is false.
 */
const restErrorSchema = z.object({
  success: z.literal(false).optional(),
  code: codeSchema,
  message: z.string().nullish(),
});

/** A REST error body, when the venue sent its envelope. The code is as sent (normalised by errors.ts). */
export function parseRestError(value: unknown): RestFailure | undefined {
  const parsed = restErrorSchema.safeParse(value);
  if (!parsed.success) return undefined;
  return { code: parsed.data.code, message: parsed.data.message ?? '' };
}

const workingResponseSchema = z.object({ success: z.literal(true), data: z.array(z.unknown()) });

export function parseWorkingOrders(
  value: unknown,
): ParseResult<{ orders: OxfunWorkingOrder[]; rejected: string[] }> {
  const envelope = safe(workingResponseSchema, value, 'working orders');
  if (!envelope.ok) return envelope;
  const { read: orders, rejected } = readItems(workingOrderSchema, envelope.value.data, 'working order');
  return { ok: true, value: { orders, rejected } };
}

const statusResponseSchema = z.object({ success: z.literal(true), data: z.unknown().optional() });

/**
 * `GET /v3/orders/status`. An id the venue does not know comes back as error -100005 (CCXT's table);
 * a success without `data` (or with an empty one, which CCXT's `safeDict(…, 'data', {})` tolerates)
 * says the same and reads as undefined.
 */
export function parseOrderStatus(value: unknown): ParseResult<OxfunOrderStatus | undefined> {
  const envelope = safe(statusResponseSchema, value, 'order status');
  if (!envelope.ok) return envelope;
  const data = envelope.value.data;
  if (data === undefined || data === null) return { ok: true, value: undefined };
  if (typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length === 0) {
    return { ok: true, value: undefined };
  }
  return safe(orderStatusSchema, data, 'order status');
}

export const restCancelItemSchema = z.object({
  submitted: z.boolean(),
  notice: z.string().optional(),
  orderId: idSchema.nullish(),
  clientOrderId: idSchema.nullish().catch(undefined),
  marketCode: z.string().nullish(),
  status: z.string().nullish(),
  code: codeSchema.optional(),
  message: z.string().optional(),
  quantity: decimalSchema.nullish(),
  remainQuantity: decimalSchema.nullish(),
});
export type OxfunRestCancelItem = z.infer<typeof restCancelItemSchema>;

const cancelResponseSchema = z.object({ success: z.literal(true), data: z.array(z.unknown()) });

/**
 * The items are read one by one and the first unreadable one fails the reply: a huge `data` of junk
 * costs one failed item, not one issue per element (zod's array check would describe them all).
 */
export function parseCancelResponse(value: unknown): ParseResult<OxfunRestCancelItem[]> {
  const r = safe(cancelResponseSchema, value, 'cancel response');
  if (!r.ok) return r;
  const items: OxfunRestCancelItem[] = [];
  for (const [index, item] of r.value.data.entries()) {
    const parsed = restCancelItemSchema.safeParse(item);
    if (!parsed.success) {
      return { ok: false, error: `cancel response: ${describe(parsed.error, ['data', index])}` };
    }
    items.push(parsed.data);
  }
  return { ok: true, value: items };
}

const cancelAllResponseSchema = z.object({
  success: z.literal(true),
  data: z.object({ notice: z.string() }),
});

export function parseCancelAllResponse(value: unknown): ParseResult<{ notice: string }> {
  const r = safe(cancelAllResponseSchema, value, 'cancel-all response');
  return r.ok ? { ok: true, value: r.value.data } : r;
}
