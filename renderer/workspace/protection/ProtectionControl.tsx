/**
 * The header's way into protection while away: a "Protection" button opening a modal dialog with the
 * per-account policies (ProtectionPanel). Like the accounts dialog, keystrokes typed in it never reach
 * the blotter's shortcuts. Absent when the bridge has no protection API.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useServices } from '../../book/context.ts';
import { ProtectionPanel } from './ProtectionPanel.tsx';
import './protection.css';

export function ProtectionControl() {
  const { api } = useServices();
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const protection = api.protection;
  if (!protection) return null;
  const stopShortcuts = (event: KeyboardEvent) => event.stopPropagation();

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="action"
        data-testid="protection-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        Protection
      </button>
      <dialog
        ref={dialogRef}
        className="protection-dialog"
        aria-labelledby="protection-dialog-title"
        data-testid="protection-dialog"
        onClose={() => {
          setOpen(false);
          buttonRef.current?.focus();
        }}
        onKeyDown={stopShortcuts}
        onKeyUp={stopShortcuts}
      >
        <div className="protection-head">
          <h2 id="protection-dialog-title">Protection while away</h2>
          <button
            type="button"
            className="action"
            data-testid="protection-close"
            onClick={() => setOpen(false)}
          >
            Close
          </button>
        </div>
        {open ? <ProtectionPanel api={protection} /> : null}
      </dialog>
    </>
  );
}
