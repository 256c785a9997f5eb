/**
 * The browser host's protocol (preload/host-protocol.ts) as the renderer reads it: parseHostMessage
 * (renderer/book/bridge/browser.ts) on anything a socket could deliver, and the token/URL helpers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOST_API_PATH, HOST_TOKEN_PARAM } from '../../preload/host-protocol.ts';
import { hostApiUrl, parseHostMessage, tokenFromHash } from '../../renderer/book/bridge/browser.ts';
import {
  hostileId,
  hostileText,
  hostileValue,
  isWellFormed,
  mutatedValue,
  SPECIAL_TEXTS,
  safeStringify,
  wellFormed,
} from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import { fail, guarded } from './harness.ts';

const SEEDS: unknown[] = [
  { type: 'response', id: 1, result: { ok: true, value: { mode: 'demo', orders: [] } } },
  { type: 'response', id: 7, result: { ok: false, error: { code: 'invalid_request', message: 'x' } } },
  { type: 'update', update: { version: 3, orders: [], accounts: [], intents: [] } },
  {
    type: 'update',
    update: { version: 4, orders: [{ key: 'a:1' }], accounts: [], intents: [], resync: true },
  },
];

const hostData: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: mutatedValue(SEEDS).map(safeStringify) },
  { weight: 3, arbitrary: hostileText },
  // Not text at all: a Blob/ArrayBuffer frame, a number, an object.
  { weight: 1, arbitrary: hostileValue },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(new ArrayBuffer(8), new Uint8Array([123, 125]), null, undefined),
  },
);

function verifyHostMessage(message: ReturnType<typeof parseHostMessage>): void {
  if (message === null) return;
  if (message.type === 'response') {
    if (typeof message.id !== 'number') fail('response id is not a number');
    if (typeof message.result !== 'object' || message.result === null) fail('response without a result');
    if (typeof message.result.ok !== 'boolean') fail('result.ok is not a boolean');
    return;
  }
  if (message.type === 'update') {
    const u = message.update;
    if (typeof u.version !== 'number') fail('update.version is not a number');
    for (const list of [u.orders, u.accounts, u.intents])
      if (!Array.isArray(list)) fail('update list missing');
    return;
  }
  fail('unknown message type');
}

describe('fuzz: browser host protocol', () => {
  it(
    'parseHostMessage answers a HostMessage or null, never throws',
    () => {
      fc.assert(
        fc.property(hostData, (data) => {
          guarded('parseHostMessage', data, () => parseHostMessage(data), { verify: verifyHostMessage });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it('every special text once', () => {
    for (const text of SPECIAL_TEXTS) {
      guarded('parseHostMessage', text, () => parseHostMessage(text), { verify: verifyHostMessage });
    }
  });

  it(
    'tokenFromHash / hostApiUrl keep any token intact',
    () => {
      fc.assert(
        fc.property(hostileId, fc.constantFrom('', '#', '#x=1&'), (token, prefix) => {
          const hash = `${prefix}${HOST_TOKEN_PARAM}=${encodeURIComponent(wellFormed(token))}`;
          guarded('tokenFromHash', hash, () => tokenFromHash(hash), {
            verify: (read) => expect(read).toBe(token === '' ? null : wellFormed(token)),
          });
          guarded('hostApiUrl', token, () => hostApiUrl('127.0.0.1:4100', token), {
            // encodeURIComponent refuses a lone surrogate with URIError: the token comes from the page
            // address, which cannot hold one, so that throw is the documented JS behaviour.
            allowThrow: (err) => err instanceof URIError && !isWellFormed(token),
            verify: (url) => {
              const parsed = new URL(url);
              expect(parsed.pathname).toBe(HOST_API_PATH);
              expect(parsed.searchParams.get(HOST_TOKEN_PARAM)).toBe(token);
            },
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
