/**
 * CoinW futures codes (the `code` of the `{code,msg}` envelope, on HTTP 200) and HTTP statuses, in the
 * engine's categories: one row per code the docs or CoinW.Net's error table name.
 */
import type { VenueError } from '../../core/venue.ts';
import { normaliseCode, tableError, type VenueErrorTable } from '../shared/error-table.ts';
import {
  CODE_AUTH,
  CODE_BAD_SIGNATURE,
  CODE_INVALID_PARAMETER,
  CODE_MISSING_PARAMETER,
  CODE_NO_PERMISSION,
  CODE_ORDER_NOT_FOUND,
  CODE_RATE_LIMITED,
  CODE_SYMBOL_SUSPENDED,
  RATE_LIMITED_RETRY_MS,
} from './constants.ts';

export const COINW_ERROR_TABLE: VenueErrorTable = {
  codes: {
    // "Authentication error", "Invalid signature", "Insufficient permissions".
    [String(CODE_AUTH)]: 'auth',
    [String(CODE_BAD_SIGNATURE)]: 'auth',
    [String(CODE_NO_PERMISSION)]: 'auth',
    // "API access frequently": a per-interface or the global limit (docs' Frequency Limit section).
    [String(CODE_RATE_LIMITED)]: 'rate_limited',
    // "Position not found.": unknown or no longer open — reconcile learns whether it filled or was cancelled.
    [String(CODE_ORDER_NOT_FOUND)]: 'not_found',
    // "Symbol currently doesn't allow trading".
    [String(CODE_SYMBOL_SUSPENDED)]: 'maintenance',
    [String(CODE_MISSING_PARAMETER)]: 'rejected',
    [String(CODE_INVALID_PARAMETER)]: 'rejected',
  },
  statuses: { 401: 'auth', 403: 'auth', 429: 'rate_limited' },
  serverErrors: 'network',
  fallback: 'rejected',
};

/** What a refused call waits before the next try; the venue sends no Retry-After. */
function retryAfter(error: VenueError): VenueError {
  return error.category === 'rate_limited' ? { ...error, retryAfterMs: RATE_LIMITED_RETRY_MS } : error;
}

/** A non-zero envelope code in the engine's terms. */
export function codeError(code: number, message: string): VenueError {
  return retryAfter(tableError(COINW_ERROR_TABLE, { code: normaliseCode(code), message }));
}

/** A non-2xx HTTP answer (the envelope's code, when it has one, decides first). */
export function httpError(status: number, code: number | undefined, message: string): VenueError {
  return retryAfter(
    tableError(COINW_ERROR_TABLE, {
      ...(code !== undefined && { code: normaliseCode(code) }),
      status,
      message,
    }),
  );
}
