import { describe, expect, it } from 'vitest';
import { parseJsonLossless, tryParseJsonLossless } from '../../main/core/json.ts';

describe('lossless JSON', () => {
  it('keeps a 19-digit id sent as a JSON number byte-for-byte', () => {
    const parsed = parseJsonLossless('{"orderId":1234567890123456789,"n":42}') as Record<string, unknown>;
    expect(parsed.orderId).toBe('1234567890123456789');
    expect(parsed.n).toBe(42);
  });
  it('keeps decimal numbers as their exact text', () => {
    const parsed = parseJsonLossless('{"price":3601.50,"qty":1e-7}') as Record<string, unknown>;
    expect(parsed.price).toBe('3601.50');
    expect(parsed.qty).toBe('1e-7');
  });
  it('reports invalid JSON without throwing', () => {
    const result = tryParseJsonLossless('{"a":');
    expect(result.ok).toBe(false);
  });
});

describe('hostile nesting', () => {
  it('JSON nested deeper than any venue message is a SyntaxError, like any invalid JSON', () => {
    expect(parseJsonLossless(`${'['.repeat(256)}1${']'.repeat(256)}`)).toBeTruthy();
    // Brackets inside strings (escaped quotes too) are text, not nesting.
    const bracketsInText = { a: `${'['.repeat(300)}"[[` };
    expect(parseJsonLossless(JSON.stringify(bracketsInText))).toEqual(bracketsInText);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseJsonLossless(deep)).toThrow(SyntaxError);
    expect(tryParseJsonLossless(deep)).toEqual({ ok: false, error: 'not valid JSON (200000 characters)' });
  });
});
