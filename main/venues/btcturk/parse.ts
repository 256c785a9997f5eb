/**
 * Runtime validation of every BTCTurk message and the mapping to the core's
 * `VenueOrder`. Parsers return a result, never throw: a bad frame must not
 * take down a socket handler. Failure descriptions name fields and rules,
 * never values. Bodies go through the lossless JSON parser, so order ids past
 * 2^53 and decimal numbers arrive as their exact source text.
 */
import { z } from 'zod';
import { compare, isDecimalString, subtract } from '../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../core/json.ts';
import type { VenueOrder, VenueOrderStatus } from '../../core/venue.ts';
import { orderFacts } from '../shared/order-facts.ts';
import {
  WS_ORDER_METHODS,
  WS_ORDER_TYPE_SIDES,
  WS_TYPE_LOGIN,
  WS_TYPE_ORDER_DELETE,
  WS_TYPE_ORDER_INSERT,
  WS_TYPE_ORDER_MATCH,
  WS_TYPE_ORDER_UPDATE,
  WS_TYPE_USER_TRADE,
  WS_TYPE_WELCOME,
} from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

// --------------------------------------------------------------- fields ---

/** Order ids: a safe integer, or (from the lossless parser) the exact digits of a bigger one. */
const idField = z
  .union([
    z.number().int().nonnegative(),
    z.string().regex(/^\d{1,30}$/, { message: 'expected up to 30 digits' }),
  ])
  .transform((value) => String(value));

/** Longest decimal text read (prices and amounts come nowhere near it): no arithmetic on a runaway string. */
const MAX_DECIMAL_LENGTH = 60;

/**
 * Prices and amounts: BTCTurk sends strings, sometimes bare numbers. The
 * lossless parser hands non-integers back as their source text, so both
 * arrive exact; they are carried as the venue wrote them.
 */
const decimalField = z
  .union([
    z.string().max(MAX_DECIMAL_LENGTH).refine(isDecimalString, { message: 'expected a decimal string' }),
    z.number().int(),
  ])
  .transform((value) => String(value));

/** ms epoch as a number or a digit string (both occur in BTCTurk's examples). */
const msField = z
  .union([
    z.number().int().nonnegative(),
    z.string().regex(/^\d{1,16}$/, { message: 'expected up to 16 digits' }),
  ])
  .transform((value) => Number(value))
  // Never Infinity or a rounded time: a number beyond 2^53 is not a time this venue sends.
  .refine((value) => Number.isSafeInteger(value), { message: 'not a safe integer time' });

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): ParseResult<T> {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: `${what}: ${issuesText(parsed.error)}` };
}

function parseText(text: string, what: string): ParseResult<unknown> {
  const json = tryParseJsonLossless(text);
  return json.ok ? { ok: true, value: json.value } : { ok: false, error: `${what}: not JSON` };
}

/** Sell amounts may come signed; the blotter carries sizes unsigned with the side alongside. */
function unsigned(value: string): string {
  return value.startsWith('-') ? value.slice(1) : value;
}

/** filled = quantity − remaining, never below zero (a venue rounding must not show a negative fill). */
function filledOf(quantity: string, remaining: string): string {
  const filled = subtract(quantity, remaining);
  return compare(filled, '0') < 0 ? '0' : filled;
}

// -------------------------------------------------------------- envelope ---

const envelopeSchema = z.object({
  success: z.boolean(),
  message: z.string().nullable().optional(),
  code: z
    .union([z.number().int(), z.string().regex(/^-?\d{1,9}$/)])
    .transform((value) => Number(value))
    .refine((value) => Number.isSafeInteger(value), { message: 'not a safe integer code' }),
  data: z.unknown().optional(),
});
export type BtcturkEnvelope = z.infer<typeof envelopeSchema>;

/** `{success, message, code, data}` — every REST answer, success or error. */
export function parseEnvelope(text: string): ParseResult<BtcturkEnvelope> {
  const json = parseText(text, 'envelope');
  return json.ok ? validate(envelopeSchema, json.value, 'envelope') : json;
}

// ---------------------------------------------------------------- orders ---

export const BTCTURK_ORDER_STATUSES = ['Untouched', 'Partial', 'Canceled', 'Closed'] as const;
export type BtcturkOrderStatus = (typeof BTCTURK_ORDER_STATUSES)[number];

/**
 * One order as `GET /api/v1/openOrders` and `GET /api/v1/order/{id}` show it
 * (docs.btcturk.com, ccxt's parseOrder). Required: what a blotter row cannot
 * do without; the rest may be absent. `amount` or `quantity` gives the size
 * (ccxt reads either), `time` / `updateTime` the times.
 */
export const btcturkOrderSchema = z
  .object({
    id: idField,
    price: decimalField,
    amount: decimalField.optional(),
    quantity: decimalField.optional(),
    stopPrice: decimalField.nullable().optional(),
    pairSymbol: z.string().min(1),
    pairSymbolNormalized: z.string().optional(),
    type: z.enum(['buy', 'sell']),
    method: z.string().min(1).optional(),
    // An odd client id drops the fact, not the order.
    orderClientId: z.string().nullable().optional().catch(undefined),
    time: msField.optional(),
    updateTime: msField.optional(),
    status: z.enum(BTCTURK_ORDER_STATUSES),
    leftAmount: decimalField,
  })
  .refine((order) => order.amount !== undefined || order.quantity !== undefined, {
    message: 'amount or quantity missing',
    path: ['quantity'],
  });
export type BtcturkOrder = z.infer<typeof btcturkOrderSchema>;

const openOrdersDataSchema = z.object({
  asks: z.array(z.unknown()),
  bids: z.array(z.unknown()),
});

/** A listing: the rows it could read, and a value-free description of each row it skipped. */
export interface OpenOrdersListing {
  orders: BtcturkOrder[];
  skipped: string[];
}

/**
 * `data` of `GET /api/v1/openOrders`: asks then bids. A page that is not
 * `{asks, bids}` fails; one row that cannot be read is skipped and reported,
 * so one odd order never hides all the others.
 */
export function parseOpenOrders(data: unknown): ParseResult<OpenOrdersListing> {
  const page = validate(openOrdersDataSchema, data, 'openOrders');
  if (!page.ok) return page;
  const orders: BtcturkOrder[] = [];
  const skipped: string[] = [];
  let unreadable = 0;
  for (const side of ['asks', 'bids'] as const) {
    page.value[side].forEach((row, index) => {
      const order = validate(btcturkOrderSchema, row, `openOrders ${side}.${index}`);
      if (order.ok) orders.push(order.value);
      else {
        unreadable += 1;
        // A flood of junk rows is described once, not 500k times.
        if (unreadable <= DESCRIBED_SKIPPED_ROWS) skipped.push(order.error);
      }
    });
  }
  if (unreadable > DESCRIBED_SKIPPED_ROWS) {
    skipped.push(`…and ${unreadable - DESCRIBED_SKIPPED_ROWS} more rows skipped (not described)`);
  }
  return { ok: true, value: { orders, skipped } };
}

/** Unreadable listing rows described one by one; the rest are counted. */
const DESCRIBED_SKIPPED_ROWS = 20;

/** `data` of `GET /api/v1/order/{id}`: the same order object, in any status. */
export function parseSingleOrder(data: unknown): ParseResult<BtcturkOrder> {
  return validate(btcturkOrderSchema, data, 'order');
}

const STATUS_MAP: Record<BtcturkOrderStatus, VenueOrderStatus> = {
  Untouched: 'open',
  Partial: 'partially_filled',
  Canceled: 'cancelled',
  Closed: 'filled',
};

/** `now` stands in for times the venue left out. */
export function restOrderToVenueOrder(order: BtcturkOrder, now = Date.now()): VenueOrder {
  const quantity = unsigned(order.quantity ?? order.amount ?? '0');
  const updatedAt = order.updateTime ?? order.time ?? now;
  // Closed = fully filled, whatever `leftAmount` still says.
  const remaining = order.status === 'Closed' ? '0' : unsigned(order.leftAmount);
  return {
    venueOrderId: order.id,
    market: order.pairSymbol,
    side: order.type,
    type: order.method ?? 'limit',
    price: order.price,
    quantity,
    filled: filledOf(quantity, remaining),
    remaining,
    status: STATUS_MAP[order.status],
    // `time` is 0 on some listings; the update time is the best creation time there is then.
    createdAt: order.time !== undefined && order.time > 0 ? order.time : updatedAt,
    updatedAt,
    ...orderFacts({ clientOrderId: order.orderClientId }),
  };
}

// ------------------------------------------------------------- websocket ---

/**
 * 451 OrderInsert / 452 OrderDelete / 453 OrderUpdate share one model. The
 * only public field list (BTCTrader's WebSocket Feed manual 2.4.0) shows
 * {type, pairId, symbol, id, method, userId, price, amount}; client models
 * (BtcTurkApiCore) add `orderType` (side), `numLeft`, `denomLeft` and name
 * 451's method `orderMethod`. Only `id` is required; whatever is missing is
 * filled from the listing or a lookup.
 */
const wsOrderSchema = z.object({
  id: idField,
  symbol: z.string().min(1).optional(),
  price: decimalField.optional(),
  amount: decimalField.optional(),
  numLeft: decimalField.optional(),
  orderType: z
    .number()
    .int()
    .min(0)
    .max(WS_ORDER_TYPE_SIDES.length - 1)
    .optional(),
  method: z.number().int().nonnegative().optional(),
  orderMethod: z.number().int().nonnegative().optional(),
  pairId: z.number().int().optional(),
  userId: idField.optional(),
  denomLeft: decimalField.optional(),
  newOrderClientId: z.string().nullable().optional(),
});
type WsOrderRaw = z.infer<typeof wsOrderSchema>;

/** A 451/452/453 as far as the frame tells it; absent fields stay absent. */
export interface WsOrder {
  id: string;
  market?: string;
  side?: 'buy' | 'sell';
  method?: string;
  price?: string;
  /** The `amount` field (assumed: the order's original size). */
  amount?: string;
  /** `numLeft`: what is left to fill, where the frame has it. */
  left?: string;
}

function toWsOrder(raw: WsOrderRaw): WsOrder {
  const methodIndex = raw.method ?? raw.orderMethod;
  return {
    id: raw.id,
    ...(raw.symbol !== undefined && { market: raw.symbol }),
    ...(raw.orderType !== undefined && { side: WS_ORDER_TYPE_SIDES[raw.orderType] }),
    ...(methodIndex !== undefined && {
      method: WS_ORDER_METHODS[methodIndex] ?? `method-${methodIndex}`,
    }),
    ...(raw.price !== undefined && { price: raw.price }),
    ...(raw.amount !== undefined && { amount: unsigned(raw.amount) }),
    ...(raw.numLeft !== undefined && { left: unsigned(raw.numLeft) }),
  };
}

/** 441 UserOrderMatch: one fill of one of our orders; `amount` is the size of this fill. */
const wsMatchSchema = z.object({
  id: idField,
  symbol: z.string().min(1),
  isBid: z.boolean(),
  price: decimalField,
  amount: decimalField,
  timestamp: msField.optional(),
  method: z.number().int().optional(),
  clientId: z.string().nullable().optional(),
});

/** 423 UserTrade: the trade record of a fill (441 carries the same fill for the order). */
const wsTradeSchema = z.object({
  id: idField,
  orderId: idField,
  amount: decimalField,
  price: decimalField,
  timestamp: msField.optional(),
  numeratorSymbol: z.string().optional(),
  denominatorSymbol: z.string().optional(),
  orderType: z.string().optional(),
  orderClientId: z.string().nullable().optional(),
});

const loginResultSchema = z.object({
  type: z.literal(WS_TYPE_LOGIN).optional(),
  ok: z.boolean(),
  message: z.string().nullable().optional(),
});

export type BtcturkStreamMessage =
  | { kind: 'welcome' }
  | { kind: 'login'; ok: boolean; message: string }
  | { kind: 'orderInsert' | 'orderDelete' | 'orderUpdate'; order: WsOrder }
  | {
      kind: 'orderMatch';
      orderId: string;
      market: string;
      side: 'buy' | 'sell';
      price: string;
      amount: string;
    }
  | { kind: 'userTrade'; orderId: string; amount: string }
  /** A frame type the blotter does not use (public channels, results of other requests). */
  | { kind: 'other'; type: number };

const frameSchema = z.tuple([z.number().int(), z.record(z.string(), z.unknown())]);

const ORDER_KINDS = {
  [WS_TYPE_ORDER_INSERT]: 'orderInsert',
  [WS_TYPE_ORDER_DELETE]: 'orderDelete',
  [WS_TYPE_ORDER_UPDATE]: 'orderUpdate',
} as const;

/** A `[type, payload]` frame from the WebSocket. */
export function parseStreamFrame(text: string): ParseResult<BtcturkStreamMessage> {
  const json = parseText(text, 'frame');
  if (!json.ok) return json;
  const frame = validate(frameSchema, json.value, 'frame');
  if (!frame.ok) return frame;
  const [type, payload] = frame.value;
  switch (type) {
    case WS_TYPE_WELCOME:
      return { ok: true, value: { kind: 'welcome' } };
    case WS_TYPE_LOGIN: {
      const login = validate(loginResultSchema, payload, 'login result');
      return login.ok
        ? { ok: true, value: { kind: 'login', ok: login.value.ok, message: login.value.message ?? '' } }
        : login;
    }
    case WS_TYPE_ORDER_INSERT:
    case WS_TYPE_ORDER_DELETE:
    case WS_TYPE_ORDER_UPDATE: {
      const order = validate(wsOrderSchema, payload, `event ${type}`);
      return order.ok
        ? { ok: true, value: { kind: ORDER_KINDS[type], order: toWsOrder(order.value) } }
        : order;
    }
    case WS_TYPE_ORDER_MATCH: {
      const match = validate(wsMatchSchema, payload, `event ${type}`);
      if (!match.ok) return match;
      const { id, symbol, isBid, price, amount } = match.value;
      return {
        ok: true,
        value: {
          kind: 'orderMatch',
          orderId: id,
          market: symbol,
          side: isBid ? 'buy' : 'sell',
          price,
          amount: unsigned(amount),
        },
      };
    }
    case WS_TYPE_USER_TRADE: {
      const trade = validate(wsTradeSchema, payload, `event ${type}`);
      return trade.ok
        ? {
            ok: true,
            value: { kind: 'userTrade', orderId: trade.value.orderId, amount: unsigned(trade.value.amount) },
          }
        : trade;
    }
    default:
      return { ok: true, value: { kind: 'other', type } };
  }
}

// ------------------------------------------------ client → server (sim) ---

export const wsLoginRequestSchema = z.tuple([
  z.literal(WS_TYPE_LOGIN),
  z.object({
    type: z.literal(WS_TYPE_LOGIN),
    publicKey: z.string().min(1),
    timestamp: z.number().int().nonnegative(),
    nonce: z.number().int(),
    signature: z.string().min(1),
  }),
]);
export type WsLoginRequest = z.infer<typeof wsLoginRequestSchema>[1];

/** A client's frame as the simulator reads it (login is the only one it acts on). */
export function parseClientFrame(text: string): ParseResult<WsLoginRequest | { type: number }> {
  const json = parseText(text, 'client frame');
  if (!json.ok) return json;
  const frame = validate(frameSchema, json.value, 'client frame');
  if (!frame.ok) return frame;
  if (frame.value[0] !== WS_TYPE_LOGIN) return { ok: true, value: { type: frame.value[0] } };
  const login = validate(wsLoginRequestSchema, json.value, 'login request');
  return login.ok ? { ok: true, value: login.value[1] } : login;
}
