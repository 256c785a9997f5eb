/**
 * Which transport failures surely sent nothing, for every venue's HTTP client (axios or fetch): such a
 * request cannot have counted against the venue's limits, so the caller's own pacing gives its slot back.
 */

/** Transport failures before any byte reached the venue: the request cannot have counted against its limits. */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The errno of a transport failure that surely sent nothing (a refused or unroutable dial). */
export function neverReachedVenue(errno: string | undefined): boolean {
  return errno !== undefined && NEVER_SENT_CODES.has(errno);
}
