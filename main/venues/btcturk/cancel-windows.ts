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
 * A request of ours may still be counted in BTCTurk's NEXT window: one sent
 * near our window's end that arrives after BTCTurk's window ended (a cold
 * connection, a slow dial). Unless its answer proves it arrived inside
 * (answered before the earliest send of its window + the window's length:
 * BTCTurk's window cannot have ended before that), it is carried into our
 * next window and counts there too, so the next window never fills past
 * BTCTurk's count.
 *
 * A request that never reached BTCTurk (the connection was refused: the
 * gateway is down) is given back: it neither counts nor anchors, or a
 * window opened by a refused dial just before the venue returned would end
 * early by our count and the next one overflow BTCTurk's.
 */
import type { FixedWindowSpec } from '../../core/venue.ts';

/** One request as one window counts it. */
interface Counted {
  sentAt: number;
  answeredAt: number | undefined;
}

interface WindowState {
  spec: FixedWindowSpec;
  open: boolean;
  /** The requests this window counts (its own and those carried over from the window before). */
  counted: Set<Counted>;
  /** The earliest send among them: BTCTurk's window opened no earlier. */
  earliestSentAt: number;
  /** When the first answer of a request in the window arrived; undefined while none is back. */
  firstAnsweredAt: number | undefined;
  /** Callers waiting for that answer (or for a slot given back). */
  waiters: (() => void)[];
}

/** The request's place in each window. */
export interface CancelTicket {
  counted: readonly { window: WindowState; entry: Counted }[];
}

export interface CancelWindows {
  /** Resolves when a DELETE may go; pass the ticket to `answered` or `released` when it settled. */
  acquire(): Promise<CancelTicket>;
  /** BTCTurk answered the request (or it failed after reaching it): the answer anchors its window. */
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
    counted: new Set(),
    earliestSentAt: 0,
    firstAnsweredAt: undefined,
    waiters: [],
  }));

  function wake(window: WindowState): void {
    for (const waiter of window.waiters.splice(0)) waiter();
  }

  /**
   * The window ended at `at`: what may count in a window of BTCTurk's still
   * open starts the next of ours — requests still out, or answered too late to
   * prove they arrived in time and recently enough that their window of
   * BTCTurk's (ending by their answer + its length) may still run.
   */
  function roll(window: WindowState, at: number): void {
    const surelyInside = window.earliestSentAt + window.spec.windowMs;
    const carried = [...window.counted].filter(
      (entry) =>
        entry.answeredAt === undefined ||
        (entry.answeredAt >= surelyInside && entry.answeredAt + window.spec.windowMs > at),
    );
    window.counted = new Set(carried);
    window.open = carried.length > 0;
    window.earliestSentAt = Math.min(...carried.map((entry) => entry.sentAt));
    const answers = carried.flatMap((entry) => (entry.answeredAt === undefined ? [] : [entry.answeredAt]));
    window.firstAnsweredAt = answers.length > 0 ? Math.min(...answers) : undefined;
  }

  /** 0 = may go now; a number = wait that long; 'answer' = wait for a first answer. */
  function waitFor(window: WindowState, at: number): number | 'answer' {
    if (!window.open) return 0;
    if (window.firstAnsweredAt !== undefined && at >= window.firstAnsweredAt + window.spec.windowMs) {
      // Each roll drops the earliest answer at least (it ended by `at`), so this ends.
      roll(window, at);
      return waitFor(window, at);
    }
    if (window.counted.size < window.spec.limit) return 0;
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
        const counted: { window: WindowState; entry: Counted }[] = [];
        for (const window of windows) {
          if (!window.open) {
            window.open = true;
            window.counted = new Set();
            window.earliestSentAt = at;
            window.firstAnsweredAt = undefined;
          }
          const entry: Counted = { sentAt: at, answeredAt: undefined };
          window.counted.add(entry);
          counted.push({ window, entry });
        }
        return { counted };
      }
    },

    answered(ticket, at) {
      for (const { window, entry } of ticket.counted) {
        entry.answeredAt = at;
        // BTCTurk counted the request before it answered: its window surely ends by this answer + its length.
        if (!window.counted.has(entry) || window.firstAnsweredAt !== undefined) continue;
        window.firstAnsweredAt = at;
        wake(window);
      }
    },

    released(ticket) {
      for (const { window, entry } of ticket.counted) {
        if (!window.counted.delete(entry)) continue;
        // Nothing of this window reached BTCTurk: there is no window of its to match, ours closes.
        if (window.counted.size === 0 && window.firstAnsweredAt === undefined) window.open = false;
        wake(window);
      }
    },
  };
}
