/**
 * The same cancel flow in the real Electron shell (preload bridge, IPC,
 * sandbox). Runs when an Electron binary is installed and a display exists;
 * skipped with the reason otherwise (CI machines cannot download Electron).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

function electronBinary(): string | undefined {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;

test('Electron: click Cancel moves the row cancelling → cancelled', async () => {
  test.skip(!binary, 'no Electron binary installed (its download needs the internet; see README)');
  test.skip(!hasDisplay, 'no display for Electron (DISPLAY unset)');
  // A throwaway profile: never the trader's own settings (and so never their live accounts).
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-electron-'));
  const app = await electron.launch({
    executablePath: binary,
    args: [root],
    cwd: root,
    env: { ...process.env, BLOTTER_DATA_DIR: dataDir, BLOTTER_PANIC_SHORTCUT: 'off' },
  });
  try {
    const page = await app.firstWindow();
    expect(await page.evaluate(() => typeof (window as { blotter?: unknown }).blotter)).toBe('object');
    const row = page.locator('[data-order-key][data-status="open"]').first();
    const key = await row.getAttribute('data-order-key');
    await row.getByRole('button', { name: /^Cancel/ }).click();
    await expect(page.locator(`[data-order-key="${key}"]`)).toHaveAttribute('data-status', 'cancelled', {
      timeout: 10_000,
    });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
