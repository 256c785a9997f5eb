/**
 * JSON parsing that loses nothing: venues send order ids above 2^53 and
 * prices as bare JSON numbers. A number that is not a safe integer comes back
 * as its exact source text (a string); safe integers stay numbers.
 * Relies on the JSON.parse source-text access of V8 (Node ≥ 21, Chromium ≥ 114).
 */

interface ReviverContext {
  source?: string;
}

type SourceReviver = (this: unknown, key: string, value: unknown, context?: ReviverContext) => unknown;

function keepExactNumbers(_key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value === 'number' && context?.source !== undefined) {
    if (!Number.isSafeInteger(value) || context.source.includes('.') || /e/i.test(context.source)) {
      return context.source;
    }
  }
  return value;
}

/** Deeper than any venue message, shallow enough for every recursive walk of the value (schemas, revivers). */
const MAX_NESTING = 256;

/** The deepest `[`/`{` nesting outside strings, in one linear pass (stops counting once past the limit). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > MAX_NESTING) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** A digit followed by a fraction or exponent, or 16 digits in a row: a number JSON.parse could round. */
const MAY_HOLD_INEXACT_NUMBER = /\d[.eE]|\d{16}/;

/**
 * Parses `text`; throws SyntaxError on invalid JSON like JSON.parse — and on JSON nested so deep that the
 * reviver's walk would overflow the stack (no venue message nests more than a few levels).
 */
export function parseJsonLossless(text: string): unknown {
  if (nestingDepth(text) > MAX_NESTING) {
    throw new SyntaxError(`JSON nested deeper than ${MAX_NESTING} levels (${text.length} characters)`);
  }
  try {
    // The reviver costs ~1 µs a value. A text with no fraction, exponent or run of 16+ digits anywhere (in
    // strings too) holds only integers below 10^15, which plain JSON.parse reads exactly: same result, fast.
    if (!MAY_HOLD_INEXACT_NUMBER.test(text)) return JSON.parse(text);
    return JSON.parse(text, keepExactNumbers as SourceReviver as (key: string, value: unknown) => unknown);
  } catch (err) {
    if (err instanceof RangeError)
      throw new SyntaxError(`JSON nested too deeply (${text.length} characters)`);
    throw err;
  }
}

/** Parses `text`, returning undefined instead of throwing (for venue frames that are logged and dropped). */
export function tryParseJsonLossless(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: parseJsonLossless(text) };
  } catch {
    // JSON.parse's own message quotes the input, which may hold anything the venue sent: say only how long it was.
    return { ok: false, error: `not valid JSON (${text.length} characters)` };
  }
}
