import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelTracker, cancelOutcomeOf } from '../../main/venues/rails/cancels.ts';

describe('rails cancel outcomes', () => {
  it('maps each status code to the engine category', () => {
    expect(cancelOutcomeOf(202, 'cancelling order')).toEqual({ kind: 'accepted' });
    expect(cancelOutcomeOf(200, 'order cancelled')).toEqual({ kind: 'done', status: 'cancelled' });
    const category = (status: number) => {
      const outcome = cancelOutcomeOf(status, 'x');
      return outcome.kind === 'failed' ? outcome.error.category : outcome.kind;
    };
    expect(category(409)).toBe('conflict');
    expect(category(429)).toBe('rate_limited');
    expect(category(404)).toBe('not_found');
    expect(category(400)).toBe('rejected');
    expect(category(422)).toBe('rejected');
    expect(category(401)).toBe('auth');
    expect(category(500)).toBe('network');
  });
});

describe('rails cancel tracker', () => {
  let ids = 0;
  const tracker = () =>
    new CancelTracker({ ackTimeoutMs: 3000, retainMs: 20_000, newRequestId: () => `req-${++ids}` });

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('settles on the 202 and treats the 200 as the confirmation', async () => {
    const cancels = tracker();
    const { clientRequestId, outcome } = cancels.open('order-1');
    expect(cancels.handle(202, 'cancelling order', clientRequestId)).toEqual({
      kind: 'matched',
      orderId: 'order-1',
      stale: false,
    });
    await expect(outcome).resolves.toEqual({ kind: 'accepted' });
    expect(cancels.handle(200, 'order cancelled', clientRequestId).kind).toBe('matched');
    expect(cancels.handle(200, 'order cancelled', clientRequestId).kind).toBe('unmatched');
  });

  it('a 200 that overtakes the 202 settles done, and the late 202 is stale', async () => {
    const cancels = tracker();
    const { clientRequestId, outcome } = cancels.open('order-2');
    cancels.handle(200, 'order cancelled', clientRequestId);
    await expect(outcome).resolves.toEqual({ kind: 'done', status: 'cancelled' });
    expect(cancels.handle(202, 'cancelling order', clientRequestId)).toEqual({
      kind: 'matched',
      orderId: 'order-2',
      stale: true,
    });
  });

  it('an error after the 202 is an asynchronous cancel failure', () => {
    const cancels = tracker();
    const { clientRequestId } = cancels.open('order-3');
    cancels.handle(202, 'cancelling order', clientRequestId);
    expect(cancels.handle(409, 'order is being filled', clientRequestId)).toEqual({
      kind: 'failedAfterAccept',
      orderId: 'order-3',
      error: { category: 'conflict', code: '409', message: 'order is being filled' },
    });
  });

  it('no answer within the timeout is a network failure', async () => {
    const cancels = tracker();
    const { outcome } = cancels.open('order-4');
    vi.advanceTimersByTime(3000);
    await expect(outcome).resolves.toMatchObject({
      kind: 'failed',
      error: { category: 'network', code: 'timeout' },
    });
    expect(cancels.pendingCount).toBe(0);
  });

  it('a lost socket fails unanswered requests but keeps accepted ones waiting for their 200', async () => {
    const cancels = tracker();
    const answered = cancels.open('order-5');
    const unanswered = cancels.open('order-6');
    cancels.handle(202, 'cancelling order', answered.clientRequestId);
    cancels.failPending({ category: 'network', code: 'disconnected', message: 'reconnecting' });
    await expect(unanswered.outcome).resolves.toMatchObject({
      kind: 'failed',
      error: { code: 'disconnected' },
    });
    await expect(answered.outcome).resolves.toEqual({ kind: 'accepted' });
    expect(cancels.handle(200, 'order cancelled', answered.clientRequestId).kind).toBe('matched');
  });
});
