/**
 * Runs the blotter without Electron: the runtime (configured accounts, else demo venues) + the browser host.
 * Prints one JSON line on stdout when ready: {"url": ..., "port": ..., "dataDir": ...}.
 *   node main/cli/host.ts [--port N] [--seed N] [--activity-ms N] [--orders N] [--renderer-dir DIR] [--data-dir DIR]
 *                         [--outage <venue>:<at ms>:<for ms>]   (demo fault script: that venue's gateway goes down)
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDispatcher } from '../core/api-dispatch.ts';
import { createLogger, logLevelFromEnv } from '../core/log.ts';
import { parseOutage } from '../demo/demo.ts';
import { startHost } from '../host/server.ts';
import { defaultDataDir, startRuntime } from '../runtime.ts';
import { readFlag, readIntFlag } from './args.ts';

export interface RunningBlotterHost {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export async function runHost(args: string[]): Promise<RunningBlotterHost> {
  const logger = createLogger({ level: logLevelFromEnv(process.env.BLOTTER_LOG_LEVEL) });
  const rendererDir =
    readFlag(args, 'renderer-dir') ?? fileURLToPath(new URL('../../out/renderer', import.meta.url));
  if (!existsSync(rendererDir)) {
    throw new Error(`no built renderer at ${rendererDir}: run \`npm run build\` first`);
  }
  const dataDir = readFlag(args, 'data-dir') ?? defaultDataDir();
  const runtime = await startRuntime({
    dataDir,
    logger,
    seed: readIntFlag(args, 'seed', 1),
    activityIntervalMs: readIntFlag(args, 'activity-ms', 400),
    totalOrders: readIntFlag(args, 'orders', 50),
    ...(readFlag(args, 'outage') !== undefined && {
      outages: [parseOutage(readFlag(args, 'outage') as string)],
    }),
  });
  const host = await startHost({
    rendererDir,
    dispatch: createDispatcher(runtime.service, logger, runtime.accounts),
    subscribe: (listener) => runtime.service.subscribe(listener),
    logger,
    port: readIntFlag(args, 'port', 0),
  });
  return {
    url: host.url,
    port: host.port,
    dataDir,
    stop: async () => {
      await host.close();
      await runtime.stop();
    },
  };
}

function stopOnSignals(stop: () => Promise<void>): void {
  const handler = () => {
    void stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // A stray rejection in one venue's plumbing must not take every venue's connection down with the process.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(
      `blotter host: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`,
    );
  });
  runHost(process.argv.slice(2))
    .then((running) => {
      process.stdout.write(
        `${JSON.stringify({ url: running.url, port: running.port, dataDir: running.dataDir })}\n`,
      );
      stopOnSignals(running.stop);
    })
    .catch((err: unknown) => {
      process.stderr.write(`blotter host: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
