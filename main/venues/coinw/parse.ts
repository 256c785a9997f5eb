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
import { WS_CHANNEL_LOGIN, WS_CHANNEL_SUBSCRIBE, WS_EVENT_PONG, WS_TYPE_ORDER } from './constants.ts';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** An order id: a digit string, or a safe-integer JSON number (larger ones already came back as strings). */
export const orderIdSchema = z.union([
  z.string().regex(/^\d{1,30}$/, 'order id must be digits'),
  z
    .number()
    .int()
    .nonnegative()
    .transform((value) => String(value)),
]);

/** A decimal as a string, from a JSON string or number (non-integers arrive as their exact source text). */
const decimalSchema = z
  .union([z.string(), z.number().refine(Number.isSafeInteger, 'unsafe number')])
  .transform((value) => String(value))
  .refine(isDecimalString, 'not a decimal');

const millisSchema = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform(Number),
]);

const codeSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/** The `{code,msg,data}` envelope of every REST reply; `code != 0` is an error even with HTTP 200. */
export const envelopeSchema = z.object({
  code: codeSchema,
  msg: z.string().nullish(),
  data: z.unknown().optional(),
});
export type CoinwEnvelope = z.infer<typeof envelopeSchema>;

export const COINW_ORDER_STATUSES = [
  'unFinish',
  'part',
  'finish',
  'Finish',
  'cancel',
  'Cancel',
  'cancelAll',
] as const;

/** One order as the listings, the history and the stream carry it (extra fields are ignored). */
export const orderRowSchema = z.object({
  id: orderIdSchema,
  instrument: z.string().min(1).max(40),
  direction: z.enum(['long', 'short']),
  orderPrice: decimalSchema.optional(),
  totalPiece: decimalSchema,
  currentPiece: decimalSchema.optional(),
  tradePiece: decimalSchema.optional(),
  orderStatus: z.enum(COINW_ORDER_STATUSES),
  posType: z.string().min(1).max(40).optional(),
  createdDate: millisSchema,
  updatedDate: millisSchema.optional(),
});
export type CoinwOrderRow = z.infer<typeof orderRowSchema>;

export const orderListSchema = z.array(orderRowSchema);

export const orderPageSchema = z.object({
  rows: z.array(orderRowSchema),
  total: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]),
  nextId: z.unknown().optional(),
  prevId: z.unknown().optional(),
});
export type CoinwOrderPage = z.infer<typeof orderPageSchema>;

/** Decodes a REST body into the envelope. */
export function parseEnvelope(text: string): ParseResult<CoinwEnvelope> {
  const json = tryParseJsonLossless(text);
  if (!json.ok) return { ok: false, error: `invalid JSON: ${json.error}` };
  const parsed = envelopeSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: issuesText(parsed.error) };
  return { ok: true, value: parsed.data };
}

export function parseData<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: issuesText(parsed.error) };
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
  | { kind: 'orders'; orders: CoinwOrderRow[] }
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
  data: z.array(orderRowSchema),
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
    return { ok: true, value: { kind: 'orders', orders: parsed.data.data } };
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

export function toVenueStatus(row: CoinwOrderRow, filled: string): VenueOrderStatus {
  switch (row.orderStatus) {
    case 'finish':
    case 'Finish':
      return 'filled';
    case 'cancel':
    case 'Cancel':
    case 'cancelAll':
      return 'cancelled';
    case 'part':
      return 'partially_filled';
    case 'unFinish':
      return isZero(filled) ? 'open' : 'partially_filled';
  }
}

/**
 * Filled size: `tradePiece` when the venue sends it; a finished order filled everything;
 * otherwise (assumed) `currentPiece` is what is still untraded, as in the venue's samples
 * where an untouched order has `currentPiece == totalPiece`.
 */
export function filledOf(row: CoinwOrderRow): string {
  if (row.tradePiece !== undefined) return row.tradePiece;
  if (row.orderStatus === 'finish' || row.orderStatus === 'Finish') return row.totalPiece;
  if (row.currentPiece === undefined) return '0';
  const filled = subtract(row.totalPiece, row.currentPiece);
  return compare(filled, '0') < 0 ? '0' : filled;
}

const ORDER_TYPES: Record<string, string> = { plan: 'limit', execute: 'market', planTrigger: 'trigger' };

export function toVenueOrder(row: CoinwOrderRow): VenueOrder {
  const filled = filledOf(row);
  const remaining = subtract(row.totalPiece, filled);
  return {
    venueOrderId: row.id,
    market: row.instrument.toUpperCase(),
    side: row.direction === 'long' ? 'buy' : 'sell',
    type: row.posType ? (ORDER_TYPES[row.posType] ?? row.posType) : 'limit',
    price: row.orderPrice ?? '0',
    quantity: row.totalPiece,
    filled,
    remaining: compare(remaining, '0') < 0 ? '0' : remaining,
    status: toVenueStatus(row, filled),
    createdAt: row.createdDate,
    updatedAt: row.updatedDate ?? row.createdDate,
  };
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
