/**
 * `npm start`: builds the app, then opens it in Electron (live with the
 * configured accounts, else demo mode). Where the Electron runtime cannot be
 * obtained (offline, no display), it says so in one line and serves the same
 * app through the browser host instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHost } from './host.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

function build(): void {
  const bin = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
  );
  const result = spawnSync(bin, ['build', '--config', 'main/electron.vite.config.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error('build failed (see above)');
}

/**
 * The Electron binary, downloading it on first use as the electron package
 * does (it no longer downloads at install time). Returns why not, if not.
 */
function electronBinary(): { path: string } | { reason: string } {
  if (process.env.BLOTTER_NO_ELECTRON === '1') return { reason: 'BLOTTER_NO_ELECTRON=1' };
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const installed = () =>
    existsSync(pathFile) && existsSync(join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')));
  if (!installed()) {
    const download = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
      encoding: 'utf8',
    });
    if (!installed()) {
      const detail = (download.stderr || '').trim().split('\n').pop() || `exit ${download.status}`;
      return { reason: `its download failed (${detail})` };
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  }
  return { path: join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')) };
}

async function serveInBrowser(reason: string): Promise<void> {
  process.stderr.write(
    `Electron runtime not available: ${reason}. Serving the blotter in your browser instead.\n`,
  );
  const running = await runHost(process.argv.slice(2));
  process.stderr.write(`Open ${running.url}\n`);
  const stop = () => void running.stop().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  build();
  const electron = electronBinary();
  if ('reason' in electron) {
    await serveInBrowser(electron.reason);
    return;
  }
  const startedAt = Date.now();
  const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => {
    // An Electron that dies at once (missing system libraries, sandbox) falls back to the browser host.
    if (code !== 0 && Date.now() - startedAt < 5000) {
      void serveInBrowser(`Electron exited with code ${code} at start`);
      return;
    }
    process.exit(code ?? 0);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
