/**
 * Zod schemas for every CoinW message the blotter reads, and their mapping to
 * the core's `VenueOrder`. Bodies are parsed with `parseJsonLossless`, so ids
 * above 2^53 (bare JSON numbers on the wire) arrive here as exact strings.
 * Nothing in this file throws into a caller: every parser returns a result.
 */
import { z } from 'zod';
import { compare, isDecimalString, isZero, subtract } from '../../../preload/decimal.ts';
import { tryParseJsonLossless } from '../../core/json.ts';
import type { VenueOrder, VenueOrderStatus } from '../../core/venue.ts';
import {
  CANCELLED_STATUSES,
  FILLED_STATUSES,
  OPEN_STATUSES,
  PARTIAL_STATUSES,
  WS_CHANNEL_LOGIN,
  WS_CHANNEL_SUBSCRIBE,
  WS_EVENT_PONG,
  WS_TYPE_ORDER,
} from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * An order id: a digit string, or a safe-integer JSON number (larger ones already came back as strings).
 * CoinW ids are integers (19 digits today): a leading zero ("007") is no id the venue writes, and it
 * could not go back on the wire as a JSON number, so it is refused ("0" itself is an integer).
 */
export const ORDER_ID_PATTERN = /^(0|[1-9]\d{0,29})$/;

export const orderIdSchema = z.union([
  z.string().regex(ORDER_ID_PATTERN, 'order id must be digits without a leading zero'),
  z
    .number()
    .int()
    .nonnegative()
    .transform((value) => String(value)),
]);

/**
 * The longest decimal text read (sign, digits and point). Real prices and sizes are a dozen or two
 * characters; a longer one is refused before any arithmetic, so a megabyte of digits costs nothing.
 */
export const MAX_DECIMAL_CHARS = 60;

/** A decimal as a string, from a JSON string or number (non-integers arrive as their exact source text). */
const decimalSchema = z
  .union([
    z.string().max(MAX_DECIMAL_CHARS, { abort: true }),
    z.number().refine(Number.isSafeInteger, 'unsafe number'),
  ])
  .transform((value) => String(value))
  .refine(isDecimalString, 'not a decimal');

/**
 * A count or code written as digits: at most 16 of them and a safe integer, else refused (never
 * rounded, never Infinity). `z.number().int()` already refuses unsafe numbers.
 */
function safeDigits(pattern: RegExp) {
  return z
    .string()
    .max(17, { abort: true })
    .regex(pattern)
    .transform(Number)
    .refine(Number.isSafeInteger, 'not a safe integer');
}

/** Milliseconds since the epoch: a safe integer, as a number or its digits (16 at most). */
const millisSchema = z.union([z.number().int().nonnegative(), safeDigits(/^\d{1,16}$/)]);

const codeSchema = z.union([z.number().int(), safeDigits(/^-?\d{1,16}$/)]);

/** The `{code,msg,data}` envelope of every REST reply; `code != 0` is an error even with HTTP 200. */
export const envelopeSchema = z.object({
  code: codeSchema,
  msg: z.string().nullish(),
  data: z.unknown().optional(),
});
export type CoinwEnvelope = z.infer<typeof envelopeSchema>;

/**
 * One order as the listings, the history and the stream carry it. Only what every source shows is
 * required (id, instrument, direction, totalPiece, orderStatus); everything else may be absent or
 * null. Extra fields are ignored. The status is any string here: `classifyStatus` decides.
 */
export const orderRowSchema = z.object({
  id: orderIdSchema,
  instrument: z.string().min(1).max(40),
  direction: z.enum(['long', 'short']),
  totalPiece: decimalSchema,
  orderStatus: z.string().min(1).max(40),
  orderPrice: decimalSchema.nullish(),
  triggerPrice: decimalSchema.nullish(),
  currentPiece: decimalSchema.nullish(),
  tradePiece: decimalSchema.nullish(),
  posType: z.string().min(1).max(40).nullish(),
  originalType: z.string().min(1).max(40).nullish(),
  /** `open` (opens a position) or `close`/`closed` (CoinW.Net OpenStatus); with `direction` it gives the side. */
  status: z.string().max(20).nullish(),
  createdDate: millisSchema.nullish(),
  updatedDate: millisSchema.nullish(),
});
export type CoinwOrderRow = z.infer<typeof orderRowSchema>;

export type CoinwStatusMeaning = 'open' | 'partial' | 'filled' | 'cancelled';

/** What a venue status means, or undefined for one no source explains (e.g. `markerChange`). */
export function classifyStatus(status: string): CoinwStatusMeaning | undefined {
  if (OPEN_STATUSES.includes(status)) return 'open';
  if (PARTIAL_STATUSES.includes(status)) return 'partial';
  if (FILLED_STATUSES.includes(status)) return 'filled';
  if (CANCELLED_STATUSES.includes(status)) return 'cancelled';
  return undefined;
}

/** A row the blotter can use: validated, with a status it understands. */
export interface CoinwOrder extends CoinwOrderRow {
  meaning: CoinwStatusMeaning;
}

/** One row; an unreadable row or an unexplained status is an error naming the row, never quoting it. */
export function parseOrderRow(raw: unknown): ParseResult<CoinwOrder> {
  const parsed = orderRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `${rowLabel(raw)}: ${issuesText(parsed.error)}` };
  const meaning = classifyStatus(parsed.data.orderStatus);
  if (!meaning) {
    return {
      ok: false,
      error: `${rowLabel(raw)}: unknown orderStatus ${JSON.stringify(parsed.data.orderStatus.slice(0, 40))}`,
    };
  }
  return { ok: true, value: { ...parsed.data, meaning } };
}

/**
 * At most this many unreadable rows of one listing or push are described; the rest are counted in one
 * last line, so a flood of junk rows never builds (or reports) one description per row.
 */
export const MAX_SKIPPED_DESCRIPTIONS = 20;

/** The row when it reads, without building any description (rows past the described ones). */
function readRowQuietly(raw: unknown): CoinwOrder | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const parsed = orderRowSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const meaning = classifyStatus(parsed.data.orderStatus);
  return meaning ? { ...parsed.data, meaning } : undefined;
}

/**
 * Every readable row; the first unreadable ones are described in `skipped` (for `malformed`), any more
 * in one line "N more rows (not described)", so one odd row fails nothing and a flood costs little.
 */
export function parseOrderRows(raws: readonly unknown[]): { rows: CoinwOrder[]; skipped: string[] } {
  const rows: CoinwOrder[] = [];
  const skipped: string[] = [];
  let undescribed = 0;
  for (const raw of raws) {
    if (skipped.length < MAX_SKIPPED_DESCRIPTIONS) {
      const row = parseOrderRow(raw);
      if (row.ok) rows.push(row.value);
      else skipped.push(row.error);
      continue;
    }
    const row = readRowQuietly(raw);
    if (row) rows.push(row);
    else undescribed++;
  }
  if (undescribed > 0) skipped.push(`${undescribed} more rows (not described)`);
  return { rows, skipped };
}

/** "row 33308741701971947" when the id is readable, "row without a readable id" otherwise. */
function rowLabel(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = orderIdSchema.safeParse((raw as { id: unknown }).id);
    if (id.success) return `row ${id.data}`;
  }
  return 'row without a readable id';
}

const totalSchema = z.union([z.number().int().nonnegative(), safeDigits(/^\d{1,16}$/)]);

/** A page as `orders/open` and `orders/history` send it; rows are checked one by one afterwards. */
export const orderPageSchema = z.object({
  rows: z.array(z.unknown()),
  total: totalSchema.nullish(),
  nextId: z.unknown().optional(),
  prevId: z.unknown().optional(),
});

/** Rows of a listing still unchecked, and the venue's total when it sent one. */
export interface CoinwListing {
  rows: unknown[];
  total?: number;
}

/**
 * A listing's `data` in either shape the sources show: a bare array (`GET /v1/perpum/order`,
 * CoinW.Net) or a page `{rows,total}` (`orders/open`, `orders/history`, the docs). `null` is an empty
 * listing (a venue with nothing to list may send it).
 */
export function parseListing(data: unknown): ParseResult<CoinwListing> {
  if (data === null || data === undefined) return { ok: true, value: { rows: [] } };
  if (Array.isArray(data)) return { ok: true, value: { rows: data } };
  const page = orderPageSchema.safeParse(data);
  if (!page.success) return { ok: false, error: `listing: ${issuesText(page.error)}` };
  return {
    ok: true,
    value: { rows: page.data.rows, ...(page.data.total != null && { total: page.data.total }) },
  };
}

/** Decodes a REST body into the envelope. */
export function parseEnvelope(text: string): ParseResult<CoinwEnvelope> {
  const json = tryParseJsonLossless(text);
  if (!json.ok) return { ok: false, error: `invalid JSON: ${json.error}` };
  const parsed = envelopeSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: issuesText(parsed.error) };
  return { ok: true, value: parsed.data };
}

// ------------------------------------------------------------- websocket ---

const wsResultSchema = z.object({
  result: z.boolean(),
  errorCode: codeSchema.nullish(),
  errorMsg: z.string().nullish(),
});

export type CoinwStreamMessage =
  | { kind: 'pong' }
  | { kind: 'login'; ok: boolean; code?: number; message?: string }
  | { kind: 'subscribed'; ok: boolean; type: string; code?: number; message?: string }
  /** An order push: the readable rows, and a description of each row that was not. */
  | { kind: 'orders'; orders: CoinwOrder[]; skipped: string[] }
  /** A well-formed frame the blotter has no use for (other topics). */
  | { kind: 'other' };

const pongSchema = z.object({ event: z.literal(WS_EVENT_PONG) });
const loginReplySchema = z.object({ channel: z.literal(WS_CHANNEL_LOGIN), data: wsResultSchema });
const subscribeReplySchema = z.object({
  channel: z.literal(WS_CHANNEL_SUBSCRIBE),
  type: z.string().optional(),
  data: wsResultSchema,
});
const orderPushSchema = z.object({
  biz: z.string(),
  type: z.literal(WS_TYPE_ORDER),
  pairCode: z.string().optional(),
  data: z.array(z.unknown()),
});
const anyFrameSchema = z.looseObject({});

export function parseStreamMessage(text: string): ParseResult<CoinwStreamMessage> {
  const json = tryParseJsonLossless(text);
  if (!json.ok) return { ok: false, error: `invalid JSON frame: ${json.error}` };
  const value = json.value;
  if (!anyFrameSchema.safeParse(value).success) return { ok: false, error: 'frame is not a JSON object' };
  const frame = value as Record<string, unknown>;
  if (frame.event === WS_EVENT_PONG) {
    return pongSchema.safeParse(frame).success
      ? { ok: true, value: { kind: 'pong' } }
      : { ok: false, error: 'bad pong' };
  }
  if (frame.channel === WS_CHANNEL_LOGIN) {
    const parsed = loginReplySchema.safeParse(frame);
    if (!parsed.success) return { ok: false, error: `login reply: ${issuesText(parsed.error)}` };
    const { result, errorCode, errorMsg } = parsed.data.data;
    return { ok: true, value: { kind: 'login', ok: result, ...optionalError(errorCode, errorMsg) } };
  }
  if (frame.channel === WS_CHANNEL_SUBSCRIBE) {
    const parsed = subscribeReplySchema.safeParse(frame);
    if (!parsed.success) return { ok: false, error: `subscribe reply: ${issuesText(parsed.error)}` };
    const { result, errorCode, errorMsg } = parsed.data.data;
    return {
      ok: true,
      value: {
        kind: 'subscribed',
        ok: result,
        type: parsed.data.type ?? '',
        ...optionalError(errorCode, errorMsg),
      },
    };
  }
  if (frame.type === WS_TYPE_ORDER) {
    const parsed = orderPushSchema.safeParse(frame);
    if (!parsed.success) return { ok: false, error: `order push: ${issuesText(parsed.error)}` };
    const { rows, skipped } = parseOrderRows(parsed.data.data);
    return { ok: true, value: { kind: 'orders', orders: rows, skipped } };
  }
  if (typeof frame.type === 'string' || typeof frame.channel === 'string')
    return { ok: true, value: { kind: 'other' } };
  return { ok: false, error: 'unrecognised frame' };
}

function optionalError(
  code: number | null | undefined,
  message: string | null | undefined,
): { code?: number; message?: string } {
  return { ...(code != null && { code }), ...(message != null && { message: message.slice(0, 200) }) };
}

// --------------------------------------------------------------- mapping ---

export function toVenueStatus(row: CoinwOrder, filled: string): VenueOrderStatus {
  switch (row.meaning) {
    case 'filled':
      return 'filled';
    case 'cancelled':
      return 'cancelled';
    case 'partial':
      return 'partially_filled';
    case 'open':
      return isZero(filled) ? 'open' : 'partially_filled';
  }
}

/**
 * Filled size: `tradePiece` ("quantity filled", CoinW.Net) when the venue sends it; a finished order
 * without it filled everything; otherwise nothing is known to have filled. `currentPiece` is never
 * read as "remaining": CoinW.Net's history fixture shows a finished order with currentPiece = totalPiece.
 */
export function filledOf(row: CoinwOrder): string {
  const filled = row.tradePiece ?? (row.meaning === 'filled' ? row.totalPiece : '0');
  if (compare(filled, '0') < 0) return '0';
  return compare(filled, row.totalPiece) > 0 ? row.totalPiece : filled;
}

const ORDER_TYPES: Readonly<Record<string, string>> = {
  plan: 'limit',
  execute: 'market',
  planTrigger: 'trigger',
  moveStopProfitLoss: 'trailing stop',
};

/** The blotter's name for a venue order type; the venue's own text when the table has no row (own keys only). */
function orderTypeOf(type: string): string {
  return Object.hasOwn(ORDER_TYPES, type) ? (ORDER_TYPES[type] ?? type) : type;
}

/**
 * Buy or sell: opening a long or closing a short buys, the rest sells (CoinW.Net's shared client reads
 * `direction` with `status` open/close this way). Without `status` the order opens (the samples' `open`).
 */
export function sideOf(row: CoinwOrderRow): 'buy' | 'sell' {
  const closing = row.status === 'close' || row.status === 'closed';
  return (row.direction === 'long') !== closing ? 'buy' : 'sell';
}

/** The price shown: the limit price, or for a trigger order without one (market on trigger) its trigger price. */
function priceOf(row: CoinwOrderRow): string {
  const price = row.orderPrice ?? undefined;
  if (price !== undefined && !isZero(price)) return price;
  return row.triggerPrice ?? price ?? '0';
}

export function toVenueOrder(row: CoinwOrder, now: number = Date.now()): VenueOrder {
  const filled = filledOf(row);
  const remaining = subtract(row.totalPiece, filled);
  const type = row.posType ?? row.originalType ?? undefined;
  const createdAt = row.createdDate ?? row.updatedDate ?? now;
  return {
    venueOrderId: row.id,
    market: row.instrument.toUpperCase(),
    side: sideOf(row),
    type: type ? orderTypeOf(type) : 'limit',
    price: priceOf(row),
    quantity: row.totalPiece,
    filled,
    remaining: compare(remaining, '0') < 0 ? '0' : remaining,
    status: toVenueStatus(row, filled),
    createdAt,
    updatedAt: row.updatedDate ?? createdAt,
  };
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
