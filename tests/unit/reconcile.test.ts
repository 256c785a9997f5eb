import { describe, expect, it } from 'vitest';
import { decideReconcile } from '../../main/core/reconcile.ts';
import type { Order } from '../../preload/contract.ts';
import { venueOrder } from '../support/fake-adapter.ts';

function order(status: Order['status']): Order {
  return {
    key: 'a:1',
    venue: 'rails',
    accountId: 'a',
    venueOrderId: '1',
    market: 'ETH-USD',
    side: 'buy',
    type: 'limit',
    price: '1',
    quantity: '1',
    filled: '0',
    remaining: '1',
    quote: 'USD',
    contractSize: '1',
    status,
    createdAt: 0,
    updatedAt: 0,
    version: 1,
  };
}
const context = { acknowledged: true, round: 1, maxRounds: 3 };

describe('reconcile decisions', () => {
  it('acknowledged and no longer listed → cancelled', () => {
    expect(decideReconcile(order('cancelling'), undefined, undefined, context).action).toBe('cancelled');
  });
  it('not acknowledged and no longer listed → unknown with a reason, never a guess', () => {
    const decision = decideReconcile(order('cancelling'), undefined, undefined, {
      ...context,
      acknowledged: false,
    });
    expect(decision).toMatchObject({ action: 'unknown' });
  });
  it('gone after an acknowledgement waits for a pending lookup before calling it cancelled', () => {
    const pending = { ...context, lookupPending: true };
    expect(decideReconcile(order('cancelling'), undefined, undefined, pending).action).toBe('keep-waiting');
    // However many rounds: a pending lookup is never replaced by a guess.
    expect(decideReconcile(order('cancelling'), undefined, undefined, { ...pending, round: 9 }).action).toBe(
      'keep-waiting',
    );
    expect(decideReconcile(order('cancelling'), undefined, undefined, context).action).toBe('cancelled');
  });
  it('a lookup that says filled wins over the guess', () => {
    const filled = venueOrder('1', { status: 'filled' });
    expect(decideReconcile(order('cancelling'), undefined, filled, context)).toEqual({
      action: 'final',
      order: filled,
    });
  });
  it('still listed open while cancelling → reopen with an error', () => {
    expect(decideReconcile(order('cancelling'), venueOrder('1'), undefined, context).action).toBe('reopen');
  });
  it('listed as cancelling → keep waiting, until the rounds run out', () => {
    const listed = venueOrder('1', { status: 'cancelling' });
    expect(decideReconcile(order('cancelling'), listed, undefined, context).action).toBe('keep-waiting');
    expect(decideReconcile(order('cancelling'), listed, undefined, { ...context, round: 3 }).action).toBe(
      'unknown',
    );
  });
  it('an order not being cancelled is just refreshed from the listing', () => {
    expect(decideReconcile(order('open'), venueOrder('1'), undefined, context).action).toBe('refresh');
  });
});
