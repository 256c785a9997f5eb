import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../main/core/json.ts';
import { codeError, httpError } from '../../main/venues/coinw/errors.ts';
import {
  type CoinwOrder,
  filledOf,
  parseEnvelope,
  parseListing,
  parseOrderRow,
  parseOrderRows,
  parseStreamMessage,
  toVenueOrder,
} from '../../main/venues/coinw/parse.ts';
import { batchCancelBody, singleCancelBody } from '../../main/venues/coinw/rest.ts';
import { bare, toWireJson } from '../../main/venues/coinw/sim/json.ts';

// The venue's own samples (seed page, CoinW.Net's recorded responses), trimmed only of fields the parser ignores.
const CANCEL_OK = '{"code": 0, "msg": "Success"}';
const CANCEL_NOT_FOUND = '{"code": 9012, "msg": "Position not found."}';
const OPEN_ORDERS_PAGE = `{"code": 0,
 "data": {"nextId": 0, "prevId": 0,
  "rows": [{"baseSize": 0.001, "contractType": 1, "createdDate": 1740053261000, "currentPiece": 1,
    "direction": "long", "fee": 0, "frozenFee": 0.00954, "id": 33308741701971947, "indexPrice": 97299.7,
    "instrument": "BTC", "leverage": 1, "liquidateBy": "manual", "makerFee": 0.0001, "margin": 95.4,
    "orderPrice": 95400, "orderStatus": "unFinish", "originalType": "plan", "posType": "plan",
    "positionMargin": 95.4, "positionModel": 0, "primaryId": 2874310689, "processStatus": 1, "quantity": 100,
    "quantityUnit": 0, "source": "api", "status": "open", "takerFee": 0.0006, "totalPiece": 1,
    "updatedDate": 1740053261000, "userId": 1162061}],
  "total": 1},
 "msg": ""}`;
const HISTORY_PAGE = `{"code": 0,
 "data": {"nextId": 0, "prevId": 0,
  "rows": [{"avgPrice": "86070", "baseSize": "0", "cancelPiece": 0, "completeUsdt": "86.07", "contractType": 1,
    "createdDate": 1740915577000, "currentPiece": "1", "direction": "short", "entrustUsdt": "86.07",
    "havShortfall": false, "hedgeId": 20811504068180998, "id": "33308753751538235", "indexPrice": "86077.2",
    "instrument": "BTC", "leverage": "1", "liquidateBy": "manual", "margin": "13.8267076",
    "openId": 2435521222632111503, "orderId": 2882616995, "orderPrice": "0", "orderStatus": "finish",
    "originalType": "execute", "posType": "execute", "positionModel": 0, "quantity": "100", "quantityUnit": 0,
    "source": "api", "status": "open", "stepMarginVersion": 0, "thirdOrderId": "historyoforder",
    "totalPiece": "1", "tradePiece": 1, "triggerPrice": "84400", "triggerType": 0,
    "updatedDate": 1740915577000, "userId": 1162061}],
  "total": 114},
 "msg": ""}`;
const ORDER_PUSH = `{"biz": "futures", "pairCode": "BTC",
 "data": [{"currentPiece": "1", "leverage": "1", "originalType": "plan", "contractType": 1, "fee": "0",
   "frozenFee": "0.00954", "orderStatus": "unFinish", "instrument": "BTC", "quantityUnit": 0, "source": "api",
   "updatedDate": 1739955929000, "positionModel": 0, "posType": "plan", "baseSize": "0.001",
   "liquidateBy": "manual", "makerFee": "0.0001", "totalPiece": "1", "orderPrice": "95400",
   "id": "33308740320587027", "direction": "long", "margin": "95.4", "indexPrice": "95670.9", "quantity": "100",
   "takerFee": "0.0006", "userId": "1162061", "createdDate": 1739955929000, "positionMargin": "95.4",
   "status": "open"}],
 "type": "order"}`;

/** The rows of a listing body, every one readable (or the test fails). */
function rowsOf(text: string): CoinwOrder[] {
  const envelope = parseEnvelope(text);
  if (!envelope.ok) throw new Error(envelope.error);
  const listing = parseListing(envelope.value.data);
  if (!listing.ok) throw new Error(listing.error);
  const { rows, skipped } = parseOrderRows(listing.value.rows);
  expect(skipped).toEqual([]);
  return rows;
}

/** 19 digits, above 2^53: a float round trip changes it. */
const BIG_ID = '2435521222632111503';

describe('coinw REST parsing', () => {
  it('reads the envelope of the seed replies; a non-zero code is an error in the engine’s terms', () => {
    const ok = parseEnvelope(CANCEL_OK);
    expect(ok).toEqual({ ok: true, value: { code: 0, msg: 'Success' } });
    const gone = parseEnvelope(CANCEL_NOT_FOUND);
    expect(gone.ok && gone.value.code).toBe(9012);
    expect(codeError(9012, 'Position not found.')).toEqual({
      category: 'not_found',
      code: '9012',
      message: 'Position not found.',
    });
    expect(codeError(29001, 'API access frequently')).toMatchObject({
      category: 'rate_limited',
      retryAfterMs: 1000,
    });
    expect(codeError(6000, 'x').category).toBe('auth');
    expect(codeError(6001, 'x').category).toBe('auth');
    expect(codeError(9111, 'x').category).toBe('maintenance');
    expect(codeError(402, 'x').category).toBe('rejected');
    expect(codeError(123456, 'x').category).toBe('rejected');
    expect(httpError(429, undefined, '')).toMatchObject({ category: 'rate_limited', code: '429' });
    expect(httpError(503, undefined, '').category).toBe('network');
    expect(httpError(401, undefined, '').category).toBe('auth');
    // The envelope's own code decides before the HTTP status.
    expect(httpError(500, 9012, 'Position not found.').category).toBe('not_found');
  });

  it('maps the open-orders sample, id as an exact string', () => {
    const [row] = rowsOf(OPEN_ORDERS_PAGE);
    expect(toVenueOrder(row!)).toEqual({
      venueOrderId: '33308741701971947',
      market: 'BTC',
      side: 'buy',
      type: 'limit',
      price: '95400',
      quantity: '1',
      filled: '0',
      remaining: '1',
      status: 'open',
      createdAt: 1740053261000,
      updatedAt: 1740053261000,
    });
  });

  it('keeps a 19-digit id sent as a bare JSON number digit for digit', () => {
    expect(String(Number(BIG_ID))).not.toBe(BIG_ID);
    const text = `{"code":0,"data":[{"id":${BIG_ID},"instrument":"ETH","direction":"short","orderPrice":3650.25,"totalPiece":5,"currentPiece":2,"orderStatus":"part","posType":"plan","createdDate":1}],"msg":""}`;
    const order = toVenueOrder(rowsOf(text)[0]!);
    // currentPiece is not "remaining": without tradePiece nothing is known to have filled.
    expect(order).toMatchObject({
      venueOrderId: BIG_ID,
      side: 'sell',
      price: '3650.25',
      filled: '0',
      remaining: '5',
    });
    expect(order.status).toBe('partially_filled');
  });

  it('maps the history sample: finished means filled', () => {
    const row = rowsOf(HISTORY_PAGE)[0]!;
    expect(filledOf(row)).toBe('1');
    expect(toVenueOrder(row)).toMatchObject({
      venueOrderId: '33308753751538235',
      status: 'filled',
      type: 'market',
      remaining: '0',
    });
  });

  it('rejects malformed replies and rows instead of throwing; a listing keeps its good rows', () => {
    expect(parseEnvelope('not json').ok).toBe(false);
    expect(parseEnvelope('{"msg":"no code"}').ok).toBe(false);
    const base = { instrument: 'BTC', direction: 'long', totalPiece: 1, orderStatus: 'unFinish' };
    expect(parseOrderRow({ ...base, id: 1.5 }).ok).toBe(false);
    expect(parseOrderRow({ ...base, id: 'abc' }).ok).toBe(false);
    expect(parseOrderRow({ ...base, id: 1, orderStatus: 'weird' })).toEqual({
      ok: false,
      error: 'row 1: unknown orderStatus "weird"',
    });
    expect(parseOrderRow({ ...base, id: 1, direction: 'up' }).ok).toBe(false);
    expect(parseOrderRow({ ...base, id: 1, totalPiece: 'lots' }).ok).toBe(false);
    // No createdDate (no field beyond the five every source shows is required).
    expect(parseOrderRow({ ...base, id: 1 }).ok).toBe(true);
    const { rows, skipped } = parseOrderRows([
      { ...base, id: 1 },
      { ...base, id: 2, orderStatus: 'markerChange' },
      { id: 3, direction: 'long' },
      'not a row',
      { ...base, id: 4 },
    ]);
    expect(rows.map((row) => row.id)).toEqual(['1', '4']);
    expect(skipped).toHaveLength(3);
    expect(skipped[0]).toBe('row 2: unknown orderStatus "markerChange"');
    expect(skipped[2]).toMatch(/^row without a readable id/);
    expect(parseListing({ total: 3 }).ok).toBe(false);
    expect(parseListing(null)).toEqual({ ok: true, value: { rows: [] } });
  });
});

describe('coinw cancel bodies', () => {
  it('sends the single-cancel id as a string (seed page) and batch ids as bare numbers, exactly', () => {
    expect(singleCancelBody(BIG_ID)).toBe(`{"id":"${BIG_ID}"}`);
    const body = batchCancelBody([BIG_ID, '33308749002645666']);
    expect(body).toBe(`{"sourceIds":[${BIG_ID},33308749002645666]}`);
    expect(parseJsonLossless(body)).toEqual({ sourceIds: [BIG_ID, '33308749002645666'] });
    expect(() => batchCancelBody(['12', '1e5'])).toThrow();
    expect(() => singleCancelBody('12"}')).toThrow();
  });

  it('the simulator writes marked values as bare JSON numbers', () => {
    expect(toWireJson({ id: bare(BIG_ID), price: bare('95400.5'), name: 'x' })).toBe(
      `{"id":${BIG_ID},"price":95400.5,"name":"x"}`,
    );
    expect(() => bare('12a')).toThrow();
  });
});

describe('coinw stream parsing', () => {
  it('routes login, subscribe, pong and order pushes', () => {
    expect(parseStreamMessage('{ "data": {"result": true}, "channel": "login"}')).toEqual({
      ok: true,
      value: { kind: 'login', ok: true },
    });
    expect(
      parseStreamMessage(
        '{"channel":"login","data":{"result":false,"errorCode":6000,"errorMsg":"Authentication error"}}',
      ),
    ).toEqual({ ok: true, value: { kind: 'login', ok: false, code: 6000, message: 'Authentication error' } });
    expect(
      parseStreamMessage(
        '{"biz": "futures", "data": {"result": true}, "channel": "subscribe", "type": "order"}',
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'subscribed', ok: true, type: 'order' },
    });
    expect(parseStreamMessage('{"event":"pong"}')).toEqual({ ok: true, value: { kind: 'pong' } });
    expect(parseStreamMessage('{"biz":"futures","type":"ticker","data":{}}')).toEqual({
      ok: true,
      value: { kind: 'other' },
    });
  });

  it('maps the order push sample (string values)', () => {
    const parsed = parseStreamMessage(ORDER_PUSH);
    if (!parsed.ok || parsed.value.kind !== 'orders') throw new Error('expected orders');
    expect(toVenueOrder(parsed.value.orders[0]!)).toMatchObject({
      venueOrderId: '33308740320587027',
      market: 'BTC',
      side: 'buy',
      price: '95400',
      quantity: '1',
      filled: '0',
      status: 'open',
    });
    const cancelled = ORDER_PUSH.replace('"unFinish"', '"cancel"');
    const again = parseStreamMessage(cancelled);
    if (!again.ok || again.value.kind !== 'orders') throw new Error('expected orders');
    expect(toVenueOrder(again.value.orders[0]!).status).toBe('cancelled');
  });

  it('flags malformed frames', () => {
    expect(parseStreamMessage('garbage').ok).toBe(false);
    expect(parseStreamMessage('[1,2]').ok).toBe(false);
    // A push whose only row is unreadable is still a push: the row is skipped and described.
    const odd = parseStreamMessage('{"biz":"futures","type":"order","data":[{"id":1.5}]}');
    expect(odd.ok && odd.value.kind === 'orders' && odd.value.skipped.length).toBe(1);
    expect(parseStreamMessage('{"biz":"futures","type":"order","data":{}}').ok).toBe(false);
    expect(parseStreamMessage('{"channel":"login","data":{}}').ok).toBe(false);
    expect(parseStreamMessage('{"hello":1}').ok).toBe(false);
  });
});
