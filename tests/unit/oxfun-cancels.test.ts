/**
 * The OX.FUN cancel tracker: replies matched by (tag, orderId), falling back to
 * (tag, marketCode, position) when the echoed id is missing or another order's,
 * and the acknowledgement deadline for whatever stays unanswered.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CancelOutcome } from '../../main/core/venue.ts';
import { CancelTracker } from '../../main/venues/oxfun/cancels.ts';

const accepted: CancelOutcome = { kind: 'accepted' };
const failed = (code: string): CancelOutcome => ({
  kind: 'failed',
  error: { category: 'not_found', code, message: 'Open order not found' },
});

describe('oxfun CancelTracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const targets = [
    { venueOrderId: '1', market: 'BTC-USD-SWAP-LIN' },
    { venueOrderId: '2', market: 'ETH-USD-SWAP-LIN' },
    { venueOrderId: '3', market: 'BTC-USD-SWAP-LIN' },
  ];

  it('matches by id in any order', async () => {
    const tracker = new CancelTracker({ ackTimeoutMs: 5000, tagPrefix: 'x' });
    const { tag, outcomes } = tracker.open(targets);
    expect(tracker.reply(tag, { orderId: '3', marketCode: 'BTC-USD-SWAP-LIN' }, failed('100005'))).toBe(true);
    expect(tracker.reply(tag, { orderId: '1', marketCode: 'BTC-USD-SWAP-LIN' }, accepted)).toBe(true);
    expect(tracker.reply(tag, { orderId: '2', marketCode: 'ETH-USD-SWAP-LIN' }, accepted)).toBe(true);
    await expect(outcomes).resolves.toEqual([accepted, accepted, failed('100005')]);
  });

  it('falls back to the first open entry of the echoed market when the id is another order’s', async () => {
    const tracker = new CancelTracker({ ackTimeoutMs: 5000, tagPrefix: 'x' });
    const { tag, outcomes } = tracker.open(targets);
    tracker.reply(tag, { orderId: '1', marketCode: 'BTC-USD-SWAP-LIN' }, accepted);
    // Echoes 1 (answered) on ETH: entry 2. Echoes 1 again on BTC: entry 3.
    tracker.reply(tag, { orderId: '1', marketCode: 'ETH-USD-SWAP-LIN' }, failed('100005'));
    tracker.reply(tag, { orderId: '1', marketCode: 'BTC-USD-SWAP-LIN' }, failed('100004'));
    await expect(outcomes).resolves.toEqual([accepted, failed('100005'), failed('100004')]);
    expect(tracker.size).toBe(0);
  });

  it('an id of a waiting entry on another market does not take that entry', async () => {
    const tracker = new CancelTracker({ ackTimeoutMs: 5000, tagPrefix: 'x' });
    const { tag, outcomes } = tracker.open(targets);
    // Says order 3 but ETH: the ETH entry (2) is the one answered.
    tracker.reply(tag, { orderId: '3', marketCode: 'ETH-USD-SWAP-LIN' }, failed('100005'));
    tracker.reply(tag, { orderId: '1', marketCode: 'BTC-USD-SWAP-LIN' }, accepted);
    tracker.reply(tag, { orderId: '3', marketCode: 'BTC-USD-SWAP-LIN' }, accepted);
    await expect(outcomes).resolves.toEqual([accepted, failed('100005'), accepted]);
  });

  it('falls back to position when neither id nor market is echoed, and refuses a reply too many', async () => {
    const tracker = new CancelTracker({ ackTimeoutMs: 5000, tagPrefix: 'x' });
    const { tag, outcomes } = tracker.open(targets.slice(0, 2));
    expect(tracker.reply(tag, {}, failed('20009'))).toBe(true);
    expect(tracker.reply(tag, {}, accepted)).toBe(true);
    await expect(outcomes).resolves.toEqual([failed('20009'), accepted]);
    expect(tracker.reply(tag, {}, accepted)).toBe(false);
    expect(tracker.reply(undefined, { orderId: '1' }, accepted)).toBe(false);
  });

  it('fails what stays unanswered at the deadline, and only that', async () => {
    const tracker = new CancelTracker({ ackTimeoutMs: 5000, tagPrefix: 'x' });
    const { tag, outcomes } = tracker.open(targets);
    tracker.reply(tag, { orderId: '2', marketCode: 'ETH-USD-SWAP-LIN' }, accepted);
    await vi.advanceTimersByTimeAsync(4999);
    expect(tracker.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const settled = await outcomes;
    expect(settled[1]).toEqual(accepted);
    expect(settled[0]).toMatchObject({ kind: 'failed', error: { category: 'network', code: 'ack_timeout' } });
    expect(settled[2]).toMatchObject({ kind: 'failed', error: { code: 'ack_timeout' } });
  });
});
