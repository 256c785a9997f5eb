import { describe, expect, it } from 'vitest';
import type { IntentProgress } from '../../../../preload/contract.ts';
import { VENUE_LABELS } from '../../../../renderer/book/status.ts';
import {
  accountName,
  intentTitle,
  leftOver,
  summarizeFlatness,
} from '../../../../renderer/shared/intentText.ts';

const account = (label: string, state: 'checking' | 'flat' | 'left', left = 0, reason?: string) => ({
  accountId: label.toLowerCase().replace(/ /g, '-'),
  label,
  venue: 'rails' as const,
  state,
  left,
  ...(reason && { reason }),
});

describe('flatness summary', () => {
  it('says flat on N/N and how long it took', () => {
    const flatness = { scope: {}, accounts: [account('A', 'flat'), account('B', 'flat')], flatAt: 4_200 };
    expect(summarizeFlatness(flatness, 1_000)).toBe('flat on 2/2 accounts in 3.2s');
  });

  it('names by label what is left and why, and what is still being checked', () => {
    const flatness = {
      scope: {},
      accounts: [
        account('Main desk', 'flat'),
        account('Hedge', 'left', 2, 'pair under maintenance'),
        account('Spare', 'checking', 1, 'Rails Spare unreachable, sends on reconnect'),
      ],
    };
    expect(summarizeFlatness(flatness, 0)).toBe(
      'flat on 1/3; Hedge: 2 left — pair under maintenance; Spare: checking (1 open) — Rails Spare unreachable, sends on reconnect',
    );
    expect(leftOver(flatness)).toBe(2);
    expect(leftOver(undefined)).toBe(0);
  });

  it('names a failure by its account label and venue, falling back to the id', () => {
    const accounts = [{ accountId: 'rails-1', label: 'Main desk', venue: 'rails' }];
    expect(accountName('rails-1', accounts, VENUE_LABELS)).toBe('Main desk (Rails)');
    expect(accountName('gone-2', accounts, VENUE_LABELS)).toBe('gone-2');
  });

  it('titles an intent by who started it: the protection guard is never shown as the trader', () => {
    const intent = (source: IntentProgress['source'], doneAt?: number): IntentProgress => ({
      intentId: 'i',
      source,
      total: 12,
      cancelled: 0,
      filled: 0,
      failed: 0,
      pending: 12,
      failures: [],
      startedAt: 0,
      lifetimeMs: 600_000,
      ...(doneAt !== undefined && { doneAt }),
    });
    expect(intentTitle(intent('guard'))).toBe('Protection guard · 12 orders · in progress');
    expect(intentTitle(intent('panic', 5))).toBe('Cancel all · 12 orders · done');
  });
});
