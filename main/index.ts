/**
 * Electron composition root: the only module (with main/app/) that imports
 * electron. It builds the runtime, opens the window and wires IPC; all
 * behaviour lives in the core.
 */
import { join } from 'node:path';
import { app, session } from 'electron';
import { registerAppScheme, serveRenderer } from './app/app-protocol.ts';
import { registerIpc } from './app/ipc.ts';
import { installAppMenu } from './app/menu.ts';
import { loadPanicConfig } from './app/panic-config.ts';
import { registerPanicShortcut } from './app/panic-shortcut.ts';
import { runQuitProtection } from './app/quit-protection.ts';
import { hardenSession, installAppWideGuards } from './app/security.ts';
import { createBlotterWindow } from './app/window.ts';
import { createDispatcher } from './core/api-dispatch.ts';
import { createLogger, logLevelFromEnv } from './core/log.ts';
import { APP_ID, type Runtime, startRuntime } from './runtime.ts';

const logger = createLogger({ level: logLevelFromEnv(process.env.BLOTTER_LOG_LEVEL) });
let runtime: Runtime | undefined;

// BLOTTER_DATA_DIR moves settings, the audit log and the single-instance lock (tests, a second profile).
if (process.env.BLOTTER_DATA_DIR) app.setPath('userData', process.env.BLOTTER_DATA_DIR);
app.setAppUserModelId(APP_ID);
app.enableSandbox();
registerAppScheme();
installAppWideGuards();

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

app
  .whenReady()
  .then(async () => {
    hardenSession(session.defaultSession);
    installAppMenu();
    runtime = await startRuntime({ dataDir: app.getPath('userData'), logger });
    // The bundle lives in out/main; the preload and renderer builds sit beside it.
    const outDir = join(import.meta.dirname, '..');
    serveRenderer(session.defaultSession, join(outDir, 'renderer'));
    const { window, appUrl } = createBlotterWindow(outDir);
    const disposeIpc = registerIpc({
      dispatch: createDispatcher(runtime.service, logger, runtime.accounts),
      service: runtime.service,
      contents: window.webContents,
      appUrl,
    });
    window.on('closed', disposeIpc);
    const panic = loadPanicConfig(app.getPath('userData'));
    for (const warning of panic.warnings) logger.warn(warning);
    const disposePanic = registerPanicShortcut({
      config: panic.config,
      window,
      appUrl,
      service: () => runtime?.service,
      logger,
    });
    window.on('closed', disposePanic);
  })
  .catch((err: unknown) => {
    logger.error('start failed', { error: err instanceof Error ? err.message : String(err) });
    app.exit(1);
  });

app.on('window-all-closed', () => app.quit());

app.on('will-quit', (event) => {
  if (!runtime) return;
  const stopping = runtime;
  runtime = undefined;
  event.preventDefault();
  // Protection first: the dead-man-switch question and cancel-all-on-quit, while the venues are still connected.
  void runQuitProtection(stopping.service, logger)
    .catch((err: unknown) => {
      logger.error('quit protection failed', { error: err instanceof Error ? err.message : String(err) });
    })
    .then(() => stopping.stop())
    .finally(() => app.quit());
});
