/**
 * Builds the running blotter (service, audit log, demo venues) for both
 * shells: the Electron main process and the browser host. No Electron here.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FileAuditLog } from './core/audit-log.ts';
import { BlotterService } from './core/blotter-service.ts';
import type { Logger } from './core/log.ts';
import { type RunningDemo, startDemo } from './demo/demo.ts';
import { VENUE_MODULES } from './venues/registry.ts';

export const APP_ID = 'xyz.cancel-blotter.app';
export const PRODUCT_NAME = 'Cancel Blotter';

/** Where Electron puts userData for this app, so both shells share one data dir. */
export function defaultDataDir(): string {
  if (process.env.BLOTTER_DATA_DIR) return process.env.BLOTTER_DATA_DIR;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}

export interface RuntimeOptions {
  dataDir: string;
  logger: Logger;
  seed?: number;
  activityIntervalMs?: number;
  totalOrders?: number;
}

export interface Runtime {
  service: BlotterService;
  demo: RunningDemo;
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const audit = new FileAuditLog(options.dataDir, (err) =>
    options.logger.error('audit log write failed', {
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  const service = new BlotterService({ mode: 'demo', audit, logger: options.logger });
  const demo = await startDemo(service, {
    venues: VENUE_MODULES,
    seed: options.seed ?? 1,
    logger: options.logger,
    activityIntervalMs: options.activityIntervalMs,
    totalOrders: options.totalOrders,
  });
  return {
    service,
    demo,
    stop: async () => {
      await service.stop();
      await demo.stop();
    },
  };
}
