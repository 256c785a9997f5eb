/**
 * BTCTurk's answers in the engine's terms: a code → category table (in the
 * spirit of CCXT's `exceptions` maps) read by the shared error-table lookup.
 * BTCTurk names its errors in `message` (NO_ORDER_MATCHES_YOUR_REQUEST, ...)
 * and numbers them in `code`; both are rows, the name is tried first.
 *
 * - NO_ORDER_MATCHES_YOUR_REQUEST → not_found: the engine reconciles (it may have filled or gone).
 * - ORDER_COULD_NOT_BE_CANCELED → not_found as well: the order is closed, a market order, or the
 *   venue's operation failed; only the listing and the lookup can say which, so the engine
 *   reconciles instead of retrying or giving up.
 * - ORDER_CANCEL_BLOCKED → maintenance: "pair under maintenance" on the row, never retried in a loop.
 * - TOO_MANY_REQUESTS / 429 → rate_limited with `Retry-After`.
 */
import type { CancelOutcome, VenueError } from '../../core/venue.ts';
import { normaliseCode, tableError, type VenueErrorTable, venueMessage } from '../shared/error-table.ts';
import {
  CODE_CANCEL_BLOCKED,
  CODE_NO_ORDER,
  CODE_NOT_CANCELABLE,
  CODE_ORDER_NOT_FOUND,
  CODE_UNAUTHORIZED,
  ERROR_CANCEL_BLOCKED,
  ERROR_NO_ORDER,
  ERROR_NOT_CANCELABLE,
  MAINTENANCE_MESSAGE,
  MESSAGE_RATE_LIMITED,
  MESSAGE_UNAUTHORIZED,
  STATUS_RATE_LIMITED,
  STATUS_UNAUTHORIZED,
} from './constants.ts';
import type { BtcturkEnvelope } from './parse.ts';

export const BTCTURK_ERRORS: VenueErrorTable = {
  codes: {
    [ERROR_NO_ORDER]: 'not_found',
    [String(CODE_NO_ORDER)]: 'not_found',
    [ERROR_NOT_CANCELABLE]: 'not_found',
    [String(CODE_NOT_CANCELABLE)]: 'not_found',
    [String(CODE_ORDER_NOT_FOUND)]: 'not_found',
    [ERROR_CANCEL_BLOCKED]: 'maintenance',
    [String(CODE_CANCEL_BLOCKED)]: 'maintenance',
    [MESSAGE_UNAUTHORIZED]: 'auth',
    [String(CODE_UNAUTHORIZED)]: 'auth',
    [MESSAGE_RATE_LIMITED]: 'rate_limited',
    [String(STATUS_RATE_LIMITED)]: 'rate_limited',
  },
  statuses: {
    [STATUS_UNAUTHORIZED]: 'auth',
    403: 'auth',
    408: 'network',
    [STATUS_RATE_LIMITED]: 'rate_limited',
  },
  serverErrors: 'network',
  fallback: 'rejected',
};

/** The named cancel errors keep their name as the code (rows and the audit log show it). */
const NAMED_CODES: Readonly<Record<string, string>> = {
  [String(CODE_NO_ORDER)]: ERROR_NO_ORDER,
  [String(CODE_NOT_CANCELABLE)]: ERROR_NOT_CANCELABLE,
  [String(CODE_CANCEL_BLOCKED)]: ERROR_CANCEL_BLOCKED,
};

/** `Retry-After` as delta-seconds (integer or decimal) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, now: number): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d{1,9}(\.\d{1,6})?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The row of the table an answer falls in: its message name if the table knows it, else its numeric code. */
function answerCode(envelope: BtcturkEnvelope | undefined): string | undefined {
  const named = envelope?.message?.trim();
  // Own keys only: a message such as "hasOwnProperty" is not a row of the table.
  if (named && Object.hasOwn(BTCTURK_ERRORS.codes, named)) return named;
  const numeric = normaliseCode(envelope?.code);
  if (numeric === undefined || numeric === '0') return named || undefined;
  if (Object.hasOwn(NAMED_CODES, numeric)) return NAMED_CODES[numeric];
  return Object.hasOwn(BTCTURK_ERRORS.codes, numeric) ? numeric : named || numeric;
}

/** A failed REST answer as a `VenueError` (the message is the venue's, capped; it never carries a secret). */
export function venueErrorFrom(
  status: number,
  envelope: BtcturkEnvelope | undefined,
  retryAfterHeader: unknown,
  now: number,
): VenueError {
  const code = answerCode(envelope);
  const message = venueMessage(envelope?.message ?? undefined, `HTTP ${status}`);
  const error = tableError(BTCTURK_ERRORS, { code, status, message });
  switch (error.category) {
    case 'auth':
      return {
        ...error,
        code: normaliseCode(envelope?.code) ?? String(status),
        message: `credentials refused (${message})`,
      };
    case 'rate_limited': {
      const retryAfter = retryAfterMs(retryAfterHeader, now);
      return {
        category: 'rate_limited',
        code: String(STATUS_RATE_LIMITED),
        message,
        ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
      };
    }
    case 'maintenance':
      return { category: 'maintenance', code: ERROR_CANCEL_BLOCKED, message: MAINTENANCE_MESSAGE };
    default:
      return error;
  }
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
