/**
 * OX.FUN parsers against the messages of the seed page and the venue's docs
 * (Python `True`/`False` written as JSON booleans), malformed frames, and
 * order ids above 2^53 kept exact in both directions.
 */
import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../main/core/json.ts';
import { oxfunError } from '../../main/venues/oxfun/errors.ts';
import {
  parseCancelResponse,
  parseOrderStatus,
  parseRestError,
  parseWorkingOrders,
  parseWsFrame,
  statusToVenueOrder,
  updateToVenueOrder,
  workingToVenueOrder,
} from '../../main/venues/oxfun/parse.ts';
import { integerId } from '../../main/venues/oxfun/wire.ts';

const BIG_ID = '3330802124194931673';

function frame(value: unknown): string {
  return JSON.stringify(value);
}

describe('oxfun WebSocket frames', () => {
  it('parses the seed cancel success reply', () => {
    const result = parseWsFrame(
      frame({
        event: 'cancelorder',
        submitted: true,
        tag: '456',
        timestamp: '1592491173964',
        data: { marketCode: 'BTC-USD-SWAP-LIN', clientOrderId: '1', orderId: '12' },
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'cancelReply',
        submitted: true,
        tag: '456',
        orderId: '12',
        marketCode: 'BTC-USD-SWAP-LIN',
      },
    });
  });

  it('parses the seed cancel failure reply with its code and message', () => {
    const result = parseWsFrame(
      frame({
        event: 'cancelorder',
        submitted: false,
        tag: '456',
        message: 'Open order not found',
        code: '100005',
        timestamp: '1592491173964',
        data: { marketCode: 'BTC-USD-SWAP-LIN', orderId: '12' },
      }),
    );
    expect(result.ok && result.value).toMatchObject({
      kind: 'cancelReply',
      submitted: false,
      code: '100005',
    });
    expect(oxfunError('100005', 'Open order not found').category).toBe('not_found');
  });

  it('parses login success and failure, and the text pong', () => {
    expect(
      parseWsFrame(frame({ event: 'login', success: true, tag: '1', timestamp: '1592491808328' })),
    ).toEqual({
      ok: true,
      value: { kind: 'login', success: true, tag: '1' },
    });
    const failed = parseWsFrame(
      frame({
        event: 'login',
        success: false,
        code: '20025',
        message: 'API key is invalid',
        tag: '1',
        timestamp: '1',
      }),
    );
    expect(failed.ok && failed.value).toMatchObject({ kind: 'login', success: false, code: '20025' });
    expect(parseWsFrame('pong')).toEqual({ ok: true, value: { kind: 'pong' } });
    expect(parseWsFrame(frame({ nonce: 'ab12' }))).toEqual({ ok: true, value: { kind: 'greeting' } });
  });

  it('parses the subscribe reply and command-level failures', () => {
    const ok = parseWsFrame(
      frame({
        success: true,
        tag: '102',
        event: 'subscribe',
        channel: 'order:all',
        timestamp: '1607985371401',
      }),
    );
    expect(ok.ok && ok.value).toMatchObject({ kind: 'subscribe', success: true, channel: 'order:all' });
    const refused = parseWsFrame(
      frame({
        event: 'cancelorders',
        success: false,
        tag: 'x1',
        code: '20027',
        message: 'too long',
        timestamp: '1',
      }),
    );
    expect(refused.ok && refused.value).toEqual({
      kind: 'failure',
      event: 'cancelorders',
      tag: 'x1',
      code: '20027',
      message: 'too long',
    });
  });

  it('parses order-channel pushes and maps them to venue orders', () => {
    const opened = {
      notice: 'OrderOpened',
      accountId: '1076',
      clientOrderId: '16',
      orderId: '123',
      price: '9600',
      limitPrice: '9600',
      quantity: '2',
      remainQuantity: '2',
      amount: '0.0',
      side: 'BUY',
      status: 'OPEN',
      marketCode: 'BTC-USD-SWAP-LIN',
      timeInForce: 'MAKER_ONLY',
      timestamp: '1594943491077',
      orderType: 'LIMIT',
      isTriggered: 'False',
      displayQuantity: '2',
    };
    const closed = { ...opened, notice: 'OrderClosed', status: 'CANCELED_BY_USER', remainQuantity: '1.5' };
    const matched = {
      ...opened,
      notice: 'OrderMatched',
      status: 'FILLED',
      remainQuantity: '0.0',
      matchQuantity: '2',
    };
    const ioc = { ...opened, notice: 'OrderClosed', status: 'CANCELED_PARTIAL_BY_IOC', remainQuantity: '1' };
    const result = parseWsFrame(frame({ table: 'order', data: [opened, closed, matched, ioc] }));
    if (!result.ok || result.value.kind !== 'orders') throw new Error('expected orders');
    expect(result.value.rejected).toEqual([]);
    const [o, c, m, x] = result.value.updates.map((update) => updateToVenueOrder(update, 0));
    expect(o).toMatchObject({
      venueOrderId: '123',
      market: 'BTC-USD-SWAP-LIN',
      side: 'buy',
      type: 'limit',
      price: '9600',
      quantity: '2',
      filled: '0',
      remaining: '2',
      status: 'open',
      createdAt: 1594943491077,
    });
    expect(c).toMatchObject({ status: 'cancelled', filled: '0.5', remaining: '1.5' });
    expect(m).toMatchObject({ status: 'filled', filled: '2', remaining: '0.0' });
    expect(x).toMatchObject({ status: 'expired' });
  });

  it('keeps a malformed item out of a push without losing the valid ones', () => {
    const good = {
      notice: 'OrderOpened',
      orderId: '7',
      marketCode: 'OX-USDT',
      side: 'SELL',
      status: 'OPEN',
      price: '0.0045',
      quantity: '100',
      remainQuantity: '100',
      timestamp: '1',
    };
    const result = parseWsFrame(
      frame({ table: 'order', data: [good, { ...good, side: 'SIDEWAYS', quantity: 'lots' }] }),
    );
    if (!result.ok || result.value.kind !== 'orders') throw new Error('expected orders');
    expect(result.value.updates).toHaveLength(1);
    expect(result.value.rejected[0]).toMatch(/order push item 1/);
  });

  it('parses the engine CANCEL failure with a bare-number id above 2^53 exactly', () => {
    const text =
      '{"event":"CANCEL","submitted":false,"message":"Order request was rejected : REJECT_CANCEL_ORDER_ID_NOT_FOUND",' +
      `"code":"100004","timestamp":"0","data":{"clientOrderId":3,"orderId":${BIG_ID},"displayQuantity":0.0,` +
      '"remainQuantity":0.0,"side":"BUY","status":"REJECT_CANCEL_ORDER_ID_NOT_FOUND","marketCode":"BTC-USD-SWAP-LIN",' +
      '"timestampEpochMs":1615377638518,"orderType":"LIMIT","price":0.0,"quantity":0.0,"isTriggered":false}}';
    expect(parseWsFrame(text)).toEqual({
      ok: true,
      value: {
        kind: 'engineCancel',
        submitted: false,
        orderId: BIG_ID,
        code: '100004',
        message: 'Order request was rejected : REJECT_CANCEL_ORDER_ID_NOT_FOUND',
      },
    });
    // The cancel-all ack carries no order.
    expect(parseWsFrame(frame({ event: 'CANCEL', submitted: true, timestamp: '1612476498953' }))).toEqual({
      ok: true,
      value: { kind: 'engineCancel', submitted: true },
    });
  });

  it('rejects malformed frames with a description and never throws', () => {
    for (const text of [
      '',
      'not json',
      '[1,2]',
      'null',
      '{"foo":1}',
      '{"event":"cancelorder","submitted":"yes"}',
    ]) {
      const result = parseWsFrame(text);
      expect(result.ok).toBe(false);
    }
    const bad = parseWsFrame(
      frame({ event: 'cancelorder', submitted: true, tag: '1', data: { orderId: '12abc' } }),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/data\.orderId/);
  });
});

describe('oxfun wire encoding', () => {
  it('writes order ids as bare JSON numbers with every digit', () => {
    const text = JSON.stringify({
      op: 'cancelorder',
      tag: 't',
      data: { marketCode: 'X', orderId: integerId(BIG_ID) },
    });
    expect(text).toBe(`{"op":"cancelorder","tag":"t","data":{"marketCode":"X","orderId":${BIG_ID}}}`);
    expect(parseJsonLossless(text)).toEqual({
      op: 'cancelorder',
      tag: 't',
      data: { marketCode: 'X', orderId: BIG_ID },
    });
    expect(() => integerId('12.5')).toThrow();
  });
});

describe('oxfun REST bodies', () => {
  it('parses working orders', () => {
    const body = parseJsonLossless(
      frame({
        success: true,
        data: [
          {
            orderId: '1000026408953',
            clientOrderId: '1',
            marketCode: 'BTC-USDT',
            status: 'OPEN',
            side: 'BUY',
            price: '1000.0',
            isTriggered: true,
            quantity: '10.0',
            remainQuantity: '10.0',
            matchedQuantity: '0.0',
            orderType: 'LIMIT',
            timeInForce: 'GTC',
            source: '11',
            createdAt: '1680113440852',
            lastModifiedAt: '1680113440875',
          },
        ],
      }),
    );
    const result = parseWorkingOrders(body);
    if (!result.ok) throw new Error(result.error);
    expect(workingToVenueOrder(result.value.orders[0]!)).toEqual({
      venueOrderId: '1000026408953',
      market: 'BTC-USDT',
      side: 'buy',
      type: 'limit',
      price: '1000.0',
      quantity: '10.0',
      filled: '0.0',
      remaining: '10.0',
      status: 'open',
      createdAt: 1680113440852,
      updatedAt: 1680113440875,
      clientOrderId: '1',
      timeInForce: 'GTC',
    });
  });

  it('parses the cancel response with a per-order failure', () => {
    const result = parseCancelResponse(
      parseJsonLossless(
        frame({
          success: true,
          data: [
            {
              notice: 'OrderClosed',
              accountId: '12005486',
              orderId: '304384250571714215',
              submitted: true,
              clientOrderId: '1615453494726',
              marketCode: 'BTC-USD-SWAP-LIN',
              status: 'CANCELED_BY_USER',
              side: 'BUY',
              price: '4870.0',
              stopPrice: null,
              isTriggered: false,
              quantity: '0.001',
              amount: '0.0',
              remainQuantity: '0.001',
              orderType: 'LIMIT',
              timeInForce: 'GTC',
              closedAt: '1629712561919',
            },
            {
              code: '40035',
              message: 'Open order not found with id',
              submitted: false,
              orderId: '204285250571714316',
              clientOrderId: '1612249737724',
              marketCode: 'BTC-oUSD-SWAP-LIN',
              closedAt: '1615454881433',
            },
          ],
        }),
      ),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.value.map((item) => [item.orderId, item.submitted, item.status ?? item.code])).toEqual([
      ['304384250571714215', true, 'CANCELED_BY_USER'],
      ['204285250571714316', false, '40035'],
    ]);
    expect(oxfunError('40035', 'Open order not found with id').category).toBe('not_found');
  });

  it('parses the order status of a filled order', () => {
    const result = parseOrderStatus({
      success: true,
      data: {
        orderId: '1000387920513',
        clientOrderId: '1612249737434',
        marketCode: 'OX-USDT',
        status: 'FILLED',
        side: 'BUY',
        price: '0.0200',
        isTriggered: false,
        remainQuantity: '0',
        totalQuantity: '12',
        cumulativeMatchedQuantity: '12',
        avgFillPrice: '0.0200',
        orderType: 'LIMIT',
        timeInForce: 'GTC',
        source: '11',
        createdAt: '1655980336520',
        lastModifiedAt: '1655980393780',
        lastMatchedAt: '1655980622848',
      },
    });
    if (!result.ok || !result.value) throw new Error('no order status');
    expect(statusToVenueOrder(result.value)).toMatchObject({
      status: 'filled',
      filled: '12',
      remaining: '0',
    });
  });

  it('recognises the error envelope and maps codes to engine categories', () => {
    expect(parseRestError({ success: false, code: '20000', message: 'Signature is invalid' })).toEqual({
      code: '20000',
      message: 'Signature is invalid',
    });
    expect(parseRestError({ success: true, data: [] })).toBeUndefined();
    expect(oxfunError('20007', 'too rapidly').category).toBe('rate_limited');
    expect(oxfunError('20031', 'closed').category).toBe('maintenance');
    expect(oxfunError('20025', 'bad key').category).toBe('auth');
    expect(oxfunError('710006', 'Insufficient balance').category).toBe('rejected');
  });
});
