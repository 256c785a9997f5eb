/**
 * Builds the running blotter (service, audit log, accounts, demo venues) for
 * both shells: the Electron main process and the browser host. No Electron
 * here. With enabled accounts in the settings it starts live (secrets from
 * the OS keychain), else the embedded demo; the UI switches between them
 * (main/accounts/manager.ts).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AccountStore } from './accounts/account-store.ts';
import { AccountManager } from './accounts/manager.ts';
import { FileAuditLog } from './core/audit-log.ts';
import { BlotterService } from './core/blotter-service.ts';
import type { Logger } from './core/log.ts';
import { FilePolicyStore } from './core/protection/policy-store.ts';
import { type DemoOutage, type RunningDemo, startDemo } from './demo/demo.ts';
import { keyringBackend } from './secrets/keychain.ts';
import { SecretStore } from './secrets/secret-store.ts';
import { VENUE_MODULES } from './venues/registry.ts';
import type { VenueModule } from './venues/types.ts';

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
  /** Demo fault script: scripted venue gateway outages. */
  outages?: DemoOutage[];
  /** Where account keys live; default: the OS keychain under the service name APP_ID. */
  secrets?: SecretStore;
  venues?: VenueModule[];
}

export interface Runtime {
  service: BlotterService;
  accounts: AccountManager;
  /** The embedded demo while it runs (demo mode). */
  readonly demo: RunningDemo | undefined;
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const audit = new FileAuditLog(options.dataDir, (err) =>
    options.logger.error('audit log write failed', {
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  const venues = options.venues ?? VENUE_MODULES;
  const store = await AccountStore.open(options.dataDir);
  const service = new BlotterService({
    mode: store.list().some((account) => account.enabled) ? 'live' : 'demo',
    audit,
    logger: options.logger,
    protectionPolicies: await FilePolicyStore.open(options.dataDir, options.logger),
  });
  const accounts = new AccountManager({
    service,
    store,
    secrets: options.secrets ?? new SecretStore(APP_ID, keyringBackend(APP_ID)),
    venues,
    logger: options.logger,
    startDemo: () =>
      startDemo(service, {
        venues,
        seed: options.seed ?? 1,
        logger: options.logger,
        activityIntervalMs: options.activityIntervalMs,
        totalOrders: options.totalOrders,
        ...(options.outages && { outages: options.outages }),
      }),
  });
  await accounts.start();
  return {
    service,
    accounts,
    get demo() {
      return accounts.demo;
    },
    stop: async () => {
      await service.stop();
      await accounts.stop();
    },
  };
}
