/** The blotter window, created with the security checklist's settings. */
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { APP_URL } from './app-path.ts';
import { hardenContents } from './security.ts';

export interface BlotterWindow {
  window: BrowserWindow;
  appUrl: string;
}

export function createBlotterWindow(outDir: string): BlotterWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 500,
    backgroundColor: '#0d1117',
    title: 'Cancel Blotter',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // No DevTools in a packaged build (see menu.ts); development keeps them.
      devTools: !app.isPackaged,
    },
  });
  // The renderer comes from app://blotter/ (app-protocol.ts), never from file://.
  const appUrl = APP_URL;
  hardenContents(window.webContents, appUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return { window, appUrl };
}
