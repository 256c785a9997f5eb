/**
 * The header's way into account management: an "Accounts" button (with the
 * mode beside it when live) that opens the accounts dialog.
 */
import { useBlotter } from '../book/context.ts';
import { selectMode } from '../book/store.ts';
import { HeaderDialog } from '../shared/HeaderDialog.tsx';
import { AccountsPanel } from './AccountsPanel.tsx';
import './accounts.css';

export function AccountsControl() {
  const mode = useBlotter(selectMode);
  return (
    <>
      {mode === 'live' ? (
        <span className="live-badge" data-testid="live-badge" title="Connected to real venues">
          LIVE
        </span>
      ) : null}
      <HeaderDialog
        name="accounts"
        label="Accounts"
        title="Accounts"
        buttonClassName="action accounts-button"
        dialogClassName="accounts-dialog"
        headClassName="accounts-dialog-head"
      >
        {() => <AccountsPanel />}
      </HeaderDialog>
    </>
  );
}
