/**
 * A trader adds a real account in the UI — here a Rails simulator on
 * loopback standing in for the venue — tests the connection, saves it (the
 * keys go to a real Secret Service), watches the blotter go live with that
 * account's orders, cancels one, then removes the account again.
 *
 * The host runs inside tests/keychain/with-keyring.sh: its own D-Bus session
 * and gnome-keyring with a temporary HOME, so the user's keychain is never
 * touched. Started detached, and stopped as a process group.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface SimReady {
  venue: string;
  urls: Record<string, string>;
  credentials: Record<string, string>;
}

function firstLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
    child.once('exit', (code) => reject(new Error(`${what} exited with code ${code} before it was ready`)));
  });
}

/** Stops a detached child and everything it started (dbus-daemon, gnome-keyring, the host). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await exited;
}

const hasKeyringTools = ['dbus-run-session', 'gnome-keyring-daemon'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);

test.skip(process.platform !== 'linux', 'the private Secret Service (gnome-keyring) runs on Linux');
test.skip(
  !hasKeyringTools,
  'needs dbus-run-session and gnome-keyring-daemon: apt-get install gnome-keyring dbus-x11',
);

test('add an account pointed at a Rails simulator, see its orders, cancel one, remove it', async ({
  page,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-e2e-accounts-'));
  const sim = spawn(process.execPath, ['main/cli/sim.ts', 'rails', '--seed', '31', '--orders', '6'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const host = spawn(
    'tests/keychain/with-keyring.sh',
    [
      process.execPath,
      'main/cli/host.ts',
      '--seed',
      '7',
      '--activity-ms',
      '0',
      '--orders',
      '10',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BLOTTER_LOG_LEVEL: 'warn' },
      detached: true,
    },
  );
  try {
    const ready = await firstLine<SimReady>(sim, 'rails simulator');
    const { url } = await firstLine<{ url: string }>(host, 'blotter host');
    const secret = ready.credentials.apiSecret;
    const apiKey = ready.credentials.apiKey;
    if (!secret || !apiKey) throw new Error('the simulator printed no credentials');

    await page.goto(url);
    await expect(page.getByTestId('demo-badge')).toBeVisible();

    // Open the dialog from the keyboard.
    await page.getByTestId('accounts-button').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('accounts-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('keychain-status')).toHaveAttribute('data-available', 'true');
    await expect(dialog.getByTestId('accounts-empty')).toBeVisible();
    await expect(dialog.getByTestId('mode-section')).toHaveAttribute('data-mode', 'demo');

    await dialog.getByTestId('account-venue').selectOption('rails');
    await dialog.getByTestId('account-label').fill('Sim desk');
    await dialog.getByTestId('account-environment').selectOption('custom');
    for (const [role, address] of Object.entries(ready.urls)) {
      await dialog.getByTestId(`account-url-${role}`).fill(address);
    }
    await dialog.getByTestId('account-credential-apiKey').fill(apiKey);
    const secretInput = dialog.getByTestId('account-credential-apiSecret');
    await expect(secretInput).toHaveAttribute('type', 'password');

    // A wrong secret: the test says the venue refused the keys.
    await secretInput.fill('definitely-not-the-secret');
    await dialog.getByTestId('account-test').click();
    await expect(dialog.getByTestId('account-test-result')).toHaveAttribute('data-ok', 'false');
    await expect(dialog.getByTestId('account-test-result')).toContainText('The venue refused the keys');

    await secretInput.fill(secret);
    await dialog.getByTestId('account-test').click();
    await expect(dialog.getByTestId('account-test-result')).toHaveAttribute('data-ok', 'true');
    await expect(dialog.getByTestId('account-test-result')).toContainText('Rails listed 6 open orders');

    await dialog.getByTestId('account-add').click();
    await expect(dialog.getByTestId('accounts-notice')).toContainText('Sim desk added');
    // Write-only: the inputs are wiped, the list shows only a hint.
    await expect(secretInput).toHaveValue('');
    await expect(dialog.getByTestId('account-credential-apiKey')).toHaveValue('');
    const row = dialog.locator('[data-account-id^="rails-"]');
    await expect(row).toContainText(`…${apiKey.slice(-4)}`);
    await expect(row.getByTestId('account-connection')).toHaveAttribute('data-state', 'connected');
    await expect(dialog.getByTestId('mode-section')).toHaveAttribute('data-mode', 'live');
    const accountId = await row.getAttribute('data-account-id');
    if (!accountId) throw new Error('no account id');
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: join(root, 'test-results', 'accounts-dialog.png') });

    // Escape closes the dialog and gives focus back to the button.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('accounts-button')).toBeFocused();

    // Live: the demo is gone, the simulator's orders are in the blotter.
    await expect(page.getByTestId('live-badge')).toBeVisible();
    await expect(page.getByTestId('demo-badge')).toHaveCount(0);
    await expect(page.getByTestId(`connection-${accountId}`)).toHaveAttribute('data-state', 'connected');
    const liveRows = page.locator(`[data-order-key^="${accountId}:"][data-status="open"]`);
    await expect(liveRows).toHaveCount(6);
    await expect(page.locator('[data-order-key^="demo-"]')).toHaveCount(0);

    const key = await liveRows.first().getAttribute('data-order-key');
    if (!key) throw new Error('row without a key');
    const target = page.locator(`[data-order-key="${key}"]`);
    await target.getByRole('button', { name: /^Cancel / }).click();
    await expect(target).toHaveAttribute('data-status', 'cancelled', { timeout: 10_000 });
    await expect(page.locator(`[data-order-key^="${accountId}:"][data-status="open"]`)).toHaveCount(5);

    // Remove: confirm inline; the account and its orders leave, the keychain item is deleted.
    await page.getByTestId('accounts-button').click();
    await dialog.locator(`[data-account-id="${accountId}"]`).getByTestId('account-remove').click();
    await expect(dialog.getByTestId('account-remove-confirm')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog.getByTestId('accounts-notice')).toContainText(
      'its key was deleted from the OS keychain',
    );
    await expect(dialog.getByTestId('accounts-empty')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator(`[data-order-key^="${accountId}:"]`)).toHaveCount(0);
    await expect(page.getByTestId(`connection-${accountId}`)).toHaveCount(0);

    // The settings file never held the secret.
    for (const name of readdirSync(dataDir)) {
      if (name.startsWith('accounts.json'))
        expect(readFileSync(join(dataDir, name), 'utf8')).not.toContain(secret);
    }
  } finally {
    await stopGroup(host);
    await stopGroup(sim);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
