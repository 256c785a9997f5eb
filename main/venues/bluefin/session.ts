/**
 * The login session: signs the onboarding payload, `POST /authorize`, keeps
 * the token, shares it between REST and the stream, and runs one login at a
 * time. A caller that got a 401 invalidates the token it used; the next
 * `token()` logs in again (the REST client does so once per request).
 */
import type { AxiosResponse } from 'axios';
import type { Logger } from '../../core/log.ts';
import { VenueCallError } from '../../core/venue.ts';
import { bodyText, type TextHttp, transportError } from '../shared/http.ts';
import { type BluefinSigner, onboardingPayload } from './auth.ts';
import {
  AUTH_RETRY_MS,
  BLUEFIN_PATHS,
  DEFAULT_RETRY_AFTER_MS,
  TERMS_ACCEPTED,
  WALLET_HEADER,
} from './constants.ts';
import { statusError } from './errors.ts';
import type { RequestPacer } from './pacer.ts';
import { parseAuthorizeResponse } from './parse.ts';

export interface BluefinSession {
  /** The account's address, or undefined when the credentials did not parse. */
  readonly address: string | undefined;
  /** A token to use now: the cached one, else a fresh login. */
  token(): Promise<string>;
  /** `rejected` got a 401: forget it (a newer token from another caller is kept). */
  invalidate(rejected: string): void;
  readonly logins: number;
}

export interface SessionOptions {
  restUrl: string;
  onboardingUrl: string;
  /** The signer, or the credential error to report on every login. */
  signer: BluefinSigner | VenueCallError;
  http: TextHttp;
  pacer: RequestPacer;
  logger: Logger;
  onMalformed(description: string): void;
  /** How long a refused login is answered from memory instead of asking the venue again. */
  refusalCooldownMs?: number;
  now?: () => number;
}

export function createSession(options: SessionOptions): BluefinSession {
  const { signer, http, logger } = options;
  let cached: string | undefined;
  let pending: Promise<string> | undefined;
  let logins = 0;
  const now = options.now ?? Date.now;
  const cooldownMs = options.refusalCooldownMs ?? AUTH_RETRY_MS;
  /** The last refusal: every caller (stream, listing retries, cancels) gets it until the cool-down ends. */
  let refusal: { error: VenueCallError; until: number } | undefined;

  async function authorize(): Promise<string> {
    if (signer instanceof VenueCallError) throw signer;
    logins++;
    const signature = await signer.sign(onboardingPayload(options.onboardingUrl));
    let response: AxiosResponse;
    await options.pacer.acquire();
    try {
      response = await http.post(
        `${options.restUrl}${BLUEFIN_PATHS.authorize}`,
        JSON.stringify({ signature, userAddress: signer.address, isTermAccepted: TERMS_ACCEPTED }),
        { headers: { 'Content-Type': 'application/json', [WALLET_HEADER]: signer.address } },
      );
    } catch (err) {
      options.pacer.failed(transportError(err));
    }
    if (response.status < 200 || response.status >= 300) {
      const error = statusError(response);
      if (error.category === 'rate_limited')
        options.pacer.pause(error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
      // Any 4xx other than 429 from the login is a refusal of the key or the signed URL.
      const refused = response.status >= 400 && response.status < 500 && response.status !== 429;
      logger.warn('bluefin login refused', {
        status: response.status,
        code: error.code,
        reason: error.message,
      });
      throw new VenueCallError(
        refused ? { ...error, category: 'auth', message: `login refused: ${error.message}` } : error,
      );
    }
    const parsed = parseAuthorizeResponse(bodyText(response));
    if (!parsed.ok) {
      options.onMalformed(parsed.error);
      throw new VenueCallError({ category: 'network', code: 'malformed_reply', message: parsed.error });
    }
    return parsed.value.token;
  }

  return {
    address: signer instanceof VenueCallError ? undefined : signer.address,
    get logins() {
      return logins;
    },
    token() {
      if (cached !== undefined) return Promise.resolve(cached);
      if (refusal && now() < refusal.until) return Promise.reject(refusal.error);
      if (!pending) {
        pending = authorize()
          .then((token) => {
            cached = token;
            refusal = undefined;
            return token;
          })
          .catch((err: unknown) => {
            if (err instanceof VenueCallError && err.venueError.category === 'auth') {
              refusal = { error: err, until: now() + cooldownMs };
            }
            throw err;
          })
          .finally(() => {
            pending = undefined;
          });
      }
      return pending;
    },
    invalidate(rejected) {
      if (cached === rejected) cached = undefined;
    },
  };
}
