/**
 * What the trader's actions do, apart from any UI: cancel the focused or
 * selected orders (asking first above the confirmation threshold), open the
 * scoped cancel from the current filters (scopeCancel.ts), and the panic cancel
 * of everything. Shared by the toolbar, the keymap and the dialogs.
 */
import type { CancelScope, CancelSource, Order } from '../../../preload/contract.ts';

import type { AppServices } from '../../book/context.ts';
import { isFinalStatus } from '../../book/status.ts';
import { scopeStart } from './scopeCancel.ts';
import { cancelTargets, clearSelection } from './selection.ts';
import type { WorkflowActions, WorkflowStore } from './store.ts';

/** How long a pending mark may outlive main's answer (its delta normally lands within a frame). */
const PENDING_MARK_MS = 2_000;

export function createCommands(app: AppServices, workflow: WorkflowStore, actions: WorkflowActions) {
  const { api, toaster, store } = app;

  /**
   * Sends a cancel now. The rows show `cancel requested` in the very next
   * frame (pending marks) instead of one network round trip and a frame
   * later; main's state replaces the mark as soon as it arrives, and a refusal
   * reverts the row and says why.
   */
  const sendCancel = (keys: readonly string[], source: CancelSource): void => {
    if (keys.length === 0) return;
    const orders = store.getState().book.orders;
    const at = Date.now();
    const marks: { key: string; version: number }[] = [];
    for (const key of keys) {
      const order = orders.get(key);
      if (order && (order.status === 'open' || order.status === 'partially_filled')) {
        marks.push({ key, version: order.version });
      }
    }
    actions.markPending(marks, at);
    api.cancel({ keys: [...keys], source }).then((result) => {
      if (!result.ok) {
        actions.clearPending(keys, at);
        toaster.push('error', `Cancel failed: ${result.error.message}`);
        return;
      }
      const { unknownKeys, alreadyFinal } = result.value;
      actions.clearPending([...unknownKeys, ...alreadyFinal], at);
      if (unknownKeys.length > 0) {
        toaster.push(
          'error',
          `${unknownKeys.length} of ${keys.length} orders are no longer known to the blotter`,
        );
      }
      // Main's cancel_requested delta is on its way (it left before this answer); the marks are moot then.
      setTimeout(() => actions.clearPending(keys, at), PENDING_MARK_MS);
    });
  };

  /** Orders worth cancelling among `keys`: known and not final. */
  const live = (keys: readonly string[]): Order[] => {
    const orders = store.getState().book.orders;
    const out: Order[] = [];
    for (const key of keys) {
      const order = orders.get(key);
      if (order && !isFinalStatus(order.status)) out.push(order);
    }
    return out;
  };

  const cancelScope = (scope: CancelScope, source: CancelSource): void => {
    api.cancelScope({ scope, source }).then((result) => {
      if (!result.ok) toaster.push('error', `Cancel failed: ${result.error.message}`);
      else if (result.value.accepted.length + result.value.joined.length === 0) {
        // Nothing the blotter knows of; the venues are still listed, in case something is open there.
        toaster.push('info', 'No known open orders matched — checking the venues');
      }
    });
  };

  /** "Stop trying": the intent's queued cancels go no further, its flatness check ends. */
  const stopTrying = (intentId: string): void => {
    api.stopCancel({ intentId }).then((result) => {
      if (!result.ok) {
        toaster.push('error', `Could not stop: ${result.error.message}`);
        return;
      }
      const { stopped, onWire } = result.value;
      const wire = onWire.length > 0 ? `; ${onWire.length} already sent settle as the venue answers` : '';
      toaster.push(
        'info',
        `Stopped: ${stopped.length} queued cancel${stopped.length === 1 ? '' : 's'} dropped${wire}`,
      );
    });
  };

  return {
    sendCancel,
    live,
    cancelScope,
    stopTrying,

    /** Delete (by default) and the "Cancel selected" button: the selection, else the focused row. */
    cancelFocusedOrSelected(): void {
      const { selection, keys, prefs } = workflow.getState();
      const targets = cancelTargets(selection, keys);
      const orders = live(targets.keys);
      if (orders.length === 0) {
        if (targets.keys.length > 0)
          toaster.push('info', 'Nothing to cancel: those orders are already final');
        return;
      }
      const liveKeys = orders.map((order) => order.key);
      if (targets.source === 'selection' && liveKeys.length >= prefs.confirmThreshold) {
        actions.openDialog({ kind: 'confirm', keys: liveKeys, source: targets.source });
        return;
      }
      sendCancel(liveKeys, targets.source);
      if (targets.source === 'selection') actions.setSelection(clearSelection(selection));
    },

    /** The confirmation dialog said yes. */
    confirmCancel(keys: readonly string[], source: CancelSource): void {
      sendCancel(keys, source);
      const { selection } = workflow.getState();
      actions.setSelection(clearSelection(selection));
      actions.closeDialog();
    },

    /**
     * The scoped cancel (`c`, the toolbar, a group header with its venue or market as `narrow`):
     * starts from the filters; restricted to the shown orders when a search or status filter
     * narrows the view (see scopeCancel.ts).
     */
    openScope(narrow?: CancelScope): void {
      const { query, keys } = workflow.getState();
      const start = scopeStart(query, () => keys.slice(0, keys.length), narrow);
      actions.openDialog({ kind: 'scope', ...start });
    },

    /** Panic: everything, every venue. Asks first unless the trader turned that off. */
    panic(origin: 'app' | 'shortcut'): void {
      if (workflow.getState().prefs.panicConfirm === 'never' && origin === 'app') {
        cancelScope({}, 'panic');
        return;
      }
      actions.openDialog({ kind: 'panic', origin });
    },
  };
}

export type Commands = ReturnType<typeof createCommands>;
