/**
 * Runtime validation of every Bluefin message and the mapping to the core's
 * `VenueOrder`. Parsers return a result, never throw: a bad frame must not
 * take down the socket handler. Failure descriptions name fields and rules,
 * never values, so nothing the venue echoes back (or a token) leaks into logs.
 *
 * Prices and sizes arrive as integer strings in 1e18 base and leave as exact
 * decimal strings (BigInt via core/decimal), never through a float.
 */
import { z } from 'zod';
import { compare, fromScaledInteger, isZero, subtract } from '../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../core/json.ts';
import type { VenueErrorCategory, VenueOrder, VenueOrderStatus } from '../../core/venue.ts';
import { ALL_STATUSES, BASE_DECIMALS, STREAM_EVENTS } from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** An integer in 1e18 base, as a string; a bare JSON number would be a protocol change, refused. */
const scaledInteger = z.string().regex(/^-?\d+$/, { message: 'expected an integer string (1e18 base)' });
const msEpoch = z.number().int().nonnegative();
const orderHash = z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected 64 lowercase hex digits' });

export type BluefinOrderStatus = (typeof ALL_STATUSES)[number];

export const bluefinOrderSchema = z.object({
  id: z.union([z.number().int(), z.string()]).optional(),
  clientId: z.string().nullish(),
  hash: orderHash,
  symbol: z.string().min(1),
  orderType: z.string().min(1),
  side: z.enum(['BUY', 'SELL']),
  price: scaledInteger,
  quantity: scaledInteger,
  filledQty: scaledInteger,
  openQty: scaledInteger.optional(),
  avgFillPrice: scaledInteger.optional(),
  leverage: scaledInteger.optional(),
  reduceOnly: z.boolean().optional(),
  postOnly: z.boolean().optional(),
  orderStatus: z.enum(ALL_STATUSES),
  cancelReason: z.string().nullish(),
  timeInForce: z.string().nullish(),
  createdAt: msEpoch,
  updatedAt: msEpoch,
});
export type BluefinOrder = z.infer<typeof bluefinOrderSchema>;

const ordersPageSchema = z.array(bluefinOrderSchema);

const authorizeResponseSchema = z.object({ token: z.string().min(1) });

const cancelItemSchema = z.object({ hash: z.string().min(1), reason: z.string().nullish() });
const cancelResponseSchema = z.object({
  message: z.string().optional(),
  data: z.object({
    acceptedForCancelling: z.array(cancelItemSchema),
    failedCancelling: z.array(cancelItemSchema),
  }),
});
export type BluefinCancelResponse = z.infer<typeof cancelResponseSchema>;

const errorBodySchema = z.object({
  error: z.object({
    code: z.union([z.number(), z.string()]).optional(),
    message: z.string().optional(),
    data: z.unknown().optional(),
  }),
});

const frameSchema = z.object({ eventName: z.string().min(1), data: z.unknown() });
const orderEventSchema = z.object({ order: bluefinOrderSchema });
const cancellationFailedSchema = z.object({
  order: bluefinOrderSchema,
  message: z.string().optional(),
  reason: z.string().optional(),
});
const reversionSchema = z.object({
  orderHash,
  symbol: z.string().min(1),
  message: z.string().optional(),
  quantitySentForCancellation: scaledInteger.optional(),
});

export type BluefinStreamEvent =
  /** OrderUpdate, or OrderCancelled (assumed to carry the same `{order}`). */
  | { kind: 'order'; order: BluefinOrder }
  | { kind: 'cancelFailed'; order: BluefinOrder; reason: string | undefined }
  /** Settlement reverted and the sent quantity was cancelled: only the hash is known. */
  | { kind: 'reversion'; orderHash: string; symbol: string; message: string | undefined }
  /** Trades, positions, balances: valid frames the blotter does not use. */
  | { kind: 'ignored'; eventName: string };

function describe(error: z.ZodError, what: string): string {
  const issues = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return `${what}: ${issues}`;
}

function parseText<T>(text: string, schema: z.ZodType<T>, what: string): ParseResult<T> {
  const json = tryParseJsonLossless(text);
  if (!json.ok) return { ok: false, error: `${what}: not JSON` };
  const parsed = schema.safeParse(json.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: describe(parsed.error, what) };
}

export function parseOrdersPage(text: string): ParseResult<BluefinOrder[]> {
  return parseText(text, ordersPageSchema, 'GET /orders');
}

export function parseAuthorizeResponse(text: string): ParseResult<{ token: string }> {
  return parseText(text, authorizeResponseSchema, 'POST /authorize');
}

export function parseCancelResponse(text: string): ParseResult<BluefinCancelResponse> {
  return parseText(text, cancelResponseSchema, 'cancel reply');
}

/** The venue's `{error:{code,message}}` envelope, or undefined when the body is something else. */
export function parseErrorBody(text: string): { code?: string; message?: string } | undefined {
  const json = tryParseJsonLossless(text);
  if (!json.ok) return undefined;
  const parsed = errorBodySchema.safeParse(json.value);
  if (!parsed.success) return undefined;
  const { code, message } = parsed.data.error;
  return { ...(code !== undefined && { code: String(code) }), ...(message !== undefined && { message }) };
}

export function parseStreamFrame(text: string): ParseResult<BluefinStreamEvent> {
  const frame = parseText(text, frameSchema, 'stream frame');
  if (!frame.ok) return frame;
  const { eventName, data } = frame.value;
  const check = <T>(schema: z.ZodType<T>): ParseResult<T> => {
    const parsed = schema.safeParse(data);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, error: describe(parsed.error, eventName) };
  };
  switch (eventName) {
    case STREAM_EVENTS.orderUpdate:
    case STREAM_EVENTS.orderCancelled: {
      const parsed = check(orderEventSchema);
      return parsed.ok ? { ok: true, value: { kind: 'order', order: parsed.value.order } } : parsed;
    }
    case STREAM_EVENTS.cancellationFailed: {
      const parsed = check(cancellationFailedSchema);
      if (!parsed.ok) return parsed;
      const reason = parsed.value.reason ?? parsed.value.message;
      return { ok: true, value: { kind: 'cancelFailed', order: parsed.value.order, reason } };
    }
    case STREAM_EVENTS.cancelledOnReversion: {
      const parsed = check(reversionSchema);
      if (!parsed.ok) return parsed;
      const { orderHash: hash, symbol, message } = parsed.value;
      return { ok: true, value: { kind: 'reversion', orderHash: hash, symbol, message } };
    }
    default:
      return { ok: true, value: { kind: 'ignored', eventName } };
  }
}

// --------------------------------------------------------------- mapping ---

/** 1e18-base integer string → exact decimal string. */
export function fromBase18(units: string): string {
  return fromScaledInteger(units, BASE_DECIMALS);
}

const STATUS_MAP: Readonly<Record<BluefinOrderStatus, VenueOrderStatus>> = {
  PENDING: 'open',
  OPEN: 'open',
  STAND_BY_PENDING: 'open',
  STAND_BY: 'open',
  PARTIAL_FILLED: 'partially_filled',
  CANCELLING: 'cancelling',
  CANCELLED: 'cancelled',
  FILLED: 'filled',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
};

export function toVenueOrder(order: BluefinOrder): VenueOrder {
  const quantity = fromBase18(order.quantity);
  const filled = fromBase18(order.filledQty);
  const left = subtract(quantity, filled);
  let status = STATUS_MAP[order.orderStatus];
  if (status === 'open' && !isZero(filled)) status = 'partially_filled';
  return {
    venueOrderId: order.hash,
    market: order.symbol,
    side: order.side === 'BUY' ? 'buy' : 'sell',
    type: order.orderType.toLowerCase(),
    price: fromBase18(order.price),
    quantity,
    filled,
    remaining: compare(left, '0') < 0 ? '0' : left,
    status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/**
 * How a per-hash `failedCancelling` reason reads in the engine's terms.
 * (assumed) The venue's reason strings are not documented; gone orders are
 * reconciled, settlement races retried, anything else shown on the row.
 */
export function failedReasonCategory(reason: string): VenueErrorCategory {
  if (/not found|does not exist|already (cancel|fill|expire)|unknown order/i.test(reason)) return 'not_found';
  if (/settl|being filled|in progress/i.test(reason)) return 'conflict';
  return 'rejected';
}
