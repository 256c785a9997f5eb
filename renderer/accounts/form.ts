/**
 * The add-account form's model: its fields, the draft it sends, and the
 * checks that can be made before asking main (main checks everything again;
 * these only spare a round trip). DOM-free, unit-tested under Node.
 *
 * Credential values live only in this form state while the trader types;
 * nothing here stores, logs or echoes them.
 */
import type { AccountDraft, AccountEnvironment, VenueId, VenueSetup } from '../../preload/contract.ts';

export interface AccountForm {
  venue: VenueId;
  label: string;
  environment: AccountEnvironment;
  /** Custom base URLs by role. */
  urls: Record<string, string>;
  /** Comma- or space-separated. */
  markets: string;
  credentials: Record<string, string>;
  /** The venue's settings by name (each one of the field's choices). */
  settings: Record<string, string>;
}

/** Field name → message; URL fields are `url.<role>`, credentials `credential.<name>`. */
export type FormErrors = Record<string, string>;

export function emptyForm(venue: VenueSetup): AccountForm {
  return {
    venue: venue.venue,
    label: '',
    environment: 'production',
    urls: Object.fromEntries(Object.keys(venue.defaultUrls).map((role) => [role, ''])),
    markets: '',
    credentials: Object.fromEntries(venue.credentialFields.map((field) => [field.name, ''])),
    settings: Object.fromEntries(venue.settingFields.map((field) => [field.name, field.defaultValue])),
  };
}

/** Same settings, the credentials wiped (after a successful add, or a venue switch). */
export function withoutCredentials(form: AccountForm): AccountForm {
  return {
    ...form,
    credentials: Object.fromEntries(Object.keys(form.credentials).map((name) => [name, ''])),
  };
}

export function environments(venue: VenueSetup): AccountEnvironment[] {
  return venue.testnetUrls ? ['production', 'testnet', 'custom'] : ['production', 'custom'];
}

export const ENVIRONMENT_LABELS: Record<AccountEnvironment, string> = {
  production: 'Production',
  testnet: 'Testnet',
  custom: 'Custom URLs (staging, simulator)',
};

function parseMarkets(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((market) => market.length > 0))];
}

export function toDraft(form: AccountForm): AccountDraft {
  const markets = parseMarkets(form.markets);
  return {
    venue: form.venue,
    label: form.label.trim(),
    environment: form.environment,
    ...(form.environment === 'custom' && {
      urls: Object.fromEntries(Object.entries(form.urls).map(([role, url]) => [role, url.trim()])),
    }),
    ...(markets.length > 0 && { markets }),
    // An optional field left empty is not sent at all.
    credentials: Object.fromEntries(
      Object.entries(form.credentials)
        .map(([name, value]) => [name, value.trim()] as const)
        .filter(([, value]) => value !== ''),
    ),
    ...(Object.keys(form.settings).length > 0 && { settings: { ...form.settings } }),
  };
}

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

export function validateForm(form: AccountForm, venue: VenueSetup): FormErrors {
  const errors: FormErrors = {};
  if (!form.label.trim()) errors.label = 'A label is required';
  else if (form.label.trim().length > 80) errors.label = 'At most 80 characters';
  for (const field of venue.credentialFields) {
    if (!field.optional && !form.credentials[field.name]?.trim())
      errors[`credential.${field.name}`] = `${field.label} is required`;
  }
  if (form.environment === 'custom') {
    for (const role of Object.keys(venue.defaultUrls)) {
      const url = form.urls[role]?.trim() ?? '';
      if (!url) errors[`url.${role}`] = `The ${role} URL is required`;
      else if (!isUrl(url)) errors[`url.${role}`] = 'Not a URL';
    }
  }
  return errors;
}
