import { describe, expect, it } from 'vitest';
import { cancelOutcomeFrom, retryAfterMs, venueErrorFrom } from '../../main/venues/btcturk/errors.ts';
import { OrderStates } from '../../main/venues/btcturk/order-states.ts';
import {
  type BtcturkEnvelope,
  parseEnvelope,
  parseOpenOrders,
  parseSingleOrder,
  parseStreamFrame,
  restOrderToVenueOrder,
  type WsOrder,
} from '../../main/venues/btcturk/parse.ts';

function envelope(text: string): BtcturkEnvelope {
  const parsed = parseEnvelope(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

// The seed page's answers and BTCTurk's documented shapes.
const CANCEL_OK = '{"success":true,"message":"SUCCESS","code":0}';
const NO_ORDER = '{"success":false,"message":"NO_ORDER_MATCHES_YOUR_REQUEST","code":1051}';
const NOT_CANCELABLE = '{"success":false,"message":"ORDER_COULD_NOT_BE_CANCELED","code":1050}';
const BLOCKED = '{"success":false,"message":"ORDER_CANCEL_BLOCKED","code":1056}';
const OPEN_ORDERS = `{"success":true,"message":"SUCCESS","code":0,"data":{"asks":[
  {"id":2605984008,"price":"55000","amount":"0.00050000","quantity":"0.00050000","stopPrice":"0",
   "pairSymbol":"BTCUSDT","pairSymbolNormalized":"BTC_USDT","type":"sell","method":"limit",
   "orderClientId":"f479bdb6-0965-4f03-95b5-daeb7aa5a3a5","time":0,"updateTime":1618913083543,
   "status":"Partial","leftAmount":"0.00030000"}],
  "bids":[{"id":9007199254740993,"price":40.85,"amount":"250","quantity":"250","stopPrice":null,
   "pairSymbol":"USDTTRY","type":"buy","method":"limit","orderClientId":null,"time":"1618913189253",
   "updateTime":"1618913189253","status":"Untouched","leftAmount":"250"}]}}`;

describe('btcturk REST parsing', () => {
  it('reads the envelope of the seed page cancel answer', () => {
    expect(envelope(CANCEL_OK)).toMatchObject({ success: true, message: 'SUCCESS', code: 0 });
    expect(envelope('{"success":true,"message":"SUCCESS","code":"0"}').code).toBe(0);
  });

  it('refuses bodies that are not the envelope', () => {
    expect(parseEnvelope('<html>502</html>').ok).toBe(false);
    expect(parseEnvelope('{"ok":true}').ok).toBe(false);
    const bad = parseEnvelope('{"success":"yes","code":0}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/success/);
  });

  it('lists open orders with exact decimals and lossless ids', () => {
    const data = envelope(OPEN_ORDERS).data;
    const parsed = parseOpenOrders(data);
    if (!parsed.ok) throw new Error(parsed.error);
    const [ask, bid] = parsed.value.orders.map((order) => restOrderToVenueOrder(order));
    expect(parsed.value.skipped).toEqual([]);
    expect(ask).toEqual({
      venueOrderId: '2605984008',
      market: 'BTCUSDT',
      side: 'sell',
      type: 'limit',
      price: '55000',
      quantity: '0.00050000',
      filled: '0.0002',
      remaining: '0.00030000',
      status: 'partially_filled',
      // `time` 0: the update time stands in.
      createdAt: 1618913083543,
      updatedAt: 1618913083543,
      clientOrderId: 'f479bdb6-0965-4f03-95b5-daeb7aa5a3a5',
    });
    // 2^53 + 1 as a bare JSON number keeps every digit; a bare decimal price stays exact.
    expect(bid?.venueOrderId).toBe('9007199254740993');
    expect(bid?.price).toBe('40.85');
    expect(bid?.status).toBe('open');
    expect(bid?.createdAt).toBe(1618913189253);
  });

  it('skips a row it cannot read and says where, without values; the other rows stay', () => {
    const good = {
      id: 5,
      price: '10',
      quantity: '2',
      pairSymbol: 'USDTTRY',
      type: 'buy',
      status: 'Untouched',
      leftAmount: '2',
    };
    const parsed = parseOpenOrders({ asks: [{ id: 'x1', price: 'cheap' }], bids: [good] });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.orders.map((order) => order.id)).toEqual(['5']);
    expect(parsed.value.skipped).toHaveLength(1);
    expect(parsed.value.skipped[0]).toMatch(/asks\.0/);
    expect(parsed.value.skipped[0]).not.toContain('cheap');
    // No `method`, `time`, `updateTime`, `amount`: filled in, never required.
    expect(restOrderToVenueOrder(parsed.value.orders[0] as never, 77)).toMatchObject({
      type: 'limit',
      quantity: '2',
      createdAt: 77,
      updatedAt: 77,
    });
    // A page that is not {asks, bids} is still a failure (an empty listing must not be mistaken for one).
    expect(parseOpenOrders({ asks: [] }).ok).toBe(false);
  });

  it('maps the order lookup statuses: Canceled → cancelled, Closed → filled', () => {
    const base = {
      id: 5,
      price: '10',
      amount: '2',
      quantity: '2',
      pairSymbol: 'USDTTRY',
      type: 'buy',
      method: 'limit',
      time: 1,
      updateTime: 2,
      leftAmount: '0.5',
    };
    const canceled = parseSingleOrder({ ...base, status: 'Canceled' });
    const closed = parseSingleOrder({ ...base, status: 'Closed' });
    if (!canceled.ok || !closed.ok) throw new Error('lookup schema');
    expect(restOrderToVenueOrder(canceled.value)).toMatchObject({
      status: 'cancelled',
      filled: '1.5',
      remaining: '0.5',
    });
    expect(restOrderToVenueOrder(closed.value)).toMatchObject({
      status: 'filled',
      filled: '2',
      remaining: '0',
    });
    expect(parseSingleOrder({ ...base, status: 'Pending' }).ok).toBe(false);
  });
});

describe('btcturk cancel answers', () => {
  const now = 1_000_000;

  it('200 SUCCESS means received: accepted, not done', () => {
    expect(cancelOutcomeFrom(200, envelope(CANCEL_OK), undefined, now)).toEqual({ kind: 'accepted' });
  });

  it('NO_ORDER_MATCHES_YOUR_REQUEST → not_found (the engine reconciles)', () => {
    expect(cancelOutcomeFrom(400, envelope(NO_ORDER), undefined, now)).toEqual({
      kind: 'failed',
      error: {
        category: 'not_found',
        code: 'NO_ORDER_MATCHES_YOUR_REQUEST',
        message: 'NO_ORDER_MATCHES_YOUR_REQUEST',
      },
    });
  });

  it('ORDER_COULD_NOT_BE_CANCELED → reconcile, keeping the venue message', () => {
    const outcome = cancelOutcomeFrom(400, envelope(NOT_CANCELABLE), undefined, now);
    expect(outcome).toEqual({
      kind: 'failed',
      error: {
        category: 'not_found',
        code: 'ORDER_COULD_NOT_BE_CANCELED',
        message: 'ORDER_COULD_NOT_BE_CANCELED',
      },
    });
  });

  it('ORDER_CANCEL_BLOCKED → maintenance, "pair under maintenance", not retryable', () => {
    expect(cancelOutcomeFrom(400, envelope(BLOCKED), undefined, now)).toEqual({
      kind: 'failed',
      error: { category: 'maintenance', code: 'ORDER_CANCEL_BLOCKED', message: 'pair under maintenance' },
    });
  });

  it('429 honours Retry-After', () => {
    const error = venueErrorFrom(429, undefined, '2', now);
    expect(error).toMatchObject({ category: 'rate_limited', code: '429', retryAfterMs: 2000 });
    expect(retryAfterMs('0.05', now)).toBe(50);
    expect(retryAfterMs(new Date(now + 3000).toUTCString(), now)).toBe(3000);
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(venueErrorFrom(429, undefined, undefined, now).retryAfterMs).toBeUndefined();
  });

  it('401 code 1037 → auth; 5xx → network; an unreadable 200 → retryable', () => {
    const unauthorized = envelope('{"success":false,"message":"UNAUTHORIZED","code":1037}');
    expect(venueErrorFrom(401, unauthorized, undefined, now)).toMatchObject({
      category: 'auth',
      code: '1037',
    });
    expect(venueErrorFrom(503, undefined, undefined, now)).toMatchObject({
      category: 'network',
      code: '503',
    });
    expect(cancelOutcomeFrom(200, undefined, undefined, now)).toMatchObject({
      kind: 'failed',
      error: { category: 'network', code: 'malformed' },
    });
  });
});

describe('btcturk WebSocket frames', () => {
  const orderPayload = (type: number, extra: Record<string, unknown> = {}) =>
    JSON.stringify([
      type,
      {
        type,
        pairId: 1,
        symbol: 'BTCTRY',
        id: 'BIG_ID',
        method: 0,
        userId: 424242,
        orderType: 1,
        price: '3985000',
        amount: '0.004',
        numLeft: '0.004',
        denomLeft: '15940',
        newOrderClientId: 'abc',
        ...extra,
      },
    ]).replace('"BIG_ID"', '9007199254740993'); // 2^53 + 1 as a bare JSON number, as BTCTurk sends ids

  it('reads the 991 greeting and the 114 login answer', () => {
    expect(parseStreamFrame('[991,{"type":991,"current":"5.1.0","min":"2.3.0"}]')).toEqual({
      ok: true,
      value: { kind: 'welcome' },
    });
    expect(parseStreamFrame('[114,{"ok":true,"message":"success"}]')).toEqual({
      ok: true,
      value: { kind: 'login', ok: true, message: 'success' },
    });
    expect(
      parseStreamFrame('[114,{"type":114,"ok":false,"message":"Authentication failed."}]'),
    ).toMatchObject({
      ok: true,
      value: { kind: 'login', ok: false },
    });
  });

  it('reads 451/452/453 with lossless ids and numeric side/method', () => {
    const inserted = parseStreamFrame(orderPayload(451));
    expect(inserted).toEqual({
      ok: true,
      value: {
        kind: 'orderInsert',
        order: {
          id: '9007199254740993',
          market: 'BTCTRY',
          side: 'sell',
          method: 'limit',
          price: '3985000',
          amount: '0.004',
          left: '0.004',
        },
      },
    });
    expect(parseStreamFrame(orderPayload(452))).toMatchObject({ ok: true, value: { kind: 'orderDelete' } });
    // 451 in some client models names the method `orderMethod`.
    const legacy = orderPayload(453, { method: undefined, orderMethod: 0 });
    expect(parseStreamFrame(legacy)).toMatchObject({ ok: true, value: { kind: 'orderUpdate' } });
  });

  it('reads 451/452 with only the documented fields: nothing required beyond the id', () => {
    const documented =
      '[451,{"type":451,"pairId":1,"symbol":"BTCTRY","id":123,"method":0,"userId":42,"price":"3985000","amount":"0.004"}]';
    expect(parseStreamFrame(documented)).toEqual({
      ok: true,
      value: {
        kind: 'orderInsert',
        order: { id: '123', market: 'BTCTRY', method: 'limit', price: '3985000', amount: '0.004' },
      },
    });
    expect(parseStreamFrame('[452,{"id":123}]')).toEqual({
      ok: true,
      value: { kind: 'orderDelete', order: { id: '123' } },
    });
  });

  it('reads 441 fills and 423 trades', () => {
    const match = parseStreamFrame(
      '[441,{"type":441,"id":123,"method":0,"pair":1,"timestamp":1700000000000,"symbol":"BTCTRY","isBid":true,"price":"3985000","amount":"0.001","clientId":"c"}]',
    );
    expect(match).toEqual({
      ok: true,
      value: {
        kind: 'orderMatch',
        orderId: '123',
        market: 'BTCTRY',
        side: 'buy',
        price: '3985000',
        amount: '0.001',
      },
    });
    const trade = parseStreamFrame(
      '[423,{"type":423,"id":77,"orderId":123,"timestamp":1700000000000,"numeratorSymbol":"BTC","denominatorSymbol":"TRY","amount":"0.001","fee":"0","tax":"0","price":"3985000","orderType":"buy","orderClientId":"c"}]',
    );
    expect(trade).toEqual({ ok: true, value: { kind: 'userTrade', orderId: '123', amount: '0.001' } });
  });

  it('passes frame types it does not use and refuses malformed frames without throwing', () => {
    expect(parseStreamFrame('[100,{"type":100,"ok":true}]')).toEqual({
      ok: true,
      value: { kind: 'other', type: 100 },
    });
    for (const text of [
      'not json',
      '{"type":452}',
      '[452]',
      '["452",{}]',
      '[441,{"id":1,"symbol":"BTCTRY","isBid":"yes","price":"1","amount":"1"}]',
      '[114,{"message":"no ok"}]',
    ]) {
      const parsed = parseStreamFrame(text);
      expect(parsed.ok, text).toBe(false);
    }
  });
});

describe('btcturk order states', () => {
  const event = (left: string): WsOrder => ({
    id: '7',
    market: 'BTCTRY',
    side: 'buy',
    method: 'limit',
    price: '100',
    amount: '2',
    left,
  });

  it('turns 451 / 441 / 453 / 452 into complete orders', () => {
    const states = new OrderStates();
    expect(states.resting(event('2'), 10, true)).toMatchObject({
      status: 'open',
      filled: '0',
      remaining: '2',
      createdAt: 10,
    });
    expect(states.matched('7', '0.5', 20)).toMatchObject({
      status: 'partially_filled',
      filled: '0.5',
      remaining: '1.5',
    });
    expect(states.resting(event('1.5'), 21, false)).toMatchObject({
      status: 'partially_filled',
      filled: '0.5',
      createdAt: 10,
    });
    expect(states.deleted(event('1.5'), 30)).toMatchObject({ status: 'cancelled', remaining: '1.5' });
    expect(states.size).toBe(0);
    expect(states.matched('7', '1', 40)).toBeUndefined();
  });

  it('an incomplete frame is completed from what is known, or left to a lookup', () => {
    const states = new OrderStates();
    // A documented 451 of an order never listed: no side, so no complete order.
    expect(states.resting({ id: '9', market: 'BTCTRY', price: '1', amount: '2' }, 5, true)).toBeUndefined();
    // Once the listing (or a lookup) brought it, the same frame fills in.
    const epoch = states.beginListing();
    states.applyListing(
      [
        {
          venueOrderId: '9',
          market: 'BTCTRY',
          side: 'sell',
          type: 'limit',
          price: '1',
          quantity: '2',
          filled: '0',
          remaining: '2',
          status: 'open',
          createdAt: 1,
          updatedAt: 1,
        },
      ],
      epoch,
    );
    // 453 without numLeft cannot say what is left: a lookup must.
    expect(states.resting({ id: '9', amount: '2' }, 6, false)).toBeUndefined();
    expect(states.deleted({ id: '9' }, 7)).toMatchObject({
      status: 'cancelled',
      side: 'sell',
      remaining: '2',
    });
    expect(states.deleted({ id: '10' }, 7)).toBeUndefined();
  });

  it('a fill of all that remains is final without a 452', () => {
    const states = new OrderStates();
    states.resting(event('2'), 10, true);
    expect(states.matched('7', '2', 20)).toMatchObject({ status: 'filled', filled: '2', remaining: '0' });
    expect(states.size).toBe(0);
  });

  it('a listing replaces what it covers but not what the stream changed since it was asked for', () => {
    const states = new OrderStates();
    states.resting(event('2'), 10, true);
    const epoch = states.beginListing();
    states.resting({ ...event('2'), id: '8' }, 11, true); // arrived on the stream while the listing was in flight
    states.applyListing([], epoch);
    expect(states.matched('7', '1', 12)).toBeUndefined(); // gone from the listing
    expect(states.matched('8', '1', 12)).toMatchObject({ remaining: '1' });
  });
});
