/** The parent side of lib/wire-sim-host.ts: start a venue simulator in its own process and time arrivals. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SimulatorReady } from '../../main/venues/simulator.ts';
import { ROOT } from './child.ts';

export interface WireSim {
  readonly ready: SimulatorReady;
  /**
   * Arms the simulator's tap for the request carrying `needle`; resolves once armed, with the promise of its
   * arrival time (hrtime ns, taken in the simulator's process).
   */
  arm(needle: string): Promise<{ arrival: Promise<bigint> }>;
  stop(): Promise<void>;
}

const ARRIVAL_TIMEOUT_MS = 10_000;

export async function startWireSim(options: {
  venue: string;
  orders: number;
  scale: number;
}): Promise<WireSim> {
  const child = spawn(
    process.execPath,
    [
      'bench/lib/wire-sim-host.ts',
      '--venue',
      options.venue,
      '--orders',
      String(options.orders),
      '--scale',
      String(options.scale),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<string, (message: Record<string, unknown>) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const key = `${String(message.event)}:${String(message.id ?? '')}`;
    waiting.get(key)?.(message);
    waiting.delete(key);
  });
  const next = (event: string, id?: number) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const key = `${event}:${id ?? ''}`;
      const timer = setTimeout(() => {
        waiting.delete(key);
        reject(new Error(`wire simulator: no ${key} within ${ARRIVAL_TIMEOUT_MS} ms`));
      }, ARRIVAL_TIMEOUT_MS);
      waiting.set(key, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  const started = await Promise.race([
    next('ready'),
    exited.then(() => {
      throw new Error(`wire simulator for ${options.venue} exited before it was ready`);
    }),
  ]);
  let ids = 0;
  return {
    ready: started.ready as SimulatorReady,
    async arm(needle) {
      const id = ++ids;
      const armed = next('armed', id);
      const arrival = next('arrival', id).then((message) => BigInt(String(message.at)));
      // A cancel that never arrives rejects its own promise; an unawaited one must not crash the bench.
      arrival.catch(() => {});
      child.stdin.write(`${JSON.stringify({ cmd: 'arm', id, needle })}\n`);
      await armed;
      return { arrival };
    },
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}
