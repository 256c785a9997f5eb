/**
 * What a Rails failure means in the engine's terms, as one table. Rails'
 * codes ARE HTTP statuses, on REST and in the WebSocket's `data.statusCode`
 * alike, so the same rows serve both; the message comes from the venue's body.
 */
import type { AxiosResponse } from 'axios';
import type { VenueError } from '../../core/venue.ts';
import { tableError, type VenueErrorTable } from '../shared/error-table.ts';
import { bodyText, retryAfterMs } from '../shared/http.ts';
import { errorBodyMessage } from './parse.ts';

export const RAILS_ERROR_TABLE: VenueErrorTable = {
  codes: {
    // Expired, revoked or bad token / key.
    '401': 'auth',
    // Forbidden, or over the concurrent-connection cap.
    '403': 'auth',
    // The order no longer exists (filled or already cancelled): the engine reconciles.
    '404': 'not_found',
    // The order was being filled at that moment: retry the cancel (docs).
    '409': 'conflict',
    // Over the account's per-minute window.
    '429': 'rate_limited',
  },
  serverErrors: 'network',
  // Any other 4xx (bad request, missing market) is a business answer, not retried.
  fallback: 'rejected',
};

/** A WebSocket cancel answer other than 202/200, by its `data.statusCode`. */
export function streamStatusError(statusCode: number, body: string): VenueError {
  return tableError(RAILS_ERROR_TABLE, {
    code: String(statusCode),
    status: statusCode,
    message: body,
  });
}

/** A non-2xx REST answer: the status decides, the body's message (when it has one) explains. */
export function statusError(response: AxiosResponse): VenueError {
  const retryAfter = retryAfterMs(response);
  return tableError(RAILS_ERROR_TABLE, {
    code: String(response.status),
    status: response.status,
    message: errorBodyMessage(bodyText(response)),
    ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
  });
}
