/** Rails: every parser (main/venues/rails/parse.ts), error builder and request builder on hostile input. */
import type { AxiosResponse } from 'axios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cancelOutcomeOf } from '../../main/venues/rails/cancels.ts';
import { accountTypeOfClaim, railsAccountType, railsInstrument } from '../../main/venues/rails/constants.ts';
import { statusError, streamStatusError } from '../../main/venues/rails/errors.ts';
import {
  errorBodyMessage,
  parseBulkCancelResponse,
  parseOpenOrdersPage,
  parseStreamMessage,
  parseStreamValue,
  parseTokenResponse,
  type RailsOrder,
  tokenAccountTypeClaim,
  toVenueOrder,
} from '../../main/venues/rails/parse.ts';
import {
  authProtocol,
  bulkCancelUrl,
  cancelOrderMessage,
  openOrdersUrl,
  pingMessage,
  streamUrl,
} from '../../main/venues/rails/requests.ts';
import {
  hostileId,
  hostileLeaf,
  hostileText,
  SPECIAL_TEXTS,
  venueText,
  venueValue,
  wellFormed,
} from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import {
  fail,
  guarded,
  parseBack,
  verifyParseResult,
  verifyVenueError,
  verifyVenueOrder,
} from './harness.ts';

const text = venueText('rails');
const value = venueValue('rails');

function checkOrder(order: RailsOrder, input: string): void {
  guarded('rails toVenueOrder', order, () => toVenueOrder(order), {
    verify: (o) => verifyVenueOrder(o),
    sizeOf: () => input,
  });
}

function checkStream(result: unknown, input: string): void {
  verifyParseResult(result);
  if (!result.ok) return;
  const message = result.value as { kind: string; order?: RailsOrder; statusCode?: number; body?: string };
  if (message.order) checkOrder(message.order, input);
  if (message.kind === 'cancelResponse') {
    const outcome = cancelOutcomeOf(message.statusCode as number, message.body as string);
    if (outcome.kind === 'failed') verifyVenueError(outcome.error);
  }
}

const statuses = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 53, Number.NaN),
);

function textChecks(t: string): void {
  guarded('rails parseStreamMessage', t, () => parseStreamMessage(t), { verify: (r) => checkStream(r, t) });
  guarded('rails parseTokenResponse', t, () => parseTokenResponse(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (r.ok && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(r.value.accessToken))
        fail('token not a subprotocol');
    },
  });
  guarded('rails parseOpenOrdersPage', t, () => parseOpenOrdersPage(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      for (const order of r.value.orders) checkOrder(order, t);
      if (r.value.next !== null && typeof r.value.next !== 'string') fail('next is not a string');
    },
  });
  guarded('rails parseBulkCancelResponse', t, () => parseBulkCancelResponse(t), {
    verify: (r) => {
      verifyParseResult(r);
      if (!r.ok) return;
      if (r.value.message.length > 200) fail('message not capped');
      // A count the text says must be a count (400 digits must not come out as Infinity).
      if (r.value.count !== undefined && !Number.isSafeInteger(r.value.count)) {
        fail(`count is ${r.value.count}`);
      }
    },
  });
  guarded('rails errorBodyMessage', t, () => errorBodyMessage(t), {
    verify: (m) => {
      if (typeof m !== 'string' || m.length > 200) fail('not a capped string');
    },
  });
  guarded('rails tokenAccountTypeClaim', t, () => tokenAccountTypeClaim(t), {
    verify: (c) => {
      if (c !== undefined && (typeof c !== 'string' || c.length > 40)) fail('claim not a short string');
      if (c !== undefined) accountTypeOfClaim(c);
    },
  });
}

describe('fuzz: rails parsers', () => {
  it(
    'every text parser on fixture mutations and hostile text',
    () => {
      fc.assert(fc.property(text, textChecks), fuzzParams());
    },
    fuzzTimeout(),
  );

  it('every text parser on every special text', () => {
    for (const t of SPECIAL_TEXTS) textChecks(t);
  });

  it(
    'parseStreamValue',
    () => {
      fc.assert(
        fc.property(value, (v) => {
          guarded('rails parseStreamValue', v, () => parseStreamValue(v), {
            verify: (r) => checkStream(r, ''),
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'a JWT-shaped token with a hostile payload',
    () => {
      fc.assert(
        fc.property(hostileText, (payload) => {
          const token = `h.${Buffer.from(payload).toString('base64url')}.s`;
          guarded('rails tokenAccountTypeClaim', token, () => tokenAccountTypeClaim(token));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'error builders: any status and body give a VenueError of a known category',
    () => {
      fc.assert(
        fc.property(statuses, text, hostileLeaf, (status, body, retryAfter) => {
          guarded('rails streamStatusError', body, () => streamStatusError(status, body), {
            verify: (e) => verifyVenueError(e),
          });
          guarded('rails cancelOutcomeOf', body, () => cancelOutcomeOf(status, body), {
            verify: (o) => {
              if (o.kind === 'failed') verifyVenueError(o.error);
            },
          });
          const response = {
            status,
            data: body,
            headers: { 'retry-after': retryAfter },
          } as unknown as AxiosResponse;
          guarded('rails statusError', body, () => statusError(response), {
            verify: (e) => verifyVenueError(e),
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});

describe('fuzz: rails request builders', () => {
  it(
    'cancelOrder and ping messages read back exactly (no quote escapes the JSON)',
    () => {
      fc.assert(
        fc.property(hostileId, hostileId, hostileId, (requestId, orderId, market) => {
          guarded(
            'rails cancelOrderMessage',
            orderId,
            () => JSON.stringify(cancelOrderMessage(requestId, { venueOrderId: orderId, market })),
            {
              verify: (body) => {
                const back = parseBack(body) as { content: Record<string, unknown>; message: unknown };
                expect(Object.keys(back)).toEqual(['message', 'content']);
                expect(back.content).toEqual({
                  // JSON.stringify escapes a lone surrogate (\udfff), so even those read back unchanged.
                  clientRequestId: requestId,
                  market,
                  orderId,
                  cancelBy: back.content.cancelBy,
                });
              },
              sizeOf: () => orderId + market,
            },
          );
          guarded('rails pingMessage', requestId, () => JSON.stringify(pingMessage(requestId)), {
            verify: (body) =>
              expect(parseBack(body)).toMatchObject({ content: { clientRequestId: requestId } }),
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'URLs keep every parameter inside its own query value, never change host or path',
    () => {
      fc.assert(
        fc.property(hostileId, hostileId, hostileId, (market, start, requestId) => {
          const checkUrl = (
            built: string,
            host: string,
            path: string,
            params: Record<string, string>,
          ): void => {
            const url = new URL(built);
            expect(url.host).toBe(host);
            expect(url.pathname).toBe(path);
            for (const [k, v] of Object.entries(params)) expect(url.searchParams.get(k)).toBe(wellFormed(v));
          };
          guarded('rails streamUrl', market, () => streamUrl('wss://ws.example.test/', market), {
            verify: (u) => checkUrl(u, 'ws.example.test', '/', { market, subscriptions: 'orders' }),
          });
          guarded(
            'rails openOrdersUrl',
            market,
            () => openOrdersUrl('https://acct.example.test', { market, start }),
            {
              verify: (u) => checkUrl(u, 'acct.example.test', '/api/v1/open-orders', { market, start }),
              sizeOf: () => market + start,
            },
          );
          guarded(
            'rails bulkCancelUrl',
            market,
            () => bulkCancelUrl('https://order.example.test', market, requestId),
            {
              verify: (u) =>
                checkUrl(u, 'order.example.test', '/api/v1/orders', { market, clientRequestId: requestId }),
              sizeOf: () => market + requestId,
            },
          );
          guarded('rails authProtocol', requestId, () => authProtocol(requestId));
          guarded('rails railsInstrument', market, () => railsInstrument(market), {
            verify: (i) => expect(typeof i.quote).toBe('string'),
          });
          guarded('rails railsAccountType', market, () => railsAccountType(market));
          guarded('rails accountTypeOfClaim', market, () => accountTypeOfClaim(market));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
