/**
 * Append-only audit trail of every cancel: the intent (written before
 * anything goes on the wire), each wire request, each venue reply, each
 * reconcile and the final state, with timestamps. JSON lines, fdatasync'd in
 * groups so a burst of 1,000 cancels costs a handful of syncs, not 1,000.
 * Entries carry ids, states and venue messages; never credentials.
 */
import { mkdirSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry, AuditInput } from './audit-entries.ts';

export type { AuditEntry, AuditEntryType, AuditInput } from './audit-entries.ts';

export interface AuditSink {
  append(entry: AuditInput): void;
  /** The most recent entries (newest last), optionally only those that mention `key`. */
  recent(options?: { key?: string; limit?: number }): AuditEntry[];
  flush(): Promise<void>;
  close(): Promise<void>;
}

const RECENT_LIMIT = 20_000;

function remember(buffer: AuditEntry[], entry: AuditEntry): void {
  buffer.push(entry);
  if (buffer.length > RECENT_LIMIT) buffer.splice(0, buffer.length - RECENT_LIMIT);
}

function query(buffer: AuditEntry[], options: { key?: string; limit?: number } = {}): AuditEntry[] {
  const key = options.key;
  const matching = key ? buffer.filter((entry) => entry.keys?.includes(key)) : buffer;
  return matching.slice(-(options.limit ?? 1000));
}

/** A new file's name is durable only once its directory is synced too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot sync a directory handle; the file itself is still synced.
  } finally {
    await handle.close();
  }
}

/** The audit log under `<dataDir>/audit/audit-<date>.jsonl`. */
export class FileAuditLog implements AuditSink {
  private readonly dir: string;
  private readonly pending: string[] = [];
  private readonly recentEntries: AuditEntry[] = [];
  private writing: Promise<void> = Promise.resolve();
  private handle: FileHandle | undefined;
  private handleDate = '';
  private scheduled = false;
  private readonly onError: (err: unknown) => void;

  constructor(dataDir: string, onError: (err: unknown) => void) {
    this.dir = join(dataDir, 'audit');
    mkdirSync(this.dir, { recursive: true });
    this.onError = onError;
  }

  get directory(): string {
    return this.dir;
  }

  append(entry: AuditInput): void {
    const full: AuditEntry = { ...entry, t: entry.t ?? Date.now() };
    remember(this.recentEntries, full);
    this.pending.push(`${JSON.stringify(full)}\n`);
    if (!this.scheduled) {
      this.scheduled = true;
      // Group everything appended in this turn of the event loop into one write + sync.
      setImmediate(() => {
        this.scheduled = false;
        this.writing = this.writing.then(() => this.drain()).catch(this.onError);
      });
    }
  }

  recent(options?: { key?: string; limit?: number }): AuditEntry[] {
    return query(this.recentEntries, options);
  }

  private async drain(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = this.pending.splice(0, this.pending.length).join('');
    const handle = await this.fileFor(new Date().toISOString().slice(0, 10));
    await handle.appendFile(lines, 'utf8');
    await handle.datasync();
  }

  private async fileFor(date: string): Promise<FileHandle> {
    if (this.handle && this.handleDate === date) return this.handle;
    await this.handle?.close();
    const path = join(this.dir, `audit-${date}.jsonl`);
    const created = !(await stat(path).then(
      () => true,
      () => false,
    ));
    const handle = await open(path, 'a+', 0o600);
    const { size } = await handle.stat();
    if (size > 0) {
      // A crash mid-write leaves a torn last line; without a newline the next entry would be glued to it
      // and lost to every reader. End the torn line first.
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.appendFile('\n', 'utf8');
    }
    if (created) await syncDirectory(this.dir);
    this.handle = handle;
    this.handleDate = date;
    return this.handle;
  }

  async flush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.writing = this.writing.then(() => this.drain()).catch(this.onError);
    await this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** An in-memory audit sink for unit tests of the engine (the file log has its own tests). */
export class MemoryAuditLog implements AuditSink {
  readonly entries: AuditEntry[] = [];
  append(entry: AuditInput): void {
    remember(this.entries, { ...entry, t: entry.t ?? Date.now() });
  }
  recent(options?: { key?: string; limit?: number }): AuditEntry[] {
    return query(this.entries, options);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
