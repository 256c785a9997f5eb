/**
 * The production Rails parsers and request builders on bodies shaped as
 * Rails' docs show them (tests/fixtures/rails, see SOURCES.md): the current
 * (v2) shapes and, where the legacy (v1) pages differ, those too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cancelOutcomeOf } from '../../main/venues/rails/cancels.ts';
import { accountTypeOfClaim, RAILS_DEFAULT_URLS } from '../../main/venues/rails/constants.ts';
import {
  errorBodyMessage,
  parseBulkCancelResponse,
  parseOpenOrdersPage,
  parseOrderLookupResponse,
  parseStreamMessage,
  parseTokenResponse,
  tokenAccountTypeClaim,
  toVenueOrder,
} from '../../main/venues/rails/parse.ts';
import {
  bulkCancelUrl,
  cancelOrderMessage,
  openOrdersUrl,
  orderLookupUrl,
  pingMessage,
  streamUrl,
} from '../../main/venues/rails/requests.ts';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/rails/${name}`, import.meta.url), 'utf8');
}
function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

describe('rails requests, as the docs show them', () => {
  it('cancelOrder names content.market (required on market=ALL sockets)', () => {
    const documented = fixtureJson<{ content: { clientRequestId: string; market: string; orderId: string } }>(
      'ws-v2-cancel-request.json',
    );
    const built = cancelOrderMessage(documented.content.clientRequestId, {
      venueOrderId: documented.content.orderId,
      market: documented.content.market,
    });
    expect(built).toEqual(documented);
    // Key order as documented, too (a field-order-sensitive gateway would take it).
    expect(JSON.stringify(built)).toBe(JSON.stringify(documented));
  });

  it('ping is the application-level message', () => {
    const documented = fixtureJson<{ content: { clientRequestId: string } }>('ws-v2-ping-request.json');
    expect(pingMessage(documented.content.clientRequestId)).toEqual(documented);
  });

  it('the listing goes to the User Account host, the bulk cancel to the Order host', () => {
    expect(openOrdersUrl(RAILS_DEFAULT_URLS.account)).toBe(
      'https://user-account.trade.rails.xyz/api/v1/open-orders',
    );
    expect(
      openOrdersUrl(RAILS_DEFAULT_URLS.account, {
        market: 'ETH-USD',
        start: 'ETH-USD#01HYXJVRCTDXQSTKZ17ND2SBJH#c3029869-2609-4a0d-8d9b-b030550add28',
      }),
    ).toBe(
      'https://user-account.trade.rails.xyz/api/v1/open-orders?market=ETH-USD' +
        '&start=ETH-USD%2301HYXJVRCTDXQSTKZ17ND2SBJH%23c3029869-2609-4a0d-8d9b-b030550add28',
    );
    expect(bulkCancelUrl(RAILS_DEFAULT_URLS.rest, 'ETH-USD')).toBe(
      'https://order.trade.rails.xyz/api/v1/orders?market=ETH-USD',
    );
    expect(bulkCancelUrl(RAILS_DEFAULT_URLS.rest, 'all', '0835bf3e-4a20-41f0-908d-8213f2b7a285')).toBe(
      'https://order.trade.rails.xyz/api/v1/orders?market=all&clientRequestId=0835bf3e-4a20-41f0-908d-8213f2b7a285',
    );
    expect(streamUrl(RAILS_DEFAULT_URLS.ws, 'ALL')).toBe(
      'wss://ws.trade.rails.xyz/?market=ALL&subscriptions=orders',
    );
    expect(new URL(RAILS_DEFAULT_URLS.auth).host).toBe('api-auth.trade.rails.xyz');
  });

  it('Get Order By ID goes to the Order host with market and order-id, as the docs curl it', () => {
    expect(
      orderLookupUrl(RAILS_DEFAULT_URLS.rest, {
        market: 'ETH-USD',
        venueOrderId: '01HZ36SYBP4Z80GRX30P49XHB5',
      }),
    ).toBe('https://order.trade.rails.xyz/api/v1/order?market=ETH-USD&order-id=01HZ36SYBP4Z80GRX30P49XHB5');
  });
});

describe('rails answers, as the docs show them', () => {
  it('v2 acknowledgement (no userId/reduceOnly; top-level market, apiQuotaUsed) → accepted, cancelling', () => {
    const parsed = parseStreamMessage(fixture('ws-v2-cancel-ack.json'));
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: 'cancelResponse',
        statusCode: 202,
        body: 'cancelling order',
        clientRequestId: '0835bf3e-4a20-41f0-908d-8213f2b7a285',
        apiQuotaUsed: 1,
        order: expect.objectContaining({ orderId: '01HZ5J70FCBNJAS7TVPVB4GAAG', avgFillPrice: '3601' }),
      },
    });
    if (!parsed.ok || parsed.value.kind !== 'cancelResponse' || !parsed.value.order)
      throw new Error('unreachable');
    expect(cancelOutcomeOf(parsed.value.statusCode, parsed.value.body)).toEqual({ kind: 'accepted' });
    // quantity is what remains: 1 left + 0.5 filled = 1.5 originally.
    expect(toVenueOrder(parsed.value.order)).toEqual({
      venueOrderId: '01HZ5J70FCBNJAS7TVPVB4GAAG',
      market: 'ETH-USD',
      side: 'buy',
      type: 'limit',
      price: '3601',
      quantity: '1.5',
      filled: '0.5',
      remaining: '1',
      status: 'cancelling',
      createdAt: 1717100052972,
      updatedAt: 1717100393492,
      // v2 shows postOnly but not reduceOnly: the one absent stays absent.
      postOnly: false,
    });
  });

  it('v2 confirmation → done: cancelled', () => {
    const parsed = parseStreamMessage(fixture('ws-v2-cancel-confirm.json'));
    if (!parsed.ok || parsed.value.kind !== 'cancelResponse' || !parsed.value.order)
      throw new Error('not read');
    expect(parsed.value).not.toHaveProperty('apiQuotaUsed');
    expect(cancelOutcomeOf(parsed.value.statusCode, parsed.value.body)).toEqual({
      kind: 'done',
      status: 'cancelled',
    });
    expect(toVenueOrder(parsed.value.order).status).toBe('cancelled');
  });

  it('the legacy (v1) acknowledgement still reads', () => {
    const parsed = parseStreamMessage(fixture('ws-v1-cancel-ack.json'));
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        kind: 'cancelResponse',
        statusCode: 202,
        order: { userId: expect.any(String), reduceOnly: false },
      },
    });
  });

  it('error answers map through the error table', () => {
    const frames = fixtureJson<unknown[]>('ws-cancel-errors.json');
    const categories = frames.map((frame) => {
      const parsed = parseStreamMessage(JSON.stringify(frame));
      if (!parsed.ok || parsed.value.kind !== 'cancelResponse') throw new Error('not read');
      const outcome = cancelOutcomeOf(parsed.value.statusCode, parsed.value.body);
      return outcome.kind === 'failed' ? [outcome.error.category, outcome.error.code] : [outcome.kind];
    });
    expect(categories).toEqual([
      ['conflict', '409'],
      ['rate_limited', '429'],
      ['not_found', '404'],
    ]);
  });

  it('pong is a keep-alive answer, not a malformed message', () => {
    expect(parseStreamMessage(fixture('ws-v2-pong.json'))).toEqual({ ok: true, value: { kind: 'pong' } });
  });

  it('v2 open-orders page: every row and the cursor', () => {
    const parsed = parseOpenOrdersPage(fixture('rest-open-orders-v2.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.skipped).toEqual([]);
    expect(parsed.value.next).toBe('ETH-USD#01HYXJVRCTDXQSTKZ17ND2SBJH#c3029869-2609-4a0d-8d9b-b030550add28');
    expect(parsed.value.orders.map(toVenueOrder)).toEqual([
      expect.objectContaining({
        venueOrderId: '01HZ36SYBP4Z80GRX30P49XHB6',
        quantity: '1',
        remaining: '0.5',
      }),
      expect.objectContaining({
        venueOrderId: '01HZ36SYBP4Z80GRX30P49XHB5',
        price: '3772.272138',
        side: 'sell',
        status: 'partially_filled',
      }),
    ]);
  });

  it('v1 open-orders page (no avgFillPrice, no cursor on the last page)', () => {
    const parsed = parseOpenOrdersPage(fixture('rest-open-orders-v1.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.next).toBeNull();
    expect(parsed.value.orders.map((order) => toVenueOrder(order).status)).toEqual(['open', 'cancelling']);
  });

  it('an odd row is skipped and reported, the rest of the page stands', () => {
    const page = fixtureJson<{ openOrders: Record<string, unknown>[] }>('rest-open-orders-v2.json');
    page.openOrders[0] = { ...page.openOrders[0], orderType: 'long' };
    const parsed = parseOpenOrdersPage(JSON.stringify(page));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.orders.map((order) => order.orderId)).toEqual(['01HZ36SYBP4Z80GRX30P49XHB5']);
    expect(parsed.value.skipped).toEqual([expect.stringMatching(/^open-orders row 0 skipped: orderType/)]);
    expect(parsed.value.skipped[0]).not.toContain('long');
  });

  it('bulk cancel answers an object message (count read from it)', () => {
    expect(parseBulkCancelResponse(fixture('rest-bulk-cancel.json'))).toEqual({
      ok: true,
      value: { message: 'Cancelling 1 order for market ETH-USD without any errors', count: 1 },
    });
    expect(
      parseBulkCancelResponse('{"message":"Cancelling 0 orders for market ETH-USD without any errors"}'),
    ).toMatchObject({ ok: true, value: { count: 0 } });
    expect(parseBulkCancelResponse('{"note":"x"}').ok).toBe(false);
  });

  it('token answer, whose payload names the account type', () => {
    const parsed = parseTokenResponse(fixture('rest-token.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.expiresInSeconds).toBe(1800);
    const claim = tokenAccountTypeClaim(parsed.value.accessToken);
    expect(claim).toBe('retail');
    expect(accountTypeOfClaim(claim!)).toBe('retail');
    expect(accountTypeOfClaim('marketMaker')).toBe('market-maker');
    expect(accountTypeOfClaim('vip')).toBeUndefined();
    expect(tokenAccountTypeClaim('not-a-jwt')).toBeUndefined();
    expect(tokenAccountTypeClaim('a.%%%.c')).toBeUndefined();
  });

  it('Get Order By ID (latest): the order with avgFillPrice inside it', () => {
    const parsed = parseOrderLookupResponse(fixture('rest-order-by-id.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value).toMatchObject({
      orderId: '01HZ36SYBP4Z80GRX30P49XHB5',
      avgFillPrice: '3772.272138',
    });
    // quantity is what remains: 1 left + 0.5 filled.
    expect(toVenueOrder(parsed.value)).toEqual({
      venueOrderId: '01HZ36SYBP4Z80GRX30P49XHB5',
      market: 'ETH-USD',
      side: 'sell',
      type: 'limit',
      price: '3772.272138',
      quantity: '1.5',
      filled: '0.5',
      remaining: '1',
      status: 'partially_filled',
      createdAt: 1717020981622,
      updatedAt: 1717020982756,
      postOnly: false,
    });
  });

  it('Get Order By ID (v1): avgFillPrice beside the order still reads', () => {
    const parsed = parseOrderLookupResponse(fixture('rest-order-by-id-v1.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value).toMatchObject({ market: 'BTC-USD', avgFillPrice: '65000', orderStatus: 'active' });
  });

  it('Get Order By ID tells a cancelled order from a filled one (what a reconcile asks it)', () => {
    const status = (name: string) => {
      const parsed = parseOrderLookupResponse(fixture(name));
      if (!parsed.ok) throw new Error(parsed.error);
      return toVenueOrder(parsed.value);
    };
    expect(status('rest-order-by-id-cancelled.json')).toMatchObject({
      status: 'cancelled',
      filled: '0.5',
      remaining: '1',
    });
    expect(status('rest-order-by-id-filled.json')).toMatchObject({
      status: 'filled',
      quantity: '1.5',
      filled: '1.5',
      remaining: '0',
    });
  });

  it('Get Order By ID: an answer without a readable order is refused, naming fields, not values', () => {
    expect(parseOrderLookupResponse(fixture('rest-order-by-id-not-found.json'))).toEqual({
      ok: false,
      error: 'order lookup: order: expected an object',
    });
    expect(errorBodyMessage(fixture('rest-order-by-id-not-found.json'))).toBe('order not found');
    const body = fixtureJson<{ order: Record<string, unknown> }>('rest-order-by-id.json');
    body.order.price = 3772.272138;
    const refused = parseOrderLookupResponse(JSON.stringify(body));
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^order lookup: order: price/) });
    expect(JSON.stringify(refused)).not.toContain('3772');
  });
});

describe('rails fixtures: order facts', () => {
  it('listings show postOnly (and reduceOnly where v1 has it); no client order id is claimed', () => {
    for (const name of ['rest-open-orders-v1.json', 'rest-open-orders-v2.json']) {
      const parsed = parseOpenOrdersPage(fixture(name));
      if (!parsed.ok) throw new Error(parsed.error);
      for (const order of parsed.value.orders.map(toVenueOrder)) {
        expect(order.postOnly).toBe(false);
        // clientRequestId names a request, not the order.
        expect(order.clientOrderId).toBeUndefined();
      }
    }
  });
});
