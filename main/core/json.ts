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

/**
 * Parses `text`; throws SyntaxError on invalid JSON like JSON.parse — and on JSON nested so deep that the
 * reviver's walk would overflow the stack (no venue message nests more than a few levels).
 */
export function parseJsonLossless(text: string): unknown {
  try {
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
