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
import { compare, isZero, subtract } from '../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../core/json.ts';
import type { VenueOrder, VenueOrderStatus } from '../../core/venue.ts';
import { orderFacts } from '../shared/order-facts.ts';
import { ALL_STATUSES, BASE_DECIMALS, ORDER_HASH_PATTERN, STREAM_EVENTS } from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The longest 1e18-base integer read: real prices and sizes are 20–30 digits (3450.12 is
 * "3450120000000000000000"), and even a uint256 (78 digits) fits; a longer one is refused before any
 * arithmetic, so a megabyte of digits costs nothing.
 */
export const MAX_SCALED_INTEGER_CHARS = 80;

/** An integer in 1e18 base, as a string; a bare JSON number would be a protocol change, refused. */
const scaledInteger = z
  .string()
  .max(MAX_SCALED_INTEGER_CHARS, { message: 'expected at most 80 characters', abort: true })
  .regex(/^-?\d+$/, { message: 'expected an integer string (1e18 base)' });
const msEpoch = z.number().int().nonnegative();

/**
 * The one place a hash is read: `0x` prefix and upper case (as a venue message or a caller may
 * write it) give the bare lowercase key the blotter files the order under, so the stream's
 * `0xABC…` finds the listed `abc…`. Undefined for anything that is not 64 hex digits.
 */
export function normaliseOrderHash(text: string): string | undefined {
  const trimmed = text.trim();
  return ORDER_HASH_PATTERN.test(trimmed) ? trimmed.replace(/^0x/i, '').toLowerCase() : undefined;
}

/** An order hash as read: `key` files the order, `wire` is what the venue wrote (sent back at cancel and lookup). */
export interface OrderHash {
  key: string;
  wire: string;
}

const orderHash = z.string().transform((wire, ctx): OrderHash => {
  const key = normaliseOrderHash(wire);
  if (key === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected 64 hex digits' });
    return z.NEVER;
  }
  return { key, wire };
});

export type BluefinOrderStatus = (typeof ALL_STATUSES)[number];

export const bluefinOrderSchema = z.object({
  id: z.union([z.number().int(), z.string()]).optional(),
  // The optional facts: an odd value drops the fact, not the order.
  clientId: z.string().nullish().catch(undefined),
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
  reduceOnly: z.boolean().optional().catch(undefined),
  postOnly: z.boolean().optional().catch(undefined),
  orderStatus: z.enum(ALL_STATUSES),
  cancelReason: z.string().nullish(),
  timeInForce: z.string().nullish().catch(undefined),
  createdAt: msEpoch,
  updatedAt: msEpoch,
});
export type BluefinOrder = z.output<typeof bluefinOrderSchema>;
/** An order as the venue writes it (the simulator serves these). */
export type BluefinWireOrder = z.input<typeof bluefinOrderSchema>;

const ordersPageSchema = z.array(z.unknown());

const authorizeResponseSchema = z.object({ token: z.string().min(1) });

const cancelItemSchema = z.object({ hash: z.string().min(1), reason: z.string().nullish() });
/**
 * Items are checked one by one after the shape (`cancelItems`): the first unreadable one fails the
 * reply, so a huge list of junk costs one failed item, not one zod issue per element.
 */
const cancelResponseSchema = z.object({
  message: z.string().optional(),
  data: z.object({
    acceptedForCancelling: z.array(z.unknown()),
    failedCancelling: z.array(z.unknown()),
  }),
});
type CancelItem = z.infer<typeof cancelItemSchema>;
export interface BluefinCancelResponse {
  message?: string | undefined;
  data: { acceptedForCancelling: CancelItem[]; failedCancelling: CancelItem[] };
}

const errorBodySchema = z.object({
  error: z.object({
    code: z.union([z.number(), z.string()]).optional(),
    message: z.string().optional(),
    data: z.unknown().optional(),
  }),
});

const frameSchema = z.object({ eventName: z.string().min(1), data: z.unknown() });
/** OrderUpdate: `{order}` (typed so in the official TS client). */
const orderEventSchema = z.object({ order: bluefinOrderSchema });
/** Reason text of a failed cancellation, under either name (no source types the payload). */
const reasonFields = z.object({ reason: z.string().nullish(), message: z.string().nullish() });
/** A payload naming only the order's hash, under either name. */
const hashOnlySchema = z.union([z.object({ orderHash }), z.object({ hash: orderHash })]);
const reversionSchema = z.object({
  orderHash,
  symbol: z.string().min(1).optional(),
  message: z.string().optional(),
  quantitySentForCancellation: scaledInteger.optional(),
});

export type BluefinStreamEvent =
  /** OrderUpdate, or an OrderCancelled that carried the order. */
  | { kind: 'order'; order: BluefinOrder }
  /** OrderCancelled naming only the hash: the order's state has to be looked up. */
  | { kind: 'cancelled'; hash: OrderHash }
  /** OrderCancellationFailed, with the order when the payload carried one. */
  | { kind: 'cancelFailed'; hash: OrderHash; order: BluefinOrder | undefined; reason: string | undefined }
  /** Settlement reverted and the sent quantity was cancelled: only the hash is known. */
  | { kind: 'reversion'; hash: OrderHash; symbol: string | undefined; message: string | undefined }
  /** Trades, positions, balances: valid frames the blotter does not use. */
  | { kind: 'ignored'; eventName: string };

/**
 * The payload shapes of `OrderCancelled` / `OrderCancellationFailed` are untyped in both official
 * clients, so any of these is read: `{order: {...}}` (as OrderUpdate), the order itself, or only
 * `{orderHash}` / `{hash}`.
 */
function orderOrHash(data: unknown): { order?: BluefinOrder; hash: OrderHash } | undefined {
  const wrapped = orderEventSchema.safeParse(data);
  if (wrapped.success) return { order: wrapped.data.order, hash: wrapped.data.order.hash };
  const flat = bluefinOrderSchema.safeParse(data);
  if (flat.success) return { order: flat.data, hash: flat.data.hash };
  const named = hashOnlySchema.safeParse(data);
  if (!named.success) return undefined;
  return { hash: 'orderHash' in named.data ? named.data.orderHash : named.data.hash };
}

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

export interface OrdersPage {
  /** The rows that read as orders. */
  orders: BluefinOrder[];
  /** Rows on the page, read or not: a full page means there may be another. */
  rows: number;
  /** Why each of the first 20 unreadable rows was skipped (field names and rules, never values), then one line counting the rest. */
  skipped: string[];
}

/**
 * At most this many unreadable rows of one page are described; the rest are counted in one last line,
 * so a flood of junk rows never builds (or reports) one description per row.
 */
export const MAX_SKIPPED_DESCRIPTIONS = 20;

/** A `GET /orders` page: the page must be an array; one odd row is skipped, never the page. */
export function parseOrdersPage(text: string): ParseResult<OrdersPage> {
  const page = parseText(text, ordersPageSchema, 'GET /orders');
  if (!page.ok) return page;
  const orders: BluefinOrder[] = [];
  const skipped: string[] = [];
  let undescribed = 0;
  page.value.forEach((row, index) => {
    if (skipped.length >= MAX_SKIPPED_DESCRIPTIONS && (typeof row !== 'object' || row === null)) {
      undescribed++;
      return;
    }
    const parsed = bluefinOrderSchema.safeParse(row);
    if (parsed.success) orders.push(parsed.data);
    else if (skipped.length < MAX_SKIPPED_DESCRIPTIONS)
      skipped.push(describe(parsed.error, `GET /orders row ${index} skipped`));
    else undescribed++;
  });
  if (undescribed > 0) skipped.push(`GET /orders: ${undescribed} more rows skipped (not described)`);
  return { ok: true, value: { orders, rows: page.value.length, skipped } };
}

export function parseAuthorizeResponse(text: string): ParseResult<{ token: string }> {
  return parseText(text, authorizeResponseSchema, 'POST /authorize');
}

export function parseCancelResponse(text: string): ParseResult<BluefinCancelResponse> {
  const reply = parseText(text, cancelResponseSchema, 'cancel reply');
  if (!reply.ok) return reply;
  const lists = { acceptedForCancelling: [] as CancelItem[], failedCancelling: [] as CancelItem[] };
  for (const name of ['acceptedForCancelling', 'failedCancelling'] as const) {
    for (const [index, item] of reply.value.data[name].entries()) {
      const parsed = cancelItemSchema.safeParse(item);
      if (!parsed.success) {
        const at = `data.${name}.${index}`;
        const issues = parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${[at, ...issue.path.map(String)].join('.')}: ${issue.message}`)
          .join('; ');
        return { ok: false, error: `cancel reply: ${issues}` };
      }
      lists[name].push(parsed.data);
    }
  }
  return {
    ok: true,
    value: { ...(reply.value.message !== undefined && { message: reply.value.message }), data: lists },
  };
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
    case STREAM_EVENTS.orderUpdate: {
      const parsed = check(orderEventSchema);
      return parsed.ok ? { ok: true, value: { kind: 'order', order: parsed.value.order } } : parsed;
    }
    case STREAM_EVENTS.orderCancelled: {
      const read = orderOrHash(data);
      if (!read) return { ok: false, error: `${eventName}: neither an order nor an order hash` };
      return {
        ok: true,
        value: read.order ? { kind: 'order', order: read.order } : { kind: 'cancelled', hash: read.hash },
      };
    }
    case STREAM_EVENTS.cancellationFailed: {
      const read = orderOrHash(data);
      if (!read) return { ok: false, error: `${eventName}: neither an order nor an order hash` };
      const fields = reasonFields.safeParse(data);
      const reason = fields.success ? (fields.data.reason ?? fields.data.message ?? undefined) : undefined;
      return { ok: true, value: { kind: 'cancelFailed', hash: read.hash, order: read.order, reason } };
    }
    case STREAM_EVENTS.cancelledOnReversion: {
      const parsed = check(reversionSchema);
      if (!parsed.ok) return parsed;
      const { orderHash: hash, symbol, message } = parsed.value;
      return { ok: true, value: { kind: 'reversion', hash, symbol, message } };
    }
    default:
      return { ok: true, value: { kind: 'ignored', eventName } };
  }
}

// --------------------------------------------------------------- mapping ---

/**
 * 1e18-base integer string → exact decimal string, as `fromScaledInteger(units, 18)` writes it, by
 * moving the point in the text (no BigInt): linear in the length, so even a megabyte of digits is cheap.
 * Throws an Error for anything but an integer string.
 */
export function fromBase18(units: string): string {
  if (typeof units !== 'string' || !/^-?\d+$/.test(units)) {
    throw new Error(`not an integer string: ${JSON.stringify(String(units).slice(0, 40))}`);
  }
  const negative = units.startsWith('-');
  const digits = (negative ? units.slice(1) : units)
    .replace(/^0+(?=\d)/, '')
    .padStart(BASE_DECIMALS + 1, '0');
  const whole = digits.slice(0, digits.length - BASE_DECIMALS);
  const fraction = digits.slice(digits.length - BASE_DECIMALS).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
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
    venueOrderId: order.hash.key,
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
    ...orderFacts({
      timeInForce: order.timeInForce,
      reduceOnly: order.reduceOnly,
      postOnly: order.postOnly,
      clientOrderId: order.clientId,
    }),
  };
}
