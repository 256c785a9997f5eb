import { describe, expect, it } from 'vitest';
import type { IntentProgress } from '../../../../preload/contract.ts';
import { hostApiUrl, parseHostMessage, tokenFromHash } from '../../../../renderer/book/bridge/browser.ts';
import {
  formatAge,
  formatClock,
  formatElapsed,
  formatFlags,
  formatTimestamp,
} from '../../../../renderer/shared/format.ts';
import { summarizeIntent, visibleIntents } from '../../../../renderer/shared/intentText.ts';

describe('formatting', () => {
  it('formats ages compactly', () => {
    expect(formatAge(-5)).toBe('0s');
    expect(formatAge(42_999)).toBe('42s');
    expect(formatAge(187_000)).toBe('3m 07s');
    expect(formatAge(2 * 3_600_000 + 5 * 60_000)).toBe('2h 05m');
    expect(formatAge(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });

  it('formats in-flight elapsed time to a tenth of a second', () => {
    expect(formatElapsed(0)).toBe('0.0s');
    expect(formatElapsed(849)).toBe('0.8s');
    expect(formatElapsed(12_345)).toBe('12.3s');
    expect(formatElapsed(65_000)).toBe('1m 05s');
  });
});

describe('order times and flags', () => {
  const at = new Date(2024, 4, 14, 9, 3, 7, 25).getTime();

  it('shows a time of today as a clock and another day with its date', () => {
    expect(formatClock(at, new Date(2024, 4, 14, 23, 0, 0).getTime())).toBe('09:03:07');
    expect(formatClock(at, new Date(2024, 4, 15, 0, 0, 1).getTime())).toBe('05-14 09:03:07');
    expect(formatTimestamp(at)).toBe('2024-05-14 09:03:07.025');
  });

  it('marks reduce-only and post-only, and nothing when the venue shows neither', () => {
    expect(formatFlags({ reduceOnly: true, postOnly: true })).toBe('RO PO');
    expect(formatFlags({ postOnly: true })).toBe('PO');
    expect(formatFlags({ reduceOnly: false })).toBe('');
    expect(formatFlags({})).toBe('');
  });
});

describe('intent summaries', () => {
  const base: IntentProgress = {
    intentId: 'i',
    source: 'scope',
    total: 51,
    cancelled: 48,
    filled: 2,
    failed: 1,
    pending: 0,
    failures: [{ key: 'a:1', accountId: 'a', message: 'order closed' }],
    startedAt: 1000,
    lifetimeMs: 600_000,
    doneAt: 2000,
  };

  it('says what happened in plain words', () => {
    expect(summarizeIntent(base)).toBe('48 cancelled, 2 filled before cancel, 1 failed: order closed');
    expect(summarizeIntent({ ...base, filled: 0, failed: 0, pending: 3, doneAt: undefined })).toBe(
      '48 cancelled, 3 pending',
    );
  });

  it('shows bulk intents that are running or recently done', () => {
    const single = { ...base, intentId: 's', total: 1 };
    const recent = { ...base, intentId: 'recent', doneAt: 20_000 };
    const running = { ...base, intentId: 'r', doneAt: undefined };
    expect(visibleIntents([running, single, recent, base], 40_000, 30_000, 5).map((i) => i.intentId)).toEqual(
      ['r', 'recent'],
    );
  });
});

describe('browser bridge helpers', () => {
  it('reads the token from the hash and builds the api url', () => {
    expect(tokenFromHash('#token=abc%2Fd')).toBe('abc/d');
    expect(tokenFromHash('')).toBeNull();
    expect(hostApiUrl('127.0.0.1:5173', 'a b')).toBe('ws://127.0.0.1:5173/api?token=a%20b');
  });

  it('accepts well-formed host messages only', () => {
    expect(parseHostMessage('{"type":"response","id":3,"result":{"ok":true,"value":1}}')).toEqual({
      type: 'response',
      id: 3,
      result: { ok: true, value: 1 },
    });
    expect(
      parseHostMessage('{"type":"update","update":{"version":1,"orders":[],"accounts":[],"intents":[]}}'),
    ).toMatchObject({ type: 'update' });
    expect(parseHostMessage('{"type":"update","update":{"version":1}}')).toBeNull();
    expect(parseHostMessage('nope')).toBeNull();
    expect(parseHostMessage(42)).toBeNull();
  });
});
