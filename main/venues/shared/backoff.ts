/**
 * The reconnect delay every venue stream uses: exponential in the number of
 * consecutive failures, capped, with equal jitter (half the ceiling fixed,
 * half random) so clients that lost the venue together do not return together.
 */

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Uniform [0, 1); tests pass a seeded one. */
  random: () => number;
}

/** The delay before the next attempt after `failures` consecutive failures (0 = the first retry). */
export function backoffDelayMs(failures: number, options: BackoffOptions): number {
  // The exponent stops at 20 so the power stays finite for any failure count.
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(failures, 20));
  return ceiling / 2 + options.random() * (ceiling / 2);
}

/** The knobs a venue stream takes for its backoff (tests shorten the delays and seed the jitter). */
export interface BackoffKnobs {
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  random?: () => number;
}

/** The stream's backoff: its knobs where given, else the venue's defaults and `Math.random`. */
export function backoffFrom(
  knobs: BackoffKnobs,
  defaults: { baseMs: number; capMs: number },
): BackoffOptions {
  return {
    baseMs: knobs.reconnectBaseMs ?? defaults.baseMs,
    capMs: knobs.reconnectCapMs ?? defaults.capMs,
    random: knobs.random ?? Math.random,
  };
}
