/** CoinW: every parser (main/venues/coinw/parse.ts), the error table, and the REST body builders. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryParseJsonLossless } from '../../main/core/json.ts';
import { coinwInstrument } from '../../main/venues/coinw/constants.ts';
import { codeError, httpError } from '../../main/venues/coinw/errors.ts';
import {
  type CoinwOrder,
  classifyStatus,
  parseEnvelope,
  parseListing,
  parseOrderRow,
  parseOrderRows,
  parseStreamMessage,
  toVenueOrder,
} from '../../main/venues/coinw/parse.ts';
import {
  batchCancelBody,
  currentOrdersQuery,
  historyQuery,
  singleCancelBody,
} from '../../main/venues/coinw/rest.ts';
import { HOSTILE_KEYS, hostileId, SPECIAL_TEXTS, venueText, venueValue, wellFormed } from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import {
  fail,
  guarded,
  isPlainError,
  parseBack,
  tolerated,
  verifyParseResult,
  verifyVenueError,
  verifyVenueOrder,
} from './harness.ts';
import { KNOWN } from './known.ts';

const text = venueText('coinw');
const value = venueValue('coinw');

function checkRow(row: CoinwOrder, sizeOf: unknown): void {
  guarded('coinw toVenueOrder', row, () => toVenueOrder(row, 1_700_000_000_000), {
    verify: (o) =>
      verifyVenueOrder(o, {
        unsafeTimes: KNOWN.unsafeTimestamps,
        prototypeType: KNOWN.coinwPrototypeOrderType,
      }),
    sizeOf: () => sizeOf,
  });
}

function valueChecks(v: unknown, sizeOf: unknown = ''): void {
  const size = () => sizeOf;
  guarded('coinw parseListing', v, () => parseListing(v), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      const rows = parseOrderRows(r.value.rows);
      for (const row of rows.rows) checkRow(row, sizeOf);
    },
    sizeOf: size,
  });
  guarded('coinw parseOrderRow', v, () => parseOrderRow(v), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok) checkRow(r.value, sizeOf);
    },
    sizeOf: size,
  });
  if (Array.isArray(v)) guarded('coinw parseOrderRows', v, () => parseOrderRows(v), { sizeOf: size });
}

function textChecks(t: string): void {
  guarded('coinw parseEnvelope', t, () => parseEnvelope(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      const { code, msg, data } = r.value;
      if (code !== 0) {
        guarded('coinw codeError', code, () => codeError(code, msg ?? ''), {
          verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
        });
        guarded('coinw httpError', code, () => httpError(400, code, msg ?? ''), {
          verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
        });
      }
      valueChecks(data, t);
    },
  });
  guarded('coinw parseStreamMessage', t, () => parseStreamMessage(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok && r.value.kind === 'orders') for (const row of r.value.orders) checkRow(row, t);
      if (r.ok && 'message' in r.value && r.value.message !== undefined && r.value.message.length > 200) {
        fail('message not capped');
      }
    },
  });
}

describe('fuzz: coinw parsers', () => {
  it(
    'parseEnvelope and parseStreamMessage (and what they hand on) on fixture mutations and hostile text',
    () => {
      fc.assert(fc.property(text, textChecks), fuzzParams());
    },
    fuzzTimeout(),
  );

  it('every special text', () => {
    for (const t of SPECIAL_TEXTS) textChecks(t);
  });

  it(
    'parseListing / parseOrderRow on hostile values',
    () => {
      fc.assert(
        fc.property(value, (v) => valueChecks(v)),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it('prototype-named statuses and order types', () => {
    const row = { id: '1', instrument: 'BTC', direction: 'long', totalPiece: '1', orderStatus: 'unFinish' };
    for (const key of HOSTILE_KEYS) {
      guarded('coinw classifyStatus', key, () => classifyStatus(key), {
        verify: (m) => expect(m).toBeUndefined(),
      });
      valueChecks({ ...row, posType: key });
      valueChecks({ ...row, originalType: key });
      valueChecks({ ...row, orderStatus: key });
    }
  });

  it(
    'the error table: any code and status give a known category',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 2 ** 64)),
          fc.integer({ min: 100, max: 599 }),
          fc.string(),
          (code, status, message) => {
            guarded('coinw codeError', code, () => codeError(code, message), {
              verify: (e) => verifyVenueError(e),
            });
            guarded('coinw httpError', code, () => httpError(status, code, message), {
              verify: (e) => verifyVenueError(e),
            });
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});

describe('fuzz: coinw request builders', () => {
  it('ids with leading zeros (which /^\\d{1,30}$/ lets through)', () => {
    for (const ids of [['007'], ['00'], ['0', '01']]) {
      guarded('coinw batchCancelBody', ids, () => batchCancelBody(ids), {
        allowThrow: isPlainError,
        verify: (body) => {
          if (!tryParseJsonLossless(body).ok && !tolerated(KNOWN.coinwLeadingZeroId))
            fail(`not JSON: ${body}`);
        },
      });
    }
  });

  it(
    'batch/single cancel bodies read back with the same ids, or refuse with Error',
    () => {
      fc.assert(
        fc.property(
          fc.array(hostileId, { maxLength: 20 }),
          fc.option(hostileId, { nil: undefined }),
          (ids, posType) => {
            guarded('coinw batchCancelBody', ids, () => batchCancelBody(ids, posType), {
              allowThrow: isPlainError,
              verify: (body) => {
                const back = tryParseJsonLossless(body);
                if (!back.ok && !(tolerated(KNOWN.coinwLeadingZeroId) && ids.some((id) => /^0\d/.test(id)))) {
                  fail(`not JSON: ${body.slice(0, 80)}`);
                }
                if (!back.ok) return;
                const read = back.value as { sourceIds: unknown[]; posType?: unknown };
                // Safe ids come back as numbers, longer ones as their digits: both print as the id.
                expect(read.sourceIds.map(String)).toEqual(ids);
                if (posType !== undefined) expect(read.posType).toBe(posType);
              },
              sizeOf: () => ids.join(''),
            });
            for (const id of ids) {
              guarded('coinw singleCancelBody', id, () => singleCancelBody(id), {
                allowThrow: isPlainError,
                verify: (body) => expect(parseBack(body)).toEqual({ id }),
              });
            }
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'queries keep hostile values inside their parameter',
    () => {
      fc.assert(
        fc.property(hostileId, fc.oneof(fc.integer(), fc.double()), (s, page) => {
          guarded('coinw currentOrdersQuery', s, () => currentOrdersQuery(s), {
            verify: (q) => expect(new URLSearchParams(q).get('positionType')).toBe(wellFormed(s)),
          });
          guarded('coinw historyQuery', s, () => historyQuery(page, s), {
            verify: (q) => {
              const params = new URLSearchParams(q);
              expect(params.get('page')).toBe(String(page));
              if (s) expect(params.get('instrument')).toBe(wellFormed(s));
            },
          });
          guarded('coinw coinwInstrument', s, () => coinwInstrument(s), {
            verify: (i) => expect(typeof i.contractSize).toBe('string'),
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
