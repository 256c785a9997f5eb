/** Non-blocking notices in a corner; each dismisses itself or on click. */
import { useStore } from 'zustand';
import { useServices } from '../book/context.ts';

export function Toasts() {
  const { toaster } = useServices();
  const toasts = useStore(toaster.store, (s) => s.toasts);
  return (
    <ol className="toasts" aria-live="polite" aria-label="Notices">
      {toasts.map((toast) => (
        <li key={toast.id} className={`toast toast-${toast.tone}`} data-testid="toast">
          <span className="toast-message">{toast.message}</span>
          <button
            type="button"
            className="toast-dismiss"
            aria-label="Dismiss notice"
            onClick={() => toaster.dismiss(toast.id)}
          >
            ×
          </button>
        </li>
      ))}
    </ol>
  );
}
