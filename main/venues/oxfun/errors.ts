/** OX.FUN codes in the engine's terms (retry, reconcile, or show on the row). */
import type { VenueError } from '../../core/venue.ts';
import { CODE_CATEGORIES, CODES } from './constants.ts';

/** Venue messages are echoed to the row; cap them so a runaway reply cannot flood the UI or the audit log. */
const MAX_MESSAGE_LENGTH = 200;

export function venueErrorFromCode(code: string | undefined, message: string | undefined): VenueError {
  const venueCode = code ?? 'unknown';
  return {
    category: CODE_CATEGORIES[venueCode] ?? 'rejected',
    code: venueCode,
    message: (message ?? 'rejected by the venue').slice(0, MAX_MESSAGE_LENGTH),
  };
}

/** A clear account-level sentence for a refused login; the venue's own text plus what to do about it. */
export function loginRefusalDetail(code: string, message: string): string {
  const base = `login refused (${code}): ${message.slice(0, MAX_MESSAGE_LENGTH)}`;
  switch (code) {
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
