/** The lossless JSON reader (main/core/json.ts) on hostile text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonLossless, tryParseJsonLossless } from '../../main/core/json.ts';
import { hostileText, SPECIAL_TEXTS, venueText } from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import { guarded, tolerated } from './harness.ts';
import { KNOWN } from './known.ts';

/** SyntaxError is documented; RangeError on deep nesting is a known finding (known.ts). */
const documented = (err: unknown): boolean =>
  err instanceof SyntaxError || (err instanceof RangeError && tolerated(KNOWN.deepJsonRangeError));

const anyText = fc.oneof(
  hostileText,
  venueText('rails'),
  venueText('oxfun'),
  venueText('coinw'),
  venueText('btcturk'),
  venueText('bluefin'),
);

/** Every number in `value` is a safe integer (a number) or exact source text (a string). */
function noLossyNumbers(value: unknown, depth = 0): void {
  if (depth > 1_000) return;
  if (typeof value === 'number') {
    expect(Number.isSafeInteger(value)).toBe(true);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) noLossyNumbers(child, depth + 1);
  }
}

describe('fuzz: lossless JSON', () => {
  it(
    'parseJsonLossless returns or throws SyntaxError (its documented error), keeps numbers exact',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          guarded('parseJsonLossless', text, () => parseJsonLossless(text), {
            allowThrow: documented,
            verify: (value) => {
              if (text.length < 200_000) noLossyNumbers(value);
            },
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'tryParseJsonLossless never throws and never echoes the input',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          guarded('tryParseJsonLossless', text, () => tryParseJsonLossless(text), {
            verify: (result) => {
              if (!result.ok) {
                expect(result.error).toMatch(/^not valid JSON \(\d+ characters\)$/);
              }
            },
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it('every special text (deep nesting, 1 MB, 400 digits, lone surrogates, __proto__) once', () => {
    for (const text of SPECIAL_TEXTS) {
      guarded('parseJsonLossless', text, () => parseJsonLossless(text), {
        allowThrow: documented,
      });
      guarded('tryParseJsonLossless', text, () => tryParseJsonLossless(text));
    }
    // 400 digits come back as their exact text.
    expect(parseJsonLossless(`{"n":${'9'.repeat(400)}}`)).toEqual({ n: '9'.repeat(400) });
  });

  it('an own __proto__ key stays an own key (no prototype change)', () => {
    const value = parseJsonLossless('{"__proto__":{"polluted":"yes"},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
