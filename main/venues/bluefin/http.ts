/**
 * How a non-2xx Bluefin answer reads in the engine's terms: the status decides
 * the category, the body's code and message (when it sent them) are kept. The
 * axios setup and transport errors are the venues' shared ones.
 */
import type { AxiosResponse } from 'axios';
import type { VenueError } from '../../core/venue.ts';
import { bodyText, httpStatusError } from '../shared/http.ts';
import { parseErrorBody } from './parse.ts';

/** A non-2xx answer in the engine's terms; `code` is the venue's own code when it sent one. */
export function statusError(response: AxiosResponse): VenueError {
  const status = response.status;
  const body = parseErrorBody(bodyText(response));
  const message = (body?.message ?? `HTTP ${status}`).slice(0, 200);
  const code = body?.code ?? String(status);
  // (assumed) 400/409 "Invalid Orders": the hashes are not cancellable any more; the listing says why.
  if ((status === 400 || status === 409) && /^invalid orders$/i.test(message)) {
    return { category: 'not_found', code, message };
  }
  return httpStatusError(response, code, message);
}
