/**
 * A modal dialog: keeps Tab inside, closes on Esc, focuses its
 * `[data-autofocus]` element (or the first control) on open and gives focus
 * back to the grid on close (the workspace does that when the dialog state
 * clears). An auto-repeated confirming key (Enter, Space, Y) never acts: a
 * held key is not a decision.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { isTypingTarget } from '../keys/hotkeys.ts';
import { isConfirmingKey } from '../keys/keyGuard.ts';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** Extra keys the dialog reacts to (after Esc/Tab handling); return true when handled. */
  onKey?: (event: KeyboardEvent<HTMLDivElement>) => boolean;
  wide?: boolean;
  /**
   * A fixed height with the body scrolling inside and the answers pinned at the bottom: for dialogs whose
   * content arrives or changes while open (a preview from main), so no button moves under the pointer.
   */
  fixedHeight?: boolean;
  tone?: 'danger';
  /** Changing it moves focus to the (new) `[data-autofocus]` element, e.g. when a dialog changes step. */
  focusKey?: string;
  /** Runs before anything else; return true to swallow the key (e.g. while a confirmation is not armed yet). */
  blockKey?: (event: KeyboardEvent<HTMLDivElement>) => boolean;
  /** Extra attributes on the dialog element (test and state hooks). */
  data?: Record<`data-${string}`, string | undefined>;
}

export function Modal({
  title,
  onClose,
  children,
  testId,
  onKey,
  wide,
  fixedHeight,
  tone,
  focusKey,
  blockKey,
  data,
}: ModalProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves on open and when focusKey changes.
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const target =
      root.querySelector<HTMLElement>('[data-autofocus]') ?? root.querySelector<HTMLElement>(FOCUSABLE);
    (target ?? root).focus();
  }, [focusKey]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const repeatedConfirm =
      event.repeat && isConfirmingKey(event.key) && (event.key === 'Enter' || !isTypingTarget(event.target));
    if (repeatedConfirm || blockKey?.(event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key === 'Tab') {
      const root = ref.current;
      if (!root) return;
      const focusable = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => el.offsetParent !== null,
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    if (onKey?.(event)) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  let className = wide ? 'modal modal-wide' : 'modal';
  if (tone === 'danger') className += ' modal-danger';
  if (fixedHeight) className += ' modal-fixed';
  return (
    <div className="modal-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={className}
        data-testid={testId}
        {...data}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
