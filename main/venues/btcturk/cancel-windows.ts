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
 *
 * A request that never reached BTCTurk (the connection was refused: the
 * gateway is down) is given back: it neither counts nor anchors, or a
 * window opened by a refused dial just before the venue returned would end
 * early by our count and the next one overflow BTCTurk's.
 */
import type { FixedWindowSpec } from '../../core/venue.ts';

interface WindowState {
  spec: FixedWindowSpec;
  open: boolean;
  used: number;
  /** Counts the windows opened, so a ticket from an earlier window never touches a later one. */
  generation: number;
  /** When the first answer of a request in the window arrived; undefined while none is back. */
  firstAnsweredAt: number | undefined;
  /** Callers waiting for that answer (or for a slot given back). */
  waiters: (() => void)[];
}

/** The windows a request was counted in, and which of their generations. */
export interface CancelTicket {
  counted: readonly { window: WindowState; generation: number }[];
}

export interface CancelWindows {
  /** Resolves when a DELETE may go; pass the ticket to `answered` or `released` when it settled. */
  acquire(): Promise<CancelTicket>;
  /** BTCTurk answered the request (or it failed after reaching it): the answer anchors its windows. */
  answered(ticket: CancelTicket, at: number): void;
  /** The request never reached BTCTurk (connection refused): its slot is given back. */
  released(ticket: CancelTicket): void;
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
    generation: 0,
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

  function wake(window: WindowState): void {
    for (const waiter of window.waiters.splice(0)) waiter();
  }

  /** The ticket's windows that are still the ones it was counted in. */
  function current(ticket: CancelTicket): WindowState[] {
    return ticket.counted
      .filter(({ window, generation }) => window.open && window.generation === generation)
      .map(({ window }) => window);
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
        const counted: { window: WindowState; generation: number }[] = [];
        for (const window of windows) {
          if (!window.open) {
            window.open = true;
            window.used = 0;
            window.generation += 1;
            window.firstAnsweredAt = undefined;
          }
          window.used += 1;
          counted.push({ window, generation: window.generation });
        }
        return { counted };
      }
    },

    answered(ticket, at) {
      // BTCTurk counted the request before it answered: its window surely ends by this answer + its length.
      for (const window of current(ticket)) {
        if (window.firstAnsweredAt !== undefined) continue;
        window.firstAnsweredAt = at;
        wake(window);
      }
    },

    released(ticket) {
      for (const window of current(ticket)) {
        window.used = Math.max(0, window.used - 1);
        // Nothing of this window reached BTCTurk: it has no window to match, ours closes.
        if (window.used === 0 && window.firstAnsweredAt === undefined) window.open = false;
        wake(window);
      }
    },
  };
}
