/**
 * Venue credentials in the OS keychain: one item per account, named
 * `<venue>/<accountId>` under the app's service name, holding the JSON of
 * that venue's credential object.
 *
 * Credentials are read on demand, handed straight to the venue adapter and
 * never kept here; nothing this class returns or throws contains a secret,
 * so its results and errors may go to logs and to the renderer.
 */
import { z } from 'zod';
import { explainKeychainError, type KeychainBackend, KeychainError } from './keychain.ts';

export type Credentials = Record<string, string>;

const credentialsSchema = z.record(z.string(), z.string());

/** There is no keychain item for an account that should have one. */
export class SecretMissingError extends Error {
  readonly item: string;
  constructor(item: string) {
    super(
      `no keychain item "${item}": the account's keys are missing from the OS keychain; remove the account and add it again`,
    );
    this.name = 'SecretMissingError';
    this.item = item;
  }
}

/** Whether the keychain answered the last time it was used. */
export interface KeychainHealth {
  available: boolean | null;
  message?: string;
}

export class SecretStore {
  readonly service: string;
  private readonly backend: KeychainBackend;
  private healthValue: KeychainHealth = { available: null };

  constructor(service: string, backend: KeychainBackend) {
    this.service = service;
    this.backend = backend;
  }

  static itemName(venue: string, accountId: string): string {
    return `${venue}/${accountId}`;
  }

  get health(): KeychainHealth {
    return { ...this.healthValue };
  }

  /** Where the secrets live, in words for the UI. */
  describe(): string {
    const where =
      process.platform === 'darwin'
        ? 'macOS Keychain (login keychain)'
        : process.platform === 'win32'
          ? 'Windows Credential Manager'
          : 'Secret Service (GNOME Keyring, KWallet or KeePassXC)';
    return `${where}: service "${this.service}", one item per account named <venue>/<accountId>`;
  }

  /** Creates or replaces the account's item. */
  async save(venue: string, accountId: string, credentials: Credentials): Promise<void> {
    const value = JSON.stringify(credentialsSchema.parse(credentials));
    await this.call(() => this.backend.set(SecretStore.itemName(venue, accountId), value));
  }

  /** A fresh copy of the account's credentials; throws SecretMissingError when the item is gone. */
  async read(venue: string, accountId: string): Promise<Credentials> {
    const item = SecretStore.itemName(venue, accountId);
    const raw = await this.call(() => this.backend.get(item));
    if (raw === null) throw new SecretMissingError(item);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const result = credentialsSchema.safeParse(parsed);
    // Say what is wrong without quoting the value.
    if (!result.success) throw new Error(`keychain item "${item}" does not hold a credential object`);
    return result.data;
  }

  /** True when an item was deleted, false when there was none. */
  async delete(venue: string, accountId: string): Promise<boolean> {
    return this.call(() => this.backend.delete(SecretStore.itemName(venue, accountId)));
  }

  /** Asks the keychain for an item that does not exist: tells whether it is reachable and unlocked. */
  async probe(): Promise<KeychainHealth> {
    try {
      await this.call(() => this.backend.get('probe/availability'));
    } catch {
      // recorded in health
    }
    return this.health;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const value = await operation();
      this.healthValue = { available: true };
      return value;
    } catch (err) {
      const explained = explainKeychainError(err);
      this.healthValue = { available: false, message: explained.message };
      throw explained;
    }
  }
}

export { KeychainError };
