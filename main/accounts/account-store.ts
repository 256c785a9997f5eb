/**
 * Non-secret account settings in `<data dir>/accounts.json`: label, venue,
 * environment and base URLs, enabled, markets, a key hint. Never a secret
 * (those live in the OS keychain, see main/secrets/).
 *
 * - Versioned (`{"version": 1, "accounts": [...]}`) and validated with zod on load.
 * - Written atomically (core/durable-file.ts): a temp file in the same directory, fsync, rename, directory sync.
 * - A file that cannot be read is moved aside as `accounts.json.corrupt-<time>`
 *   and reported; entries that fail validation are reported one by one (the
 *   original file is copied aside first). Nothing is dropped silently.
 * - A file from a newer version is left untouched and the store becomes
 *   read-only, so this build never overwrites settings it does not understand.
 * - Entries set aside (corrupt or invalid) still have keychain items, and the
 *   trader can no longer reach them through an account: what can be read of
 *   them (venue, id, label) is kept as "orphaned keys" for this session, so
 *   the Accounts dialog can offer to delete those items.
 */
import { copyFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import {
  ACCOUNT_ENVIRONMENTS,
  type AccountsProblem,
  accountIdSchema,
  type OrphanedKey,
  venueIdSchema,
} from '../../preload/contract.ts';
import { tempPrefix, writeFileAtomic } from '../core/durable-file.ts';

export const ACCOUNTS_FILE = 'accounts.json';
export const ACCOUNTS_FILE_VERSION = 1;

export const storedAccountSchema = z
  .object({
    accountId: accountIdSchema,
    venue: venueIdSchema,
    label: z.string().min(1).max(80),
    environment: z.enum(ACCOUNT_ENVIRONMENTS),
    /** Only for `custom`: base URL by role. */
    urls: z.record(z.string(), z.string()).optional(),
    markets: z.array(z.string()),
    /** The venue's per-account settings (e.g. Rails' account type); absent in files from before they existed. */
    settings: z.record(z.string(), z.string()).optional(),
    enabled: z.boolean(),
    credentialHint: z.string().max(8).optional(),
    createdAt: z.number().int().nonnegative(),
    updatedAt: z.number().int().nonnegative(),
  })
  .strict();
export type StoredAccount = z.infer<typeof storedAccountSchema>;

const envelopeSchema = z.object({ version: z.number().int().positive(), accounts: z.array(z.unknown()) });

export type StoredAccountPatch = Partial<Omit<StoredAccount, 'accountId' | 'venue' | 'createdAt'>>;

export class AccountStoreReadOnlyError extends Error {
  constructor(path: string) {
    super(
      `${path} cannot be changed safely (see the problem reported above: written by a newer version, or unreadable); accounts cannot be added, changed or removed until it is resolved.`,
    );
    this.name = 'AccountStoreReadOnlyError';
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : 'entry'}: ${issue.message}`;
}

/**
 * What can still be read of set-aside entries: a venue and an id in the shape
 * the app gives keychain items (nothing else can have one), and the label when
 * it is a usable string. Best effort: anything else yields nothing.
 */
export function recoverOrphans(
  entries: unknown[],
  origin: Pick<OrphanedKey, 'source' | 'backupPath'>,
  kept: StoredAccount[],
): OrphanedKey[] {
  const taken = new Set(kept.map((account) => `${account.venue}/${account.accountId}`));
  const orphans: OrphanedKey[] = [];
  for (const raw of entries) {
    if (typeof raw !== 'object' || raw === null) continue;
    const venue = venueIdSchema.safeParse('venue' in raw ? raw.venue : undefined);
    const accountId = accountIdSchema.safeParse('accountId' in raw ? raw.accountId : undefined);
    if (!venue.success || !accountId.success) continue;
    const item = `${venue.data}/${accountId.data}`;
    // A loaded account (a duplicate entry of it was rejected) still owns this item: never offer to delete it.
    if (taken.has(item)) continue;
    taken.add(item);
    const label = 'label' in raw && typeof raw.label === 'string' ? raw.label.trim().slice(0, 80) : '';
    orphans.push({ venue: venue.data, accountId: accountId.data, ...(label && { label }), ...origin });
  }
  return orphans;
}

/** The entries of a JSON value that failed the envelope: `{accounts: [...]}` or a bare array, else none. */
function looseEntries(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (typeof json === 'object' && json !== null && 'accounts' in json && Array.isArray(json.accounts))
    return json.accounts;
  return [];
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

export class AccountStore {
  readonly path: string;
  private accounts: StoredAccount[] = [];
  private problemList: AccountsProblem[] = [];
  private orphanList: OrphanedKey[] = [];
  private readOnly = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  private constructor(path: string, now: () => number) {
    this.path = path;
    this.now = now;
  }

  /** Loads (or starts) the settings file in `dataDir`. Never throws for a bad file: it reports it. */
  static async open(dataDir: string, options: { now?: () => number } = {}): Promise<AccountStore> {
    await mkdir(dataDir, { recursive: true });
    const store = new AccountStore(join(dataDir, ACCOUNTS_FILE), options.now ?? Date.now);
    await store.removeStaleTempFiles();
    await store.load();
    return store;
  }

  get problems(): AccountsProblem[] {
    return this.problemList.map((problem) => ({ ...problem }));
  }

  /** Keychain items of entries set aside at load that no account owns (see recoverOrphans). */
  get orphans(): OrphanedKey[] {
    return this.orphanList.map((orphan) => ({ ...orphan }));
  }

  /** The trader dealt with this orphan (its keychain item is gone). True when it was listed. */
  dropOrphan(venue: string, accountId: string): boolean {
    const before = this.orphanList.length;
    this.orphanList = this.orphanList.filter(
      (orphan) => orphan.venue !== venue || orphan.accountId !== accountId,
    );
    return this.orphanList.length !== before;
  }

  get writable(): boolean {
    return !this.readOnly;
  }

  list(): StoredAccount[] {
    return this.accounts.map((account) => structuredClone(account));
  }

  get(accountId: string): StoredAccount | undefined {
    const account = this.accounts.find((each) => each.accountId === accountId);
    return account ? structuredClone(account) : undefined;
  }

  async add(account: StoredAccount): Promise<void> {
    const valid = storedAccountSchema.parse(account);
    await this.mutate((accounts) => {
      if (accounts.some((each) => each.accountId === valid.accountId)) {
        throw new Error(`account ${valid.accountId} already exists`);
      }
      return { accounts: [...accounts, valid], result: undefined };
    });
  }

  async update(accountId: string, patch: StoredAccountPatch): Promise<StoredAccount> {
    return this.mutate((accounts) => {
      const index = accounts.findIndex((each) => each.accountId === accountId);
      const current = accounts[index];
      if (!current) throw new Error(`no account ${accountId}`);
      const next = storedAccountSchema.parse({ ...current, ...patch, updatedAt: this.now() });
      const changed = [...accounts];
      changed[index] = next;
      return { accounts: changed, result: structuredClone(next) };
    });
  }

  /** True when the account was there. */
  async remove(accountId: string): Promise<boolean> {
    return this.mutate((accounts) => {
      const kept = accounts.filter((each) => each.accountId !== accountId);
      return { accounts: kept, result: kept.length !== accounts.length };
    });
  }

  /**
   * Changes run one at a time, each on the list the previous one left: the
   * new list is written, and only once it is on disk does it become current.
   */
  private mutate<T>(
    change: (accounts: StoredAccount[]) => { accounts: StoredAccount[]; result: T },
  ): Promise<T> {
    const run = this.writing.then(async () => {
      if (this.readOnly) throw new AccountStoreReadOnlyError(this.path);
      const { accounts, result } = change(this.accounts);
      if (accounts !== this.accounts) {
        await this.write(accounts);
        this.accounts = accounts;
      }
      return result;
    });
    this.writing = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private async write(accounts: StoredAccount[]): Promise<void> {
    await writeFileAtomic(
      this.path,
      `${JSON.stringify({ version: ACCOUNTS_FILE_VERSION, accounts }, null, 2)}\n`,
    );
  }

  /** Temp files of a write that never reached its rename (a crash): never the real settings. */
  private async removeStaleTempFiles(): Promise<void> {
    const prefix = basename(tempPrefix(this.path));
    const names = await readdir(dirname(this.path)).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((name) => name.startsWith(prefix))
        .map((name) => rm(join(dirname(this.path), name), { force: true })),
    );
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      // Unreadable (permissions, I/O): never overwrite what could not be read.
      this.readOnly = true;
      this.problemList.push({
        message: `${this.path} could not be read (${err instanceof Error ? err.message : String(err)}). No accounts were loaded and the file is left untouched; fix its permissions and restart.`,
      });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      await this.setAside(`is not valid JSON (${err instanceof Error ? err.message : String(err)})`, []);
      return;
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      await this.setAside(`is not an accounts file (${describeIssue(envelope.error)})`, looseEntries(json));
      return;
    }
    if (envelope.data.version > ACCOUNTS_FILE_VERSION) {
      this.readOnly = true;
      this.problemList.push({
        message: `${this.path} is version ${envelope.data.version}, written by a newer Cancel Blotter (this one reads version ${ACCOUNTS_FILE_VERSION}). Its accounts are not loaded and the file is left untouched; update Cancel Blotter to use them.`,
      });
      return;
    }
    const accounts: StoredAccount[] = [];
    const rejected: string[] = [];
    const seen = new Set<string>();
    for (const [index, raw] of envelope.data.accounts.entries()) {
      const parsed = storedAccountSchema.safeParse(raw);
      const id =
        typeof raw === 'object' && raw !== null && 'accountId' in raw
          ? String(raw.accountId).slice(0, 64)
          : undefined;
      const name = `entry ${index + 1}${id ? ` (${id})` : ''}`;
      if (!parsed.success) {
        rejected.push(`${name}: ${describeIssue(parsed.error)}`);
      } else if (seen.has(parsed.data.accountId)) {
        rejected.push(`${name}: duplicate account id`);
      } else {
        seen.add(parsed.data.accountId);
        accounts.push(parsed.data);
      }
    }
    if (rejected.length > 0) {
      const backupPath = `${this.path}.invalid-${stamp(this.now())}`;
      await copyFile(this.path, backupPath);
      this.problemList.push({
        message: `${rejected.length} account ${rejected.length === 1 ? 'entry' : 'entries'} in ${this.path} could not be read and ${rejected.length === 1 ? 'was' : 'were'} not loaded: ${rejected.join('; ')}. The original file was copied to ${backupPath}. Their keys stay in the OS keychain: add the accounts again (or fix the file) to use them.`,
        backupPath,
      });
      this.orphanList = recoverOrphans(envelope.data.accounts, { source: 'invalid', backupPath }, accounts);
      await this.write(accounts);
      this.accounts = accounts;
      return;
    }
    this.accounts = accounts;
  }

  /** `entries`: what the file seems to hold, to recover orphaned keys from once it is aside. */
  private async setAside(reason: string, entries: unknown[]): Promise<void> {
    const backupPath = `${this.path}.corrupt-${stamp(this.now())}`;
    try {
      await rename(this.path, backupPath);
    } catch (err) {
      this.readOnly = true;
      this.problemList.push({
        message: `${this.path} ${reason}, and it could not be moved aside (${err instanceof Error ? err.message : String(err)}). No accounts were loaded and the file is left untouched.`,
      });
      return;
    }
    this.problemList.push({
      message: `${this.path} ${reason}. It was moved to ${backupPath} and no accounts were loaded. Their keys stay in the OS keychain: add the accounts again, or repair the backup and put it back while Cancel Blotter is closed.`,
      backupPath,
    });
    this.orphanList = recoverOrphans(entries, { source: 'corrupt', backupPath }, []);
  }
}
