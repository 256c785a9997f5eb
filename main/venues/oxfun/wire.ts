/**
 * Writing OX.FUN JSON. Order ids are integers above 2^53 that the venue wants
 * as JSON numbers; they are kept as strings and written verbatim through
 * `JSON.rawJSON` (V8 ≥ 11.4), so no float ever holds one.
 */

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
