/**
 * OX.FUN codes in the engine's terms, one row per documented code (the WS
 * error table and REST codes of the venue's docs, cross-checked with CCXT's
 * `oxfun` exceptions map). Codes are looked up normalised: the REST API
 * sends them with a leading `-` ("-20000", "-05001", "-429", per CCXT's
 * table), the WebSocket without; both mean the same row.
 */
import type { VenueError, VenueErrorCategory } from '../../core/venue.ts';
import { categorise, normaliseCode, type VenueErrorTable, venueMessage } from '../shared/error-table.ts';
import { CODES } from './constants.ts';

export const OXFUN_ERROR_TABLE: VenueErrorTable = {
  codes: {
    // Credentials, permissions, clock: shown on the account, never retried.
    [CODES.noAuthority]: 'auth',
    [CODES.badSignature]: 'auth',
    [CODES.timestampWindow]: 'auth',
    [CODES.invalidKey]: 'auth',
    [CODES.tokenInvalid]: 'auth',
    // CCXT: AuthenticationError (REST key checks).
    [CODES.restKeyRefused]: 'auth',
    [CODES.restKeyForbidden]: 'auth',
    // "Invalid account status": the account cannot trade until the venue says so (CCXT: AccountNotEnabled).
    [CODES.accountStatus]: 'auth',
    // Pacing. 20007 is "accessing server too rapidly" in the WS table (CCXT files it under auth; it is a rate limit).
    [CODES.tooRapid]: 'rate_limited',
    [CODES.restRateLimit]: 'rate_limited',
    // The order is no longer open there: the engine reconciles to learn why.
    [CODES.rejectCancelNotFound]: 'not_found',
    [CODES.openOrderNotFound]: 'not_found',
    [CODES.restNotFound]: 'not_found',
    // The market is closed or inactive for now.
    [CODES.marketClosed]: 'maintenance',
    [CODES.marketInactive]: 'maintenance',
    // The venue's own trouble: retried (CCXT: NetworkError / RequestTimeout).
    [CODES.generalNetworkFailure]: 'network',
    [CODES.serverTimeout]: 'network',
    [CODES.recvWindowExpired]: 'network',
    [CODES.internalUnavailable]: 'network',
    [CODES.tradeServiceBusy]: 'network',
    [CODES.unknownServerError]: 'network',
    // 20001 is left to the fallback on purpose: WS "operation failed" and REST "invalid parameter" share
    // it, and neither gets better by retrying. 100006 (not the owner) likewise.
  },
  statuses: {
    401: 'auth',
    403: 'auth',
    429: 'rate_limited',
  },
  serverErrors: 'network',
  fallback: 'rejected',
};

/** Statuses whose meaning outranks any code in the body: a refused key is never a "rejection" of the order. */
const STATUS_FIRST: ReadonlySet<number> = new Set([401, 403, 429]);

/** The category of an OX.FUN answer: auth and rate-limit statuses first, then the code's row, then the status's. */
export function oxfunCategory(code: unknown, status?: number): VenueErrorCategory {
  if (status !== undefined && STATUS_FIRST.has(status)) {
    return OXFUN_ERROR_TABLE.statuses?.[status] ?? 'rejected';
  }
  return categorise(OXFUN_ERROR_TABLE, normaliseCode(code), status);
}

/**
 * A `VenueError` for an OX.FUN code (any form: "20000", "-20000", 20000) and optional HTTP status.
 * The code is kept normalised so one code reads the same from REST and WS.
 */
export function oxfunError(
  code: unknown,
  message: string | undefined,
  status?: number,
  retryAfterMs?: number,
): VenueError {
  const normalised = normaliseCode(code);
  return {
    category: oxfunCategory(code, status),
    code: normalised ?? (status !== undefined ? String(status) : 'unknown'),
    message: venueMessage(message, status !== undefined ? `HTTP ${status}` : 'rejected by the venue'),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  };
}

/** Login refusals the account must show and that a fast retry cannot fix. */
export function isAuthCode(code: unknown): boolean {
  return oxfunCategory(code) === 'auth';
}

/** A clear account-level sentence for a refused login; the venue's own text plus what to do about it. */
export function loginRefusalDetail(code: string, message: string): string {
  const base = `login refused (${code}): ${venueMessage(message, 'login failed')}`;
  switch (normaliseCode(code)) {
    case CODES.badSignature:
      return `${base} — check the API secret`;
    case CODES.invalidKey:
      return `${base} — check the API key`;
    case CODES.timestampWindow:
      return `${base} — check the computer's clock`;
    case CODES.noAuthority:
      return `${base} — the key lacks the "Can Trade" permission`;
    default:
      return base;
  }
}
