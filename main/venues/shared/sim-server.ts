/**
 * The loopback plumbing every venue simulator repeats: timers that `stop()`
 * can cancel (and the latency fault built on them), the listen on 127.0.0.1,
 * the shutdown that drops every connection, the set of WebSocket clients
 * (each forgotten when its socket goes), and small request readers. The
 * venue's protocol, faults and rate limits stay in its own simulator.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { WebSocket } from 'ws';

export interface SimTimers {
  /** Runs `run` after `ms` on a timer (even 0: never synchronously). */
  later(ms: number, run: () => void): void;
  /** Runs `run` after `ms`, or at once when `ms` ≤ 0 (equal delays keep their order). */
  afterDelay(ms: number, run: () => void): void;
  /** Cancels everything still pending. */
  clear(): void;
}

export function createSimTimers(): SimTimers {
  const timers = new Set<NodeJS.Timeout>();
  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  }
  return {
    later,
    afterDelay(ms, run) {
      if (ms > 0) later(ms, run);
      else run();
    },
    clear() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** Listens on 127.0.0.1 (port 0 = any free port) and resolves with the bound port. */
export async function listenLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator: no TCP address');
  return address.port;
}

/** Drops every connection (in flight and idle) and waits until the server has closed. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface SimClients<T extends { ws: WebSocket }> extends Iterable<T> {
  /** Keeps `client` until its socket closes or fails. */
  track(client: T): void;
  readonly size: number;
  /** Drops every client's socket at once (streams see an abnormal close and reconnect). */
  terminateAll(): void;
}

export function createSimClients<T extends { ws: WebSocket }>(): SimClients<T> {
  const clients = new Set<T>();
  return {
    track(client) {
      clients.add(client);
      client.ws.on('close', () => clients.delete(client));
      client.ws.on('error', () => clients.delete(client));
    },
    get size() {
      return clients.size;
    },
    terminateAll() {
      for (const client of clients) client.ws.terminate();
      clients.clear();
    },
    [Symbol.iterator]: () => clients.values(),
  };
}

/** A request header as one string; undefined when absent or repeated. */
export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
