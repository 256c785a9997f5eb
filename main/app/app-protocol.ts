/**
 * Serves the built renderer from `app://blotter/` (Electron's security checklist: prefer a custom protocol to
 * file://). The scheme is standard and secure, so the page has a real origin ('self' in the CSP is exactly
 * the app, with no file:// privileges and no loopback socket), and every response carries the CSP.
 */
import { pathToFileURL } from 'node:url';
import { net, protocol, type Session } from 'electron';
import { APP_SCHEME, appFilePath } from './app-path.ts';
import { CONTENT_SECURITY_POLICY } from './security.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = appFilePath(rendererDir, request.url);
    if (!file || request.method !== 'GET') return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href).catch(() => undefined);
    if (!response?.ok) return new Response('not found', { status: 404 });
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: 200, headers });
  });
}
