/**
 * Per-venue checks of an account draft, beyond the contract's shape check:
 * the credential fields the venue declares (no more, no fewer), base URLs
 * for every role the venue uses, and the venue's own credential validation
 * (its adapter factory parses the credential object without any I/O).
 *
 * Every message names fields, never values, and is scrubbed of anything the
 * trader typed into a credential field before it leaves.
 */
import type { AccountDraft, AccountEnvironment } from '../../preload/contract.ts';
import { ApiFailure } from '../core/api-failure.ts';
import { silentLogger } from '../core/log.ts';
import type { VenueModule } from '../venues/types.ts';

export interface ValidatedDraft {
  label: string;
  environment: AccountEnvironment;
  /** Only for `custom`. */
  urls?: Record<string, string>;
  markets: string[];
  credentials: Record<string, string>;
  credentialHint?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Replaces every credential value (4+ characters) that appears in `text`. */
export function scrub(text: string, credentials: Record<string, string> | undefined): string {
  if (!credentials) return text;
  let out = text;
  for (const value of Object.values(credentials)) {
    if (value.length >= 4) out = out.split(value).join('[redacted]');
  }
  return out;
}

/** The last 4 characters of the first non-secret credential field (the key id), e.g. "…3f9a". */
export function credentialHint(venue: VenueModule, credentials: Record<string, string>): string | undefined {
  const field = venue.credentialFields.find((each) => !each.secret);
  const value = field ? credentials[field.name] : undefined;
  if (!value || value.length < 8) return undefined;
  return `…${value.slice(-4)}`;
}

/** The base URLs an account connects to. */
export function effectiveUrls(
  venue: VenueModule,
  environment: AccountEnvironment,
  urls: Record<string, string> | undefined,
): Record<string, string> {
  if (environment === 'production') return { ...venue.defaultUrls };
  if (environment === 'testnet') {
    if (!venue.testnetUrls) throw new ApiFailure('invalid_request', `${venue.label} has no testnet`);
    return { ...venue.testnetUrls };
  }
  return { ...venue.defaultUrls, ...urls };
}

function schemeFamily(protocol: string): 'http' | 'ws' | undefined {
  if (protocol === 'http:' || protocol === 'https:') return 'http';
  if (protocol === 'ws:' || protocol === 'wss:') return 'ws';
  return undefined;
}

/** Custom base URLs: one per role the venue uses, same kind of scheme, TLS unless loopback. */
export function checkCustomUrls(
  venue: VenueModule,
  urls: Record<string, string> | undefined,
): Record<string, string> {
  const roles = Object.keys(venue.defaultUrls);
  const given = urls ?? {};
  const unknown = Object.keys(given).filter((role) => !roles.includes(role));
  if (unknown.length > 0) {
    throw new ApiFailure(
      'invalid_request',
      `${venue.label} has no URL role ${unknown.join(', ')} (roles: ${roles.join(', ')})`,
    );
  }
  const out: Record<string, string> = {};
  for (const role of roles) {
    const raw = given[role]?.trim();
    if (!raw) throw new ApiFailure('invalid_request', `a ${role} URL is required for a custom environment`);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ApiFailure('invalid_request', `the ${role} URL is not a URL`);
    }
    const expected = schemeFamily(new URL(venue.defaultUrls[role]!).protocol);
    const family = schemeFamily(url.protocol);
    if (!family || family !== expected) {
      throw new ApiFailure(
        'invalid_request',
        `the ${role} URL must start with ${expected === 'ws' ? 'wss:// (or ws:// on loopback)' : 'https:// (or http:// on loopback)'}`,
      );
    }
    if ((url.protocol === 'http:' || url.protocol === 'ws:') && !LOOPBACK_HOSTS.has(url.hostname)) {
      throw new ApiFailure(
        'invalid_request',
        `the ${role} URL must use TLS (${family === 'ws' ? 'wss' : 'https'}://): keys are only sent in the clear to 127.0.0.1`,
      );
    }
    if (url.username || url.password) {
      throw new ApiFailure('invalid_request', `the ${role} URL must not contain a user name or password`);
    }
    out[role] = raw;
  }
  return out;
}

export function checkCredentials(
  venue: VenueModule,
  credentials: Record<string, string>,
): Record<string, string> {
  const names = venue.credentialFields.map((field) => field.name);
  const unknown = Object.keys(credentials).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new ApiFailure('invalid_request', `${venue.label} takes no credential field ${unknown.join(', ')}`);
  }
  const out: Record<string, string> = {};
  for (const field of venue.credentialFields) {
    const value = credentials[field.name]?.trim();
    if (!value) throw new ApiFailure('invalid_request', `${field.label} is required`);
    out[field.name] = value;
  }
  return out;
}

/**
 * Runs the venue's own validation of the credential object: its adapter
 * factory parses the credentials (formats, key encodings) and opens nothing
 * until `start` or a call.
 */
export function checkWithVenue(
  venue: VenueModule,
  urls: Record<string, string>,
  credentials: Record<string, string>,
): void {
  try {
    const adapter = venue.createAdapter({ accountId: 'validation', urls, credentials, logger: silentLogger });
    void adapter.stop().catch(() => {});
  } catch (err) {
    const message = scrub(err instanceof Error ? err.message : String(err), credentials);
    throw new ApiFailure('invalid_request', `${venue.label} refused the keys: ${message}`);
  }
}

export function validateDraft(venue: VenueModule, draft: AccountDraft): ValidatedDraft {
  const credentials = checkCredentials(venue, draft.credentials);
  const urls = draft.environment === 'custom' ? checkCustomUrls(venue, draft.urls) : undefined;
  const connectTo = effectiveUrls(venue, draft.environment, urls);
  checkWithVenue(venue, connectTo, credentials);
  const markets = [...new Set(draft.markets ?? [])];
  const hint = credentialHint(venue, credentials);
  return {
    label: draft.label,
    environment: draft.environment,
    ...(urls && { urls }),
    markets,
    credentials,
    ...(hint && { credentialHint: hint }),
  };
}
