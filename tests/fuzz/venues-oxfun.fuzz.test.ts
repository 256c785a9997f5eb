/** OX.FUN: every parser (main/venues/oxfun/parse.ts), the error table, and the wire/REST builders. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryParseJsonLossless } from '../../main/core/json.ts';
import type { CancelTarget } from '../../main/core/venue.ts';
import { CancelTracker } from '../../main/venues/oxfun/cancels.ts';
import { oxfunInstrument } from '../../main/venues/oxfun/constants.ts';
import { isAuthCode, loginRefusalDetail, oxfunCategory, oxfunError } from '../../main/venues/oxfun/errors.ts';
import {
  type OxfunOrderUpdate,
  parseCancelAllResponse,
  parseCancelResponse,
  parseOrderStatus,
  parseRestError,
  parseWorkingOrders,
  parseWsFrame,
  statusToVenueOrder,
  updateToVenueOrder,
  workingToVenueOrder,
} from '../../main/venues/oxfun/parse.ts';
import { cancelAllBody, cancelBody } from '../../main/venues/oxfun/rest.ts';
import { cancelCommandText, integerId, isIntegerId, rawDecimal } from '../../main/venues/oxfun/wire.ts';
import {
  HOSTILE_KEYS,
  hostileId,
  hostileLeaf,
  SPECIAL_TEXTS,
  safeStringify,
  venueText,
  venueValue,
} from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import {
  fail,
  guarded,
  isPlainError,
  parseBack,
  tolerated,
  VENUE_ERROR_CATEGORIES,
  verifyParseResult,
  verifyVenueError,
  verifyVenueOrder,
} from './harness.ts';
import { KNOWN } from './known.ts';

const text = venueText('oxfun');
const value = venueValue('oxfun');

function textChecks(t: string): void {
  guarded('oxfun parseWsFrame', t, () => parseWsFrame(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      const m = r.value;
      if (m.kind === 'orders') {
        for (const update of m.updates) {
          guarded(
            'oxfun updateToVenueOrder',
            update,
            () => updateToVenueOrder(update as OxfunOrderUpdate, 1_700_000_000_000),
            {
              verify: (o) => verifyVenueOrder(o, { unsafeTimes: KNOWN.unsafeTimestamps }),
              sizeOf: () => t,
            },
          );
        }
      }
      if ('code' in m && m.code !== undefined) {
        guarded(
          'oxfun oxfunError',
          m.code,
          () => oxfunError(m.code, 'message' in m ? m.message : undefined),
          {
            verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
          },
        );
      }
    },
  });
  // The REST client reads a body as JSON, then as the error envelope or the call's own shape.
  const json = tryParseJsonLossless(t);
  if (json.ok) valueChecks(json.value, t);
}

function valueChecks(v: unknown, sizeOf: unknown = ''): void {
  const size = () => sizeOf;
  guarded('oxfun parseRestError', v, () => parseRestError(v), {
    verify: (f) => {
      if (f === undefined) return;
      if (typeof f.code !== 'string' || typeof f.message !== 'string') fail('failure fields not strings');
      guarded('oxfun oxfunError', f.code, () => oxfunError(f.code, f.message, 400), {
        verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
      });
    },
    sizeOf: size,
  });
  guarded('oxfun parseWorkingOrders', v, () => parseWorkingOrders(v), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok)
        for (const o of r.value.orders)
          verifyVenueOrder(workingToVenueOrder(o), { unsafeTimes: KNOWN.unsafeTimestamps });
    },
    sizeOf: size,
  });
  guarded('oxfun parseOrderStatus', v, () => parseOrderStatus(v), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok && r.value)
        verifyVenueOrder(statusToVenueOrder(r.value), { unsafeTimes: KNOWN.unsafeTimestamps });
    },
    sizeOf: size,
  });
  guarded('oxfun parseCancelResponse', v, () => parseCancelResponse(v), {
    verify: verifyParseResult,
    sizeOf: size,
  });
  guarded('oxfun parseCancelAllResponse', v, () => parseCancelAllResponse(v), {
    verify: verifyParseResult,
    sizeOf: size,
  });
}

describe('fuzz: oxfun parsers', () => {
  it('prototype-named codes (constructor, __proto__, toString, …) in every reader that looks codes up', () => {
    for (const key of HOSTILE_KEYS) {
      for (const code of [key, `-${key}`, ` ${key} `]) {
        guarded('oxfun oxfunError', code, () => oxfunError(code, 'm'), {
          verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
        });
      }
      textChecks(`{"event":"cancelOrder","submitted":false,"code":"${key}","message":"m"}`);
      textChecks(`{"event":"login","success":false,"code":"${key}","message":"m"}`);
      valueChecks({ success: false, code: key, message: 'm' });
    }
  });

  it(
    'parseWsFrame and the REST readers on fixture mutations and hostile text',
    () => {
      fc.assert(fc.property(text, textChecks), fuzzParams());
    },
    fuzzTimeout(),
  );

  it('every special text', () => {
    for (const t of SPECIAL_TEXTS) textChecks(t);
  });

  it(
    'the REST readers on hostile values',
    () => {
      fc.assert(
        fc.property(value, (v) => valueChecks(v)),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'the error table: any code, message and status give a known category',
    () => {
      const status = fc.oneof(fc.constant(undefined), fc.integer({ min: 100, max: 599 }), fc.integer());
      fc.assert(
        fc.property(hostileLeaf, fc.option(fc.string(), { nil: undefined }), status, (code, message, st) => {
          guarded('oxfun oxfunError', code, () => oxfunError(code, message, st), {
            verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
          });
          guarded('oxfun oxfunCategory', code, () => oxfunCategory(code, st), {
            verify: (c) => {
              if (!VENUE_ERROR_CATEGORIES.has(c) && !tolerated(KNOWN.prototypeCodeLookup)) {
                fail(`category ${typeof c}`);
              }
            },
          });
          guarded('oxfun isAuthCode', code, () => isAuthCode(code), {
            verify: (b) => expect(typeof b).toBe('boolean'),
          });
          guarded(
            'oxfun loginRefusalDetail',
            code,
            () => loginRefusalDetail(typeof code === 'string' ? code : safeStringify(code), message ?? ''),
            {
              verify: (d) => expect(typeof d).toBe('string'),
            },
          );
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});

const target: fc.Arbitrary<CancelTarget> = fc.record({
  venueOrderId: hostileId,
  market: hostileId,
}) as fc.Arbitrary<CancelTarget>;

describe('fuzz: oxfun request builders', () => {
  it(
    'cancelCommandText writes ids as bare integers or refuses with Error; the text reads back',
    () => {
      fc.assert(
        fc.property(hostileId, fc.array(target, { minLength: 1, maxLength: 8 }), (tag, targets) => {
          guarded('oxfun cancelCommandText', targets, () => cancelCommandText(tag, targets), {
            allowThrow: (err) =>
              (isPlainError(err) && targets.some((t) => !isIntegerId(t.venueOrderId))) ||
              (err instanceof SyntaxError &&
                tolerated(KNOWN.oxfunLeadingZeroId) &&
                targets.some((t) => /^0\d/.test(t.venueOrderId))),
            verify: (body) => {
              const back = tryParseJsonLossless(body);
              if (!back.ok) fail('not JSON');
              const entries = (back.value as { data?: unknown; dataArray?: unknown[] }).dataArray ?? [
                (back.value as { data: unknown }).data,
              ];
              expect(entries.length).toBe(targets.length);
              entries.forEach((entry, i) => {
                const e = entry as { orderId: unknown; marketCode: unknown };
                // Big ids come back from the lossless reader as their digits, small ones as numbers.
                expect(String(e.orderId)).toBe(targets[i]?.venueOrderId);
                expect(e.marketCode).toBe(targets[i]?.market);
              });
            },
            sizeOf: () => targets.map((t) => t.venueOrderId + t.market).join(''),
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'integerId / rawDecimal / cancelBody / cancelAllBody / oxfunInstrument',
    () => {
      fc.assert(
        fc.property(hostileId, fc.array(target, { maxLength: 8 }), fc.integer(), (id, targets, ts) => {
          guarded('oxfun integerId', id, () => JSON.stringify({ id: integerId(id) }), {
            allowThrow: (err) =>
              (isPlainError(err) && !/^\d+$/.test(id)) ||
              (err instanceof SyntaxError && tolerated(KNOWN.oxfunLeadingZeroId) && /^0\d/.test(id)),
            verify: (body) => expect(tryParseJsonLossless(body)).toMatchObject({ ok: true }),
          });
          guarded('oxfun rawDecimal', id, () => JSON.stringify({ d: rawDecimal(id) }), {
            allowThrow: (err) =>
              (isPlainError(err) && !/^-?\d+(\.\d+)?$/.test(id)) ||
              (err instanceof SyntaxError && tolerated(KNOWN.oxfunLeadingZeroId) && /^-?0\d/.test(id)),
            verify: (body) => expect(tryParseJsonLossless(body)).toMatchObject({ ok: true }),
          });
          guarded('oxfun cancelBody', targets, () => cancelBody(targets, ts), {
            verify: (body) => {
              const back = parseBack(body) as { orders: { orderId: string; marketCode: string }[] };
              expect(back.orders.map((o) => o.orderId)).toEqual(targets.map((t) => t.venueOrderId));
            },
            sizeOf: () => targets.map((t) => t.venueOrderId + t.market).join(''),
          });
          guarded('oxfun cancelAllBody', id, () => cancelAllBody(id), {
            verify: (body) => expect(parseBack(body)).toEqual(id ? { marketCode: id } : {}),
          });
          guarded('oxfun oxfunInstrument', id, () => oxfunInstrument(id), {
            verify: (i) => expect(typeof i.quote).toBe('string'),
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'the cancel tracker matches hostile echoes without throwing',
    () => {
      fc.assert(
        fc.property(
          fc.array(target, { minLength: 1, maxLength: 8 }),
          fc.array(
            fc.record({
              orderId: fc.option(hostileId, { nil: undefined }),
              marketCode: fc.option(hostileId, { nil: undefined }),
            }),
            { maxLength: 12 },
          ),
          (targets, echoes) => {
            const tracker = new CancelTracker({ ackTimeoutMs: 60_000, tagPrefix: 'fz' });
            const { tag } = tracker.open(targets);
            for (const echo of echoes) {
              guarded('oxfun CancelTracker.reply', echo, () =>
                tracker.reply(tag, echo, { kind: 'accepted' }),
              );
            }
            tracker.failAll({ category: 'network', code: 'x', message: 'x' });
            expect(tracker.size).toBe(0);
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
