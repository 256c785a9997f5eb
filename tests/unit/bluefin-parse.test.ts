/**
 * Bluefin message parsing: the shapes of the v2 API (orders in 1e18 base,
 * the cancel reply's accepted/failed split, the error envelope, user-stream
 * frames), exact decimal conversion at the extremes, lossless ids, and
 * malformed input coming back as a typed failure instead of a throw.
 */
import { describe, expect, it } from 'vitest';
import { outcomesFor } from '../../main/venues/bluefin/adapter.ts';
import { failedReasonCategory, statusError } from '../../main/venues/bluefin/errors.ts';
import {
  fromBase18,
  normaliseOrderHash,
  parseAuthorizeResponse,
  parseCancelResponse,
  parseErrorBody,
  parseOrdersPage,
  parseStreamFrame,
  toVenueOrder,
} from '../../main/venues/bluefin/parse.ts';
import { toBase18 } from '../../main/venues/bluefin/sim/orders.ts';

const HASH = '7f3c9a1e5b2d4c6a8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d';
const HASH_2 = 'e'.repeat(64);

function orderJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1204,
    clientId: 'blotter-1',
    requestTime: 1717171717000,
    cancelReason: 'NONE',
    orderStatus: 'PARTIAL_FILLED',
    hash: HASH,
    symbol: 'ETH-PERP',
    orderType: 'LIMIT',
    timeInForce: 'GOOD_TILL_TIME',
    userAddress: '0x76eb4121b05bb58e66c121c85f6fbcb0f739169b14ecd92bcb6f39838f49582c',
    side: 'BUY',
    price: '3450120000000000000000',
    triggerPrice: '0',
    quantity: '1500000000000000000',
    leverage: '3000000000000000000',
    reduceOnly: false,
    expiration: 1719763717000,
    salt: 1717171717123,
    filledQty: '250000000000000000',
    avgFillPrice: '3450120000000000000000',
    createdAt: 1717171717000,
    updatedAt: 1717171718000,
    makerFee: '0',
    takerFee: '0',
    openQty: '1250000000000000000',
    postOnly: true,
    ...overrides,
  };
}

describe('1e18 base amounts', () => {
  it('convert exactly, including the extremes', () => {
    expect(fromBase18('0')).toBe('0');
    expect(fromBase18('1')).toBe('0.000000000000000001');
    expect(fromBase18('1000000000000000000')).toBe('1');
    expect(fromBase18('1500000000000000000')).toBe('1.5');
    expect(fromBase18('999999999999999999')).toBe('0.999999999999999999');
    expect(fromBase18('-1500000000000000000')).toBe('-1.5');
    // 2^256 − 1: far beyond any float, still exact.
    expect(fromBase18('115792089237316195423570985008687907853269984665640564039457584007913129639935')).toBe(
      '115792089237316195423570985008687907853269984665640564039457.584007913129639935',
    );
    expect(fromBase18('3450123456789012345678')).toBe('3450.123456789012345678');
    // Leading zeros and a negative zero read as the number they are.
    expect(fromBase18('0001500000000000000000')).toBe('1.5');
    expect(fromBase18('-0')).toBe('0');
    expect(fromBase18('-000000000000000000001')).toBe('-0.000000000000000001');
    expect(() => fromBase18('1.5')).toThrow(Error);
  });

  it('a megabyte of digits converts in linear time (the point moves in the text, no BigInt)', () => {
    const start = performance.now();
    const out = fromBase18('9'.repeat(1 << 20));
    expect(out).toMatch(/^9+\.9{18}$/);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('amounts over 80 characters are refused by the order schema (a uint256 still reads)', () => {
    const uint256 = '115792089237316195423570985008687907853269984665640564039457584007913129639935';
    const page = (price: string) => parseOrdersPage(JSON.stringify([orderJson({ price })]));
    expect(page(uint256)).toMatchObject({ ok: true, value: { skipped: [] } });
    const refused = page(`1${uint256.repeat(2)}`);
    expect(refused.ok && refused.value.orders).toEqual([]);
    expect(refused.ok && refused.value.skipped).toEqual([
      expect.stringMatching(/^GET \/orders row 0 skipped: price: /),
    ]);
  });

  it('round-trip through the simulator conversion', () => {
    for (const value of [
      '0',
      '0.000000000000000001',
      '3450.12',
      '67000',
      '115792089237316195423570985008.5',
    ]) {
      expect(fromBase18(toBase18(value))).toBe(value);
    }
    expect(() => toBase18('0.0000000000000000001')).toThrow();
  });
});

describe('orders', () => {
  it('parses a GET /orders page and maps it to a VenueOrder with exact decimals', () => {
    const parsed = parseOrdersPage(JSON.stringify([orderJson()]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(toVenueOrder(parsed.value.orders[0] as never)).toEqual({
      venueOrderId: HASH,
      market: 'ETH-PERP',
      side: 'buy',
      type: 'limit',
      price: '3450.12',
      quantity: '1.5',
      filled: '0.25',
      remaining: '1.25',
      status: 'partially_filled',
      createdAt: 1717171717000,
      updatedAt: 1717171718000,
      clientOrderId: 'blotter-1',
      timeInForce: 'GOOD_TILL_TIME',
      reduceOnly: false,
      postOnly: true,
    });
  });

  it('maps every venue status', () => {
    const status = (orderStatus: string, filledQty = '0') => {
      const parsed = parseOrdersPage(JSON.stringify([orderJson({ orderStatus, filledQty })]));
      if (!parsed.ok) throw new Error(parsed.error);
      return toVenueOrder(parsed.value.orders[0] as never).status;
    };
    expect(status('PENDING')).toBe('open');
    expect(status('OPEN')).toBe('open');
    expect(status('OPEN', '1')).toBe('partially_filled');
    expect(status('STAND_BY')).toBe('open');
    expect(status('STAND_BY_PENDING')).toBe('open');
    expect(status('CANCELLING')).toBe('cancelling');
    expect(status('CANCELLED')).toBe('cancelled');
    expect(status('FILLED', '1500000000000000000')).toBe('filled');
    expect(status('REJECTED')).toBe('rejected');
    expect(status('EXPIRED')).toBe('expired');
  });

  it('keeps an id above 2^53 exact', () => {
    const text = JSON.stringify([orderJson()]).replace('"id":1204', '"id":18446744073709551615');
    const parsed = parseOrdersPage(text);
    expect(parsed.ok && parsed.value.orders[0]?.id).toBe('18446744073709551615');
  });

  it('skips (and describes) an odd row without failing the page, naming fields, not values', () => {
    const bad = [
      orderJson({ price: 3450.12 }),
      orderJson({ quantity: '1.5' }),
      orderJson({ hash: 'zz' }),
      orderJson({ hash: `0x${HASH}00` }),
      orderJson({ orderStatus: 'WEIRD' }),
      orderJson({ side: 'buy' }),
      orderJson({ createdAt: '1717171717000' }),
      'not an object',
    ];
    for (const row of bad) {
      const parsed = parseOrdersPage(JSON.stringify([orderJson({ hash: HASH_2 }), row]));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.orders.map((order) => order.hash.key)).toEqual([HASH_2]);
      expect(parsed.value.rows).toBe(2);
      expect(parsed.value.skipped).toHaveLength(1);
      expect(parsed.value.skipped[0]).toMatch(/^GET \/orders row 1 skipped: /);
      expect(parsed.value.skipped[0]).not.toContain('3450');
    }
    expect(parseOrdersPage('{"not":"an array"}').ok).toBe(false);
    expect(parseOrdersPage('<html>').ok).toBe(false);
  });

  it('reads a hash with 0x or in upper case under the bare lowercase key, keeping the venue form', () => {
    for (const form of [`0x${HASH}`, HASH.toUpperCase(), `0X${HASH.toUpperCase()}`, HASH]) {
      const parsed = parseOrdersPage(JSON.stringify([orderJson({ hash: form })]));
      expect(parsed.ok && parsed.value.orders[0]?.hash).toEqual({ key: HASH, wire: form });
      expect(parsed.ok && toVenueOrder(parsed.value.orders[0] as never).venueOrderId).toBe(HASH);
    }
    expect(normaliseOrderHash(` 0x${HASH.toUpperCase()} `)).toBe(HASH);
    expect(normaliseOrderHash(HASH.slice(1))).toBeUndefined();
    expect(normaliseOrderHash(`0x0x${HASH}`)).toBeUndefined();
  });
});

describe('REST replies', () => {
  it('parses the login token', () => {
    expect(parseAuthorizeResponse('{"token":"abc"}')).toEqual({ ok: true, value: { token: 'abc' } });
    expect(parseAuthorizeResponse('{"token":""}').ok).toBe(false);
  });

  it('parses the cancel reply and maps each hash to its outcome', () => {
    const text = JSON.stringify({
      message: 'Orders cancellation requested',
      data: {
        acceptedForCancelling: [{ hash: HASH }],
        failedCancelling: [{ hash: HASH_2, reason: 'Order not found' }],
      },
    });
    const parsed = parseCancelResponse(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const missing = 'f'.repeat(64);
    const outcomes = outcomesFor([HASH, HASH_2, missing], parsed.value);
    expect(outcomes.get(HASH)).toEqual({ kind: 'accepted' });
    expect(outcomes.get(HASH_2)).toEqual({
      kind: 'failed',
      error: { category: 'not_found', code: 'failedCancelling', message: 'Order not found' },
    });
    expect(outcomes.get(missing)).toMatchObject({ kind: 'failed', error: { category: 'not_found' } });
    expect(parseCancelResponse('{"data":{"acceptedForCancelling":[]}}').ok).toBe(false);
  });

  it('reads the error envelope', () => {
    expect(parseErrorBody('{"error":{"code":1015,"message":"Too many requests","data":null}}')).toEqual({
      code: '1015',
      message: 'Too many requests',
    });
    expect(parseErrorBody('{"message":"nope"}')).toBeUndefined();
    expect(parseErrorBody('oops')).toBeUndefined();
  });

  it('maps statuses and codes through the error table', () => {
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      statusError({ status, data: JSON.stringify(body), headers } as never);
    expect(
      answer(429, { error: { code: 1015, message: 'Too many requests' } }, { 'retry-after': '2' }),
    ).toEqual({
      category: 'rate_limited',
      code: '1015',
      message: 'Too many requests',
      retryAfterMs: 2000,
    });
    expect(answer(400, { error: { code: 2002, message: 'Invalid Orders' } })).toMatchObject({
      category: 'not_found',
      code: '2002',
    });
    expect(answer(400, { error: { message: 'Invalid Order Signature' } })).toMatchObject({
      category: 'rejected',
      code: '400',
    });
    expect(answer(401, {})).toMatchObject({ category: 'auth', message: 'HTTP 401' });
    expect(answer(503, 'down')).toMatchObject({ category: 'network', code: '503' });
    expect(answer(404, { error: { code: 1004, message: 'Not Found' } }).category).toBe('not_found');
  });

  it('sorts failure reasons into engine categories', () => {
    expect(failedReasonCategory('Order not found')).toBe('not_found');
    expect(failedReasonCategory('Order already cancelled')).toBe('not_found');
    expect(failedReasonCategory('Order is being settled and cannot be cancelled')).toBe('conflict');
    expect(failedReasonCategory('Order cancellation rejected by risk engine')).toBe('rejected');
  });
});

describe('user stream frames', () => {
  it('routes order updates, cancellations, failures and reversions', () => {
    const update = parseStreamFrame(
      JSON.stringify({ eventName: 'OrderUpdate', data: { order: orderJson() } }),
    );
    expect(update.ok && update.value.kind).toBe('order');
    const cancelled = parseStreamFrame(
      JSON.stringify({
        eventName: 'OrderCancelled',
        data: { order: orderJson({ orderStatus: 'CANCELLED' }) },
      }),
    );
    expect(cancelled.ok && cancelled.value.kind === 'order' && cancelled.value.order.orderStatus).toBe(
      'CANCELLED',
    );
    const failed = parseStreamFrame(
      JSON.stringify({
        eventName: 'OrderCancellationFailed',
        data: { order: orderJson({ orderStatus: 'OPEN' }), message: 'Order is being settled' },
      }),
    );
    expect(failed).toMatchObject({
      ok: true,
      value: { kind: 'cancelFailed', reason: 'Order is being settled' },
    });
    const reversion = parseStreamFrame(
      JSON.stringify({
        eventName: 'OrderCancelledOnReversionUpdate',
        data: {
          orderHash: HASH,
          userAddress: '0x1',
          symbol: 'ETH-PERP',
          message: 'cancelled on revert',
          isBuy: true,
          fillId: '7',
          quantitySentForCancellation: '1000000000000000000',
          timestamp: 1717171719000,
        },
      }),
    );
    expect(reversion).toEqual({
      ok: true,
      value: {
        kind: 'reversion',
        hash: { key: HASH, wire: HASH },
        symbol: 'ETH-PERP',
        message: 'cancelled on revert',
      },
    });
    const trade = parseStreamFrame(JSON.stringify({ eventName: 'UserTrade', data: { trade: {} } }));
    expect(trade).toEqual({ ok: true, value: { kind: 'ignored', eventName: 'UserTrade' } });
  });

  it('reads OrderCancelled / OrderCancellationFailed in any shape they may take (untyped upstream)', () => {
    const frame = (eventName: string, data: unknown) => parseStreamFrame(JSON.stringify({ eventName, data }));
    const upper = `0x${HASH.toUpperCase()}`;
    expect(frame('OrderCancelled', orderJson({ hash: upper, orderStatus: 'CANCELLED' }))).toMatchObject({
      ok: true,
      value: { kind: 'order', order: { hash: { key: HASH, wire: upper }, orderStatus: 'CANCELLED' } },
    });
    expect(frame('OrderCancelled', { orderHash: upper, symbol: 'ETH-PERP' })).toEqual({
      ok: true,
      value: { kind: 'cancelled', hash: { key: HASH, wire: upper } },
    });
    expect(frame('OrderCancelled', { hash: HASH })).toEqual({
      ok: true,
      value: { kind: 'cancelled', hash: { key: HASH, wire: HASH } },
    });
    expect(frame('OrderCancellationFailed', { orderHash: upper, reason: 'being settled' })).toEqual({
      ok: true,
      value: {
        kind: 'cancelFailed',
        hash: { key: HASH, wire: upper },
        order: undefined,
        reason: 'being settled',
      },
    });
    expect(frame('OrderCancellationFailed', orderJson({ message: 'too late' }))).toMatchObject({
      ok: true,
      value: { kind: 'cancelFailed', hash: { key: HASH }, reason: 'too late' },
    });
    expect(frame('OrderCancelled', { symbol: 'ETH-PERP' }).ok).toBe(false);
  });

  it('turns malformed frames into failures, never throws', () => {
    const frames = [
      'not json',
      '["SUBSCRIBE"]',
      JSON.stringify({ data: {} }),
      JSON.stringify({ eventName: 'OrderUpdate', data: {} }),
      JSON.stringify({ eventName: 'OrderUpdate', data: { order: orderJson({ price: 1 }) } }),
      JSON.stringify({ eventName: 'OrderCancellationFailed', data: { reason: 'x' } }),
      JSON.stringify({
        eventName: 'OrderCancelledOnReversionUpdate',
        data: { orderHash: 'zz', symbol: 'ETH-PERP' },
      }),
    ];
    for (const frame of frames) {
      const parsed = parseStreamFrame(frame);
      expect(parsed.ok).toBe(false);
    }
  });
});
