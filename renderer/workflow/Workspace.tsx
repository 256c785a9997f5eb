/**
 * The trader's workspace below the header: toolbar, filters, bulk progress,
 * the grid and the dialogs, with the keymap listening on the document.
 * Creates the workflow store once and keeps its rows in step with the book.
 */
import { useEffect, useState } from 'react';
import { BlotterTable } from '../blotter/BlotterTable.tsx';
import { COLUMN_IDS } from '../blotter/columns.ts';
import { useServices } from '../components/context.ts';
import { AuditDialog } from './AuditDialog.tsx';
import { BulkProgress } from './BulkProgress.tsx';
import { ConfirmSelectionDialog, PanicDialog, ScopeDialog } from './CancelDialogs.tsx';
import { createCommands } from './commands.ts';
import { useWorkflow, WorkflowContext, type WorkflowServices } from './context.ts';
import { FilterBar } from './FilterBar.tsx';
import { HealthStrip } from './HealthStrip.tsx';
import { HelpDialog, isMacPlatform } from './HelpDialog.tsx';
import { handleKeyDown } from './hotkeys.ts';
import { buildIndex, type KeyIndex, type Keymap, type KeyValueStorage } from './keymap.ts';
import { createWorkflowStore, workflowActions } from './store.ts';
import { Toolbar } from './Toolbar.tsx';
import { startViewSync } from './viewSync.ts';
import './workflow.css';

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

/** Remounts the grid per view, so each view starts at its top. */
function Grid() {
  const view = useWorkflow((s) => s.view);
  return <BlotterTable key={view} />;
}

export function Workspace() {
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
      <HealthStrip />
      <BulkProgress />
      <main className="blotter">
        <Grid />
      </main>
      <Dialogs commands={commands} />
    </WorkflowContext>
  );
}
