/** Rails' account-type limits, the new-connection pacing and the error table. */
import type { AxiosResponse } from 'axios';
import { describe, expect, it } from 'vitest';
import { pacingBoundMs, withoutGuards } from '../../main/core/pacing-bound.ts';
import { railsCapabilities } from '../../main/venues/rails/adapter.ts';
import {
  cancelRateLimit,
  lookupRateLimit,
  RAILS_ACCOUNT_LIMITS,
  railsAccountType,
} from '../../main/venues/rails/constants.ts';
import { statusError, streamStatusError } from '../../main/venues/rails/errors.ts';
import { railsVenue } from '../../main/venues/rails/index.ts';
import { dialWaitMs } from '../../main/venues/rails/stream.ts';

describe('rails account types', () => {
  it('reads the setting; anything unknown is the conservative default, never a crash', () => {
    expect(railsAccountType('market-maker')).toBe('market-maker');
    expect(railsAccountType('retail')).toBe('retail');
    for (const odd of [undefined, '', 'MARKET-MAKER', 'toString', '__proto__', 42]) {
      expect(railsAccountType(odd)).toBe('retail');
    }
  });

  it('declares the setting with its choices and the conservative default', () => {
    expect(railsVenue.settingFields).toEqual([
      {
        name: 'accountType',
        label: 'Account type',
        choices: [
          { value: 'retail', label: 'Retail / institutional' },
          { value: 'market-maker', label: 'Market maker' },
        ],
        defaultValue: 'retail',
        help: expect.stringContaining('250'),
      },
    ]);
  });

  it('one fixed window from the first request; scale compresses time, not the count', () => {
    // 250 less the 20 a minute the adapter keeps for Get Order By ID, which counts in the same window.
    expect(cancelRateLimit('retail')).toEqual({
      kind: 'fixed-window',
      name: 'account create+cancel 230/min (retail)',
      limit: 230,
      windowMs: 60_000,
    });
    // The UI's 240/min polling is left to the UI, 100/min to the lookups.
    expect(cancelRateLimit('market-maker')).toMatchObject({ limit: 10_000 - 240 - 100, windowMs: 60_000 });
    expect(cancelRateLimit('retail', 30)).toMatchObject({ limit: 230, windowMs: 2000 });
    expect(railsCapabilities('retail').rateLimits).toEqual([cancelRateLimit('retail')]);
  });

  it("cancels and lookups together never exceed the account type's documented count", () => {
    for (const type of ['retail', 'market-maker'] as const) {
      const documented = RAILS_ACCOUNT_LIMITS[type].orderRequestsPerMinute;
      const ui = type === 'market-maker' ? 240 : 0;
      expect(cancelRateLimit(type).limit + lookupRateLimit(type).limit + ui).toBe(documented);
      // A small share: one engine pass (at most 20 lookups) fits one window.
      expect(lookupRateLimit(type)).toMatchObject({ kind: 'fixed-window', windowMs: 60_000 });
      expect(lookupRateLimit(type).limit).toBeGreaterThanOrEqual(20);
      expect(lookupRateLimit(type).limit / documented).toBeLessThanOrEqual(0.08);
    }
    expect(lookupRateLimit('retail', 30)).toMatchObject({ limit: 20, windowMs: 2000 });
  });

  it('bounds a retail cancel-all by whole windows: 600 cancels take two full minutes, 691 three', () => {
    const limits = withoutGuards(railsCapabilities('retail').rateLimits);
    expect(pacingBoundMs(limits, 230)).toBe(0);
    expect(pacingBoundMs(limits, 231)).toBe(60_000);
    expect(pacingBoundMs(limits, 600)).toBe(120_000);
    expect(pacingBoundMs(limits, 691)).toBe(180_000);
  });
});

describe('rails new-connection pacing', () => {
  const limit = RAILS_ACCOUNT_LIMITS.retail.newConnectionsPerMinute;

  it('dials at once while the window has room', () => {
    expect(dialWaitMs([], 0, limit, 60_000)).toBe(0);
    const nineteen = Array.from({ length: 19 }, (_, i) => i * 100);
    expect(dialWaitMs(nineteen, 2000, limit, 60_000)).toBe(0);
  });

  it('waits until the oldest dial that blocks leaves the window', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => i * 100);
    expect(dialWaitMs(twenty, 2000, limit, 60_000)).toBe(58_000);
    expect(dialWaitMs(twenty, 59_950, limit, 60_000)).toBe(50);
    expect(dialWaitMs(twenty, 60_000, limit, 60_000)).toBe(0);
    // Dials that left the window do not count.
    expect(dialWaitMs(twenty, 61_950, limit, 60_000)).toBe(0);
  });

  it('never lets any window hold more than the limit, however fast the backoff asks', () => {
    const dials: number[] = [];
    let now = 0;
    for (let i = 0; i < 100; i++) {
      now += dialWaitMs(dials, now, limit, 60_000);
      dials.push(now);
      now += 10; // a 10 ms backoff
    }
    for (const start of dials) {
      expect(dials.filter((at) => at >= start && at < start + 60_000).length).toBeLessThanOrEqual(limit);
    }
  });
});

describe('rails error table', () => {
  it('stream status codes', () => {
    const category = (code: number) => streamStatusError(code, 'x').category;
    expect([409, 429, 404, 401, 403, 400, 422, 500, 503].map(category)).toEqual([
      'conflict',
      'rate_limited',
      'not_found',
      'auth',
      'auth',
      'rejected',
      'rejected',
      'network',
      'network',
    ]);
    expect(streamStatusError(404, '')).toEqual({ category: 'not_found', code: '404', message: 'HTTP 404' });
  });

  it('REST statuses keep the body message and Retry-After', () => {
    const response = (status: number, data: string, headers: Record<string, string> = {}) =>
      ({ status, data, headers }) as unknown as AxiosResponse;
    expect(statusError(response(429, '{"message":"Too Many Requests"}', { 'retry-after': '2' }))).toEqual({
      category: 'rate_limited',
      code: '429',
      message: 'Too Many Requests',
      retryAfterMs: 2000,
    });
    expect(statusError(response(401, ''))).toEqual({ category: 'auth', code: '401', message: 'HTTP 401' });
    expect(statusError(response(502, '<html>bad gateway</html>')).category).toBe('network');
  });
});
