/**
 * The trader's workspace below the header: toolbar, filters, the status
 * strip (venue health, covered by the shell's link notice when there is one),
 * the grid with the bulk-cancel progress lying over its bottom edge, and the
 * dialogs, with the keymap listening on the document. Every bar has a fixed
 * height and nothing is inserted above the grid, so it never moves.
 * Creates the workflow store once and keeps its rows in step with the book.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { useServices } from '../book/context.ts';
import { COLUMN_IDS } from '../shared/order-columns.ts';
import { BulkProgress } from './BulkProgress.tsx';
import { AuditDialog } from './dialogs/AuditDialog.tsx';
import { ConfirmSelectionDialog } from './dialogs/ConfirmSelectionDialog.tsx';
import { HelpDialog, isMacPlatform } from './dialogs/HelpDialog.tsx';
import { PanicDialog } from './dialogs/PanicDialog.tsx';
import { ScopeDialog } from './dialogs/ScopeDialog.tsx';
import { FilterBar } from './FilterBar.tsx';
import { HealthStrip } from './HealthStrip.tsx';
import { handleKeyDown } from './keys/hotkeys.ts';
import { buildIndex, type KeyIndex, type Keymap, type KeyValueStorage } from './keys/keymap.ts';
import { createCommands } from './state/commands.ts';
import { useWorkflow, WorkflowContext, type WorkflowServices } from './state/context.ts';
import { createWorkflowStore, workflowActions } from './state/store.ts';
import { startViewSync } from './state/viewSync.ts';
import { Toolbar } from './Toolbar.tsx';
import './workspace.css';
import './layout.css';

function browserStorage(): KeyValueStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage blocked
  }
}

function Dialogs({ commands }: { commands: ReturnType<typeof createCommands> }) {
  const dialog = useWorkflow((s) => s.dialog);
  const globalShortcut = useWorkflow((s) => s.globalShortcut);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'help':
      return (
        <HelpDialog
          globalShortcut={
            globalShortcut?.registered
              ? `${globalShortcut.accelerator} (${globalShortcut.policy === 'immediate' ? 'cancels at once' : 'asks first'})`
              : undefined
          }
        />
      );
    case 'confirm':
      return <ConfirmSelectionDialog keys={dialog.keys} source={dialog.source} commands={commands} />;
    case 'scope':
      return <ScopeDialog initial={dialog.initial} visibleOnly={dialog.visibleOnly} commands={commands} />;
    case 'panic':
      return <PanicDialog origin={dialog.origin} commands={commands} />;
    case 'audit':
      return <AuditDialog orderKey={dialog.key} />;
  }
}

/** The grid is the app shell's to supply (renderer/app/GridBinding.tsx): the workspace never imports it. */
export function Workspace({
  grid,
  notice,
}: {
  grid: (services: WorkflowServices) => ReactNode;
  /** Laid over the status strip while there is something to say (the shell's link banner). */
  notice?: ReactNode;
}) {
  const app = useServices();
  const [services] = useState<WorkflowServices>(() => {
    const storage = browserStorage();
    // The first render already shows rows; the view sync takes over once mounted.
    const store = createWorkflowStore(storage, COLUMN_IDS, app.store.getState().book);
    const actions = workflowActions(store, storage);
    return { store, actions, commands: createCommands(app, store, actions) };
  });
  const commands = services.commands;

  useEffect(() => startViewSync(app.store, services.store), [app.store, services.store]);

  // The OS-wide panic shortcut (Electron): main asks for the confirmation, or reports what it sent.
  useEffect(() => {
    const off = app.api.onCommand?.((command) => {
      if (command.type === 'panic-shortcut') services.actions.setGlobalShortcut(command);
      else if (command.type === 'panic') commands.panic('shortcut');
      else app.toaster.push('info', `Cancel all (${command.accelerator}): ${command.orders} orders`);
    });
    return off;
  }, [app, services, commands]);

  useEffect(() => {
    const mac = isMacPlatform();
    let indexed: { keymap: Keymap; index: KeyIndex } | null = null;
    const index = () => {
      const keymap = services.store.getState().keymap;
      if (indexed?.keymap !== keymap) indexed = { keymap, index: buildIndex(keymap, mac) };
      return indexed.index;
    };
    const grid = () => document.querySelector<HTMLElement>('[data-testid="order-grid"]');
    const onKeyDown = (event: KeyboardEvent) => {
      const handled = handleKeyDown(event, {
        workflow: services.store,
        actions: services.actions,
        commands,
        index,
        grid,
      });
      if (handled) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [services, commands]);

  return (
    <WorkflowContext value={services}>
      <Toolbar commands={commands} />
      <FilterBar />
      <div className="status-strip">
        <HealthStrip />
        {notice}
      </div>
      <main className="blotter">
        {grid(services)}
        <BulkProgress />
      </main>
      <Dialogs commands={commands} />
    </WorkflowContext>
  );
}
