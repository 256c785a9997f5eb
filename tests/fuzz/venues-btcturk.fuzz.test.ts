/** BTCTurk: every parser (main/venues/btcturk/parse.ts), the error table, and the REST/WS builders. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wsLoginFrame } from '../../main/venues/btcturk/auth.ts';
import { btcturkInstrument } from '../../main/venues/btcturk/constants.ts';
import { cancelOutcomeFrom, retryAfterMs, venueErrorFrom } from '../../main/venues/btcturk/errors.ts';
import {
  type BtcturkEnvelope,
  parseClientFrame,
  parseEnvelope,
  parseOpenOrders,
  parseSingleOrder,
  parseStreamFrame,
  restOrderToVenueOrder,
} from '../../main/venues/btcturk/parse.ts';
import { cancelRequest, lookupPath } from '../../main/venues/btcturk/rest.ts';
import {
  HOSTILE_KEYS,
  hostileId,
  hostileLeaf,
  isWellFormed,
  SPECIAL_TEXTS,
  venueText,
  venueValue,
} from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import {
  fail,
  guarded,
  parseBack,
  tolerated,
  verifyParseResult,
  verifyVenueError,
  verifyVenueOrder,
} from './harness.ts';
import { KNOWN } from './known.ts';

const text = venueText('btcturk');
const value = venueValue('btcturk');
const NOW = 1_700_000_000_000;

function errorChecks(envelope: BtcturkEnvelope | undefined, status: number, header: unknown): void {
  guarded('btcturk venueErrorFrom', envelope, () => venueErrorFrom(status, envelope, header, NOW), {
    verify: (e) => verifyVenueError(e, KNOWN.prototypeCodeLookup),
  });
  guarded('btcturk cancelOutcomeFrom', envelope, () => cancelOutcomeFrom(status, envelope, header, NOW), {
    verify: (o) => {
      if (o.kind === 'failed') verifyVenueError(o.error, KNOWN.prototypeCodeLookup);
    },
  });
}

function valueChecks(v: unknown, sizeOf: unknown = ''): void {
  const size = () => sizeOf;
  const times = { unsafeTimes: KNOWN.unsafeTimestamps };
  guarded('btcturk parseOpenOrders', v, () => parseOpenOrders(v), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok) for (const o of r.value.orders) verifyVenueOrder(restOrderToVenueOrder(o, NOW), times);
    },
    sizeOf: size,
  });
  guarded('btcturk parseSingleOrder', v, () => parseSingleOrder(v), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok) verifyVenueOrder(restOrderToVenueOrder(r.value, NOW), times);
    },
    sizeOf: size,
  });
}

function textChecks(t: string): void {
  guarded('btcturk parseEnvelope', t, () => parseEnvelope(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      for (const status of [200, 400, 401, 404, 429, 503]) errorChecks(r.value, status, '2');
      valueChecks(r.value.data, t);
    },
  });
  guarded('btcturk parseStreamFrame', t, () => parseStreamFrame(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      const m = r.value;
      if ('order' in m && typeof m.order.id !== 'string') fail('ws order id not a string');
      if (m.kind === 'orderMatch' && m.side !== 'buy' && m.side !== 'sell') fail('bad side');
    },
  });
  guarded('btcturk parseClientFrame', t, () => parseClientFrame(t), { verify: verifyParseResult });
}

describe('fuzz: btcturk parsers', () => {
  it(
    'parseEnvelope / parseStreamFrame / parseClientFrame (and what they hand on) on mutations and hostile text',
    () => {
      fc.assert(fc.property(text, textChecks), fuzzParams());
    },
    fuzzTimeout(),
  );

  it('every special text', () => {
    for (const t of SPECIAL_TEXTS) textChecks(t);
  });

  it(
    'parseOpenOrders / parseSingleOrder on hostile values',
    () => {
      fc.assert(
        fc.property(value, (v) => valueChecks(v)),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it('prototype-named messages and codes in the error table', () => {
    for (const key of HOSTILE_KEYS) {
      for (const envelope of [
        { success: false, message: key, code: 1 },
        { success: false, message: ` ${key} `, code: 0 },
        { success: false, message: null, code: 1 },
      ]) {
        for (const status of [200, 400, 404, 503]) errorChecks(envelope, status, undefined);
      }
      textChecks(`[451,{"id":1,"__proto__":{"symbol":"X"},"${key}":1}]`);
    }
  });

  it(
    'the error table: any status, envelope and Retry-After give a known category',
    () => {
      const envelope = fc.option(
        fc.record({
          success: fc.boolean(),
          message: fc.option(
            fc.oneof(
              fc.string(),
              fc.constantFrom('NO_ORDER_MATCHES_YOUR_REQUEST', 'UNAUTHORIZED', ...HOSTILE_KEYS),
            ),
            { nil: undefined },
          ),
          code: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, 1123, 1126, 2 ** 64)),
          data: fc.constant(undefined),
        }),
        { nil: undefined },
      );
      fc.assert(
        fc.property(fc.integer({ min: 100, max: 599 }), envelope, hostileLeaf, (status, env, header) => {
          errorChecks(env as BtcturkEnvelope | undefined, status, header);
          guarded('btcturk retryAfterMs', header, () => retryAfterMs(header, NOW), {
            verify: (ms) => {
              if (
                ms !== undefined &&
                !(Number.isFinite(ms) && ms >= 0) &&
                !tolerated(KNOWN.unsafeTimestamps)
              ) {
                fail(`retryAfterMs ${ms}`);
              }
            },
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});

describe('fuzz: btcturk request builders', () => {
  it(
    'cancelRequest / lookupPath / wsLoginFrame keep hostile values in place',
    () => {
      fc.assert(
        fc.property(hostileId, hostileId, fc.integer(), (id, publicKey, nonce) => {
          guarded('btcturk cancelRequest', id, () => cancelRequest(id), {
            verify: (r) => expect(r.params).toEqual({ id }),
          });
          guarded('btcturk lookupPath', id, () => lookupPath(id), {
            allowThrow: (err) => err instanceof URIError && !isWellFormed(id),
            verify: (path) => {
              const url = new URL(path, 'https://api.example.test');
              expect(url.host).toBe('api.example.test');
              expect(decodeURIComponent(url.pathname.slice('/api/v1/order/'.length))).toBe(id);
              expect(url.search).toBe('');
            },
          });
          const keys = { publicKey, privateKey: 'Zml4dHVyZS1wcml2YXRlLWtleS1ieXRlcy0wMDAxISE=' };
          guarded('btcturk wsLoginFrame', publicKey, () => wsLoginFrame(keys, NOW, nonce), {
            verify: (frame) => expect(parseBack(frame)).toMatchObject([114, { publicKey, nonce }]),
          });
          guarded('btcturk btcturkInstrument', id, () => btcturkInstrument(id));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
