/**
 * Bluefin message parsing: the shapes of the v2 API (orders in 1e18 base,
 * the cancel reply's accepted/failed split, the error envelope, user-stream
 * frames), exact decimal conversion at the extremes, lossless ids, and
 * malformed input coming back as a typed failure instead of a throw.
 */
import { describe, expect, it } from 'vitest';
import { outcomesFor } from '../../main/venues/bluefin/adapter.ts';
import {
  failedReasonCategory,
  fromBase18,
  parseAuthorizeResponse,
  parseCancelResponse,
  parseErrorBody,
  parseOrdersPage,
  parseStreamFrame,
  toVenueOrder,
} from '../../main/venues/bluefin/parse.ts';
import { toBase18 } from '../../main/venues/bluefin/sim-orders.ts';

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
    expect(toVenueOrder(parsed.value[0] as never)).toEqual({
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
    });
  });

  it('maps every venue status', () => {
    const status = (orderStatus: string, filledQty = '0') => {
      const parsed = parseOrdersPage(JSON.stringify([orderJson({ orderStatus, filledQty })]));
      if (!parsed.ok) throw new Error(parsed.error);
      return toVenueOrder(parsed.value[0] as never).status;
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
    expect(parsed.ok && parsed.value[0]?.id).toBe('18446744073709551615');
  });

  it('refuses malformed orders with a description that names fields, not values', () => {
    const bad = [
      orderJson({ price: 3450.12 }),
      orderJson({ quantity: '1.5' }),
      orderJson({ hash: `0x${HASH}` }),
      orderJson({ hash: HASH.toUpperCase() }),
      orderJson({ orderStatus: 'WEIRD' }),
      orderJson({ side: 'buy' }),
      orderJson({ createdAt: '1717171717000' }),
    ];
    for (const order of bad) {
      const parsed = parseOrdersPage(JSON.stringify([order]));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).not.toContain('3450');
    }
    expect(parseOrdersPage('{"not":"an array"}').ok).toBe(false);
    expect(parseOrdersPage('<html>').ok).toBe(false);
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
      value: { kind: 'reversion', orderHash: HASH, symbol: 'ETH-PERP', message: 'cancelled on revert' },
    });
    const trade = parseStreamFrame(JSON.stringify({ eventName: 'UserTrade', data: { trade: {} } }));
    expect(trade).toEqual({ ok: true, value: { kind: 'ignored', eventName: 'UserTrade' } });
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
