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
  /** Every setting the venue declares, defaults filled in. */
  settings: Record<string, string>;
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
    if (!value) {
      if (field.optional) continue;
      throw new ApiFailure('invalid_request', `${field.label} is required`);
    }
    out[field.name] = value;
  }
  return out;
}

/** The venue's settings: only the fields it declares, each one of its choices, the default where absent. */
export function checkSettings(
  venue: VenueModule,
  settings: Record<string, string> | undefined,
): Record<string, string> {
  const fields = venue.settingFields ?? [];
  const given = settings ?? {};
  const unknown = Object.keys(given).filter((name) => !fields.some((field) => field.name === name));
  if (unknown.length > 0) {
    throw new ApiFailure('invalid_request', `${venue.label} has no setting ${unknown.join(', ')}`);
  }
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = given[field.name] ?? field.defaultValue;
    if (!field.choices.some((choice) => choice.value === value)) {
      const choices = field.choices.map((choice) => choice.label).join(', ');
      throw new ApiFailure('invalid_request', `${field.label} must be one of: ${choices}`);
    }
    out[field.name] = value;
  }
  return out;
}

/**
 * The settings an adapter gets for a stored account: what it stored, with defaults for fields added since and
 * without values this build no longer offers (the conservative default instead), so an old file never fails.
 */
export function effectiveSettings(
  venue: VenueModule,
  stored: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of venue.settingFields ?? []) {
    const value = stored?.[field.name];
    out[field.name] =
      value !== undefined && field.choices.some((choice) => choice.value === value)
        ? value
        : field.defaultValue;
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
  settings: Record<string, string> = {},
): void {
  try {
    const adapter = venue.createAdapter({
      accountId: 'validation',
      urls,
      credentials,
      settings,
      logger: silentLogger,
    });
    void adapter.stop().catch(() => {});
  } catch (err) {
    const message = scrub(err instanceof Error ? err.message : String(err), credentials);
    throw new ApiFailure('invalid_request', `${venue.label} refused the keys: ${message}`);
  }
}

export function validateDraft(venue: VenueModule, draft: AccountDraft): ValidatedDraft {
  const credentials = checkCredentials(venue, draft.credentials);
  const settings = checkSettings(venue, draft.settings);
  const urls = draft.environment === 'custom' ? checkCustomUrls(venue, draft.urls) : undefined;
  const connectTo = effectiveUrls(venue, draft.environment, urls);
  checkWithVenue(venue, connectTo, credentials, settings);
  const markets = [...new Set(draft.markets ?? [])];
  const hint = credentialHint(venue, credentials);
  return {
    label: draft.label,
    environment: draft.environment,
    ...(urls && { urls }),
    markets,
    settings,
    credentials,
    ...(hint && { credentialHint: hint }),
  };
}
