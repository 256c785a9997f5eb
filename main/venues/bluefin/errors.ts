/**
 * Bluefin's answers in the engine's terms, as tables (read top to bottom)
 * instead of if-chains: the dAPI's codes and statuses, the few documented
 * error messages that carry the meaning where no code is known, and the
 * per-hash `failedCancelling` reasons. The axios setup and transport errors
 * are the venues' shared ones.
 */
import type { AxiosResponse } from 'axios';
import type { VenueError, VenueErrorCategory } from '../../core/venue.ts';
import { normaliseCode, tableError, type VenueErrorTable } from '../shared/error-table.ts';
import { bodyText, retryAfterMs } from '../shared/http.ts';
import { RATE_LIMIT_ERROR_CODE } from './constants.ts';
import { parseErrorBody } from './parse.ts';

/**
 * Codes: only 1015 (rate limited) is documented. Statuses: 401/403 a refused token or key, 404
 * unknown route or order, 429 slow down; 5xx the venue is unwell (retried); any other 4xx rejected.
 */
export const BLUEFIN_ERROR_TABLE: VenueErrorTable = {
  codes: { [String(RATE_LIMIT_ERROR_CODE)]: 'rate_limited' },
  statuses: { 401: 'auth', 403: 'auth', 404: 'not_found', 429: 'rate_limited' },
  serverErrors: 'network',
  fallback: 'rejected',
};

/**
 * Documented messages whose meaning a status alone does not carry (matched whole, any case).
 * (assumed) 400/409 "Invalid Orders": the hashes are not cancellable any more; the listing says why.
 */
export const BLUEFIN_MESSAGE_CATEGORIES: Readonly<Record<string, VenueErrorCategory>> = {
  'invalid orders': 'not_found',
};

/**
 * (assumed) Per-hash `failedCancelling` reasons are free text no source lists: gone orders are
 * reconciled, settlement races retried, anything else shown on the row. First match wins.
 */
export const FAILED_REASON_CATEGORIES: readonly (readonly [RegExp, VenueErrorCategory])[] = [
  [/not found|does not exist|already (cancel|fill|expire)|unknown order/i, 'not_found'],
  [/settl|being filled|in progress/i, 'conflict'],
];

export function failedReasonCategory(reason: string): VenueErrorCategory {
  return FAILED_REASON_CATEGORIES.find(([pattern]) => pattern.test(reason))?.[1] ?? 'rejected';
}

/** A non-2xx answer in the engine's terms; `code` is the venue's own code when it sent one. */
export function statusError(response: AxiosResponse): VenueError {
  const status = response.status;
  const body = parseErrorBody(bodyText(response));
  const code = normaliseCode(body?.code);
  const retryAfter = status === 429 ? retryAfterMs(response) : undefined;
  const error = tableError(BLUEFIN_ERROR_TABLE, {
    ...(code !== undefined && { code }),
    status,
    ...(body?.message !== undefined && { message: body.message }),
    ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
  });
  const byMessage =
    status >= 400 && status < 500 && status !== 429 && body?.message !== undefined
      ? messageCategory(body.message)
      : undefined;
  return byMessage ? { ...error, category: byMessage } : error;
}

/** The row of a documented message (whole, any case); own keys only, so "constructor" is no row. */
export function messageCategory(message: string): VenueErrorCategory | undefined {
  const key = message.trim().toLowerCase();
  return Object.hasOwn(BLUEFIN_MESSAGE_CATEGORIES, key) ? BLUEFIN_MESSAGE_CATEGORIES[key] : undefined;
}
