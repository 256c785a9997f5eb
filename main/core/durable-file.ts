/**
 * Files that must survive a crash or a power cut: written whole or not at all
 * (a temp file synced, then renamed over the old one), and the rename itself
 * made durable by syncing the directory.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The prefix of a write's temp file beside `path` (a crash may leave one: never the real file). */
export function tempPrefix(path: string): string {
  return `${path}.tmp-`;
}

/** A new or renamed file's name is durable only once its directory is synced too. Best effort. */
export async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for syncing; the file itself is still synced.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse to sync a directory.
  } finally {
    await handle.close();
  }
}

/** Replaces `path` with `text` atomically and durably, readable by the owner only. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${tempPrefix(path)}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dirname(path));
}
