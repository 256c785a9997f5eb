/** Bluefin: every parser (main/venues/bluefin/parse.ts), the error tables, and the REST/WS builders. */
import type { AxiosResponse } from 'axios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancelPayload,
  hashOfHashes,
  onboardingPayload,
  payloadBytes,
} from '../../main/venues/bluefin/auth.ts';
import { bluefinInstrument } from '../../main/venues/bluefin/constants.ts';
import { failedReasonCategory, statusError } from '../../main/venues/bluefin/errors.ts';
import {
  type BluefinOrder,
  fromBase18,
  normaliseOrderHash,
  parseAuthorizeResponse,
  parseCancelResponse,
  parseErrorBody,
  parseOrdersPage,
  parseStreamFrame,
  toVenueOrder,
} from '../../main/venues/bluefin/parse.ts';
import { cancelRequest, ordersQuery } from '../../main/venues/bluefin/rest.ts';
import { subscribeFrame } from '../../main/venues/bluefin/stream.ts';
import { HOSTILE_KEYS, hostileId, hostileLeaf, SPECIAL_TEXTS, venueText, wellFormed } from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import {
  fail,
  guarded,
  isPlainError,
  parseBack,
  VENUE_ERROR_CATEGORIES,
  verifyParseResult,
  verifyVenueError,
  verifyVenueOrder,
} from './harness.ts';
import { KNOWN } from './known.ts';

const text = venueText('bluefin');

function checkOrder(order: BluefinOrder, sizeOf: unknown): void {
  guarded('bluefin toVenueOrder', order, () => toVenueOrder(order), {
    verify: (o) => {
      verifyVenueOrder(o);
      if (!/^[0-9a-f]{64}$/.test(o.venueOrderId)) fail('order key is not a bare lowercase hash');
    },
    sizeOf: () => sizeOf,
  });
}

function textChecks(t: string): void {
  guarded('bluefin parseOrdersPage', t, () => parseOrdersPage(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok) for (const order of r.value.orders) checkOrder(order, t);
    },
  });
  guarded('bluefin parseAuthorizeResponse', t, () => parseAuthorizeResponse(t), {
    verify: verifyParseResult,
  });
  guarded('bluefin parseCancelResponse', t, () => parseCancelResponse(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      for (const item of r.value.data.failedCancelling) {
        guarded('bluefin failedReasonCategory', item.reason, () => failedReasonCategory(item.reason ?? ''), {
          verify: (c) => expect(VENUE_ERROR_CATEGORIES.has(c)).toBe(true),
          sizeOf: () => t,
        });
      }
    },
  });
  guarded('bluefin parseErrorBody', t, () => parseErrorBody(t), {
    verify: (b) => {
      if (b === undefined) return;
      if (b.code !== undefined && typeof b.code !== 'string') fail('code not a string');
    },
  });
  for (const status of [400, 404, 429, 503]) {
    const response = { status, data: t, headers: { 'retry-after': '1' } } as unknown as AxiosResponse;
    guarded('bluefin statusError', t, () => statusError(response), {
      verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
    });
  }
  guarded('bluefin parseStreamFrame', t, () => parseStreamFrame(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      const e = r.value;
      if ('order' in e && e.order) checkOrder(e.order, t);
      if ('hash' in e && !/^[0-9a-f]{64}$/.test(e.hash.key)) fail('hash key is not a bare lowercase hash');
    },
  });
}

describe('fuzz: bluefin parsers', () => {
  it(
    'every text parser (and the mapping of what it reads) on mutations and hostile text',
    () => {
      fc.assert(fc.property(text, textChecks), fuzzParams());
    },
    fuzzTimeout(),
  );

  it('every special text', () => {
    for (const t of SPECIAL_TEXTS) textChecks(t);
  });

  it('prototype-named codes and messages in the error tables', () => {
    for (const key of HOSTILE_KEYS) {
      textChecks(JSON.stringify({ error: { code: key, message: key } }));
      textChecks(JSON.stringify({ error: { code: 1, message: ` ${key.toUpperCase()} ` } }));
    }
  });

  it(
    'normaliseOrderHash / fromBase18 / failedReasonCategory on any text',
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileId, text), (s) => {
          guarded('bluefin normaliseOrderHash', s, () => normaliseOrderHash(s), {
            verify: (h) => {
              if (h !== undefined && !/^[0-9a-f]{64}$/.test(h)) fail('not a bare lowercase hash');
            },
          });
          guarded('bluefin fromBase18', s, () => fromBase18(s), {
            allowThrow: (err) => isPlainError(err) && !/^-?\d+$/.test(s),
            verify: (d) => expect(d).toMatch(/^-?\d+(\.\d+)?$/),
          });
          guarded('bluefin failedReasonCategory', s, () => failedReasonCategory(s), {
            verify: (c) => expect(VENUE_ERROR_CATEGORIES.has(c)).toBe(true),
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});

describe('fuzz: bluefin request builders', () => {
  it(
    'cancel body, cancel payload, orders query and subscribe frame read back exactly',
    () => {
      fc.assert(
        fc.property(
          hostileId,
          fc.array(hostileId, { maxLength: 10 }),
          hostileId,
          fc.constantFrom('v1' as const, 'v2' as const),
          fc.oneof(
            fc.integer(),
            hostileLeaf.filter((v): v is number => typeof v === 'number'),
          ),
          (symbol, hashes, signature, variant, page) => {
            const size = () => symbol + hashes.join('') + signature;
            guarded(
              'bluefin cancelRequest',
              symbol,
              () => JSON.stringify(cancelRequest(symbol, hashes, signature, variant).body),
              {
                verify: (body) =>
                  expect(parseBack(body)).toMatchObject({
                    symbol,
                    orderHashes: hashes,
                    cancelSignature: signature,
                  }),
                sizeOf: size,
              },
            );
            guarded('bluefin cancelPayload', hashes, () => JSON.stringify(cancelPayload(hashes, variant)), {
              verify: (body) => {
                const back = parseBack(body) as { orderHashes: string[] };
                expect(back.orderHashes).toEqual(variant === 'v2' ? [hashOfHashes(hashes)] : hashes);
              },
              sizeOf: size,
            });
            guarded('bluefin payloadBytes', symbol, () => payloadBytes(onboardingPayload(symbol)), {
              verify: (bytes) =>
                expect(parseBack(new TextDecoder().decode(bytes))).toEqual({ onboardingUrl: symbol }),
            });
            guarded(
              'bluefin ordersQuery',
              hashes,
              () => ordersQuery({ statuses: [symbol], orderHashes: hashes }, page),
              {
                verify: (q) => {
                  const back = new URLSearchParams(q.toString());
                  expect(back.getAll('statuses')).toEqual([wellFormed(symbol)]);
                  expect(back.getAll('orderHashes')).toEqual(hashes.map((h) => wellFormed(h)));
                  expect(back.get('pageNumber')).toBe(String(page));
                },
                sizeOf: size,
              },
            );
            guarded('bluefin subscribeFrame', signature, () => subscribeFrame(signature), {
              verify: (frame) =>
                expect(JSON.stringify(parseBack(frame))).toContain(JSON.stringify(signature)),
            });
            guarded('bluefin bluefinInstrument', symbol, () => bluefinInstrument(symbol));
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
