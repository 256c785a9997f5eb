/**
 * Protection policies, persisted per account in `<data dir>/protection.json`
 * (`{"version": 1, "policies": {"<accountId>": {...}}}`), validated with the contract's schema on load
 * and written atomically (temp file, fsync, rename) like accounts.json. A separate file rather than a
 * field of accounts.json: the demo accounts (`demo-<venue>`) are not in accounts.json, and a policy is the
 * app's behaviour, not a venue setting. An entry that fails validation is dropped with a warning (its
 * account falls back to every guard off); a file that is not JSON is set aside, never overwritten blind.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type ProtectionPolicy, protectionPolicySchema } from '../../../preload/contract.ts';
import { ApiFailure } from '../api-failure.ts';
import { writeFileAtomic } from '../durable-file.ts';
import type { Logger } from '../log.ts';
import { defaultPolicy } from './policy.ts';

export const PROTECTION_FILE = 'protection.json';
export const PROTECTION_FILE_VERSION = 1;

const envelopeSchema = z.object({
  version: z.number().int().positive(),
  policies: z.record(z.string(), z.unknown()),
});

export interface PolicyStore {
  /** The account's policy; every guard off when none was saved. */
  get(accountId: string): ProtectionPolicy;
  set(accountId: string, policy: ProtectionPolicy): Promise<void>;
}

/** Policies for this run only (tests, and where no data directory is given). */
export class MemoryPolicyStore implements PolicyStore {
  private readonly policies = new Map<string, ProtectionPolicy>();
  get(accountId: string): ProtectionPolicy {
    const policy = this.policies.get(accountId);
    return policy ? structuredClone(policy) : defaultPolicy();
  }
  async set(accountId: string, policy: ProtectionPolicy): Promise<void> {
    this.policies.set(accountId, structuredClone(policy));
  }
}

export class FilePolicyStore implements PolicyStore {
  readonly path: string;
  private policies: Record<string, ProtectionPolicy> = {};
  private writing: Promise<void> = Promise.resolve();
  /** A file this build does not understand (newer version, unreadable) is never overwritten. */
  private readOnly = false;

  private constructor(path: string) {
    this.path = path;
  }

  static async open(dataDir: string, logger: Logger): Promise<FilePolicyStore> {
    await mkdir(dataDir, { recursive: true });
    const store = new FilePolicyStore(join(dataDir, PROTECTION_FILE));
    await store.load(logger);
    return store;
  }

  get(accountId: string): ProtectionPolicy {
    const policy = Object.hasOwn(this.policies, accountId) ? this.policies[accountId] : undefined;
    return policy ? structuredClone(policy) : defaultPolicy();
  }

  /** Writes one at a time; the policy is current once it is on disk. */
  set(accountId: string, policy: ProtectionPolicy): Promise<void> {
    const valid = protectionPolicySchema.parse(policy);
    if (this.readOnly) {
      return Promise.reject(
        new ApiFailure(
          'unavailable',
          `${this.path} was written by a newer Cancel Blotter or could not be read; protection policies cannot be changed until it is resolved`,
        ),
      );
    }
    const run = this.writing.then(async () => {
      const next = { ...this.policies, [accountId]: valid };
      await this.write(next);
      this.policies = next;
    });
    this.writing = run.catch(() => {});
    return run;
  }

  private async write(policies: Record<string, ProtectionPolicy>): Promise<void> {
    await writeFileAtomic(
      this.path,
      `${JSON.stringify({ version: PROTECTION_FILE_VERSION, policies }, null, 2)}\n`,
    );
  }

  private async load(logger: Logger): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.readOnly = true;
      logger.error('protection policies could not be read; every guard is off', {
        error: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const aside = `${this.path}.corrupt-${Date.now()}`;
      await rename(this.path, aside).catch(() => {});
      logger.error('protection policies were not valid JSON; the file was set aside and every guard is off', {
        backupPath: aside,
      });
      return;
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success || envelope.data.version > PROTECTION_FILE_VERSION) {
      this.readOnly = true;
      logger.error('protection policies file not understood; every guard is off', {
        version: envelope.success ? envelope.data.version : undefined,
      });
      return;
    }
    for (const [accountId, raw] of Object.entries(envelope.data.policies)) {
      const parsed = protectionPolicySchema.safeParse(raw);
      if (parsed.success) this.policies[accountId] = parsed.data;
      else
        logger.warn('protection policy of an account not understood; its guards are off', {
          accountId: accountId.slice(0, 64),
          issue: parsed.error.issues[0]?.path.join('.') ?? 'entry',
        });
    }
  }
}
