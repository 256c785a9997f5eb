/**
 * The production Bluefin request builders, signer and parsers on the fixture
 * bodies (tests/fixtures/bluefin, see SOURCES.md there): what the official
 * clients send and what the venue answers, run directly, not through the
 * simulator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outcomesFor } from '../../main/venues/bluefin/adapter.ts';
import {
  cancelPayload,
  hashOfHashes,
  keypairFromSecret,
  onboardingPayload,
  signPayload,
} from '../../main/venues/bluefin/auth.ts';
import { LISTED_STATUSES, ORDERS_PAGE_SIZE } from '../../main/venues/bluefin/constants.ts';
import { statusError } from '../../main/venues/bluefin/errors.ts';
import {
  parseAuthorizeResponse,
  parseCancelResponse,
  parseOrdersPage,
  parseStreamFrame,
  toVenueOrder,
} from '../../main/venues/bluefin/parse.ts';
import { cancelRequest, ordersQuery } from '../../main/venues/bluefin/rest.ts';
import { DEMO_MNEMONIC } from '../../main/venues/bluefin/sim/index.ts';
import { verifyWireSignature } from '../../main/venues/bluefin/sim/verify.ts';
import { subscribeFrame } from '../../main/venues/bluefin/stream.ts';

function text(name: string): string {
  return readFileSync(new URL(`../fixtures/bluefin/${name}`, import.meta.url), 'utf8');
}
function json<T>(name: string): T {
  return JSON.parse(text(name)) as T;
}

interface SignedRequest {
  method: string;
  path: string;
  signedPayload: unknown;
  body: Record<string, unknown> & { orderHashes: string[]; symbol: string; cancelSignature: string };
}
interface ErrorFixture {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const keypair = keypairFromSecret(DEMO_MNEMONIC);
const BARE = 'a3f1c2e4b5d6978812ab34cd56ef7890a1b2c3d4e5f60718293a4b5c6d7e8f90';
const LISTED_0X_UPPER = '0x5E2D9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A2F1E0D';
const KEY_0X_UPPER = '5e2d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';

describe('bluefin fixtures: signed requests', () => {
  it('v2 cancel: the builder writes the official TS body and the signature matches byte for byte', async () => {
    const fixture = json<SignedRequest>('cancel-request-v2.json');
    const { symbol, orderHashes } = fixture.body;
    expect(cancelPayload(orderHashes, 'v2')).toEqual(fixture.signedPayload);
    expect(hashOfHashes(orderHashes)).toBe(
      (fixture.signedPayload as { orderHashes: string[] }).orderHashes[0],
    );
    const signature = await signPayload(keypair, cancelPayload(orderHashes, 'v2'));
    expect(signature).toBe(fixture.body.cancelSignature);
    const request = cancelRequest(symbol, orderHashes, signature, 'v2');
    expect(request).toEqual({ path: fixture.path, body: fixture.body });
    // Key order matters for nothing here, but the body must carry exactly these fields.
    expect(Object.keys(request.body)).toEqual(['symbol', 'orderHashes', 'cancelSignature', 'fromUI']);
    expect(
      await verifyWireSignature(fixture.signedPayload, fixture.body.cancelSignature, keypair.toSuiAddress()),
    ).toEqual({ ok: true });
  });

  it('v1 cancel: the Python client body, signature over the hash list itself', async () => {
    const fixture = json<SignedRequest>('cancel-request-v1.json');
    const { symbol, orderHashes } = fixture.body;
    expect(cancelPayload(orderHashes, 'v1')).toEqual(fixture.signedPayload);
    const signature = await signPayload(keypair, cancelPayload(orderHashes, 'v1'));
    expect(signature).toBe(fixture.body.cancelSignature);
    expect(cancelRequest(symbol, orderHashes, signature, 'v1')).toEqual({
      path: fixture.path,
      body: fixture.body,
    });
  });

  it('login: the onboarding signature and body, and the token reply', async () => {
    const fixture = json<{ signedPayload: { onboardingUrl: string }; body: Record<string, unknown> }>(
      'authorize-request.json',
    );
    expect(onboardingPayload(fixture.signedPayload.onboardingUrl)).toEqual(fixture.signedPayload);
    expect(await signPayload(keypair, fixture.signedPayload)).toBe(fixture.body.signature);
    expect(fixture.body.userAddress).toBe(keypair.toSuiAddress());
    expect(parseAuthorizeResponse(text('authorize-response.json'))).toMatchObject({ ok: true });
  });
});

describe('bluefin fixtures: listing', () => {
  it('the listing query carries what the official client sends, with pageSize and pageNumber', () => {
    const fixture = json<{
      clientParams: { symbol: string; statuses: string[]; pageSize: number; pageNumber: number };
      axiosQuery: string;
      lookupParams: { statuses: string[]; orderHashes: string[] };
    }>('open-orders-query.json');
    const official = new URLSearchParams(fixture.axiosQuery);
    const ours = ordersQuery({ statuses: fixture.clientParams.statuses }, fixture.clientParams.pageNumber);
    // The same statuses (axios writes `statuses[]=`, the blotter repeats `statuses=`; the venue takes both).
    expect(ours.getAll('statuses')).toEqual(official.getAll('statuses[]'));
    expect(ours.get('pageSize')).toBe(official.get('pageSize'));
    expect(Number(ours.get('pageSize'))).toBe(ORDERS_PAGE_SIZE);
    expect(ours.get('pageNumber')).toBe(official.get('pageNumber'));
    expect(ordersQuery({ statuses: LISTED_STATUSES }, 0).get('pageNumber')).toBe('0');
    // The blotter lists every market at once, so it sends no `symbol`.
    expect(ours.has('symbol')).toBe(false);
    const lookup = ordersQuery(fixture.lookupParams, 1);
    expect(lookup.getAll('orderHashes')).toEqual(fixture.lookupParams.orderHashes);
  });

  it('an open-orders page with a 0x/upper-case hash and one odd row: the odd row is skipped, the rest listed', () => {
    const parsed = parseOrdersPage(text('open-orders-page.json'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.rows).toBe(4);
    expect(parsed.value.skipped).toHaveLength(1);
    expect(parsed.value.skipped[0]).toMatch(/^GET \/orders row 2 skipped: price: /);
    const orders = parsed.value.orders.map(toVenueOrder);
    expect(orders.map((order) => order.venueOrderId)).toEqual([
      BARE,
      KEY_0X_UPPER,
      '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
    ]);
    expect(parsed.value.orders[1]?.hash).toEqual({ key: KEY_0X_UPPER, wire: LISTED_0X_UPPER });
    expect(orders[1]).toMatchObject({
      side: 'sell',
      price: '3450.12',
      quantity: '1.5',
      filled: '0.25',
      remaining: '1.25',
      status: 'partially_filled',
    });
    expect(orders[2]).toMatchObject({ type: 'stop_limit', status: 'open' });
  });
});

describe('bluefin fixtures: replies and errors', () => {
  it('the cancel reply maps each hash, whatever form the reply writes it in', () => {
    const parsed = parseCancelResponse(text('cancel-response.json'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const outcomes = outcomesFor([BARE, KEY_0X_UPPER], parsed.value);
    expect(outcomes.get(BARE)).toEqual({ kind: 'accepted' });
    expect(outcomes.get(KEY_0X_UPPER)).toEqual({
      kind: 'failed',
      error: { category: 'not_found', code: 'failedCancelling', message: 'Order not found' },
    });
  });

  it('error envelopes: 1015 with Retry-After, and a message-only refusal', () => {
    const answer = (fixture: ErrorFixture) =>
      statusError({
        status: fixture.status,
        headers: fixture.headers,
        data: JSON.stringify(fixture.body),
      } as never);
    expect(answer(json<ErrorFixture>('error-rate-limited.json'))).toEqual({
      category: 'rate_limited',
      code: '1015',
      message: 'Too many requests',
      retryAfterMs: 3000,
    });
    expect(answer(json<ErrorFixture>('error-invalid-order-signature.json'))).toEqual({
      category: 'rejected',
      code: '400',
      message: 'Invalid Order Signature',
    });
  });
});

describe('bluefin fixtures: user stream', () => {
  it('the subscribe frame is the official client one', () => {
    const fixture = json<[string, [{ t: string }]]>('stream-subscribe.json');
    expect(JSON.parse(subscribeFrame(fixture[1][0].t))).toEqual(fixture);
  });

  it('OrderUpdate and OrderCancelled (with the order, or only its hash) file under the listed key', () => {
    const update = parseStreamFrame(text('stream-order-update.json'));
    expect(update.ok && update.value.kind === 'order' && toVenueOrder(update.value.order)).toMatchObject({
      venueOrderId: KEY_0X_UPPER,
      status: 'cancelling',
    });
    const cancelled = parseStreamFrame(text('stream-order-cancelled.json'));
    expect(
      cancelled.ok && cancelled.value.kind === 'order' && toVenueOrder(cancelled.value.order),
    ).toMatchObject({ venueOrderId: KEY_0X_UPPER, status: 'cancelled' });
    expect(parseStreamFrame(text('stream-order-cancelled-hash-only.json'))).toEqual({
      ok: true,
      value: { kind: 'cancelled', hash: { key: KEY_0X_UPPER, wire: LISTED_0X_UPPER } },
    });
  });

  it('OrderCancellationFailed, the reversion notice and an ignored event', () => {
    expect(parseStreamFrame(text('stream-order-cancellation-failed.json'))).toMatchObject({
      ok: true,
      value: {
        kind: 'cancelFailed',
        hash: { key: BARE },
        order: { orderStatus: 'OPEN' },
        reason: 'Order is being settled and cannot be cancelled',
      },
    });
    expect(parseStreamFrame(text('stream-order-cancelled-on-reversion.json'))).toEqual({
      ok: true,
      value: {
        kind: 'reversion',
        hash: { key: BARE, wire: BARE },
        symbol: 'ETH-PERP',
        message: 'Order cancelled on settlement reversion',
      },
    });
    expect(parseStreamFrame(text('stream-user-trade.json'))).toEqual({
      ok: true,
      value: { kind: 'ignored', eventName: 'UserTrade' },
    });
  });
});

describe('bluefin fixtures: order facts (client id, time in force, flags)', () => {
  it('the open-orders page shows clientId, timeInForce, reduceOnly and postOnly: each order carries them', () => {
    const parsed = parseOrdersPage(text('open-orders-page.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    const [first] = parsed.value.orders.map(toVenueOrder);
    expect(first).toMatchObject({
      clientOrderId: 'blotter-0',
      timeInForce: 'GOOD_TILL_TIME',
      reduceOnly: false,
      postOnly: false,
    });
  });

  it('an odd fact (a numeric clientId, a text flag) drops that fact, not the row', () => {
    const rows = JSON.parse(text('open-orders-page.json')) as Record<string, unknown>[];
    const odd = { ...rows[0], clientId: 17, reduceOnly: 'maybe' };
    const parsed = parseOrdersPage(JSON.stringify([odd]));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.skipped).toEqual([]);
    const order = toVenueOrder(parsed.value.orders[0] as never);
    expect(order.clientOrderId).toBeUndefined();
    expect(order.reduceOnly).toBeUndefined();
    expect(order.timeInForce).toBe('GOOD_TILL_TIME');
  });
});
