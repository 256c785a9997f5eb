/**
 * Exact reproductions of what the fuzz suites found (known.ts). An open one is `it.fails`: it passes while
 * the defect is there and fails once production code is fixed, so the fix also turns it into a plain `it`
 * (below, "fixed") and clears the flag in known.ts once no venue needs it (which makes the general
 * properties strict about it again).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonLossless, tryParseJsonLossless } from '../../main/core/json.ts';
import { statusError as bluefinStatusError, messageCategory } from '../../main/venues/bluefin/errors.ts';
import { parseOrdersPage as bluefinOrdersPage } from '../../main/venues/bluefin/parse.ts';
import { venueErrorFrom } from '../../main/venues/btcturk/errors.ts';
import { parseSingleOrder, restOrderToVenueOrder } from '../../main/venues/btcturk/parse.ts';
import { coinwInstrument } from '../../main/venues/coinw/constants.ts';
import {
  toVenueOrder as coinwToVenueOrder,
  parseEnvelope,
  parseListing,
  parseOrderRow,
  parseOrderRows,
} from '../../main/venues/coinw/parse.ts';
import { batchCancelBody, singleCancelBody } from '../../main/venues/coinw/rest.ts';
import { oxfunError } from '../../main/venues/oxfun/errors.ts';
import { parseWorkingOrders, parseWsFrame, workingToVenueOrder } from '../../main/venues/oxfun/parse.ts';
import { cancelCommandText, integerId, isIntegerId, rawDecimal } from '../../main/venues/oxfun/wire.ts';
import { parseOpenOrdersPage as railsOpenOrdersPage } from '../../main/venues/rails/parse.ts';
import { VENUE_ERROR_CATEGORIES } from './harness.ts';

const D400 = '9'.repeat(400);

describe('fuzz findings (fail once fixed)', () => {
  // Fixed by refusing: no venue message nests more than a few levels, so JSON nested deeper than the
  // reviver's stack is a SyntaxError like any invalid JSON (was an undocumented RangeError).
  it('json: parseJsonLossless on 10,000 nested arrays throws only SyntaxError', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(() => parseJsonLossless(text)).toThrow(SyntaxError);
    expect(tryParseJsonLossless(text).ok).toBe(false);
  });

  it('btcturk: a 400-digit `time` is refused or kept finite', () => {
    const parsed = parseSingleOrder({
      id: 1,
      price: '1',
      amount: '1',
      pairSymbol: 'BTCTRY',
      type: 'buy',
      status: 'Untouched',
      leftAmount: '1',
      time: D400,
    });
    if (parsed.ok) expect(Number.isSafeInteger(restOrderToVenueOrder(parsed.value, 0).createdAt)).toBe(true);
  });
});

const COINW_ROW = { id: '1', instrument: 'BTC', direction: 'long', totalPiece: '1', orderStatus: 'unFinish' };

const OXFUN_WORKING = {
  orderId: '1',
  marketCode: 'X-Y',
  status: 'OPEN',
  side: 'BUY',
  quantity: '1',
  remainQuantity: '1',
  orderType: 'LIMIT',
  createdAt: '1716932877381',
};

const BLUEFIN_HASH = 'a'.repeat(64);

describe('fuzz findings, fixed (regressions)', () => {
  // prototypeCodeLookup: the shared lookup reads own keys only; the venues' own tables too.
  it('oxfun: oxfunError("constructor") has a known category (it was the Object function)', () => {
    expect(VENUE_ERROR_CATEGORIES.has(oxfunError('constructor', 'm').category)).toBe(true);
  });

  it('oxfun: oxfunError("__proto__") has a known category (it was Object.prototype)', () => {
    expect(VENUE_ERROR_CATEGORIES.has(oxfunError('__proto__', 'm').category)).toBe(true);
  });

  it('btcturk: an envelope message "hasOwnProperty" gives a known category (fixed by the shared lookup)', () => {
    const error = venueErrorFrom(400, { success: false, message: 'hasOwnProperty', code: 0 }, undefined, 0);
    expect(VENUE_ERROR_CATEGORIES.has(error.category)).toBe(true);
  });

  it('bluefin: an error body code "__proto__" gives a known category (it was Object.prototype)', () => {
    const response = { status: 400, data: '{"error":{"code":"__proto__","message":"m"}}', headers: {} };
    expect(VENUE_ERROR_CATEGORIES.has(bluefinStatusError(response as never).category)).toBe(true);
  });

  it('bluefin: a message "constructor" / "__proto__" is no row of the message table', () => {
    for (const message of ['constructor', '__proto__', ' toString ', 'hasOwnProperty']) {
      expect(messageCategory(message)).toBeUndefined();
      const data = JSON.stringify({ error: { message } });
      expect(bluefinStatusError({ status: 400, data, headers: {} } as never).category).toBe('rejected');
    }
    expect(messageCategory(' Invalid Orders ')).toBe('not_found');
  });

  // coinwPrototypeOrderType
  it('coinw: posType "constructor" gives a string order type (it was the Object function)', () => {
    for (const posType of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const row = parseOrderRow({ ...COINW_ROW, posType });
      if (!row.ok) throw new Error(row.error);
      expect(coinwToVenueOrder(row.value, 0).type).toBe(posType);
    }
    const plan = parseOrderRow({ ...COINW_ROW, posType: 'plan' });
    expect(plan.ok && coinwToVenueOrder(plan.value, 0).type).toBe('limit');
  });

  it('coinw: an instrument named like a prototype member has the default contract size', () => {
    for (const market of ['constructor', '__proto__', 'toString']) {
      expect(coinwInstrument(market).contractSize).toBe('1');
    }
    expect(coinwInstrument('btc').contractSize).toBe('0.001');
  });

  // coinwLeadingZeroId
  it('coinw: batchCancelBody(["007"]) refuses with an Error (it wrote {"sourceIds":[007]})', () => {
    for (const ids of [['007'], ['00'], ['0', '01']]) {
      expect(() => batchCancelBody(ids)).toThrow(/not a CoinW order id \(leading zero\)/);
    }
    expect(() => singleCancelBody('007')).toThrow(Error);
    expect(batchCancelBody(['0', '2435521222632111503'])).toBe('{"sourceIds":[0,2435521222632111503]}');
  });

  it('coinw: a row whose id has a leading zero is skipped and described like any odd row', () => {
    expect(parseOrderRow({ ...COINW_ROW, id: '007' })).toMatchObject({ ok: false });
    const { rows, skipped } = parseOrderRows([
      { ...COINW_ROW, id: '007' },
      COINW_ROW,
      { ...COINW_ROW, id: '0' },
    ]);
    expect(rows.map((r) => r.id)).toEqual(['1', '0']);
    expect(skipped).toEqual([expect.stringMatching(/^row without a readable id: id: /)]);
  });

  // oxfunLeadingZeroId
  it('oxfun: integerId("007") writes valid JSON (it threw SyntaxError from JSON.rawJSON); the cancel refuses it', () => {
    for (const [id, json] of [
      ['007', '{"id":7}'],
      ['00', '{"id":0}'],
      ['0', '{"id":0}'],
      ['3330802124194931673', '{"id":3330802124194931673}'],
    ] as const) {
      expect(JSON.stringify({ id: integerId(id) })).toBe(json);
    }
    for (const id of ['007', '00', '01']) {
      expect(isIntegerId(id)).toBe(false);
      expect(() => cancelCommandText('t', [{ venueOrderId: id, market: 'X-Y' }])).toThrow(
        /not an OX.FUN order id/,
      );
      expect(() => cancelCommandText('t', [{ venueOrderId: id, market: 'X-Y' }])).not.toThrow(SyntaxError);
    }
    expect(() => integerId('-1')).toThrow(/not an integer id/);
  });

  it('oxfun: rawDecimal writes valid JSON for leading zeros (same value)', () => {
    expect(
      JSON.stringify([rawDecimal('00'), rawDecimal('007.50'), rawDecimal('-00.1'), rawDecimal('0.0')]),
    ).toBe('[0,7.50,-0.1,0.0]');
  });

  // unsafeTimestamps (CoinW, OX.FUN; Rails and Bluefin read timestamps as safe-integer numbers only)
  it('oxfun: a 17-digit createdAt is refused (it was rounded to 100000000000000000)', () => {
    for (const createdAt of ['99999999999999999', '9007199254740993', D400]) {
      const parsed = parseWorkingOrders({ success: true, data: [{ ...OXFUN_WORKING, createdAt }] });
      expect(parsed.ok && parsed.value.orders).toEqual([]);
      expect(parsed.ok && parsed.value.rejected).toEqual([
        expect.stringMatching(/^working order 0: createdAt/),
      ]);
    }
    const fine = parseWorkingOrders({ success: true, data: [OXFUN_WORKING] });
    const order = fine.ok ? fine.value.orders[0] : undefined;
    expect(order && workingToVenueOrder(order).createdAt).toBe(1716932877381);
  });

  it('coinw: a 16-digit createdDate is refused (it was rounded to 1e16)', () => {
    for (const createdDate of ['9999999999999999', '9007199254740993', D400]) {
      const row = parseOrderRow({ ...COINW_ROW, createdDate });
      expect(row).toMatchObject({ ok: false, error: expect.stringMatching(/^row 1: createdDate/) });
    }
    const fine = parseOrderRow({ ...COINW_ROW, createdDate: '9007199254740991' });
    expect(fine.ok && coinwToVenueOrder(fine.value, 0).createdAt).toBe(Number.MAX_SAFE_INTEGER);
    // Codes and totals are digit strings too: refused past 16 digits, never Infinity.
    expect(parseEnvelope(`{"code":"${D400}","msg":"x"}`).ok).toBe(false);
    expect(parseListing({ rows: [], total: D400 }).ok).toBe(false);
  });

  // largeInputSlow, the venues' part: decimals are length-capped before any arithmetic
  it('decimals over 60 characters are refused by every schema, fast', () => {
    const huge = '9'.repeat(1_000_000);
    const start = performance.now();
    expect(parseOrderRow({ ...COINW_ROW, totalPiece: huge }).ok).toBe(false);
    expect(parseOrderRow({ ...COINW_ROW, totalPiece: '1'.repeat(60) }).ok).toBe(true);
    const ox = parseWorkingOrders({ success: true, data: [{ ...OXFUN_WORKING, quantity: huge }] });
    expect(ox.ok && ox.value.orders).toEqual([]);
    const rails = railsOpenOrdersPage(
      JSON.stringify({
        openOrders: [
          {
            orderId: '01J',
            market: 'BTC-USD',
            orderType: 'buy',
            tradeType: 'limit',
            orderStatus: 'active',
            price: huge,
            quantity: '1',
            filledQuantity: '0',
            createdAt: 1,
            updatedAt: 1,
          },
        ],
      }),
    );
    expect(rails.ok && rails.value.orders).toEqual([]);
    const bluefin = bluefinOrdersPage(JSON.stringify([bluefinOrder({ price: `${huge}` })]));
    expect(bluefin.ok && bluefin.value.orders).toEqual([]);
    const fine = bluefinOrdersPage(JSON.stringify([bluefinOrder({ price: '3450120000000000000000' })]));
    expect(fine.ok && fine.value.orders).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  // uncappedSkipped, the venues' part: 20 rows described, then one line counting the rest
  it('listings describe the first 20 unreadable rows and count the rest in one line', () => {
    const junk = new Array(5000).fill(1);
    const rails = railsOpenOrdersPage(JSON.stringify({ openOrders: junk }));
    expect(rails.ok && rails.value.skipped).toHaveLength(21);
    expect(rails.ok && rails.value.skipped[20]).toBe('open-orders: 4980 more rows skipped (not described)');
    const bluefin = bluefinOrdersPage(JSON.stringify([...junk, bluefinOrder({ price: '1' })]));
    expect(bluefin.ok && bluefin.value.skipped).toHaveLength(21);
    expect(bluefin.ok && bluefin.value.skipped[20]).toBe(
      'GET /orders: 4980 more rows skipped (not described)',
    );
    expect(bluefin.ok && bluefin.value.orders).toHaveLength(1);
    const coinw = parseOrderRows([...junk, COINW_ROW]);
    expect(coinw.skipped).toHaveLength(21);
    expect(coinw.skipped[20]).toBe('4980 more rows (not described)');
    expect(coinw.rows).toHaveLength(1);
    const ox = parseWorkingOrders({ success: true, data: [...junk, OXFUN_WORKING] });
    expect(ox.ok && ox.value.rejected).toHaveLength(21);
    expect(ox.ok && ox.value.rejected[20]).toBe('working orders: 4980 more unreadable (not described)');
    expect(ox.ok && ox.value.orders).toHaveLength(1);
    const push = parseWsFrame(JSON.stringify({ table: 'order', data: junk }));
    expect(push.ok && push.value.kind === 'orders' && push.value.rejected.at(-1)).toBe(
      'order push items: 4980 more unreadable (not described)',
    );
  });
});

function bluefinOrder(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    hash: BLUEFIN_HASH,
    symbol: 'ETH-PERP',
    orderType: 'LIMIT',
    side: 'BUY',
    price: '1',
    quantity: '1000000000000000000',
    filledQty: '0',
    orderStatus: 'OPEN',
    createdAt: 1,
    updatedAt: 1,
    ...fields,
  };
}
