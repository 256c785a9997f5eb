/**
 * The header's way into account management: an "Accounts" button (with the
 * mode beside it when live) that opens a modal dialog. The dialog traps
 * focus, closes on Escape and gives focus back to the button; keystrokes
 * typed in it never reach the blotter's shortcuts.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useBlotter } from '../book/context.ts';
import { selectMode } from '../book/store.ts';
import { AccountsPanel } from './AccountsPanel.tsx';
import './accounts.css';

export function AccountsControl() {
  const mode = useBlotter(selectMode);
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const stopShortcuts = (event: KeyboardEvent) => {
    // The blotter's hotkeys listen on the document; typing a key id must not cancel orders.
    event.stopPropagation();
  };

  return (
    <>
      {mode === 'live' ? (
        <span className="live-badge" data-testid="live-badge" title="Connected to real venues">
          LIVE
        </span>
      ) : null}
      <button
        ref={buttonRef}
        type="button"
        className="action accounts-button"
        data-testid="accounts-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        Accounts
      </button>
      <dialog
        ref={dialogRef}
        className="accounts-dialog"
        aria-labelledby="accounts-dialog-title"
        data-testid="accounts-dialog"
        onClose={() => {
          setOpen(false);
          buttonRef.current?.focus();
        }}
        onKeyDown={stopShortcuts}
        onKeyUp={stopShortcuts}
      >
        <div className="accounts-dialog-head">
          <h2 id="accounts-dialog-title">Accounts</h2>
          <button
            type="button"
            className="action"
            data-testid="accounts-close"
            onClick={() => setOpen(false)}
          >
            Close
          </button>
        </div>
        {open ? <AccountsPanel /> : null}
      </dialog>
    </>
  );
}
