import { describe, expect, it } from 'vitest';
import type { IntentProgress } from '../../../../preload/contract.ts';
import { shouldAnnounce } from '../../../../renderer/app/backgroundNotices.ts';

function intent(overrides: Partial<IntentProgress>): IntentProgress {
  return {
    intentId: 'i',
    source: 'click',
    total: 1,
    cancelled: 1,
    filled: 0,
    failed: 0,
    pending: 0,
    failures: [],
    startedAt: 0,
    lifetimeMs: 600_000,
    doneAt: 1,
    ...overrides,
  };
}
const background = { primed: true, hidden: true, permission: 'granted' as const };

describe('background notifications', () => {
  it('announce a finished bulk cancel and a failed single cancel', () => {
    expect(shouldAnnounce(intent({ total: 48, cancelled: 48 }), background)).toBe(true);
    expect(shouldAnnounce(intent({ cancelled: 0, failed: 1 }), background)).toBe(true);
  });
  it('stay quiet for a single successful cancel, a visible window, no permission, or old history', () => {
    expect(shouldAnnounce(intent({}), background)).toBe(false);
    expect(shouldAnnounce(intent({ failed: 1 }), { ...background, hidden: false })).toBe(false);
    expect(shouldAnnounce(intent({ failed: 1 }), { ...background, permission: 'denied' })).toBe(false);
    expect(shouldAnnounce(intent({ failed: 1 }), { ...background, primed: false })).toBe(false);
  });
});
