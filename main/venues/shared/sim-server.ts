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

/**
 * A simulated gateway's faults, shared by the simulators: an outage (down, then up after `ms`; the venue's
 * book and timers carry on) and a half-open link (sockets open at that moment stay silent; what is held
 * meanwhile is released when it ends). The simulator supplies how its gateway goes down and comes up,
 * how it silences its open sockets and what it releases.
 */
export interface GatewayFaults {
  /** A half-open link is in force now. */
  silent(): boolean;
  outage(ms: number): Promise<void>;
  silence(ms: number): void;
  /** Forget any silence (the simulator stops). */
  reset(): void;
}

/** Timer slack: a longer silence begun meanwhile is not ended by an earlier one's timer. */
const SILENCE_SLACK_MS = 5;

export function createGatewayFaults(options: {
  timers: SimTimers;
  down(): Promise<void>;
  up(): Promise<void>;
  silenceOpenSockets(): void;
  releaseHeld(): void;
}): GatewayFaults {
  let silentUntil = 0;
  return {
    silent: () => Date.now() < silentUntil,
    async outage(ms) {
      await options.down();
      await new Promise<void>((resolve) => options.timers.later(ms, resolve));
      await options.up();
    },
    silence(ms) {
      options.silenceOpenSockets();
      silentUntil = Math.max(silentUntil, Date.now() + ms);
      options.timers.later(ms, () => {
        if (silentUntil - Date.now() > SILENCE_SLACK_MS) return;
        silentUntil = 0;
        options.releaseHeld();
      });
    },
    reset() {
      silentUntil = 0;
    },
  };
}
