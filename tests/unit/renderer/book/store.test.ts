import { describe, expect, it } from 'vitest';
import type {
  AccountStatus,
  BlotterApi,
  BlotterUpdate,
  IntentProgress,
  Order,
  Result,
  Snapshot,
} from '../../../../preload/contract.ts';
import {
  applySnapshot,
  applyUpdates,
  type Book,
  emptyBook,
  expireLingering,
  LINGER_MS,
} from '../../../../renderer/book/book.ts';
import type { Bridge, BridgeStatus } from '../../../../renderer/book/bridge/types.ts';
import { createBlotterStore } from '../../../../renderer/book/store.ts';
import { type SyncClock, startSync } from '../../../../renderer/book/sync.ts';
import { countOpenRows } from '../../../../renderer/shared/counts.ts';

const T0 = 1_700_000_000_000;

function order(n: number, patch: Partial<Order> = {}): Order {
  const venueOrderId = String(n);
  return {
    key: `acc-1:${venueOrderId}`,
    venue: 'rails',
    accountId: 'acc-1',
    venueOrderId,
    market: 'BTC-USD',
    side: 'buy',
    type: 'limit',
    price: '100.50',
    quantity: '2',
    filled: '0',
    remaining: '2',
    quote: 'USD',
    contractSize: '1',
    status: 'open',
    createdAt: T0 + n * 1000,
    updatedAt: T0 + n * 1000,
    version: 1,
    ...patch,
  };
}

function account(id: string, patch: Partial<AccountStatus> = {}): AccountStatus {
  return { accountId: id, venue: 'rails', label: id, demo: true, connection: 'connected', ...patch };
}

function intent(id: string, patch: Partial<IntentProgress> = {}): IntentProgress {
  return {
    intentId: id,
    source: 'scope',
    total: 3,
    cancelled: 0,
    filled: 0,
    failed: 0,
    pending: 3,
    failures: [],
    startedAt: T0,
    lifetimeMs: 600_000,
    ...patch,
  };
}

function snapshot(orders: Order[], patch: Partial<Snapshot> = {}): Snapshot {
  return { mode: 'demo', orders, accounts: [], intents: [], version: 10, ...patch };
}

function update(version: number, orders: Order[], patch: Partial<BlotterUpdate> = {}): BlotterUpdate {
  return { version, orders, accounts: [], intents: [], ...patch };
}

const keys = (rows: readonly { key: string }[]) => rows.map((r) => r.key);

describe('applySnapshot', () => {
  it('builds views: open newest created first, recent newest final first, live count', () => {
    const book = applySnapshot(
      snapshot([
        order(1),
        order(2, { status: 'partially_filled' }),
        order(3, { status: 'cancelled', updatedAt: T0 + 50_000 }),
        order(4, { status: 'filled', updatedAt: T0 + 60_000 }),
        order(5, { status: 'unknown' }),
      ]),
      T0 + 100_000,
    );
    expect(book.mode).toBe('demo');
    expect(book.version).toBe(10);
    expect(book.orders.size).toBe(5);
    expect(keys(book.openRows)).toEqual(['acc-1:5', 'acc-1:2', 'acc-1:1']);
    expect(keys(book.recentRows)).toEqual(['acc-1:4', 'acc-1:3']);
    expect(book.liveCount).toBe(3);
  });

  it('keeps an order that became final less than LINGER_MS ago in the open view', () => {
    const now = T0 + 100_000;
    const book = applySnapshot(
      snapshot([order(1), order(2, { status: 'cancelled', updatedAt: now - 1000 })]),
      now,
    );
    expect(keys(book.openRows)).toEqual(['acc-1:2', 'acc-1:1']);
    expect(book.liveCount).toBe(1);
    const later = expireLingering(book, now - 1000 + LINGER_MS);
    expect(keys(later.openRows)).toEqual(['acc-1:1']);
    expect(keys(later.recentRows)).toEqual(['acc-1:2']);
  });

  it('replaces everything held before', () => {
    let book = applySnapshot(snapshot([order(1), order(2)], { accounts: [account('a')] }), T0);
    book = applyUpdates(book, [update(11, [order(3)])], T0);
    const fresh = applySnapshot(snapshot([order(7)], { version: 20, mode: 'live' }), T0);
    expect(keys(fresh.openRows)).toEqual(['acc-1:7']);
    expect(fresh.orders.has('acc-1:1')).toBe(false);
    expect(fresh.accounts).toEqual([]);
    expect(fresh.mode).toBe('live');
    expect(book.orders.size).toBe(3);
  });

  it('sorts accounts by venue then label and intents newest first', () => {
    const book = applySnapshot(
      snapshot([], {
        accounts: [
          account('b1', { venue: 'bluefin' }),
          account('r2', { label: 'zeta' }),
          account('r1', { label: 'alpha' }),
        ],
        intents: [intent('old', { startedAt: T0 }), intent('new', { startedAt: T0 + 5 })],
      }),
      T0,
    );
    expect(book.accounts.map((a) => a.accountId)).toEqual(['r1', 'r2', 'b1']);
    expect(book.intents.map((i) => i.intentId)).toEqual(['new', 'old']);
  });
});

describe('applyUpdates', () => {
  const base = () => applySnapshot(snapshot([order(1), order(2), order(3)]), T0);

  it('replaces an order with a newer version, keeping view arrays when membership does not change', () => {
    const before = base();
    const openRows = before.openRows;
    const changed = order(2, {
      status: 'cancel_requested',
      version: 2,
      cancel: { intentId: 'i', requestedAt: T0, attempts: 0 },
    });
    const after = applyUpdates(before, [update(11, [changed])], T0);
    expect(after).not.toBe(before);
    expect(after.orders.get('acc-1:2')).toBe(changed);
    expect(after.openRows).toBe(openRows);
    expect(after.version).toBe(11);
  });

  it("shown counts stay right over rows taken before an order finished (the held grid's rows)", () => {
    const before = base();
    const heldRows = before.openRows;
    expect(countOpenRows(heldRows, before.orders)).toBe(3);
    const after = applyUpdates(before, [update(11, [order(2, { status: 'filled', version: 2 })])], T0);
    // The filled order lingers in the open view, but it is no longer open: its ref says so.
    expect(after.openRows).toHaveLength(3);
    expect(countOpenRows(heldRows, after.orders)).toBe(2);
    expect(countOpenRows(after.openRows, after.orders)).toBe(after.liveCount);
    // Refs made elsewhere (no `live`) are counted from the orders.
    expect(
      countOpenRows(
        heldRows.map(({ key }) => ({ key })),
        after.orders,
      ),
    ).toBe(2);
  });

  it('drops an order whose version is not above the held one', () => {
    const before = applyUpdates(base(), [update(11, [order(2, { status: 'cancelling', version: 3 })])], T0);
    const held = before.orders.get('acc-1:2');
    const after = applyUpdates(
      before,
      [update(12, [order(2, { status: 'open', version: 3 }), order(2, { status: 'open', version: 2 })])],
      T0,
    );
    expect(after.orders.get('acc-1:2')).toBe(held);
  });

  it('returns the same book when nothing applies', () => {
    const before = base();
    expect(applyUpdates(before, [update(9, [order(1, { version: 1 })])], T0)).toBe(before);
    expect(applyUpdates(before, [], T0)).toBe(before);
  });

  it('inserts new orders in created order and counts them', () => {
    const after = applyUpdates(base(), [update(11, [order(5), order(0)])], T0);
    expect(keys(after.openRows)).toEqual(['acc-1:5', 'acc-1:3', 'acc-1:2', 'acc-1:1', 'acc-1:0']);
    expect(after.liveCount).toBe(5);
  });

  it('moves a final order to recent and keeps it in open for LINGER_MS', () => {
    const now = T0 + 50_000;
    const before = base();
    const openBefore = before.openRows;
    const after = applyUpdates(
      before,
      [update(11, [order(2, { status: 'cancelled', version: 2, updatedAt: now })])],
      now,
    );
    expect(keys(after.openRows)).toEqual(['acc-1:3', 'acc-1:2', 'acc-1:1']);
    expect(keys(after.recentRows)).toEqual(['acc-1:2']);
    expect(after.liveCount).toBe(2);
    expect(openBefore).toEqual(before.openRows); // the previous array was not mutated

    expect(expireLingering(after, now + LINGER_MS - 1)).toBe(after);
    const expired = expireLingering(after, now + LINGER_MS);
    expect(keys(expired.openRows)).toEqual(['acc-1:3', 'acc-1:1']);
    expect(keys(expired.recentRows)).toEqual(['acc-1:2']);
  });

  it('orders recent by the time orders became final, newest first', () => {
    const after = applyUpdates(
      base(),
      [
        update(11, [order(1, { status: 'cancelled', version: 2, updatedAt: T0 + 10 })]),
        update(12, [order(3, { status: 'filled', version: 2, updatedAt: T0 + 30 })]),
        update(13, [order(2, { status: 'cancelled', version: 2, updatedAt: T0 + 20 })]),
      ],
      T0,
    );
    expect(keys(after.recentRows)).toEqual(['acc-1:3', 'acc-1:2', 'acc-1:1']);
    // a later change to a final order does not move it
    const again = applyUpdates(
      after,
      [update(14, [order(1, { status: 'cancelled', version: 3, updatedAt: T0 + 99 })])],
      T0,
    );
    expect(keys(again.recentRows)).toEqual(['acc-1:3', 'acc-1:2', 'acc-1:1']);
  });

  it('shows an order that fills during its cancel as filled with its reason', () => {
    const after = applyUpdates(
      base(),
      [
        update(11, [order(1, { status: 'cancelling', version: 2 })]),
        update(12, [order(1, { status: 'filled', statusReason: 'filled before cancel', version: 3 })]),
      ],
      T0,
    );
    expect(after.orders.get('acc-1:1')?.statusReason).toBe('filled before cancel');
    expect(keys(after.recentRows)).toEqual(['acc-1:1']);
    expect(after.liveCount).toBe(2);
  });

  it('upserts accounts and intents, ignoring those from stale updates', () => {
    let book = applySnapshot(snapshot([], { accounts: [account('a')], intents: [intent('i1')] }), T0);
    book = applyUpdates(
      book,
      [
        update(11, [], {
          accounts: [account('a', { connection: 'down', detail: 'boom' })],
          intents: [intent('i1', { cancelled: 2, pending: 1 })],
        }),
      ],
      T0,
    );
    expect(book.accounts[0]?.connection).toBe('down');
    expect(book.intents[0]?.cancelled).toBe(2);
    const stale = applyUpdates(
      book,
      [update(11, [], { accounts: [account('a', { connection: 'connected' })] })],
      T0,
    );
    expect(stale.accounts[0]?.connection).toBe('down');
  });

  it('applies deltas before any snapshot', () => {
    const book = applyUpdates(emptyBook(), [update(1, [order(1)])], T0);
    expect(keys(book.openRows)).toEqual(['acc-1:1']);
  });

  it('handles a large book with small deltas without touching unchanged rows', () => {
    const orders = Array.from({ length: 20_000 }, (_, i) => order(i));
    let book: Book = applySnapshot(snapshot(orders), T0);
    const open = book.openRows;
    const first = book.orders.get('acc-1:0');
    book = applyUpdates(book, [update(11, [order(5, { version: 2, filled: '1', remaining: '1' })])], T0);
    expect(book.openRows).toBe(open);
    expect(book.orders.get('acc-1:0')).toBe(first);
    book = applyUpdates(book, [update(12, [order(7, { version: 2, status: 'cancelled' })])], T0);
    expect(book.openRows).toHaveLength(20_000);
    expect(book.recentRows).toHaveLength(1);
    expect(book.liveCount).toBe(19_999);
  });
});

// ------------------------------------------------------------------ sync ---

class FakeClock implements SyncClock {
  time = T0;
  frames: (() => void)[] = [];
  timers: { at: number; cb: () => void; every?: number }[] = [];
  now = () => this.time;
  requestFrame(cb: () => void) {
    this.frames.push(cb);
  }
  after(ms: number, cb: () => void) {
    const timer = { at: this.time + ms, cb };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
  every(ms: number, cb: () => void) {
    const timer = { at: this.time + ms, cb, every: ms };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
  frame() {
    const frames = this.frames;
    this.frames = [];
    for (const cb of frames) cb();
  }
  advance(ms: number) {
    this.time += ms;
    for (const timer of [...this.timers]) {
      if (timer.at > this.time) continue;
      if (timer.every) timer.at += timer.every;
      else this.timers = this.timers.filter((t) => t !== timer);
      timer.cb();
    }
  }
}

interface FakeBridge extends Bridge {
  push(update: BlotterUpdate): void;
  setStatus(status: BridgeStatus): void;
  snapshotCalls: ((result: Result<Snapshot>) => void)[];
}

function fakeBridge(): FakeBridge {
  const updateListeners = new Set<(u: BlotterUpdate) => void>();
  const statusListeners = new Set<(s: BridgeStatus) => void>();
  let status: BridgeStatus = { state: 'connecting' };
  const snapshotCalls: ((result: Result<Snapshot>) => void)[] = [];
  const notImplemented = () =>
    Promise.resolve<Result<never>>({ ok: false, error: { code: 'internal', message: 'n/a' } });
  const api: BlotterApi = {
    snapshot: () => new Promise((resolve) => snapshotCalls.push(resolve)),
    cancel: notImplemented,
    previewCancel: notImplemented,
    cancelScope: notImplemented,
    stopCancel: notImplemented,
    accounts: {
      list: notImplemented,
      add: notImplemented,
      test: notImplemented,
      remove: notImplemented,
      setEnabled: notImplemented,
      forgetOrphan: notImplemented,
    },
    setMode: notImplemented,
    health: notImplemented,
    audit: { query: notImplemented, export: notImplemented },
    onUpdate(listener) {
      updateListeners.add(listener);
      return () => updateListeners.delete(listener);
    },
  };
  return {
    kind: 'browser',
    api,
    snapshotCalls,
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    push(u) {
      for (const l of updateListeners) l(u);
    },
    setStatus(s) {
      status = s;
      for (const l of statusListeners) l(s);
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startSync', () => {
  it('fetches a snapshot on connect and writes the store once per frame', async () => {
    const store = createBlotterStore();
    const bridge = fakeBridge();
    const clock = new FakeClock();
    let writes = 0;
    store.subscribe(() => writes++);
    const stop = startSync(store, bridge, clock);

    bridge.setStatus({ state: 'connected' });
    expect(bridge.snapshotCalls).toHaveLength(1);
    bridge.snapshotCalls[0]!({ ok: true, value: snapshot([order(1), order(2)]) });
    await settle();
    clock.frame();
    expect(writes).toBe(1);
    expect(store.getState().loaded).toBe(true);
    expect(store.getState().bridge.state).toBe('connected');

    for (let v = 11; v < 61; v++) bridge.push(update(v, [order(1, { version: v - 9, filled: String(v) })]));
    expect(writes).toBe(1); // buffered until the frame
    clock.frame();
    expect(writes).toBe(2);
    expect(store.getState().book.orders.get('acc-1:1')?.filled).toBe('60');
    clock.frame();
    expect(writes).toBe(2);
    stop();
  });

  it('replays updates that arrived while the snapshot was in flight, dropping older ones', async () => {
    const store = createBlotterStore();
    const bridge = fakeBridge();
    const clock = new FakeClock();
    startSync(store, bridge, clock);
    bridge.setStatus({ state: 'connected' });
    bridge.push(update(9, [order(1, { version: 1, status: 'open' })]));
    bridge.push(update(11, [order(1, { version: 3, status: 'cancelling' })]));
    bridge.snapshotCalls[0]!({
      ok: true,
      value: snapshot([order(1, { version: 2, status: 'cancel_requested' })]),
    });
    await settle();
    clock.frame();
    expect(store.getState().book.orders.get('acc-1:1')?.status).toBe('cancelling');
    expect(store.getState().book.version).toBe(11);
  });

  it('re-fetches a snapshot after a reconnect and reports the link state', async () => {
    const store = createBlotterStore();
    const bridge = fakeBridge();
    const clock = new FakeClock();
    startSync(store, bridge, clock);
    bridge.setStatus({ state: 'connected' });
    bridge.snapshotCalls[0]!({ ok: true, value: snapshot([order(1)]) });
    await settle();
    clock.frame();

    bridge.setStatus({ state: 'reconnecting', detail: 'Retrying in 0.5 s' });
    clock.frame();
    expect(store.getState().bridge).toEqual({ state: 'reconnecting', detail: 'Retrying in 0.5 s' });

    bridge.setStatus({ state: 'connected' });
    expect(bridge.snapshotCalls).toHaveLength(2);
    bridge.snapshotCalls[1]!({ ok: true, value: snapshot([order(2)], { version: 30 }) });
    await settle();
    clock.frame();
    expect([...store.getState().book.orders.keys()]).toEqual(['acc-1:2']);
    expect(store.getState().bridge.state).toBe('connected');
  });

  it('retries a failed snapshot with backoff and shows the error meanwhile', async () => {
    const store = createBlotterStore();
    const bridge = fakeBridge();
    const clock = new FakeClock();
    startSync(store, bridge, clock);
    bridge.setStatus({ state: 'connected' });
    bridge.snapshotCalls[0]!({ ok: false, error: { code: 'unavailable', message: 'busy' } });
    await settle();
    clock.frame();
    expect(store.getState().loadError).toBe('busy');
    clock.advance(499);
    expect(bridge.snapshotCalls).toHaveLength(1);
    clock.advance(1);
    expect(bridge.snapshotCalls).toHaveLength(2);
    bridge.snapshotCalls[1]!({ ok: true, value: snapshot([]) });
    await settle();
    clock.frame();
    expect(store.getState().loadError).toBeNull();
    expect(store.getState().loaded).toBe(true);
  });

  it('sweeps lingering final orders out of the open view', async () => {
    const store = createBlotterStore();
    const bridge = fakeBridge();
    const clock = new FakeClock();
    startSync(store, bridge, clock);
    bridge.setStatus({ state: 'connected' });
    bridge.snapshotCalls[0]!({ ok: true, value: snapshot([order(1)]) });
    await settle();
    clock.frame();
    bridge.push(update(11, [order(1, { version: 2, status: 'cancelled' })]));
    clock.frame();
    expect(keys(store.getState().book.openRows)).toEqual(['acc-1:1']);
    clock.advance(LINGER_MS + 250);
    clock.frame();
    expect(keys(store.getState().book.openRows)).toEqual([]);
    expect(keys(store.getState().book.recentRows)).toEqual(['acc-1:1']);
  });
});
