/**
 * The suite's own checks can fail: each one is run once against a known-bad function (a crash, a
 * prototype pollution, a ReDoS-prone regex, a malformed result) and must report it, and the generators
 * are shown to reach each hostile input class.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormed, MB, SPECIAL_TEXTS, venueText } from './arbitraries.ts';
import { fuzzParams } from './budget.ts';
import { guarded, verifyParseResult, verifyVenueError, verifyVenueOrder } from './harness.ts';

describe('fuzz harness self-test', () => {
  it('reports an uncaught throw', () => {
    expect(() => guarded('bad', 'x', () => JSON.parse('{'))).toThrow(/bad threw SyntaxError/);
  });

  it('reports prototype pollution, and the pollution is undone', () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      expect(() =>
        guarded('polluter', 'x', () => {
          proto.polluted = 'yes';
        }),
      ).toThrow(/prototype polluted/);
    } finally {
      delete proto.polluted;
    }
  });

  it('reports a slow (ReDoS-prone) regex: the old rails bulk-cancel pattern on a digit run', () => {
    // `/(\d+)\s+orders?/i` (no anchor word) backtracks O(n²) over a reply of digits: 12,000 digits took
    // 45 ms on a fast core (under the 50 ms budget), 30,000 take ~6× that, well over it on any machine.
    const input = '1'.repeat(30_000);
    expect(() => guarded('redos', input, () => /(\d+)\s+orders?/i.exec(input))).toThrow(/took \d+\.\d ms/);
  });

  it('reports malformed results', () => {
    expect(() => verifyParseResult({ ok: false })).toThrow();
    expect(() => verifyParseResult({ ok: 'yes' })).toThrow();
    expect(() => verifyVenueError({ category: Object, code: 'x', message: 'y' })).toThrow(
      /category is a function/,
    );
    expect(() =>
      verifyVenueOrder({
        venueOrderId: '1',
        market: 'm',
        side: 'buy',
        type: 'limit',
        price: '1',
        quantity: '1',
        filled: '0',
        remaining: '1',
        status: 'open',
        createdAt: Number.POSITIVE_INFINITY,
        updatedAt: 1,
      }),
    ).toThrow();
  });

  it('a property over venue text fails for a parser that chokes on a __proto__ key', () => {
    const fragile = (text: string): unknown => {
      if (text.includes('__proto__')) throw new TypeError('boom');
      return { ok: false, error: 'no' };
    };
    expect(() =>
      fc.assert(
        fc.property(venueText('rails'), (t) => guarded('fragile', t, () => fragile(t))),
        { ...fuzzParams(), numRuns: Math.max(200, fuzzParams().numRuns) },
      ),
    ).toThrow(/fragile threw TypeError/);
  });

  it('the special texts cover every hostile class the suite promises', () => {
    const has = (p: (t: string) => boolean): boolean => SPECIAL_TEXTS.some(p);
    expect(has((t) => t === '')).toBe(true);
    expect(has((t) => t.length >= MB)).toBe(true);
    expect(has((t) => t.startsWith('['.repeat(10_000)))).toBe(true);
    expect(has((t) => t.includes('9'.repeat(400)))).toBe(true);
    expect(has((t) => t.includes('__proto__'))).toBe(true);
    expect(has((t) => t.includes('constructor'))).toBe(true);
    expect(has((t) => !isWellFormed(t))).toBe(true);
    expect(has((t) => t.includes('\ufffd'))).toBe(true); // invalid UTF-8 as decoded
    expect(has((t) => t === 'NaN' || t === 'Infinity')).toBe(true);
  });
});
