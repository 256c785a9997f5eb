/**
 * BTCTurk's documented and client-observed shapes (tests/fixtures/btcturk,
 * sources in its SOURCES.md) through the production parsers and request
 * builders directly, and the simulator's wire shapes checked against them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authHeaders, wsLoginFrame } from '../../main/venues/btcturk/auth.ts';
import { cancelOutcomeFrom, venueErrorFrom } from '../../main/venues/btcturk/errors.ts';
import {
  parseEnvelope,
  parseOpenOrders,
  parseSingleOrder,
  parseStreamFrame,
  restOrderToVenueOrder,
} from '../../main/venues/btcturk/parse.ts';
import { cancelRequest, lookupPath } from '../../main/venues/btcturk/rest.ts';
import { restOrder, type SimOrder, wsOrderPayload } from '../../main/venues/btcturk/sim/wire.ts';

const DIR = join(import.meta.dirname, '../fixtures/btcturk');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name));

function envelope(name: string) {
  const parsed = parseEnvelope(text(name));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

interface RequestFixtures {
  keys: { publicKey: string; privateKey: string };
  cancel: { id: string; method: string; path: string; query: Record<string, string> };
  lookup: { id: string; path: string };
  restAuth: { stamp: number; headers: Record<string, string> };
  wsLogin: { timestamp: number; frame: unknown };
}
const requests = json('requests.json') as RequestFixtures;

describe('btcturk request builders against the docs', () => {
  it('cancel is DELETE /api/v1/order?id=, the lookup GET /api/v1/order/{id}', () => {
    expect(cancelRequest(requests.cancel.id)).toEqual({
      method: requests.cancel.method,
      path: requests.cancel.path,
      params: requests.cancel.query,
    });
    expect(lookupPath(requests.lookup.id)).toBe(requests.lookup.path);
  });

  it('signs REST headers and the 114 login as the docs describe', () => {
    expect(authHeaders(requests.keys, requests.restAuth.stamp)).toEqual(requests.restAuth.headers);
    expect(JSON.parse(wsLoginFrame(requests.keys, requests.wsLogin.timestamp))).toEqual(
      requests.wsLogin.frame,
    );
  });
});

describe('btcturk REST answers from the docs', () => {
  const now = 1_700_000_000_000;

  it('the cancel answers: received, not found, not cancelable, blocked', () => {
    expect(cancelOutcomeFrom(200, envelope('rest/cancel-received.json'), undefined, now)).toEqual({
      kind: 'accepted',
    });
    expect(venueErrorFrom(400, envelope('rest/cancel-no-order.json'), undefined, now)).toMatchObject({
      category: 'not_found',
      code: 'NO_ORDER_MATCHES_YOUR_REQUEST',
    });
    expect(venueErrorFrom(400, envelope('rest/cancel-not-cancelable.json'), undefined, now)).toMatchObject({
      category: 'not_found',
      code: 'ORDER_COULD_NOT_BE_CANCELED',
    });
    expect(venueErrorFrom(400, envelope('rest/cancel-blocked.json'), undefined, now)).toEqual({
      category: 'maintenance',
      code: 'ORDER_CANCEL_BLOCKED',
      message: 'pair under maintenance',
    });
    expect(venueErrorFrom(401, envelope('rest/unauthorized.json'), undefined, now)).toMatchObject({
      category: 'auth',
      code: '1037',
    });
  });

  it("the rate-limits page's 429: rate_limited with Retry-After", () => {
    const fixture = json('rest/rate-limited-account.json') as {
      status: number;
      headers: Record<string, string>;
      body: unknown;
    };
    const parsed = parseEnvelope(JSON.stringify(fixture.body));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(venueErrorFrom(fixture.status, parsed.value, fixture.headers['Retry-After'], now)).toEqual({
      category: 'rate_limited',
      code: '429',
      message: 'TOO_MANY_REQUESTS',
      retryAfterMs: 53_000,
    });
  });

  it('the open-orders listing: both documented rows read, the unreadable one skipped and described', () => {
    const listing = parseOpenOrders(envelope('rest/open-orders.json').data);
    if (!listing.ok) throw new Error(listing.error);
    expect(listing.value.orders.map((order) => order.id)).toEqual(['2605984008', '2606012912']);
    expect(listing.value.skipped).toHaveLength(1);
    expect(listing.value.skipped[0]).toMatch(/bids\.1/);
    expect(listing.value.skipped[0]).not.toContain('cheap');
    const [ask, bid] = listing.value.orders.map((order) => restOrderToVenueOrder(order, 0));
    expect(ask).toMatchObject({
      side: 'sell',
      status: 'partially_filled',
      filled: '0.0002',
      createdAt: 1618913083543,
    });
    expect(bid).toMatchObject({
      side: 'buy',
      status: 'open',
      remaining: '0.0003000000000000',
      createdAt: 1618913189253,
    });
  });

  it('the single-order lookup, and its not-found answer', () => {
    const order = parseSingleOrder(envelope('rest/order-lookup.json').data);
    if (!order.ok) throw new Error(order.error);
    expect(restOrderToVenueOrder(order.value, 0)).toMatchObject({
      venueOrderId: '61912740',
      type: 'stopmarket',
      status: 'open',
      quantity: '0.12345678',
    });
    expect(envelope('rest/order-lookup-not-found.json')).toMatchObject({ success: false, code: 1152 });
    expect(venueErrorFrom(400, envelope('rest/order-lookup-not-found.json'), undefined, 0).category).toBe(
      'not_found',
    );
  });
});

describe('btcturk stream frames from the feed manual and client models', () => {
  const frame = (name: string) => {
    const parsed = parseStreamFrame(text(name));
    if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
    return parsed.value;
  };

  it('greeting and login answers', () => {
    expect(frame('ws/welcome-991.json')).toEqual({ kind: 'welcome' });
    expect(frame('ws/login-ok-114.json')).toMatchObject({ kind: 'login', ok: true });
    expect(frame('ws/login-refused-114.json')).toMatchObject({ kind: 'login', ok: false });
  });

  it("the manual's 451/452 (no side, no numLeft) parse with exact ids", () => {
    expect(frame('ws/order-insert-451-documented.json')).toEqual({
      kind: 'orderInsert',
      order: { id: '9007199254740993', market: 'BTCTRY', method: 'limit', price: '3985000', amount: '0.004' },
    });
    expect(frame('ws/order-delete-452-documented.json')).toMatchObject({
      kind: 'orderDelete',
      order: { id: '9007199254740993' },
    });
  });

  it("the client models' extra fields are used when present", () => {
    expect(frame('ws/order-insert-451-client-model.json')).toMatchObject({
      kind: 'orderInsert',
      order: { side: 'buy', method: 'limit', left: '0.004' },
    });
    expect(frame('ws/order-update-453-client-model.json')).toMatchObject({
      kind: 'orderUpdate',
      order: { side: 'sell', left: '0.003' },
    });
    expect(frame('ws/order-match-441.json')).toEqual({
      kind: 'orderMatch',
      orderId: '9007199254740993',
      market: 'BTCTRY',
      side: 'sell',
      price: '3985000',
      amount: '0.001',
    });
    expect(frame('ws/user-trade-423.json')).toEqual({
      kind: 'userTrade',
      orderId: '9007199254740993',
      amount: '0.001',
    });
  });
});

describe('the btcturk simulator speaks the fixtures', () => {
  const order: SimOrder = {
    id: 9007199254740993n,
    market: 'BTCTRY',
    side: 'sell',
    method: 'limit',
    price: '3985000',
    quantity: '0.004',
    left: '0.004',
    status: 'Untouched',
    clientId: 'c-1',
    time: 1,
    updateTime: 1,
    cancelPending: false,
  };

  it("451/452 by default carry exactly the manual's fields", () => {
    const documented = json('ws/order-insert-451-documented.json') as [number, Record<string, unknown>];
    expect(Object.keys(wsOrderPayload(451, order, 1, 424242)).sort()).toEqual(
      Object.keys(documented[1]).sort(),
    );
  });

  it('listing rows carry every field the docs show', () => {
    const listing = json('rest/open-orders.json') as { data: { asks: Record<string, unknown>[] } };
    const documentedRow = listing.data.asks[0] ?? {};
    expect(Object.keys(restOrder(order)).sort()).toEqual(Object.keys(documentedRow).sort());
  });
});

describe('btcturk fixtures: order facts', () => {
  it('the open-orders listing shows orderClientId: each order carries it; no time in force or flags', () => {
    const listing = parseOpenOrders(envelope('rest/open-orders.json').data);
    if (!listing.ok) throw new Error(listing.error);
    const [ask, bid] = listing.value.orders.map((order) => restOrderToVenueOrder(order, 0));
    expect(ask?.clientOrderId).toBe('f479bdb6-0965-4f03-95b5-daeb7aa5a3a5');
    expect(bid?.clientOrderId).toBe('2ed187bd-59a8-4875-a212-1b793963b85c');
    expect(ask?.timeInForce).toBeUndefined();
    expect(ask?.postOnly).toBeUndefined();
  });
});
