/**
 * The axios setup the Bluefin REST calls share: bodies come back as raw text
 * (so the lossless JSON parser sees the exact digits), every status is handed
 * to the caller, and failures become `VenueError`s free of headers, tokens
 * and signatures.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { VenueCallError, type VenueError } from '../../core/venue.ts';
import { HTTP_TIMEOUT_MS } from './constants.ts';
import { parseErrorBody } from './parse.ts';

export function createHttp(timeoutMs = HTTP_TIMEOUT_MS): AxiosInstance {
  return axios.create({
    timeout: timeoutMs,
    responseType: 'text',
    // Keep axios from JSON.parse-ing (and rounding) the body.
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    // Never follow a redirect with the Authorization header to another host.
    maxRedirects: 0,
  });
}

export function bodyText(response: AxiosResponse): string {
  return typeof response.data === 'string' ? response.data : '';
}

function retryAfterMs(response: AxiosResponse): number | undefined {
  const header = response.headers['retry-after'];
  const seconds = typeof header === 'string' ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** A non-2xx answer in the engine's terms; `code` is the venue's own code when it sent one. */
export function statusError(response: AxiosResponse): VenueError {
  const status = response.status;
  const body = parseErrorBody(bodyText(response));
  const message = (body?.message ?? `HTTP ${status}`).slice(0, 200);
  const code = body?.code ?? String(status);
  if (status === 401 || status === 403) return { category: 'auth', code, message };
  if (status === 404) return { category: 'not_found', code, message };
  if (status === 429) {
    const retryAfter = retryAfterMs(response);
    return {
      category: 'rate_limited',
      code,
      message,
      ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
    };
  }
  if (status >= 500) return { category: 'network', code, message };
  // (assumed) 400/409 "Invalid Orders": the hashes are not cancellable any more; the listing says why.
  if ((status === 400 || status === 409) && /^invalid orders$/i.test(message)) {
    return { category: 'not_found', code, message };
  }
  return { category: 'rejected', code, message };
}

/** A transport failure (refused, reset, timeout) as a retryable network error. */
export function transportError(err: unknown): VenueCallError {
  if (err instanceof VenueCallError) return err;
  const code = axios.isAxiosError(err) && err.code ? err.code : 'network';
  // axios messages name the host and errno only; the request config (with headers) is not included.
  const message = err instanceof Error ? err.message : String(err);
  return new VenueCallError({ category: 'network', code, message });
}
