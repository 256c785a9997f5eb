/**
 * The axios setup the venue REST clients share: bodies come back as raw text
 * (so the lossless JSON parser sees the exact digits), every status is handed
 * to the caller, redirects are never followed (signed or Bearer headers must
 * not travel to another host), and transport failures become `VenueError`s
 * free of headers and secrets. What a status or a body means stays with each
 * venue.
 *
 * `request` is the venues' hot path (a cancel is one): it goes straight to
 * `node:http(s)` on a keep-alive agent of its own, with the headers axios
 * would send (its Accept and User-Agent), and answers in axios's shapes (an
 * `AxiosResponse`, an `AxiosError` for a transport failure) so the venues read
 * one kind of reply. axios's own HTTP adapter, even called directly with a
 * config prepared once, spent ≈ 0.3 ms a request before the first byte left on
 * loopback (bench/wire.ts), half of a whole direct client's call → wire.
 * `get` and `post` (logins, tokens) take axios's full path.
 */
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import axios, {
  AxiosError,
  AxiosHeaders,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { VenueCallError, type VenueError } from '../../core/venue.ts';
import { neverReachedVenue } from './never-sent.ts';

/** Largest venue reply body read (a full open-orders page is a few hundred KB). */
export const MAX_VENUE_BODY_BYTES = 16 * 1024 * 1024;

/** One venue request: the URL complete with its query, the body already serialized. */
export interface TextRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  data?: string;
}

export interface TextHttp extends Pick<AxiosInstance, 'get' | 'post'> {
  /** Resolves with every status (the body as raw text); rejects only on a transport failure (an AxiosError). */
  request(request: TextRequest): Promise<AxiosResponse<string>>;
}

interface KeepAliveAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

/** Idle sockets kept per venue host; the most recently used one goes first (it is the warm one). */
function keepAliveAgents(): KeepAliveAgents {
  const options = { keepAlive: true, scheduling: 'lifo' as const };
  return { httpAgent: new HttpAgent(options), httpsAgent: new HttpsAgent(options) };
}

export function createTextHttp(timeoutMs: number): TextHttp {
  const agents = keepAliveAgents();
  const instance = createTextInstance(timeoutMs, agents);
  // The headers axios sends on every request (its Accept and User-Agent), so a venue sees the same client on
  // both paths.
  const common: Record<string, string> = {
    ...(AxiosHeaders.from(instance.defaults.headers.common as Record<string, string>).toJSON() as Record<
      string,
      string
    >),
    'User-Agent': `axios/${axios.VERSION}`,
  };
  return {
    get: instance.get.bind(instance),
    post: instance.post.bind(instance),
    request(request) {
      return sendText(request, common, agents, timeoutMs);
    },
  };
}

/** One request on node:http(s): every status resolves with the body as text; a transport failure rejects. */
function sendText(
  request: TextRequest,
  common: Record<string, string>,
  agents: KeepAliveAgents,
  timeoutMs: number,
): Promise<AxiosResponse<string>> {
  const headers: OutgoingHttpHeaders = { ...common, ...request.headers };
  if (request.data !== undefined) headers['Content-Length'] = Buffer.byteLength(request.data);
  const https = request.url.startsWith('https:');
  const config = { url: request.url, method: request.method.toLowerCase() } as InternalAxiosRequestConfig;
  return new Promise((resolve, reject) => {
    const send = https ? httpsRequest : httpRequest;
    const req = send(request.url, {
      method: request.method,
      headers,
      agent: https ? agents.httpsAgent : agents.httpAgent,
    });
    const fail = (err: AxiosError) => {
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    // The whole exchange is bounded, as axios's `timeout` bounds it (same code and message).
    const timer = setTimeout(
      () => fail(new AxiosError(`timeout of ${timeoutMs}ms exceeded`, AxiosError.ECONNABORTED, config, req)),
      timeoutMs,
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(AxiosError.from(err, err.code, config, req));
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > MAX_VENUE_BODY_BYTES) {
          res.destroy();
          fail(
            new AxiosError(
              `maxContentLength size of ${MAX_VENUE_BODY_BYTES} exceeded`,
              AxiosError.ERR_BAD_RESPONSE,
              config,
              req,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(AxiosError.from(err, err.code, config, req)));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          data: Buffer.concat(chunks, length).toString('utf8'),
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: AxiosHeaders.from(res.headers as Record<string, string>),
          config,
          request: req,
        });
      });
    });
    req.end(request.data);
  });
}

function createTextInstance(timeoutMs: number, agents: KeepAliveAgents): AxiosInstance {
  return axios.create({
    ...agents,
    timeout: timeoutMs,
    responseType: 'text',
    // Keep axios from JSON.parse-ing (and rounding) the body.
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    // Never follow a redirect with the Authorization header to another host.
    maxRedirects: 0,
    // Never through an environment proxy (HTTP_PROXY…): axios would hand it signed requests, and for a
    // loopback (simulator) URL in clear text. Venues are dialled directly.
    proxy: false,
    // No venue reply comes near this; a runaway one is cut off instead of filling memory.
    maxContentLength: MAX_VENUE_BODY_BYTES,
    maxBodyLength: MAX_VENUE_BODY_BYTES,
  });
}

export function bodyText(response: AxiosResponse): string {
  return typeof response.data === 'string' ? response.data : '';
}

/** `Retry-After` given in seconds, as ms; undefined when absent or not a number. */
export function retryAfterMs(response: AxiosResponse): number | undefined {
  const header = response.headers['retry-after'];
  const seconds = typeof header === 'string' ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * A non-2xx answer by its HTTP status alone, for venues whose statuses carry
 * the meaning: 401/403 auth, 404 not found, 429 rate limited (Retry-After),
 * 5xx network (retried), anything else rejected.
 */
export function httpStatusError(response: AxiosResponse, code: string, message: string): VenueError {
  const status = response.status;
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
  return { category: 'rejected', code, message };
}

/** A transport failure (refused, reset, timeout) as a retryable network error. */
export function transportError(err: unknown): VenueCallError {
  if (err instanceof VenueCallError) return err;
  const code = axios.isAxiosError(err) && err.code ? err.code : 'network';
  // axios messages name the host and errno only; the request config (with headers) is not included.
  const message = err instanceof Error ? err.message : String(err);
  // A reset or a timeout may come after the venue counted the request; only a refused dial surely did not.
  const errno = axios.isAxiosError(err)
    ? ((err.cause as { code?: string } | undefined)?.code ?? err.code)
    : undefined;
  const notSent = neverReachedVenue(errno);
  return new VenueCallError({ category: 'network', code, message, ...(notSent && { notSent: true }) });
}
