/** Pure display formatting for the blotter (no DOM, unit-tested). */

/** Compact age: `42s`, `3m 07s`, `2h 05m`, `3d 4h`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Elapsed time of something in flight: `0.8s`, `12.3s`, then `1m 05s`. */
export function formatElapsed(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 60_000) return `${(Math.floor(clamped / 100) / 10).toFixed(1)}s`;
  return formatAge(clamped);
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A wall-clock time for the grid (local time): `14:03:07` today, `05-14 14:03:07` on another day, so a
 * column of times stays narrow and still never hides a date change.
 */
export function formatClock(ms: number, now: number = Date.now()): string {
  const at = new Date(ms);
  const today = new Date(now);
  const time = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  const sameDay =
    at.getFullYear() === today.getFullYear() &&
    at.getMonth() === today.getMonth() &&
    at.getDate() === today.getDate();
  return sameDay ? time : `${two(at.getMonth() + 1)}-${two(at.getDate())} ${time}`;
}

/** The full local time with milliseconds, for a tooltip: `2024-05-14 14:03:07.250`. */
export function formatTimestamp(ms: number): string {
  const at = new Date(ms);
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  return `${date} ${formatClock(ms, ms)}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}

/** Reduce-only / post-only as short marks ("RO", "PO"); "" when neither is set or the venue shows neither. */
export function formatFlags(flags: { reduceOnly?: boolean; postOnly?: boolean }): string {
  return [flags.reduceOnly ? 'RO' : '', flags.postOnly ? 'PO' : ''].filter(Boolean).join(' ');
}
