/**
 * Writing OX.FUN JSON. Order ids are integers above 2^53 that the venue wants
 * as JSON numbers; they are kept as strings and written verbatim through
 * `JSON.rawJSON` (V8 ≥ 11.4), so no float ever holds one.
 */
import type { CancelTarget } from '../../core/venue.ts';
import { OPS } from './constants.ts';

const DIGITS_PATTERN = /^\d+$/;
/**
 * OX.FUN ids are integers, which the venue writes without a leading zero ("0" itself is one). "007" is
 * no id the venue sent, so the cancel command refuses it (it would cancel order 7, not "007").
 */
const INTEGER_PATTERN = /^(0|[1-9]\d*)$/;

interface RawJsonApi {
  rawJSON(text: string): unknown;
}

const rawJson = (JSON as unknown as Partial<RawJsonApi>).rawJSON;

/**
 * A value that JSON.stringify writes as the bare integer `id`. Throws an Error for anything but digits.
 * Leading zeros, which a JSON number cannot carry, are dropped ("007" is the integer 7): the text is
 * always valid JSON, never the SyntaxError JSON.rawJSON throws for `007`. Callers that must send the id
 * exactly as the venue wrote it check `isIntegerId` first (as `cancelCommandText` does).
 */
export function integerId(id: string): unknown {
  if (typeof id !== 'string' || !DIGITS_PATTERN.test(id)) {
    throw new Error(`not an integer id: ${JSON.stringify(String(id).slice(0, 40))}`);
  }
  if (!rawJson) throw new Error('JSON.rawJSON is not available in this runtime');
  return rawJson(id.replace(/^0+(?=\d)/, ''));
}

/** An id the venue could have written: digits without a leading zero. */
export function isIntegerId(id: string): boolean {
  return INTEGER_PATTERN.test(id);
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/**
 * A decimal written as a bare JSON number as given ("0.0" stays 0.0), as the matching engine's events
 * do. Leading zeros of the whole part, which JSON numbers cannot carry ("007.5"), are dropped: the
 * value is the same ("7.5"), the text is valid JSON. Throws an Error for anything but a decimal.
 */
export function rawDecimal(value: string): unknown {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) {
    throw new Error(`not a decimal: ${JSON.stringify(String(value).slice(0, 40))}`);
  }
  if (!rawJson) throw new Error('JSON.rawJSON is not available in this runtime');
  return rawJson(value.replace(/^(-?)0+(?=\d)/, '$1'));
}

/**
 * The WebSocket cancel command for one message: `cancelorder` with `data` for one order,
 * `cancelorders` with `dataArray` for more (the docs' request formats), ids as bare integers.
 */
export function cancelCommandText(tag: string, targets: readonly CancelTarget[]): string {
  const entries = targets.map((target) => {
    if (!isIntegerId(target.venueOrderId)) {
      throw new Error(`not an OX.FUN order id: ${JSON.stringify(String(target.venueOrderId).slice(0, 40))}`);
    }
    return { marketCode: target.market, orderId: integerId(target.venueOrderId) };
  });
  const message =
    entries.length === 1
      ? { op: OPS.cancelOrder, tag, data: entries[0] }
      : { op: OPS.cancelOrders, tag, dataArray: entries };
  return JSON.stringify(message);
}
