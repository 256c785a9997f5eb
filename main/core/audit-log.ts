/**
 * Append-only audit trail of every cancel: the intent (written before
 * anything goes on the wire), each wire request, each venue reply, each
 * reconcile and the final state, with timestamps. JSON lines on one file
 * descriptor kept open. Entries are written in groups a turn after they are
 * appended and synced with one fdatasync per group, so a burst of 1,000
 * cancels costs a handful of syncs, not 1,000. `writeNow()` — the engine's
 * step before a cancel joins its queue — writes everything appended so far in
 * the call itself: one write on the open descriptor (microseconds), so the
 * intent is in the file, which survives a crash of the app, before the first
 * byte of its cancel leaves; the fdatasync that puts it on the disk starts on
 * the next turn, on the thread pool, and runs beside the request (≈ 1 ms on
 * this machine kind: waiting for it would double the call → wire time, see
 * bench/README.md). `flush()` waits for that sync (export, close, tests).
 * Entries carry ids, states and venue messages; never credentials.
 */
import {
  closeSync,
  fdatasync,
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
  /**
   * Every entry appended so far is in the file when this returns (written to the OS, so a crash of the app
   * keeps it); its sync to the disk starts now and is not waited for. Never throws: a failed write is
   * reported through the log's error handler, and the cancel still goes.
   */
  writeNow(): void;
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
  /** Lines written on `fd` that no fdatasync has been started for yet. */
  private unsynced = false;
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
    this.scheduleGroup();
  }

  /** Everything appended (or written through) in this turn of the event loop: one write and one sync, next turn. */
  private scheduleGroup(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.write();
      this.syncWritten();
    });
  }

  /** One fdatasync on libuv's pool for what was written since the last: a stalled disk never stalls the process. */
  private syncWritten(): Promise<void> {
    const fd = this.fd;
    if (!this.unsynced || fd === undefined) return Promise.resolve();
    this.unsynced = false;
    return this.track(datasync(fd)).catch(this.onError);
  }

  recent(options?: { key?: string; limit?: number }): AuditEntry[] {
    return query(this.recentEntries, options);
  }

  /** Writes every pending line now, in one write on the open descriptor; a failure goes to `onError`. */
  private write(): void {
    if (this.pending.length === 0) return;
    const lines = this.pending.splice(0, this.pending.length).join('');
    try {
      const fd = this.fileFor(new Date().toISOString().slice(0, 10));
      writeSync(fd, lines);
      this.unsynced = true;
    } catch (err) {
      this.onError(err);
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
      // A new day: the old file gets the sync its last lines are owed, and is closed once its syncs are done.
      void this.syncWritten();
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

  writeNow(): void {
    this.write();
    // The sync starts next turn, after this turn's request has been handed to its socket: started now, its
    // system call took the core the request needed (2 cores: the sync thread, the app, the venue).
    this.scheduleGroup();
  }

  /**
   * Every entry appended so far, durable: written at once, then one fdatasync. Never rejects: a failed write
   * or sync is reported through `onError`.
   */
  flush(): Promise<void> {
    this.write();
    // A sync even when nothing is pending: one already running may not cover every line written before it.
    if (this.fd !== undefined) this.unsynced = true;
    return this.syncWritten();
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
  writeNow(): void {}
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
