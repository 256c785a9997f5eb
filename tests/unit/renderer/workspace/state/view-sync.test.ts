/**
 * The renderer's workflow plumbing without a DOM: the view sync (rows follow
 * the book at once under the default query, throttled under others, and the
 * selection stays valid), pending cancel marks (set at the keypress, cleared
 * on refusal), confirmation above the threshold, and the Electron panic
 * shortcut's two policies (with a stand-in for the electron module).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AppCommand,
  BlotterApi,
  CancelAck,
  CancelRequest,
  Order,
  Result,
  Snapshot,
} from '../../../../../preload/contract.ts';
import { applySnapshot, applyUpdates } from '../../../../../renderer/book/book.ts';
import type { AppServices } from '../../../../../renderer/book/context.ts';
import { createBlotterStore } from '../../../../../renderer/book/store.ts';
import { createToaster } from '../../../../../renderer/book/toasts.ts';
import { createCommands } from '../../../../../renderer/workspace/state/commands.ts';
import { orderedKeys, selectAll } from '../../../../../renderer/workspace/state/selection.ts';
import { createWorkflowStore, workflowActions } from '../../../../../renderer/workspace/state/store.ts';
import {
  ROWSET_THROTTLE_MS,
  startViewSync,
  THROTTLE_MS,
  type ViewSyncClock,
} from '../../../../../renderer/workspace/state/viewSync.ts';

const T0 = 1_700_000_000_000;

function order(n: number, patch: Partial<Order> = {}): Order {
  return {
    key: `a:${n}`,
    venue: 'rails',
    accountId: 'a',
    venueOrderId: String(n),
    market: n % 2 === 0 ? 'ETH-USD' : 'BTC-USD',
    side: 'buy',
    type: 'limit',
    price: '100',
    quantity: '1',
    filled: '0',
    remaining: '1',
    quote: 'USD',
    contractSize: '1',
    status: 'open',
    createdAt: T0 + n,
    updatedAt: T0 + n,
    version: 1,
    ...patch,
  };
}

function snapshot(orders: Order[]): Snapshot {
  return { mode: 'demo', orders, accounts: [], intents: [], version: 1 };
}

function fakeClock(): ViewSyncClock & { advance(ms: number): void } {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    after(ms, callback) {
      const timer = { at: now + ms, run: callback };
      timers.push(timer);
      return () => {
        const at = timers.indexOf(timer);
        if (at >= 0) timers.splice(at, 1);
      };
    },
    advance(ms) {
      now += ms;
      for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
        if (timer.at > now) continue;
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

function setup(orders: Order[]) {
  const blotter = createBlotterStore({ loaded: true, book: applySnapshot(snapshot(orders), T0) });
  const workflow = createWorkflowStore(undefined, ['select', 'venue'], blotter.getState().book);
  const actions = workflowActions(workflow, undefined);
  return { blotter, workflow, actions };
}

const shownKeys = (workflow: ReturnType<typeof setup>['workflow']) =>
  workflow.getState().result.rows.map((row) => row.key);

describe('view sync', () => {
  it('passes the book rows straight through under the default query, and throttles filtered views', () => {
    const { blotter, workflow, actions } = setup([order(1), order(2), order(3)]);
    const clock = fakeClock();
    const stop = startViewSync(blotter, workflow, clock);
    expect(workflow.getState().result.rows).toBe(blotter.getState().book.openRows);

    const push = (o: Order) =>
      blotter.setState({
        book: applyUpdates(
          blotter.getState().book,
          [{ version: o.version + 10, orders: [o], accounts: [], intents: [] }],
          T0,
        ),
      });
    // After a quiet spell a new order shows at once; a second one right behind waits for the next slot.
    clock.advance(ROWSET_THROTTLE_MS);
    push(order(4, { version: 2 }));
    expect(shownKeys(workflow)).toEqual(['a:4', 'a:3', 'a:2', 'a:1']);
    push(order(5, { version: 2 }));
    expect(shownKeys(workflow)).toEqual(['a:4', 'a:3', 'a:2', 'a:1']);
    clock.advance(ROWSET_THROTTLE_MS);
    expect(shownKeys(workflow)).toEqual(['a:5', 'a:4', 'a:3', 'a:2', 'a:1']);

    actions.setFilters({ markets: ['ETH-USD'] });
    expect(shownKeys(workflow)).toEqual(['a:4', 'a:2']);
    clock.advance(10);
    push(order(6, { version: 3 }));
    // Within the throttle window the filtered view waits…
    expect(shownKeys(workflow)).toEqual(['a:4', 'a:2']);
    clock.advance(THROTTLE_MS);
    // …and catches up once it is over.
    expect(shownKeys(workflow)).toEqual(['a:6', 'a:4', 'a:2']);
    stop();
  });

  it('drops selected rows that leave the view', () => {
    const { blotter, workflow, actions } = setup([order(1), order(2), order(3), order(4)]);
    const stop = startViewSync(blotter, workflow, fakeClock());
    actions.updateSelection((s, keys) => selectAll(s, keys));
    expect(workflow.getState().selection.selected.size).toBe(4);
    actions.setFilters({ markets: ['BTC-USD'] });
    expect([...workflow.getState().selection.selected].sort()).toEqual(['a:1', 'a:3']);
    stop();
  });
});

describe('commands', () => {
  let answer: (request: CancelRequest) => Result<CancelAck>;
  let app: AppServices;

  function build(orders: Order[]) {
    const { blotter, workflow, actions } = setup(orders);
    const reply = <T>(value: Result<T>) => Promise.resolve(value);
    const api = {
      cancel: (request: CancelRequest) => reply(answer(request)),
    } as unknown as BlotterApi;
    app = { store: blotter, api, toaster: createToaster() };
    return { blotter, workflow, actions, commands: createCommands(app, workflow, actions) };
  }

  beforeEach(() => {
    vi.useFakeTimers();
    answer = (request) => ({
      ok: true,
      value: { intentId: 'i', accepted: request.keys, joined: [], alreadyFinal: [], unknownKeys: [] },
    });
  });
  afterEach(() => vi.useRealTimers());

  it('marks rows pending at once and clears the marks later', async () => {
    const { workflow, commands } = build([order(1), order(2)]);
    commands.sendCancel(['a:1'], 'hotkey');
    expect(workflow.getState().pending.get('a:1')).toEqual({ version: 1, at: expect.any(Number) });
    await vi.advanceTimersByTimeAsync(0);
    expect(workflow.getState().pending.has('a:1')).toBe(true);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(workflow.getState().pending.size).toBe(0);
  });

  it('reverts the marks when main refuses or the order was already final', async () => {
    const { workflow, commands } = build([order(1), order(2)]);
    answer = () => ({ ok: false, error: { code: 'unavailable', message: 'link down' } });
    commands.sendCancel(['a:1'], 'hotkey');
    expect(workflow.getState().pending.size).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(workflow.getState().pending.size).toBe(0);
    expect(app.toaster.store.getState().toasts.at(-1)?.message).toContain('link down');

    answer = () => ({
      ok: true,
      value: { intentId: 'i', accepted: [], joined: [], alreadyFinal: ['a:2'], unknownKeys: [] },
    });
    commands.sendCancel(['a:2'], 'click');
    await vi.advanceTimersByTimeAsync(0);
    expect(workflow.getState().pending.size).toBe(0);
  });

  it('cancels a small selection at once and asks first from the threshold', async () => {
    const orders = Array.from({ length: 12 }, (_, i) => order(i + 1));
    const { workflow, actions, commands } = build(orders);
    const sent: CancelRequest[] = [];
    answer = (request) => {
      sent.push(request);
      return {
        ok: true,
        value: { intentId: 'i', accepted: request.keys, joined: [], alreadyFinal: [], unknownKeys: [] },
      };
    };
    actions.setSelection({ ...workflow.getState().selection, selected: new Set(['a:1', 'a:2']) });
    commands.cancelFocusedOrSelected();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([{ keys: ['a:2', 'a:1'], source: 'selection' }]);
    expect(workflow.getState().selection.selected.size).toBe(0);

    actions.updateSelection((s) => selectAll(s, orderedKeys(orders.map((o) => o.key))));
    commands.cancelFocusedOrSelected();
    expect(workflow.getState().dialog).toMatchObject({ kind: 'confirm', source: 'selection' });
    expect(sent).toHaveLength(1);
  });
});

describe('panic shortcut (Electron)', () => {
  const sent: AppCommand[] = [];
  const registered = new Map<string, () => void>();
  const windowCalls: string[] = [];

  beforeEach(() => {
    sent.length = 0;
    registered.clear();
    windowCalls.length = 0;
    vi.resetModules();
    vi.doMock('electron', () => ({
      globalShortcut: {
        register: (accelerator: string, handler: () => void) => {
          registered.set(accelerator, handler);
          return true;
        },
        unregister: (accelerator: string) => registered.delete(accelerator),
      },
      ipcMain: { handle: () => {}, removeHandler: () => {} },
      Notification: class {
        static isSupported() {
          return false;
        }
        show() {}
      },
    }));
  });
  afterEach(() => vi.doUnmock('electron'));

  function fakeWindow() {
    return {
      isDestroyed: () => false,
      isMinimized: () => false,
      restore: () => windowCalls.push('restore'),
      show: () => windowCalls.push('show'),
      focus: () => windowCalls.push('focus'),
      webContents: {
        isDestroyed: () => false,
        send: (_channel: string, command: AppCommand) => sent.push(command),
      },
    };
  }

  it('confirm: brings the window forward and asks the renderer to confirm', async () => {
    const { registerPanicShortcut } = await import('../../../../../main/app/panic-shortcut.ts');
    const cancelScope = vi.fn();
    const dispose = registerPanicShortcut({
      config: { accelerator: 'CommandOrControl+Alt+Shift+X', policy: 'confirm' },
      window: fakeWindow() as never,
      appUrl: 'file:///app/index.html',
      service: () => ({ cancelScope }) as never,
      logger: {
        warn: () => {},
        info: () => {},
        error: () => {},
        debug: () => {},
        child: () => ({}),
      } as never,
    });
    registered.get('CommandOrControl+Alt+Shift+X')?.();
    expect(windowCalls).toEqual(['show', 'focus']);
    expect(sent).toEqual([{ type: 'panic', accelerator: 'CommandOrControl+Alt+Shift+X' }]);
    expect(cancelScope).not.toHaveBeenCalled();
    dispose();
    expect(registered.size).toBe(0);
  });

  it('immediate: cancels everything at once and reports it', async () => {
    const { registerPanicShortcut } = await import('../../../../../main/app/panic-shortcut.ts');
    const cancelScope = vi.fn(() => ({
      intentId: 'p1',
      accepted: ['a:1', 'a:2'],
      joined: ['a:3'],
      alreadyFinal: [],
      unknownKeys: [],
    }));
    registerPanicShortcut({
      config: { accelerator: 'F12', policy: 'immediate' },
      window: fakeWindow() as never,
      appUrl: 'file:///app/index.html',
      service: () => ({ cancelScope }) as never,
      logger: {
        warn: () => {},
        info: () => {},
        error: () => {},
        debug: () => {},
        child: () => ({}),
      } as never,
    });
    registered.get('F12')?.();
    expect(cancelScope).toHaveBeenCalledWith({ scope: {}, source: 'panic' });
    expect(sent).toEqual([{ type: 'panic-sent', accelerator: 'F12', intentId: 'p1', orders: 3 }]);
    expect(windowCalls).toEqual([]);
  });
});

describe('rows hold still while the trader is on the grid', () => {
  const push = (blotter: ReturnType<typeof setup>['blotter'], ...orders: Order[]) =>
    blotter.setState({
      book: applyUpdates(
        blotter.getState().book,
        [{ version: 100 + orders[0]!.version, orders, accounts: [], intents: [] }],
        T0,
      ),
    });

  it('freezes the shown rows under the pointer: new orders wait in a count, finished ones stay', () => {
    const { blotter, workflow, actions } = setup([order(1), order(2), order(3)]);
    const clock = fakeClock();
    const stop = startViewSync(blotter, workflow, clock);
    actions.setHold('pointer', true);
    clock.advance(ROWSET_THROTTLE_MS);
    push(blotter, order(4, { version: 2 }), order(5, { version: 2 }));
    clock.advance(ROWSET_THROTTLE_MS);
    // Nothing appeared above the pointer; the two new orders are counted.
    expect(shownKeys(workflow)).toEqual(['a:3', 'a:2', 'a:1']);
    expect(workflow.getState().hold.incoming).toBe(2);

    // An order that finishes and would leave the Open view stays where it was while held.
    push(blotter, order(2, { version: 3, status: 'cancelled', remaining: '0' }));
    clock.advance(10_000);
    expect(shownKeys(workflow)).toEqual(['a:3', 'a:2', 'a:1']);
    expect(blotter.getState().book.orders.get('a:2')?.status).toBe('cancelled');

    // "show": the live view (the cancelled order lingers in it until the book lets it go), held again.
    actions.showNew();
    expect(shownKeys(workflow)).toEqual(['a:5', 'a:4', 'a:3', 'a:2', 'a:1']);
    expect(workflow.getState().hold.incoming).toBe(0);
    push(blotter, order(6, { version: 4 }));
    clock.advance(ROWSET_THROTTLE_MS);
    expect(shownKeys(workflow)).toEqual(['a:5', 'a:4', 'a:3', 'a:2', 'a:1']);
    expect(workflow.getState().hold.incoming).toBe(1);

    // Leaving the grid lets it go live.
    actions.setHold('pointer', false);
    expect(shownKeys(workflow)).toEqual(['a:6', 'a:5', 'a:4', 'a:3', 'a:2', 'a:1']);
    expect(workflow.getState().hold.frozen).toBeNull();
    stop();
  });

  it('holds while a row has focus even after the pointer leaves, and a query change re-freezes', () => {
    const { blotter, workflow, actions } = setup([order(1), order(2), order(3), order(4)]);
    const clock = fakeClock();
    const stop = startViewSync(blotter, workflow, clock);
    actions.setHold('pointer', true);
    actions.setHold('focus', true);
    actions.setHold('pointer', false);
    push(blotter, order(5, { version: 2 }));
    clock.advance(ROWSET_THROTTLE_MS);
    expect(shownKeys(workflow)).toEqual(['a:4', 'a:3', 'a:2', 'a:1']);

    // The trader acted: the rows they asked for, at once, then held again.
    actions.setFilters({ markets: ['BTC-USD'] });
    expect(shownKeys(workflow)).toEqual(['a:5', 'a:3', 'a:1']);
    push(blotter, order(7, { version: 3 }));
    clock.advance(THROTTLE_MS);
    expect(shownKeys(workflow)).toEqual(['a:5', 'a:3', 'a:1']);
    expect(workflow.getState().hold.incoming).toBe(1);
    actions.setHold('focus', false);
    expect(shownKeys(workflow)).toEqual(['a:7', 'a:5', 'a:3', 'a:1']);
    stop();
  });
});
