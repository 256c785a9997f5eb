/** Reading an adapter's configuration. */

/** The base URL configured for `role`; a missing one is a setup error, said with the venue's name. */
export function requireUrl(venue: string, urls: Record<string, string>, role: string): string {
  const url = urls[role];
  if (!url) throw new Error(`${venue} adapter: no "${role}" URL configured`);
  return url;
}
