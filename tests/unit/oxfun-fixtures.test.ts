/**
 * The production OX.FUN parsers and request builders on the fixtures in
 * tests/fixtures/oxfun (bodies and frames as the venue's docs and CCXT show
 * them; see SOURCES.md). No simulator is involved: where the simulator and a
 * fixture disagree, the simulator is wrong.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parseJsonLossless } from '../../main/core/json.ts';
import { matchRestItems } from '../../main/venues/oxfun/adapter.ts';
import { loginMessage, restMessage, restSignature } from '../../main/venues/oxfun/auth.ts';
import { CancelTracker } from '../../main/venues/oxfun/cancels.ts';
import { PING_INTERVAL_MS, PING_TEXT } from '../../main/venues/oxfun/constants.ts';
import { oxfunError } from '../../main/venues/oxfun/errors.ts';
import {
  parseCancelAllResponse,
  parseCancelResponse,
  parseOrderStatus,
  parseRestError,
  parseWorkingOrders,
  parseWsFrame,
  statusToVenueOrder,
  updateToVenueOrder,
  workingToVenueOrder,
} from '../../main/venues/oxfun/parse.ts';
import { cancelAllBody, cancelBody, signingParts } from '../../main/venues/oxfun/rest.ts';
import { cancelCommandText } from '../../main/venues/oxfun/wire.ts';

const FIXTURES = new URL('../fixtures/oxfun/', import.meta.url);

function text(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8').trim();
}

/** Bodies parsed the way the REST client parses them (big integers kept exact). */
function body(name: string): unknown {
  return parseJsonLossless(text(name));
}

function frame(name: string) {
  const parsed = parseWsFrame(text(name));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
  return parsed.value;
}

function frames(name: string) {
  return text(name)
    .split('\n')
    .map((line) => {
      const parsed = parseWsFrame(line);
      if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
      return parsed.value;
    });
}

describe('oxfun fixtures: WebSocket session', () => {
  it('keeps alive with the docs text ping and reads the text pong, often enough to find a silent link in 5 s', () => {
    expect(PING_TEXT).toBe(text('ws/keepalive-ping.txt'));
    expect(frame('ws/keepalive-pong.txt')).toEqual({ kind: 'pong' });
    // The docs want one a minute; a ping still unanswered at the next one drops the socket.
    expect(PING_INTERVAL_MS).toBeLessThan(60_000);
    expect(2 * PING_INTERVAL_MS).toBeLessThanOrEqual(5000);
  });

  it('builds the login command the docs show (signature per the docs python sample)', () => {
    const expected = body('ws/login-request.json') as { data: { timestamp: string } };
    const built = loginMessage(
      { apiKey: 'API-KEY', apiSecret: 'API-SECRET' },
      Number(expected.data.timestamp),
      '1',
    );
    expect(built).toEqual(expected);
  });

  it('reads both greeting forms (top-level nonce, event "nonce") as the greeting', () => {
    expect(frame('ws/greeting-nonce.json')).toEqual({ kind: 'greeting' });
    expect(frame('ws/greeting-event.json')).toEqual({ kind: 'greeting' });
  });

  it('reads login, subscribe and command failures', () => {
    expect(frame('ws/login-success.json')).toEqual({ kind: 'login', success: true, tag: '1' });
    expect(frame('ws/login-failure.json')).toMatchObject({ kind: 'login', success: false, code: '20000' });
    expect(frame('ws/subscribe-success.json')).toMatchObject({
      kind: 'subscribe',
      success: true,
      channel: 'order:all',
    });
    expect(frame('ws/command-failure.json')).toMatchObject({
      kind: 'failure',
      event: 'cancelorders',
      code: '20027',
    });
    expect(frame('ws/cancel-all-ack.json')).toEqual({ kind: 'engineCancel', submitted: true });
  });
});

describe('oxfun fixtures: WebSocket cancels', () => {
  it('writes cancelorder and cancelorders exactly as the docs request formats, ids as bare numbers', () => {
    const single = body('ws/cancelorder-request.json') as Record<string, unknown>;
    const batch = body('ws/cancelorders-request.json') as Record<string, unknown>;
    // Our tags are strings (the docs allow INTEGER or STRING); everything else as the docs write it.
    expect(
      parseJsonLossless(cancelCommandText('456', [{ venueOrderId: '12', market: 'BTC-USD-SWAP-LIN' }])),
    ).toEqual({ ...single, tag: '456' });
    expect(
      parseJsonLossless(
        cancelCommandText('456', [
          { venueOrderId: '12', market: 'BTC-USD-SWAP-LIN' },
          { venueOrderId: '34', market: 'BCH-USDT' },
        ]),
      ),
    ).toEqual({ ...batch, tag: '456' });
    expect(single).toMatchObject({ op: 'cancelorder', data: { orderId: 12 } });
    expect(batch).toMatchObject({ op: 'cancelorders' });
    expect(cancelCommandText('t', [{ venueOrderId: '3330802124194931673', market: 'X' }])).toContain(
      '"orderId":3330802124194931673',
    );
  });

  it('reads single replies, including a failure without data', () => {
    expect(frame('ws/cancelorder-success.json')).toEqual({
      kind: 'cancelReply',
      submitted: true,
      tag: '456',
      orderId: '12',
      marketCode: 'BTC-USD-SWAP-LIN',
    });
    expect(frame('ws/cancelorder-failure.json')).toMatchObject({
      kind: 'cancelReply',
      submitted: false,
      orderId: '12',
      code: '100005',
    });
    const bare = frame('ws/cancelorder-failure-no-data.json');
    expect(bare).toMatchObject({ kind: 'cancelReply', submitted: false, code: '20009' });
    expect(bare).not.toHaveProperty('orderId');
  });

  /** Feeds parsed reply frames to a tracker opened for the docs' batch (12 on BTC, 34 on BCH-USDT). */
  async function settleDocsBatch(file: string) {
    vi.useFakeTimers();
    try {
      const tracker = new CancelTracker({ ackTimeoutMs: 5000, tagPrefix: '' });
      const { tag, outcomes } = tracker.open([
        { venueOrderId: '12', market: 'BTC-USD-SWAP-LIN' },
        { venueOrderId: '34', market: 'BCH-USDT' },
      ]);
      const matched = frames(file).map((message) => {
        if (message.kind !== 'cancelReply') throw new Error('not a cancel reply');
        const outcome = message.submitted
          ? ({ kind: 'accepted' } as const)
          : ({ kind: 'failed', error: oxfunError(message.code, message.message) } as const);
        // The fixture's tag is the docs' "456"; ours is the tracker's own.
        return tracker.reply(tag, { orderId: message.orderId, marketCode: message.marketCode }, outcome);
      });
      let settled: Awaited<typeof outcomes> | undefined;
      void outcomes.then((value) => {
        settled = value;
      });
      await vi.advanceTimersByTimeAsync(0);
      return { matched, settled, pending: tracker.size };
    } finally {
      vi.useRealTimers();
    }
  }

  it('settles the docs batch success replies at once, one per entry', async () => {
    const result = await settleDocsBatch('ws/cancelorders-success.jsonl');
    expect(result).toEqual({
      matched: [true, true],
      settled: [{ kind: 'accepted' }, { kind: 'accepted' }],
      pending: 0,
    });
  });

  it('settles the docs batch failure replies at once, though the second echoes orderId 12', async () => {
    const result = await settleDocsBatch('ws/cancelorders-failure.jsonl');
    expect(result.matched).toEqual([true, true]);
    expect(result.pending).toBe(0);
    expect(result.settled).toEqual([
      { kind: 'failed', error: expect.objectContaining({ category: 'not_found', code: '100005' }) },
      { kind: 'failed', error: expect.objectContaining({ category: 'not_found', code: '100005' }) },
    ]);
  });
});

describe('oxfun fixtures: order channel', () => {
  it('maps OrderOpened, OrderMatched and the close statuses', () => {
    const at = 1;
    const opened = frame('ws/order-opened.json');
    const matched = frame('ws/order-matched.json');
    const closed = frame('ws/order-closed.json');
    const closedStop = frame('ws/order-closed-stop-market.json');
    for (const message of [opened, matched, closed, closedStop]) {
      expect(message).toMatchObject({ kind: 'orders', rejected: [] });
    }
    const first = (message: ReturnType<typeof frame>) => {
      if (message.kind !== 'orders' || !message.updates[0]) throw new Error('no order update');
      return updateToVenueOrder(message.updates[0], at);
    };
    expect(first(opened)).toMatchObject({
      venueOrderId: '123',
      status: 'open',
      price: '9600',
      remaining: '2',
    });
    expect(first(matched)).toMatchObject({
      venueOrderId: '1000021937814',
      status: 'filled',
      remaining: '0.0',
    });
    // CANCELED_BY_USER: ours, or the liquidation engine on the user's behalf — cancelled either way.
    expect(first(closed)).toMatchObject({ venueOrderId: '1000021764611', status: 'cancelled' });
    expect(first(closedStop)).toMatchObject({ status: 'expired', price: '0', type: 'stop_market' });
  });

  it('reads the engine refusal with a bare 19-digit id, exactly', () => {
    expect(frame('ws/order-closed-failure.json')).toEqual({
      kind: 'engineCancel',
      submitted: false,
      orderId: '3330802124194931673',
      code: '100004',
      message: 'Order request was rejected : REJECT_CANCEL_ORDER_ID_NOT_FOUND',
    });
  });
});

describe('oxfun fixtures: REST', () => {
  it('lists working orders, skipping (and reporting) a row it cannot read', () => {
    const docs = parseWorkingOrders(body('rest/working-response.json'));
    expect(docs.ok && docs.value.orders.map(workingToVenueOrder)).toEqual([
      expect.objectContaining({ venueOrderId: '1000026408953', market: 'BTC-USDT', status: 'open' }),
    ]);
    const odd = parseWorkingOrders(body('rest/working-response-odd-row.json'));
    expect(odd.ok && odd.value.orders.map(workingToVenueOrder)).toEqual([
      expect.objectContaining({ status: 'partially_filled', filled: '6.0', remaining: '4.0' }),
    ]);
    expect(odd.ok && odd.value.rejected).toEqual([expect.stringMatching(/^working order 1: orderId/)]);
  });

  it('reads order status as the docs and CCXT show it (no lastModifiedAt in CCXT’s)', () => {
    const status = (name: string) => {
      const parsed = parseOrderStatus(body(name));
      if (!parsed.ok || !parsed.value) throw new Error(`${name}: no order status`);
      return statusToVenueOrder(parsed.value);
    };
    expect(status('rest/status-response.json')).toMatchObject({
      status: 'filled',
      filled: '12',
      remaining: '0',
    });
    expect(status('rest/status-response-ccxt.json')).toMatchObject({
      venueOrderId: '1000111762980',
      status: 'open',
      type: 'stop_limit',
      updatedAt: 1715794191277,
    });
    expect(status('rest/status-response-canceled.json')).toMatchObject({
      status: 'cancelled',
      filled: '4',
      remaining: '8',
    });
    // A success without an order says "not known" (CCXT reads `data` with a `{}` default).
    expect(parseOrderStatus({ success: true, data: {} })).toEqual({ ok: true, value: undefined });
    expect(parseOrderStatus({ success: true })).toEqual({ ok: true, value: undefined });
    expect(parseOrderStatus({ success: true, data: { orderId: '1' } }).ok).toBe(false);
  });

  it('matches the docs cancel reply to its request, though the failed item echoes another id', () => {
    const request = body('rest/cancel-request.json') as { orders: { marketCode: string }[] };
    const parsed = parseCancelResponse(body('rest/cancel-response.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    // The second entry was addressed by clientOrderId only; the reply names an orderId we never sent.
    const items = matchRestItems(
      [
        { venueOrderId: '304384250571714215', market: request.orders[0]?.marketCode ?? '' },
        { venueOrderId: '304384250571799999', market: 'BTC-oUSD-SWAP-LIN' },
      ],
      parsed.value,
    );
    expect(items[0]).toMatchObject({ submitted: true, status: 'CANCELED_BY_USER' });
    expect(items[1]).toMatchObject({ submitted: false, code: '40035' });
    expect(oxfunError(items[1]?.code, items[1]?.message).category).toBe('not_found');
    // A position whose market disagrees is not taken for another order.
    expect(
      matchRestItems(
        [
          { venueOrderId: '1', market: 'A' },
          { venueOrderId: '2', market: 'B' },
        ],
        parsed.value,
      ),
    ).toEqual([undefined, undefined]);
  });

  it('writes the cancel body as the docs request does (ids as strings, FULL)', () => {
    const written = JSON.parse(
      cancelBody([{ venueOrderId: '304384250571714215', market: 'BTC-USD-SWAP-LIN' }], 1615454880374),
    );
    const docs = body('rest/cancel-request.json') as { orders: Record<string, unknown>[] };
    expect(written).toEqual({
      responseType: 'FULL',
      timestamp: 1615454880374,
      orders: [{ marketCode: docs.orders[0]?.marketCode, orderId: docs.orders[0]?.orderId }],
    });
  });

  it('reads both cancel-all notices (the first means queued, not done)', () => {
    expect(parseCancelAllResponse(body('rest/cancel-all-response.json'))).toEqual({
      ok: true,
      value: { notice: 'Orders queued for cancelation' },
    });
    expect(parseCancelAllResponse(body('rest/cancel-all-response-none.json'))).toEqual({
      ok: true,
      value: { notice: 'No working orders found' },
    });
    expect(JSON.parse(cancelAllBody('BTC-USD-SWAP-LIN'))).toEqual(
      body('rest/cancel-all-request-market.json'),
    );
  });

  it('signs requests as CCXT does: cancel-all for the account signs {}', () => {
    const signing = body('rest/signing.json') as {
      secret: string;
      cases: {
        name: string;
        verb: 'GET' | 'DELETE';
        host: string;
        path: string;
        body: string;
        timestamp: string;
        nonce: string;
        message: string;
        signature: string;
      }[];
    };
    expect(cancelAllBody()).toBe('{}');
    for (const fixture of signing.cases) {
      const parts = signingParts({
        verb: fixture.verb,
        host: fixture.host,
        path: fixture.path,
        ...(fixture.verb === 'GET' ? { query: fixture.body } : { body: fixture.body }),
        timestamp: fixture.timestamp,
        nonce: fixture.nonce,
      });
      expect(restMessage(parts), fixture.name).toBe(fixture.message);
      expect(restSignature(signing.secret, parts), fixture.name).toBe(fixture.signature);
    }
    const accountWide = signing.cases[0];
    expect(accountWide?.body).toBe(cancelAllBody());
    // Cross-check the fixture itself with a plain HMAC, independent of auth.ts.
    expect(
      createHmac('sha256', signing.secret)
        .update(accountWide?.message ?? '')
        .digest('base64'),
    ).toBe(accountWide?.signature);
  });

  it('maps REST error bodies with `-` codes through the table; auth statuses win', () => {
    const signature = parseRestError(body('rest/error-signature.json'));
    expect(signature).toEqual({ code: '-20000', message: 'Signature is invalid' });
    expect(oxfunError(signature?.code, signature?.message, 401)).toEqual({
      category: 'auth',
      code: '20000',
      message: 'Signature is invalid',
    });
    const notFound = parseRestError(body('rest/error-order-not-found.json'));
    expect(oxfunError(notFound?.code, notFound?.message, 400)).toMatchObject({
      category: 'not_found',
      code: '100005',
    });
    const rate = parseRestError(body('rest/error-rate-limit.json'));
    expect(oxfunError(rate?.code, rate?.message, 429).category).toBe('rate_limited');
    const authority = parseRestError(body('rest/error-no-authority.json'));
    expect(oxfunError(authority?.code, authority?.message, 400)).toMatchObject({
      category: 'auth',
      code: '05001',
    });
    // A 401/403 is never a business rejection, whatever code rides along.
    expect(oxfunError('-710006', 'Insufficient balance', 403).category).toBe('auth');
    expect(oxfunError('-100005', 'Open order not found', 401).category).toBe('auth');
    expect(oxfunError(undefined, 'HTTP 502', 502)).toMatchObject({ category: 'network', code: '502' });
  });
});

describe('oxfun fixtures: order facts', () => {
  it('the working listing and the OrderOpened push show clientOrderId and timeInForce', () => {
    const docs = parseWorkingOrders(body('rest/working-response.json'));
    if (!docs.ok) throw new Error(docs.error);
    expect(docs.value.orders.map(workingToVenueOrder)[0]).toMatchObject({
      clientOrderId: '1',
      timeInForce: 'GTC',
    });
    const opened = frame('ws/order-opened.json');
    if (opened.kind !== 'orders' || !opened.updates[0]) throw new Error('no order update');
    const order = updateToVenueOrder(opened.updates[0], 1);
    expect(order).toMatchObject({ clientOrderId: '16', timeInForce: 'MAKER_ONLY' });
    // OX.FUN shows no reduce-only or post-only flag on these: absent, never guessed.
    expect(order.reduceOnly).toBeUndefined();
    expect(order.postOnly).toBeUndefined();
  });
});
