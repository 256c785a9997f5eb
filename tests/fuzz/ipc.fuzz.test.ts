/**
 * Every IPC request schema (`requestSchemas`, preload/contract.ts), through the dispatcher both bridges use
 * (main/core/api-dispatch.ts): hostile methods and payloads always come back as a `Result`, never a throw or
 * a rejected promise, and a refused payload is `invalid_request`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import { ERROR_CODES, REQUEST_METHODS, type RequestMethod, requestSchemas } from '../../preload/contract.ts';
import { HOSTILE_KEYS, hostileValue, MB, mutatedValue, withOwnKey } from './arbitraries.ts';
import { fuzzParams, fuzzTimeout } from './budget.ts';
import { fail, guarded, guardedAsync } from './harness.ts';

/** One valid payload per method (the seeds the mutations start from). */
const VALID: Record<RequestMethod, unknown> = {
  snapshot: undefined,
  cancel: { keys: ['demo-1:1'], source: 'click' },
  previewCancel: { venues: ['rails'], markets: ['ETH-USD'], side: 'buy' },
  cancelScope: { scope: { accountIds: ['demo-1'] }, source: 'scope' },
  stopCancel: { intentId: '0835bf3e-4a20-41f0-908d-8213f2b7a285' },
  accountsList: undefined,
  accountsAdd: {
    venue: 'oxfun',
    label: 'main',
    environment: 'custom',
    urls: { rest: 'http://127.0.0.1:1', ws: 'ws://127.0.0.1:2' },
    markets: ['BTC-USD-SWAP-LIN'],
    credentials: { apiKey: 'k', apiSecret: 's' },
    settings: { accountType: 'retail' },
    enabled: true,
  },
  accountsTest: { accountId: 'oxfun-0a1b2c3d' },
  accountsRemove: { accountId: 'oxfun-0a1b2c3d' },
  accountsSetEnabled: { accountId: 'oxfun-0a1b2c3d', enabled: false },
  accountsForgetOrphan: { venue: 'coinw', accountId: 'coinw-0a1b2c3d' },
  setMode: { mode: 'demo' },
  health: undefined,
  auditQuery: { key: 'demo-1:1', limit: 10 },
  auditExport: { key: 'demo-1:1', days: 1 },
  protectionGet: undefined,
  protectionSet: {
    accountId: 'demo-bluefin',
    policy: {
      cancelOnReconnect: { enabled: true, afterSeconds: 10 },
      staleFeed: { enabled: false, afterSeconds: 30, action: 'alert' },
      latency: { enabled: true, p95Ms: 2000, action: 'cancel' },
      cancelOnQuit: { enabled: false },
      deadManSwitch: { enabled: true, countdownSeconds: 60, markets: ['ETH-PERP'] },
    },
  },
  protectionQuit: { deadManSwitch: 'keep-armed' },
};

const SEEDS = Object.values(VALID).filter((v) => v !== undefined);

const payload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SEEDS) },
  { weight: 6, arbitrary: mutatedValue(SEEDS) },
  { weight: 3, arbitrary: hostileValue },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      { keys: Array.from({ length: 100_001 }, (_, i) => `a:${i}`), source: 'click' },
      { keys: ['x'.repeat(MB)], source: 'click' },
      withOwnKey({ keys: ['a:1'], source: 'click' }, '__proto__', { polluted: 'yes' }),
      {
        venue: 'oxfun',
        label: 'x',
        environment: 'production',
        credentials: withOwnKey({ constructor: 'x', prototype: 'y' }, '__proto__', 'z'),
        urls: { constructor: 'http://x', toString: 'http://y' },
        settings: { hasOwnProperty: 'x', valueOf: 'y' },
      },
    ),
  },
);

const method: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...REQUEST_METHODS) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS, '', 'deleteEverything', 'snapshot ', 'SNAPSHOT') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const ERROR_CODE_SET: ReadonlySet<unknown> = new Set(ERROR_CODES);

function verifyResult(result: unknown): void {
  if (typeof result !== 'object' || result === null) fail('not a Result');
  const r = result as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return;
  if (r.ok !== false) fail('Result without a boolean ok');
  if (!ERROR_CODE_SET.has(r.error?.code)) fail(`error code ${String(r.error?.code)}`);
  if (typeof r.error?.message !== 'string') fail('error without a message');
  if (r.error.message.length > 2000) fail(`error message of ${r.error.message.length} chars`);
}

describe('fuzz: IPC contract', () => {
  // No accounts handler: account methods with a valid payload answer `unavailable` (still a Result).
  const service = new BlotterService({ mode: 'demo', audit: new MemoryAuditLog(), logger: silentLogger });
  const dispatch = createDispatcher(service, silentLogger);

  it(
    'the dispatcher answers every (method, payload) with a Result, never a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(method, payload, async (name, body) => {
          await guardedAsync(
            `dispatch(${JSON.stringify(name).slice(0, 40)})`,
            body,
            () => dispatch(name, body),
            {
              verify: verifyResult,
              // A 100,001-key cancel is validated in full before it is refused.
              budgetMs: 250,
            },
          );
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    'a payload its schema refuses is answered invalid_request',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...REQUEST_METHODS), payload, async (name, body) => {
          const accepted = requestSchemas[name].safeParse(body).success;
          const result = await dispatch(name, body);
          if (!accepted) expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );

  it(
    "every schema's safeParse returns success or an issue list, never throws",
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...REQUEST_METHODS), payload, (name, body) => {
          guarded(`requestSchemas.${name}.safeParse`, body, () => requestSchemas[name].safeParse(body), {
            verify: (parsed) => {
              if (!parsed.success && parsed.error.issues.length === 0) fail('refused without an issue');
              if (parsed.success) {
                // What passes is plain data: no own __proto__ carried into main.
                const text = JSON.stringify(parsed.data ?? null);
                if (text.includes('"__proto__"')) fail('accepted a __proto__ key');
              }
            },
            budgetMs: 250,
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(),
  );
});
