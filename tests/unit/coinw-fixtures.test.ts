/**
 * The production CoinW parsers and request builders on the fixture bodies (tests/fixtures/coinw,
 * see SOURCES.md there): recorded CoinW.Net responses, the venue's doc examples, and constructed
 * listings for what no recording shows (trigger orders, odd rows).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../main/core/json.ts';
import { authHeaders, loginMessage } from '../../main/venues/coinw/auth.ts';
import { COINW_PATHS, LISTED_POSITION_TYPES, TRIGGER_CANCEL } from '../../main/venues/coinw/constants.ts';
import { codeError } from '../../main/venues/coinw/errors.ts';
import {
  type CoinwOrder,
  parseEnvelope,
  parseListing,
  parseOrderRows,
  parseStreamMessage,
  toVenueOrder,
} from '../../main/venues/coinw/parse.ts';
import {
  batchCancelBody,
  currentOrdersQuery,
  historyQuery,
  singleCancelBody,
} from '../../main/venues/coinw/rest.ts';
import { PING_FRAME } from '../../main/venues/coinw/stream.ts';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/coinw/${name}`, import.meta.url), 'utf8');
}

/** A listing fixture through the production path: envelope → listing (either shape) → rows one by one. */
function listing(name: string): { rows: CoinwOrder[]; skipped: string[]; total?: number } {
  const envelope = parseEnvelope(fixture(name));
  if (!envelope.ok) throw new Error(envelope.error);
  expect(envelope.value.code).toBe(0);
  const page = parseListing(envelope.value.data);
  if (!page.ok) throw new Error(page.error);
  return {
    ...parseOrderRows(page.value.rows),
    ...(page.value.total !== undefined && { total: page.value.total }),
  };
}

describe('coinw fixtures: listings', () => {
  it('orders/open (CoinW.Net GetOpenOrders): a page, id kept exact, currentPiece not read as remaining', () => {
    const page = listing('open-orders.json');
    expect(page.skipped).toEqual([]);
    expect(page.total).toBe(1);
    expect(page.rows.map((row) => toVenueOrder(row))).toEqual([
      {
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
      },
    ]);
    expect(listing('open-orders-empty.json')).toEqual({ rows: [], skipped: [], total: 0 });
  });

  it('GET /v1/perpum/order (bare array): 19-digit id byte for byte, tradePiece is the fill', () => {
    const page = listing('current-orders.json');
    expect(page.skipped).toEqual([]);
    const [first, partial] = page.rows.map((row) => toVenueOrder(row));
    expect(first?.venueOrderId).toBe('33308741701971947');
    expect(partial).toMatchObject({
      venueOrderId: '2435521222632111503',
      market: 'ETH',
      side: 'sell',
      price: '2742.25',
      quantity: '5',
      filled: '2',
      remaining: '3',
      status: 'partially_filled',
    });
    // The fixture's currentPiece (5) would have said nothing filled; tradePiece (2) is what filled.
    expect(page.rows[1]?.currentPiece).toBe('5');
  });

  it('trigger orders (planTrigger) map to type trigger, priced at their trigger price', () => {
    const page = listing('trigger-orders.json');
    expect(page.skipped).toEqual([]);
    expect(page.rows[0]?.posType).toBe('planTrigger');
    expect(toVenueOrder(page.rows[0]!)).toMatchObject({
      venueOrderId: '33308288734471132',
      type: 'trigger',
      side: 'sell',
      price: '82000',
      quantity: '2',
      filled: '0',
      remaining: '2',
      status: 'open',
    });
  });

  it('one markerChange row and one row without totalPiece are skipped and described; the rest list', () => {
    const page = listing('listing-with-odd-rows.json');
    expect(page.rows.map((row) => row.id)).toEqual(['33308741701971947', '33308741701972003']);
    expect(page.skipped).toEqual([
      'row 33308741701972001: unknown orderStatus "markerChange"',
      expect.stringMatching(/^row 33308741701972002: totalPiece: /),
    ]);
    // The minimal row (no dates, no price) is still an order.
    expect(toVenueOrder(page.rows[1]!, 1_700_000_000_000)).toMatchObject({
      market: 'ETH',
      side: 'sell',
      price: '0',
      remaining: '3',
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
    });
  });

  it('orders/history (CoinW.Net GetOrderHistory7D): finished with currentPiece = totalPiece is filled', () => {
    const page = listing('order-history.json');
    expect(page.total).toBe(114);
    expect(page.rows[0]?.currentPiece).toBe(page.rows[0]?.totalPiece);
    expect(toVenueOrder(page.rows[0]!)).toMatchObject({
      venueOrderId: '33308753751538235',
      type: 'market',
      side: 'sell',
      price: '84400',
      filled: '1',
      remaining: '0',
      status: 'filled',
    });
  });
});

describe('coinw fixtures: replies and errors', () => {
  it('cancel, batch cancel and the seed replies are code 0; 9012 and 29001 map to their categories', () => {
    for (const name of ['cancel-order.json', 'cancel-order-seed.json', 'batch-cancel.json']) {
      const envelope = parseEnvelope(fixture(name));
      expect(envelope.ok && envelope.value.code).toBe(0);
    }
    const gone = parseEnvelope(fixture('cancel-not-found.json'));
    if (!gone.ok) throw new Error(gone.error);
    expect(codeError(gone.value.code, gone.value.msg ?? '')).toEqual({
      category: 'not_found',
      code: '9012',
      message: 'Position not found.',
    });
    const limited = parseEnvelope(fixture('rate-limited.json'));
    if (!limited.ok) throw new Error(limited.error);
    expect(codeError(limited.value.code, limited.value.msg ?? '')).toEqual({
      category: 'rate_limited',
      code: '29001',
      message: 'API access frequently',
      retryAfterMs: 1000,
    });
  });
});

describe('coinw fixtures: request builders', () => {
  it('the single cancel body is the seed page’s example', () => {
    expect(singleCancelBody('33308749002645666')).toBe(
      JSON.stringify(JSON.parse(fixture('cancel-order-request.json'))),
    );
  });

  it('the batch body carries the docs example’s posType and ids (bare numbers, which the docs accept)', () => {
    const docs = JSON.parse(fixture('batch-cancel-request.json')) as { posType: string; sourceIds: string[] };
    const body = batchCancelBody(docs.sourceIds, docs.posType);
    expect(body).toBe('{"posType":"plan","sourceIds":[33308750270880236,33308750270538609]}');
    expect(parseJsonLossless(body)).toEqual(docs);
    // Without a known type the batch leaves posType out (its default is undocumented).
    expect(batchCancelBody(['1'])).toBe('{"sourceIds":[1]}');
    expect(() => batchCancelBody(['1'], 'plan","x":"')).toThrow();
  });

  it('listing and history URLs: every instrument per type, plan and planTrigger; history paged', () => {
    expect(LISTED_POSITION_TYPES).toEqual(['plan', 'planTrigger']);
    expect(
      LISTED_POSITION_TYPES.map((type) => `${COINW_PATHS.currentOrders}?${currentOrdersQuery(type)}`),
    ).toEqual(['/v1/perpum/order?positionType=plan', '/v1/perpum/order?positionType=planTrigger']);
    expect(`${COINW_PATHS.orderHistory}?${historyQuery(2, 'ETH')}`).toBe(
      '/v1/perpum/orders/history?instrument=ETH&page=2&pageSize=100',
    );
    // Trigger orders are cancelled with the single cancel call (assumed, see TRIGGER_CANCEL).
    expect(TRIGGER_CANCEL).toEqual({ path: COINW_PATHS.cancelOrder, batch: false });
  });

  it('signs a GET over path and query, a DELETE over its body', () => {
    const credentials = { apiKey: 'k', apiSecret: 's' };
    const get = authHeaders(
      credentials,
      { method: 'GET', path: COINW_PATHS.currentOrders, query: currentOrdersQuery('plan') },
      1701944491793,
    );
    const del = authHeaders(
      credentials,
      { method: 'DELETE', path: COINW_PATHS.cancelOrder, body: singleCancelBody('33308749002645666') },
      1701944491793,
    );
    expect(get.timestamp).toBe('1701944491793');
    expect(get.sign).not.toBe(del.sign);
  });
});

describe('coinw fixtures: stream frames', () => {
  it('login and subscribe: our requests are the recorded ones, the replies parse', () => {
    expect(loginMessage({ apiKey: '', apiSecret: '' })).toEqual(JSON.parse(fixture('ws-login-request.json')));
    expect(JSON.parse(fixture('ws-subscribe-request.json'))).toEqual({
      event: 'sub',
      params: { biz: 'futures', type: 'order' },
    });
    expect(parseStreamMessage(fixture('ws-login-reply.json'))).toEqual({
      ok: true,
      value: { kind: 'login', ok: true },
    });
    expect(parseStreamMessage(fixture('ws-subscribe-reply.json'))).toEqual({
      ok: true,
      value: { kind: 'subscribed', ok: true, type: 'order' },
    });
  });

  it('keep-alive: our ping is CoinW.Net\'s {"event":"ping"}, the venue\'s pong parses as a pong', () => {
    expect(JSON.parse(PING_FRAME)).toEqual(JSON.parse(fixture('ws-ping.json')));
    expect(parseStreamMessage(fixture('ws-pong.json'))).toEqual({ ok: true, value: { kind: 'pong' } });
  });

  it('the order push maps; the same push with markerChange is skipped and described, not fatal', () => {
    const parsed = parseStreamMessage(fixture('ws-order.json'));
    if (!parsed.ok || parsed.value.kind !== 'orders') throw new Error('expected orders');
    expect(parsed.value.skipped).toEqual([]);
    expect(toVenueOrder(parsed.value.orders[0]!)).toMatchObject({
      venueOrderId: '33308740320587027',
      side: 'buy',
      price: '95400',
      quantity: '1',
      filled: '0',
      remaining: '1',
      status: 'open',
    });
    const odd = parseStreamMessage(fixture('ws-order.json').replace('"unFinish"', '"markerChange"'));
    if (!odd.ok || odd.value.kind !== 'orders') throw new Error('expected orders');
    expect(odd.value.orders).toEqual([]);
    expect(odd.value.skipped).toEqual(['row 33308740320587027: unknown orderStatus "markerChange"']);
  });
});
