/**
 * Starts the real product (demo venues + browser host) as a child process,
 * exactly as `npm start` does without Electron, and hands tests its URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningApp {
  url: string;
  dataDir: string;
}

export interface HostArgs {
  seed?: number;
  activityMs?: number;
  orders?: number;
  /** Demo fault script: `<venue>:<at ms>:<for ms>` takes that venue's gateway down. */
  outage?: string;
}

export async function startApp(args: HostArgs = {}): Promise<RunningApp & { stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'main/cli/host.ts',
      '--seed',
      String(args.seed ?? 7),
      '--activity-ms',
      String(args.activityMs ?? 0),
      '--orders',
      String(args.orders ?? 50),
      '--data-dir',
      dataDir,
      ...(args.outage ? ['--outage', args.outage] : []),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BLOTTER_LOG_LEVEL: 'warn' } },
  );
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve(JSON.parse(line) as { url: string }));
    child.once('exit', (code) => reject(new Error(`host exited with code ${code} before it was ready`)));
  });
  return {
    url: ready.url,
    dataDir,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ app: RunningApp }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
  app: async ({}, use) => {
    const app = await startApp();
    await use(app);
    await app.stop();
  },
});

export { expect } from '@playwright/test';
