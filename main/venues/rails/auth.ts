/**
 * Rails credentials and the access-token client. The token is fetched once,
 * shared by REST and the WebSocket handshake, refreshed at 80% of its
 * lifetime (never per request), and only one fetch runs at a time. Neither the
 * credentials nor the token are ever logged or put in an error message.
 */
import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import type { Logger } from '../../core/log.ts';
import { VenueCallError } from '../../core/venue.ts';
import { bodyText, createTextHttp, transportError } from '../shared/http.ts';
import {
  API_KEY_HEADER,
  API_SECRET_HEADER,
  HTTP_TIMEOUT_MS,
  RAILS_PATHS,
  RATE_WINDOW_MS,
  TOKEN_REFRESH_FRACTION,
  TOKEN_REQUESTS_PER_MINUTE,
} from './constants.ts';
import { statusError } from './errors.ts';
import { parseTokenResponse, tokenAccountTypeClaim } from './parse.ts';

export const railsCredentialsSchema = z.object({
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
});
export type RailsCredentials = z.infer<typeof railsCredentialsSchema>;

/** Validates the credential object; the error names missing fields, never values. */
export function parseRailsCredentials(raw: Record<string, string>): RailsCredentials {
  const parsed = railsCredentialsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
  throw new VenueCallError({ category: 'auth', code: 'credentials', message: `missing or empty: ${fields}` });
}

export interface TokenClient {
  /** A token to use now: the cached one until its refresh point, else a fresh one. */
  get(): Promise<string>;
  /**
   * A new token after `rejected` got a 401. If another caller already replaced
   * it, that newer token is returned instead of fetching again.
   */
  refresh(rejected?: string): Promise<string>;
  /** When the cached token should be replaced (ms epoch); undefined before the first fetch. */
  refreshAt(): number | undefined;
}

export interface TokenClientOptions {
  authUrl: string;
  credentials: RailsCredentials;
  logger: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Every new token's `accountType` claim (undefined when it has none). */
  onAccountTypeClaim?(claim: string | undefined): void;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const http = createTextHttp(HTTP_TIMEOUT_MS);
  const url = new URL(RAILS_PATHS.token, options.authUrl).toString();
  const recentRequests: number[] = [];
  let cached: CachedToken | undefined;
  let inflight: Promise<string> | undefined;

  /** Keeps under 20 token requests in any minute, waiting rather than earning a 429. */
  async function throttle(): Promise<void> {
    for (;;) {
      const windowStart = now() - RATE_WINDOW_MS;
      while (recentRequests.length > 0 && recentRequests[0]! <= windowStart) recentRequests.shift();
      if (recentRequests.length < TOKEN_REQUESTS_PER_MINUTE) break;
      await sleep(recentRequests[0]! - windowStart);
    }
    recentRequests.push(now());
  }

  async function fetchToken(): Promise<string> {
    await throttle();
    const requestedAt = now();
    let response: AxiosResponse;
    try {
      response = await http.post(url, undefined, {
        headers: {
          [API_KEY_HEADER]: options.credentials.apiKey,
          [API_SECRET_HEADER]: options.credentials.apiSecret,
        },
      });
    } catch (err) {
      throw transportError(err);
    }
    if (response.status < 200 || response.status >= 300) throw new VenueCallError(statusError(response));
    const parsed = parseTokenResponse(bodyText(response));
    if (!parsed.ok)
      throw new VenueCallError({ category: 'auth', code: 'token_malformed', message: parsed.error });
    // Count the lifetime from when we asked, so a slow response cannot push the refresh past expiry.
    const lifetimeMs = parsed.value.expiresInSeconds * 1000;
    cached = {
      value: parsed.value.accessToken,
      refreshAt: requestedAt + lifetimeMs * TOKEN_REFRESH_FRACTION,
    };
    options.logger.debug('rails token obtained', { expiresInSeconds: parsed.value.expiresInSeconds });
    options.onAccountTypeClaim?.(tokenAccountTypeClaim(parsed.value.accessToken));
    return cached.value;
  }

  function singleFlight(): Promise<string> {
    inflight ??= fetchToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.value);
      return singleFlight();
    },
    refresh(rejected) {
      if (cached && rejected !== undefined && cached.value !== rejected && now() < cached.refreshAt) {
        return Promise.resolve(cached.value);
      }
      if (!inflight) cached = undefined;
      return singleFlight();
    },
    refreshAt: () => cached?.refreshAt,
  };
}
