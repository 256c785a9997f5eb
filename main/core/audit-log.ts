/**
 * Append-only audit trail of every cancel: the intent (written before
 * anything goes on the wire), each wire request, each venue reply, each
 * reconcile and the final state, with timestamps. JSON lines on one file
 * descriptor kept open. Lines are written at once in append order (a write
 * to the page cache, microseconds); `flush()` — the engine's gate before a
 * cancel goes on the wire — makes everything appended so far durable with one
 * fdatasync, and other entries are synced in groups a turn later, so a burst
 * of 1,000 cancels costs a handful of syncs, not 1,000.
 * Entries carry ids, states and venue messages; never credentials.
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, AuditInput } from './audit-entries.ts';

export type { AuditEntry, AuditEntryType, AuditInput } from './audit-entries.ts';

export interface AuditSink {
  append(entry: AuditInput): void;
  /** The most recent entries (newest last), optionally only those that mention `key`. */
  recent(options?: { key?: string; limit?: number }): AuditEntry[];
  /** Resolves when every entry appended so far is on disk. */
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
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot sync a directory handle; the file itself is still synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** One fdatasync on the thread pool: a single promise, settled by its callback. */
function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

/**
 * How `flush()` makes the intent durable. `thread-pool` (the default): one
 * fdatasync on libuv's pool, so a disk that stalls stalls only the cancel's
 * wait (which the engine bounds), never the process. `blocking`:
 * fdatasyncSync on the main thread — no turn of the event loop at all, but a
 * stalled disk freezes the process. Measured in bench/wire.ts.
 */
export type AuditSyncMode = 'thread-pool' | 'blocking';

/** The audit log under `<dataDir>/audit/audit-<date>.jsonl`. */
export class FileAuditLog implements AuditSink {
  private readonly dir: string;
  private readonly pending: string[] = [];
  private readonly recentEntries: AuditEntry[] = [];
  /** Syncs on the thread pool not settled yet: the descriptor is closed only after them. */
  private readonly syncing = new Set<Promise<void>>();
  private fd: number | undefined;
  private fdDate = '';
  private scheduled = false;
  private readonly onError: (err: unknown) => void;
  private readonly syncMode: AuditSyncMode;

  constructor(dataDir: string, onError: (err: unknown) => void, options: { syncMode?: AuditSyncMode } = {}) {
    this.dir = join(dataDir, 'audit');
    mkdirSync(this.dir, { recursive: true });
    this.onError = onError;
    this.syncMode = options.syncMode ?? 'thread-pool';
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
        const fd = this.write();
        if (fd !== undefined) this.track(datasync(fd)).catch(this.onError);
      });
    }
  }

  recent(options?: { key?: string; limit?: number }): AuditEntry[] {
    return query(this.recentEntries, options);
  }

  /**
   * Writes every pending line now, in one write on the open descriptor; returns the descriptor to sync, or
   * undefined when there was nothing to write or the write failed (reported through `onError`).
   */
  private write(): number | undefined {
    if (this.pending.length === 0) return undefined;
    const lines = this.pending.splice(0, this.pending.length).join('');
    try {
      const fd = this.fileFor(new Date().toISOString().slice(0, 10));
      writeSync(fd, lines);
      return fd;
    } catch (err) {
      this.onError(err);
      return undefined;
    }
  }

  private track(sync: Promise<void>): Promise<void> {
    this.syncing.add(sync);
    const settled = () => this.syncing.delete(sync);
    sync.then(settled, settled);
    return sync;
  }

  private fileFor(date: string): number {
    if (this.fd !== undefined && this.fdDate === date) return this.fd;
    const previous = this.fd;
    if (previous !== undefined) {
      // A new day: the old file is closed once the syncs still running on it are done.
      this.fd = undefined;
      const closeWhenSynced = () => closeSync(previous);
      void Promise.allSettled([...this.syncing]).then(closeWhenSynced);
    }
    const path = join(this.dir, `audit-${date}.jsonl`);
    const fd = openSync(path, 'a+', 0o600);
    try {
      const { size } = fstatSync(fd);
      if (size > 0) {
        // A crash mid-write leaves a torn last line; without a newline the next entry would be glued to it
        // and lost to every reader. End the torn line first.
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) writeSync(fd, '\n');
      } else {
        // Empty: new (or never written), so its name must reach the disk too.
        syncDirectory(this.dir);
      }
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.fd = fd;
    this.fdDate = date;
    return fd;
  }

  /**
   * Every entry appended so far, durable: written at once and one fdatasync, with no wait for a turn of
   * the event loop. Never rejects: a failed write or sync is reported through `onError` (the engine still
   * sends; the record follows when the disk does).
   */
  flush(): Promise<void> {
    const fd = this.write() ?? this.fd;
    if (fd === undefined) return Promise.resolve();
    if (this.syncMode === 'blocking') {
      try {
        fdatasyncSync(fd);
      } catch (err) {
        this.onError(err);
      }
      return Promise.resolve();
    }
    return this.track(datasync(fd)).catch(this.onError);
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.allSettled([...this.syncing]);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
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
