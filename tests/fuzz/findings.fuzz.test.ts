/**
 * Exact reproductions of what the fuzz suites found (known.ts). Each is `it.fails`: it passes while the
 * defect is there and fails once production code is fixed, so the fix also removes the entry here and the
 * flag in known.ts (which makes the general properties strict about it again).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonLossless, tryParseJsonLossless } from '../../main/core/json.ts';
import { statusError as bluefinStatusError } from '../../main/venues/bluefin/errors.ts';
import { venueErrorFrom } from '../../main/venues/btcturk/errors.ts';
import { parseSingleOrder, restOrderToVenueOrder } from '../../main/venues/btcturk/parse.ts';
import { toVenueOrder as coinwToVenueOrder, parseOrderRow } from '../../main/venues/coinw/parse.ts';
import { batchCancelBody } from '../../main/venues/coinw/rest.ts';
import { oxfunError } from '../../main/venues/oxfun/errors.ts';
import { parseWorkingOrders, workingToVenueOrder } from '../../main/venues/oxfun/parse.ts';
import { integerId } from '../../main/venues/oxfun/wire.ts';
import { VENUE_ERROR_CATEGORIES } from './harness.ts';

const D400 = '9'.repeat(400);

describe('fuzz findings (fail once fixed)', () => {
  it.fails('json: parseJsonLossless on 10,000 nested arrays throws only SyntaxError (it throws RangeError)', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(() => parseJsonLossless(text)).not.toThrow();
  });

  it.fails('json: tryParseJsonLossless reads valid, deeply nested JSON (it says "not valid JSON")', () => {
    expect(tryParseJsonLossless(`${'['.repeat(10_000)}${']'.repeat(10_000)}`).ok).toBe(true);
  });

  it.fails('oxfun: oxfunError("constructor") has a known category (it is the Object function)', () => {
    expect(VENUE_ERROR_CATEGORIES.has(oxfunError('constructor', 'm').category)).toBe(true);
  });

  it.fails('oxfun: oxfunError("__proto__") has a known category (it is Object.prototype)', () => {
    expect(VENUE_ERROR_CATEGORIES.has(oxfunError('__proto__', 'm').category)).toBe(true);
  });

  it.fails('oxfun: integerId("007") refuses with its documented Error (it throws SyntaxError from JSON.rawJSON)', () => {
    expect(() => integerId('007')).toThrow(Error);
    expect(() => integerId('007')).not.toThrow(SyntaxError);
  });

  it.fails('btcturk: an envelope message "hasOwnProperty" gives a known category (it is a function)', () => {
    const error = venueErrorFrom(400, { success: false, message: 'hasOwnProperty', code: 0 }, undefined, 0);
    expect(VENUE_ERROR_CATEGORIES.has(error.category)).toBe(true);
  });

  it.fails('btcturk: a 400-digit `time` is refused or kept finite (it becomes Infinity)', () => {
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

  it.fails('coinw: posType "constructor" gives a string order type (it is the Object function)', () => {
    const row = parseOrderRow({
      id: '1',
      instrument: 'BTC',
      direction: 'long',
      totalPiece: '1',
      orderStatus: 'unFinish',
      posType: 'constructor',
    });
    if (!row.ok) throw new Error(row.error);
    expect(typeof coinwToVenueOrder(row.value, 0).type).toBe('string');
  });

  it.fails('coinw: batchCancelBody(["007"]) is JSON (it writes {"sourceIds":[007]})', () => {
    expect(() => JSON.parse(batchCancelBody(['007']))).not.toThrow();
  });

  it.fails('bluefin: an error body code "__proto__" gives a known category (it is Object.prototype)', () => {
    const response = { status: 400, data: '{"error":{"code":"__proto__","message":"m"}}', headers: {} };
    expect(VENUE_ERROR_CATEGORIES.has(bluefinStatusError(response as never).category)).toBe(true);
  });

  it.fails('oxfun: a 17-digit createdAt is refused or kept exact (it is rounded to 100000000000000000)', () => {
    const parsed = parseWorkingOrders({
      success: true,
      data: [
        {
          orderId: '1',
          marketCode: 'X-Y',
          status: 'OPEN',
          side: 'BUY',
          quantity: '1',
          remainQuantity: '1',
          orderType: 'LIMIT',
          createdAt: '99999999999999999',
        },
      ],
    });
    const order = parsed.ok ? parsed.value.orders[0] : undefined;
    if (order) expect(Number.isSafeInteger(workingToVenueOrder(order).createdAt)).toBe(true);
  });

  it.fails('coinw: a 16-digit createdDate is refused or kept exact (it is rounded to 1e16)', () => {
    const row = parseOrderRow({
      id: '1',
      instrument: 'BTC',
      direction: 'long',
      totalPiece: '1',
      orderStatus: 'unFinish',
      createdDate: '9999999999999999',
    });
    if (row.ok) expect(Number.isSafeInteger(coinwToVenueOrder(row.value, 0).createdAt)).toBe(true);
  });
});
