/**
 * A header button that opens a modal dialog (accounts, protection). The dialog traps focus, closes
 * on Escape or its Close button and gives focus back to the button; keystrokes typed in it never
 * reach the blotter's shortcuts (they listen on the document: typing a key id must not cancel
 * orders). Its body is mounted only while open.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';

export interface HeaderDialogProps {
  /** Names the test ids (`<name>-button`, `<name>-dialog`, `<name>-close`) and the title's id. */
  name: string;
  label: string;
  title: string;
  buttonClassName: string;
  dialogClassName: string;
  headClassName: string;
  children: () => ReactNode;
}

const stopShortcuts = (event: KeyboardEvent) => event.stopPropagation();

export function HeaderDialog(props: HeaderDialogProps) {
  const { name, label, title, buttonClassName, dialogClassName, headClassName, children } = props;
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={buttonClassName}
        data-testid={`${name}-button`}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      <dialog
        ref={dialogRef}
        className={dialogClassName}
        aria-labelledby={`${name}-dialog-title`}
        data-testid={`${name}-dialog`}
        onClose={() => {
          setOpen(false);
          buttonRef.current?.focus();
        }}
        onKeyDown={stopShortcuts}
        onKeyUp={stopShortcuts}
      >
        <div className={headClassName}>
          <h2 id={`${name}-dialog-title`}>{title}</h2>
          <button
            type="button"
            className="action"
            data-testid={`${name}-close`}
            onClick={() => setOpen(false)}
          >
            Close
          </button>
        </div>
        {open ? children() : null}
      </dialog>
    </>
  );
}
