/**
 * Writing OX.FUN JSON. Order ids are integers above 2^53 that the venue wants
 * as JSON numbers; they are kept as strings and written verbatim through
 * `JSON.rawJSON` (V8 ≥ 11.4), so no float ever holds one.
 */
import type { CancelTarget } from '../../core/venue.ts';
import { OPS } from './constants.ts';

const INTEGER_PATTERN = /^\d+$/;

interface RawJsonApi {
  rawJSON(text: string): unknown;
}

const rawJson = (JSON as unknown as Partial<RawJsonApi>).rawJSON;

/** A value that JSON.stringify writes as the bare integer `id`. Throws for anything but digits. */
export function integerId(id: string): unknown {
  if (!INTEGER_PATTERN.test(id)) throw new Error(`not an integer id: ${JSON.stringify(id)}`);
  if (!rawJson) throw new Error('JSON.rawJSON is not available in this runtime');
  return rawJson(id);
}

export function isIntegerId(id: string): boolean {
  return INTEGER_PATTERN.test(id);
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** A decimal written as a bare JSON number exactly as given ("0.0" stays 0.0), as the matching engine's events do. */
export function rawDecimal(value: string): unknown {
  if (!DECIMAL_PATTERN.test(value)) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  if (!rawJson) throw new Error('JSON.rawJSON is not available in this runtime');
  return rawJson(value);
}

/**
 * The WebSocket cancel command for one message: `cancelorder` with `data` for one order,
 * `cancelorders` with `dataArray` for more (the docs' request formats), ids as bare integers.
 */
export function cancelCommandText(tag: string, targets: readonly CancelTarget[]): string {
  const entries = targets.map((target) => ({
    marketCode: target.market,
    orderId: integerId(target.venueOrderId),
  }));
  const message =
    entries.length === 1
      ? { op: OPS.cancelOrder, tag, data: entries[0] }
      : { op: OPS.cancelOrders, tag, dataArray: entries };
  return JSON.stringify(message);
}
