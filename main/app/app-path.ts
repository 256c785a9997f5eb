/**
 * Which file an `app://blotter/...` request may read: only files inside the built renderer directory, by
 * their decoded, normalised path; anything else (another host, `..`, a bad escape) gets nothing. Pure (no
 * electron), so it is unit-tested under Node.
 */
import { join, normalize, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'blotter';
/** Where the window loads the renderer from: a custom, standard, secure scheme instead of file://. */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export function appFilePath(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const root = resolve(rendererDir);
  const relative = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^[/\\]+/, '');
  const file = join(root, relative);
  return file.startsWith(root + sep) ? file : undefined;
}
