/**
 * BTCTurk's answers in the engine's terms. Pure, so every mapping is unit
 * tested: which HTTP status / envelope message means "received", "gone",
 * "reconcile", "maintenance", "slow down" or "bad credentials".
 */
import type { CancelOutcome, VenueError } from '../../core/venue.ts';
import {
  CODE_CANCEL_BLOCKED,
  CODE_NO_ORDER,
  CODE_NOT_CANCELABLE,
  CODE_UNAUTHORIZED,
  ERROR_CANCEL_BLOCKED,
  ERROR_NO_ORDER,
  ERROR_NOT_CANCELABLE,
  MAINTENANCE_MESSAGE,
  STATUS_RATE_LIMITED,
  STATUS_UNAUTHORIZED,
} from './constants.ts';
import type { BtcturkEnvelope } from './parse.ts';

/** `Retry-After` as delta-seconds (integer or decimal) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, now: number): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The venue's message, trimmed to something a row can show (it never carries a secret). */
function venueMessage(envelope: BtcturkEnvelope | undefined, status: number): string {
  const message = envelope?.message?.trim();
  return message ? message.slice(0, 200) : `HTTP ${status}`;
}

/**
 * A failed REST answer. The cancel errors are told apart by their documented
 * message (the numeric code as a fallback):
 * - NO_ORDER_MATCHES_YOUR_REQUEST → not_found: the engine reconciles (it may have filled or gone).
 * - ORDER_COULD_NOT_BE_CANCELED → not_found as well, keeping the venue's message: the order is
 *   closed, a market order, or the venue's operation failed — only the listing and the order
 *   lookup can say which, so the engine reconciles instead of retrying or giving up.
 * - ORDER_CANCEL_BLOCKED → maintenance: shown on the row, never retried in a loop.
 */
export function venueErrorFrom(
  status: number,
  envelope: BtcturkEnvelope | undefined,
  retryAfterHeader: unknown,
  now: number,
): VenueError {
  const message = venueMessage(envelope, status);
  const code = envelope?.code;
  const named = envelope?.message?.trim();
  if (status === STATUS_UNAUTHORIZED || code === CODE_UNAUTHORIZED) {
    return { category: 'auth', code: String(code ?? status), message: `credentials refused (${message})` };
  }
  if (status === STATUS_RATE_LIMITED) {
    const retryAfter = retryAfterMs(retryAfterHeader, now);
    return {
      category: 'rate_limited',
      code: '429',
      message,
      ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
    };
  }
  if (named === ERROR_CANCEL_BLOCKED || code === CODE_CANCEL_BLOCKED) {
    return { category: 'maintenance', code: ERROR_CANCEL_BLOCKED, message: MAINTENANCE_MESSAGE };
  }
  if (named === ERROR_NO_ORDER || code === CODE_NO_ORDER) {
    return { category: 'not_found', code: ERROR_NO_ORDER, message };
  }
  if (named === ERROR_NOT_CANCELABLE || code === CODE_NOT_CANCELABLE) {
    return { category: 'not_found', code: ERROR_NOT_CANCELABLE, message };
  }
  if (status === 403) return { category: 'auth', code: '403', message: `access refused (${message})` };
  if (status >= 500 || status === 408) return { category: 'network', code: String(status), message };
  return { category: 'rejected', code: named || String(status), message };
}

/** The answer to `DELETE /api/v1/order?id=`: 200 + success means received (452 finalizes it). */
export function cancelOutcomeFrom(
  status: number,
  envelope: BtcturkEnvelope | undefined,
  retryAfterHeader: unknown,
  now: number,
): CancelOutcome {
  if (status >= 200 && status < 300 && envelope?.success === true) return { kind: 'accepted' };
  if (status >= 200 && status < 300 && envelope === undefined) {
    // Received or not, nobody can say: retryable, and a repeat on a cancelled order reconciles.
    return {
      kind: 'failed',
      error: { category: 'network', code: 'malformed', message: 'unreadable cancel answer' },
    };
  }
  return { kind: 'failed', error: venueErrorFrom(status, envelope, retryAfterHeader, now) };
}
