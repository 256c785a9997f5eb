/** Child processes that speak JSON lines: the bench host and the product's own host CLI. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface JsonChild {
  readonly pid: number;
  readonly first: Record<string, unknown>;
  /** Sends a command line and waits for the next message with `event`. */
  request(command: object, event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

function start(args: string[], env: Record<string, string>, cleanup: () => void): Promise<JsonChild> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BLOTTER_LOG_LEVEL: 'warn', ...env },
  });
  const waiters: { event: string; resolve: (message: Record<string, unknown>) => void }[] = [];
  let first: ((message: Record<string, unknown>) => void) | null = null;
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (first) {
      const resolve = first;
      first = null;
      resolve(message);
      return;
    }
    const at = waiters.findIndex((waiter) => waiter.event === message.event);
    if (at >= 0) waiters.splice(at, 1)[0]?.resolve(message);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    first = (message) =>
      resolve({
        pid: child.pid ?? 0,
        first: message,
        request(command, event, timeoutMs = 120_000) {
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({
              event,
              resolve: (message) => {
                clearTimeout(timer);
                done(message);
              },
            });
            child.stdin?.write(`${JSON.stringify(command)}\n`);
          });
        },
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
          cleanup();
        },
      });
    child.once('exit', (code) => {
      if (first) reject(new Error(`${args[0]} exited with code ${code} before it was ready`));
    });
  });
}

/** The synthetic-venue host (bench/lib/bench-host.ts) with `orders` orders; `--expose-gc` for honest RSS. */
export function startBenchHost(orders: number, seed = 1): Promise<JsonChild> {
  return start(
    ['--expose-gc', 'bench/lib/bench-host.ts', '--orders', String(orders), '--seed', String(seed)],
    {},
    () => {},
  );
}

/** The product's browser host with its demo venues (real simulators and adapters). */
export function startDemoHost(options: {
  orders: number;
  activityMs: number;
  seed?: number;
}): Promise<JsonChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-bench-demo-'));
  return start(
    [
      'main/cli/host.ts',
      '--seed',
      String(options.seed ?? 7),
      '--activity-ms',
      String(options.activityMs),
      '--orders',
      String(options.orders),
      '--data-dir',
      dataDir,
    ],
    {},
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
}
