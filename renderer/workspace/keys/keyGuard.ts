/**
 * Which keys a dangerous confirmation (panic "cancel ALL") may act on. Pure:
 * unit-tested under Node.
 *
 * The OS-wide panic shortcut brings the window forward and opens the dialog
 * while the trader may still be typing elsewhere; the in-app chord may be held
 * down. So for a short while after the dialog opens every key but Esc is
 * swallowed, and an auto-repeated key never acts (a held key is not a
 * decision). Esc only closes, which is always safe.
 */

/** How long after opening the panic confirmation ignores keys (ms). */
export const PANIC_ARM_MS = 500;

export interface GuardedKey {
  key: string;
  repeat: boolean;
}

/** True when the key must be ignored (swallowed) by a dialog opened at `openedAt`. */
export function blockConfirmKey(
  event: GuardedKey,
  openedAt: number,
  now: number,
  armMs: number = PANIC_ARM_MS,
): boolean {
  if (event.key === 'Escape') return false;
  if (event.repeat) return true;
  return now - openedAt < armMs;
}

/** Keys that confirm the focused choice or a yes/no question: never acted on when auto-repeated. */
export function isConfirmingKey(key: string): boolean {
  return key === 'Enter' || key === ' ' || key === 'y' || key === 'Y';
}
