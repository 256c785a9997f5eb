/** Non-blocking notices (failed cancels, ...). A small vanilla store of its own. */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type ToastTone = 'error' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

export interface ToastState {
  toasts: readonly Toast[];
}

export interface Toaster {
  readonly store: StoreApi<ToastState>;
  push(tone: ToastTone, message: string): void;
  dismiss(id: number): void;
}

const MAX_TOASTS = 4;
const TOAST_MS = 6_000;

export function createToaster(): Toaster {
  const store = createStore<ToastState>()(() => ({ toasts: [] }));
  let nextId = 1;
  const dismiss = (id: number) => {
    const { toasts } = store.getState();
    if (toasts.some((t) => t.id === id)) store.setState({ toasts: toasts.filter((t) => t.id !== id) });
  };
  return {
    store,
    dismiss,
    push(tone, message) {
      const toast: Toast = { id: nextId++, tone, message };
      store.setState({ toasts: [...store.getState().toasts, toast].slice(-MAX_TOASTS) });
      setTimeout(() => dismiss(toast.id), TOAST_MS);
    },
  };
}
