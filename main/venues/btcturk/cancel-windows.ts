/**
 * A second, stricter count of the DELETE windows, next to the engine's.
 * The engine opens its window when it decides to send; BTCTurk opens its
 * window when the first request arrives, which can be much later when the
 * process stalls between the two (a busy main process, a cold connection).
 * When that happens, the engine's next window starts while BTCTurk's is
 * still open, and the overflow earns a block for the rest of the window.
 *
 * Here a window is anchored at the ANSWER to its first request: BTCTurk
 * counted that request before it answered, so its window surely ends by
 * then + the window's length. A request that would overflow a window waits
 * for that moment (and for the first answer, if it is still out). Usually
 * the engine's own guard already covers it and nothing waits.
 */
import type { FixedWindowSpec } from '../../core/venue.ts';

interface WindowState {
  spec: FixedWindowSpec;
  open: boolean;
  used: number;
  /** When the answer to the window's first request arrived; undefined while it is out. */
  firstAnsweredAt: number | undefined;
  /** Callers waiting for that answer. */
  waiters: (() => void)[];
}

/** Which windows a request opened: their first answer anchors them. */
export interface CancelTicket {
  opened: readonly WindowState[];
}

export interface CancelWindows {
  /** Resolves when a DELETE may go; pass the ticket to `answered` when its answer (or failure) came. */
  acquire(): Promise<CancelTicket>;
  answered(ticket: CancelTicket, at: number): void;
}

export function createCancelWindows(
  specs: readonly FixedWindowSpec[],
  now: () => number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): CancelWindows {
  const windows: WindowState[] = specs.map((spec) => ({
    spec,
    open: false,
    used: 0,
    firstAnsweredAt: undefined,
    waiters: [],
  }));

  /** 0 = may go now; a number = wait that long; 'answer' = wait for a first answer. */
  function waitFor(window: WindowState, at: number): number | 'answer' {
    if (!window.open) return 0;
    if (window.firstAnsweredAt !== undefined && at >= window.firstAnsweredAt + window.spec.windowMs) {
      window.open = false;
      return 0;
    }
    if (window.used < window.spec.limit) return 0;
    return window.firstAnsweredAt === undefined
      ? 'answer'
      : window.firstAnsweredAt + window.spec.windowMs - at;
  }

  return {
    async acquire() {
      for (;;) {
        const at = now();
        let wait = 0;
        let pending: WindowState | undefined;
        for (const window of windows) {
          const needed = waitFor(window, at);
          if (needed === 'answer') pending = window;
          else wait = Math.max(wait, needed);
        }
        if (pending) {
          const window = pending;
          await new Promise<void>((resolve) => window.waiters.push(resolve));
          continue;
        }
        if (wait > 0) {
          await sleep(Math.max(1, wait));
          continue;
        }
        const opened: WindowState[] = [];
        for (const window of windows) {
          if (!window.open) {
            window.open = true;
            window.used = 0;
            window.firstAnsweredAt = undefined;
            opened.push(window);
          }
          window.used += 1;
        }
        return { opened };
      }
    },

    answered(ticket, at) {
      for (const window of ticket.opened) {
        if (window.firstAnsweredAt !== undefined) continue;
        window.firstAnsweredAt = at;
        for (const wake of window.waiters.splice(0)) wake();
      }
    },
  };
}
