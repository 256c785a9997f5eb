/**
 * The browser host: serves the built renderer and the BlotterApi over a
 * loopback WebSocket, for machines without an Electron runtime and for the
 * Playwright tests. Bound to 127.0.0.1 only; the API socket requires the
 * random token from the page URL's fragment and the host's own Origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BlotterUpdate } from '../../preload/contract.ts';
import { HOST_API_PATH, HOST_TOKEN_PARAM, type HostMessage } from '../../preload/host-protocol.ts';
import type { Dispatch } from '../core/api-dispatch.ts';
import type { Logger } from '../core/log.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Requests larger than this are refused: no API payload comes close. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface HostOptions {
  /** Directory of the built renderer (index.html and assets). */
  rendererDir: string;
  dispatch: Dispatch;
  subscribe: (listener: (update: BlotterUpdate) => void) => () => void;
  logger: Logger;
  port?: number;
  /** Fixed token (tests); random by default. */
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src ws://127.0.0.1:${port}`,
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const rendererDir = resolve(options.rendererDir);
  const log = options.logger.child({ component: 'host' });
  let port = 0;

  const serveFile = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!ownHost(req)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('wrong host');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path');
      return;
    }
    const relative = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^[/\\]+/, '');
    const file = join(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'content-security-policy': contentSecurityPolicy(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  /**
   * The Host header names this host (127.0.0.1 or localhost on our port): a page on another name that
   * resolves to 127.0.0.1 (DNS rebinding) gets nothing, not even the renderer.
   */
  const ownHost = (req: IncomingMessage): boolean =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const server: Server = createServer((req, res) => {
    serveFile(req, res).catch((err: unknown) => {
      log.error('static file failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
  });

  // A client that resets its connection mid-request must not take the host (and every pending cancel) down.
  server.on('clientError', (err, socket) => {
    log.debug('host: client connection error', { error: err.message });
    socket.destroy();
  });

  server.on('upgrade', (req, socket, head) => {
    // Before anything is written: a reset while we refuse would otherwise be an unhandled 'error'.
    socket.on('error', (err) => log.debug('host: upgrade socket error', { error: err.message }));
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const expectedOrigin = `http://127.0.0.1:${port}`;
    if (!ownHost(req)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\n\r\n');
      return;
    }
    if (url.pathname !== HOST_API_PATH || !sameToken(url.searchParams.get(HOST_TOKEN_PARAM), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    if (req.headers.origin !== expectedOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket): void => {
    const send = (message: HostMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.subscribe((update) => send({ type: 'update', update }));
    ws.on('close', unsubscribe);
    // An oversized frame, invalid UTF-8 or a reserved opcode: ws closes this socket (1009/1007/1002) and says
    // so here; only that client is dropped.
    ws.on('error', (err) =>
      log.warn('host: dropped a client after a protocol error', { error: err.message }),
    );
    ws.on('message', (data) => {
      let request: unknown;
      try {
        request = JSON.parse(data.toString());
      } catch {
        log.warn('host: dropped a message that is not JSON');
        return;
      }
      const envelope = request as { id?: unknown; method?: unknown; payload?: unknown };
      if (typeof envelope !== 'object' || envelope === null || typeof envelope.id !== 'number') {
        log.warn('host: dropped a message without a numeric id');
        return;
      }
      const id = envelope.id;
      void options.dispatch(String(envelope.method), envelope.payload).then((result) => {
        send({ type: 'response', id, result });
      });
    });
  };

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/#${HOST_TOKEN_PARAM}=${token}`;
  return {
    url,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
