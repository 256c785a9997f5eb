import { describe, expect, it } from 'vitest';
import {
  type ParseResult,
  parseBulkCancelResponse,
  parseOpenOrdersPage,
  parseStreamMessage,
  parseStreamValue,
  parseTokenResponse,
  toVenueOrder,
} from '../../main/venues/rails/parse.ts';

/** The acknowledgement exactly as the venue's page shows it (odd whitespace included). */
const SEED_ACK = `{
  "resultType": "cancelOrder",
  "data": {
    "statusCode": 202,
    "body": "cancelling order",
    "order": {
        "userId": "1cf96e01-fa22-4b3a-8dff-599d1cb45c78",
        "orderId": "01HZ5J70FCBNJAS7TVPVB4GAAG",
        "market": "ETH-USD",
        "orderType": "buy",
        "tradeType": "limit",
        "orderStatus": "cancelling",
        "price": "3601",
        "quantity": "1",
        "filledQuantity": "0",
        "leverage": "1",
        "updatedAt": 1717100393492,
        "createdAt": 1717100052972,
        "reduceOnly": false,
        "postOnly": false    
    },
    "clientRequestId": "0835bf3e-4a20-41f0-908d-8213f2b7a285"
  },
  "connectionId": "KNal9ekeCYcCIBA="
}`;

/** The confirmation: the page lists exactly three differences from the acknowledgement. */
const SEED_CONFIRM = SEED_ACK.replace('"statusCode": 202', '"statusCode": 200')
  .replace('"cancelling order"', '"order cancelled"')
  .replace('"orderStatus": "cancelling"', '"orderStatus": "cancelled"');

function seedValue(): { data: { order: Record<string, unknown> } & Record<string, unknown> } & Record<
  string,
  unknown
> {
  return JSON.parse(SEED_ACK);
}

function withOrder(changes: Record<string, unknown>): unknown {
  const value = seedValue();
  value.data.order = { ...value.data.order, ...changes };
  return value;
}

describe('rails stream parser', () => {
  it('accepts the seed acknowledgement exactly', () => {
    const parsed = parseStreamMessage(SEED_ACK);
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: 'cancelResponse',
        statusCode: 202,
        body: 'cancelling order',
        clientRequestId: '0835bf3e-4a20-41f0-908d-8213f2b7a285',
        order: expect.objectContaining({ orderId: '01HZ5J70FCBNJAS7TVPVB4GAAG', price: '3601' }),
      },
    });
    if (!parsed.ok || parsed.value.kind !== 'cancelResponse' || !parsed.value.order)
      throw new Error('unreachable');
    expect(toVenueOrder(parsed.value.order)).toEqual({
      venueOrderId: '01HZ5J70FCBNJAS7TVPVB4GAAG',
      market: 'ETH-USD',
      side: 'buy',
      type: 'limit',
      price: '3601',
      quantity: '1',
      filled: '0',
      remaining: '1',
      status: 'cancelling',
      createdAt: 1717100052972,
      updatedAt: 1717100393492,
      postOnly: false,
      reduceOnly: false,
    });
  });

  it('accepts the seed confirmation and maps it to cancelled', () => {
    const parsed = parseStreamMessage(SEED_CONFIRM);
    if (!parsed.ok || parsed.value.kind !== 'cancelResponse' || !parsed.value.order)
      throw new Error('not parsed');
    expect(parsed.value.statusCode).toBe(200);
    expect(parsed.value.body).toBe('order cancelled');
    expect(toVenueOrder(parsed.value.order).status).toBe('cancelled');
  });

  it('maps quantity as REMAINING and filledQuantity as cumulative', () => {
    const parsed = parseStreamValue(
      withOrder({ orderStatus: 'active', quantity: '0.70', filledQuantity: '0.3', price: '3601.25' }),
    );
    if (!parsed.ok || parsed.value.kind !== 'cancelResponse' || !parsed.value.order)
      throw new Error('not parsed');
    const order = toVenueOrder(parsed.value.order);
    expect(order).toMatchObject({ quantity: '1', filled: '0.3', remaining: '0.70', price: '3601.25' });
    expect(order.status).toBe('partially_filled');
  });

  it('maps every documented status', () => {
    const statusOf = (orderStatus: string, filledQuantity = '0') => {
      const parsed = parseStreamValue(withOrder({ orderStatus, filledQuantity }));
      if (!parsed.ok || parsed.value.kind !== 'cancelResponse' || !parsed.value.order)
        throw new Error(orderStatus);
      return toVenueOrder(parsed.value.order).status;
    };
    expect(statusOf('pending')).toBe('open');
    expect(statusOf('active')).toBe('open');
    expect(statusOf('modifying')).toBe('open');
    expect(statusOf('modified', '0.5')).toBe('partially_filled');
    expect(statusOf('cancelling')).toBe('cancelling');
    expect(statusOf('cancelled')).toBe('cancelled');
    expect(statusOf('filled', '1')).toBe('filled');
  });

  it('accepts error answers without an order (409, 429, 404)', () => {
    for (const [statusCode, body] of [
      [409, 'order is being filled'],
      [429, 'Too Many Requests'],
      [404, 'order not found'],
    ] as const) {
      const text = JSON.stringify({
        resultType: 'cancelOrder',
        data: { statusCode, body, clientRequestId: '0835bf3e-4a20-41f0-908d-8213f2b7a285' },
        connectionId: 'KNal9ekeCYcCIBA=',
      });
      expect(parseStreamMessage(text)).toEqual({
        ok: true,
        value: {
          kind: 'cancelResponse',
          statusCode,
          body,
          clientRequestId: '0835bf3e-4a20-41f0-908d-8213f2b7a285',
        },
      });
    }
  });

  it('routes order-stream pushes on data.order', () => {
    const value = seedValue();
    const push = {
      resultType: 'orderUpdate',
      data: { order: { ...value.data.order, orderStatus: 'filled' } },
    };
    const parsed = parseStreamMessage(JSON.stringify(push));
    expect(parsed.ok && parsed.value.kind === 'orderUpdate' && toVenueOrder(parsed.value.order).status).toBe(
      'filled',
    );
  });

  it('rejects malformed frames with a typed failure, never a throw', () => {
    const value = seedValue();
    const { orderId: _dropped, ...withoutId } = value.data.order;
    const cases: unknown[] = [
      { ...value, data: { ...value.data, order: withoutId } },
      withOrder({ price: 3601.5 }),
      withOrder({ quantity: 1 }),
      withOrder({ orderStatus: 'exploded' }),
      withOrder({ orderType: 'long' }),
      withOrder({ price: '3,601' }),
      { ...value, data: { ...value.data, statusCode: '202' } },
      { resultType: 'cancelOrder', data: { statusCode: 202, body: 'cancelling order' } },
      { resultType: 'orderUpdate', data: {} },
      'hello',
      null,
      [],
    ];
    for (const input of cases) {
      const parsed = parseStreamValue(input);
      expect(parsed.ok, JSON.stringify(input)).toBe(false);
    }
  });

  it('rejects a bare-number price on the wire and bad JSON, without quoting the frame', () => {
    for (const price of ['3601', '3601.5', '3601.50', '3.6e3', '36010000000000000001']) {
      const parsed = parseStreamMessage(SEED_ACK.replace('"price": "3601"', `"price": ${price}`));
      expect(parsed.ok, price).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/^cancelOrder response: data\.order\.price: /);
    }
    const badTimestamp = parseStreamMessage(SEED_ACK.replace('1717100393492', '1717100393492.5'));
    expect(badTimestamp.ok).toBe(false);

    const broken = parseStreamMessage('{"resultType":"cancelOrder","data":{"body":"secret-ish"');
    expect(broken).toEqual({ ok: false, error: expect.stringMatching(/^invalid JSON/) });
    if (!broken.ok) expect(broken.error).not.toContain('secret-ish');
  });
});

describe('rails REST parsers', () => {
  const order = seedValue().data.order;

  it('reads an open-orders page and its cursor', () => {
    const page = JSON.stringify({ openOrders: [{ ...order, orderStatus: 'active' }], last: order.orderId });
    expect(parseOpenOrdersPage(page)).toEqual({
      ok: true,
      value: {
        orders: [expect.objectContaining({ orderId: order.orderId })],
        skipped: [],
        next: order.orderId,
      },
    });
    expect(parseOpenOrdersPage(JSON.stringify({ openOrders: [], last: null }))).toEqual({
      ok: true,
      value: { orders: [], skipped: [], next: null },
    });
    expect(parseOpenOrdersPage(JSON.stringify({ orders: [] })).ok).toBe(false);
    // One odd row is skipped and described (field and rule, never its value); the page still reads.
    const odd = parseOpenOrdersPage(
      JSON.stringify({
        openOrders: [
          { ...order, price: 3601.5 },
          { ...order, orderId: 'B' },
        ],
        last: null,
      }),
    );
    expect(odd).toEqual({
      ok: true,
      value: {
        orders: [expect.objectContaining({ orderId: 'B' })],
        skipped: [expect.stringMatching(/^open-orders row 0 skipped: price/)],
        next: null,
      },
    });
    expect(JSON.stringify(odd)).not.toContain('3601.5');
  });

  it('reads a token response and never echoes it in a failure', () => {
    const token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2lnbmF0dXJl';
    expect(
      parseTokenResponse(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 1800 })),
    ).toEqual({ ok: true, value: { accessToken: token, expiresInSeconds: 1800 } });
    const bad = parseTokenResponse(JSON.stringify({ access_token: token, token_type: 'Bearer' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).not.toContain(token);
  });

  it('reads the bulk-cancel answer', () => {
    expect(parseBulkCancelResponse('"Cancelling 3 orders..."')).toEqual({
      ok: true,
      value: { message: 'Cancelling 3 orders...', count: 3 },
    });
    expect(parseBulkCancelResponse('Cancelling 0 orders...')).toEqual({
      ok: true,
      value: { message: 'Cancelling 0 orders...', count: 0 },
    });
    expect(parseBulkCancelResponse('{}').ok).toBe(false);
  });

  it('reads counts up to nine digits; the message kept is its first 200 characters', () => {
    expect(parseBulkCancelResponse('{"message":"Cancelling 123456789 orders for market all"}')).toMatchObject(
      {
        ok: true,
        value: { count: 123456789 },
      },
    );
    // Ten digits is no count Rails sends: the message stands, without a count.
    const tenDigits = parseBulkCancelResponse('{"message":"Cancelling 1234567890 orders"}');
    expect(tenDigits).toEqual({ ok: true, value: { message: 'Cancelling 1234567890 orders' } });
    const long = parseBulkCancelResponse(
      JSON.stringify({ message: `Cancelling 2 orders ${'x'.repeat(5000)}` }),
    );
    expect(long).toMatchObject({ ok: true, value: { count: 2 } });
    if (long.ok) expect(long.value.message).toHaveLength(200);
  });
});

describe('rails parsers on hostile replies (issue #14: no regex over unbounded venue text)', () => {
  const MEGABYTE = 1 << 20;
  const BUDGET_MS = 50;

  function timed<T>(run: () => T): { result: T; ms: number } {
    const started = performance.now();
    const result = run();
    return { result, ms: performance.now() - started };
  }

  const hostileBulkReplies: Record<string, string> = {
    // The case: a run of digits with no "orders" after it (quadratic for /(\d+)\s+orders?/).
    'bare digits, not JSON': `${'1'.repeat(MEGABYTE)} apples`,
    'digits in a JSON message': JSON.stringify({ message: `Cancelling ${'9'.repeat(MEGABYTE)}` }),
    'repeated prefixes and spaces': JSON.stringify({
      message: 'Cancelling      1      '.repeat(MEGABYTE / 23),
    }),
    'whitespace after the prefix': `Cancelling${' \t'.repeat(MEGABYTE / 2)}`,
  };

  for (const [name, body] of Object.entries(hostileBulkReplies)) {
    it(`a 1 MB bulk-cancel reply (${name}) is read or refused in under ${BUDGET_MS} ms`, () => {
      expect(body.length).toBeGreaterThanOrEqual(MEGABYTE - 64);
      const { result, ms } = timed(() => parseBulkCancelResponse(body));
      expect(ms).toBeLessThan(BUDGET_MS);
      // Never a count read from beyond the first 200 characters, never more than that kept.
      if (result.ok) {
        expect(result.value.message.length).toBeLessThanOrEqual(200);
        expect(result.value.count).toBeUndefined();
      }
    });
  }

  it(`a 1 MB token, stream frame or number literal is refused in under ${BUDGET_MS} ms, without echoing it`, () => {
    const tokenReply = (token: string) =>
      JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 1800 });
    const longToken = tokenReply('a'.repeat(MEGABYTE));
    const badCharAtEnd = tokenReply(`${'a'.repeat(MEGABYTE)}"`);
    const longNumber = `{"resultType":"cancelOrder","data":{"statusCode":1.${'0'.repeat(MEGABYTE)},"body":"x"}}`;
    const longStrings = `{"resultType":"${'r'.repeat(MEGABYTE)}","data":{"order":{"orderId":"${'1'.repeat(MEGABYTE)}"}}}`;
    const runs: (() => ParseResult<unknown>)[] = [
      () => parseTokenResponse(longToken),
      () => parseTokenResponse(badCharAtEnd),
      () => parseStreamMessage(longNumber),
      () => parseStreamMessage(longStrings),
    ];
    for (const run of runs) {
      const { result, ms } = timed(run);
      expect(ms).toBeLessThan(BUDGET_MS);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.length).toBeLessThan(1000);
    }
  });
});
