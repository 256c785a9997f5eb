/**
 * An in-memory KeychainBackend for tests that are not about the keychain
 * itself (the keychain suite in tests/keychain/ runs against a real Secret
 * Service). It can be told to fail like an unreachable or locked keychain.
 * Test-only: production code has no way to pick anything but the OS keychain.
 */
import type { KeychainBackend } from '../../main/secrets/keychain.ts';

export class MemoryKeychain implements KeychainBackend {
  readonly items = new Map<string, string>();
  /** When set, every call throws an Error with this message (as the native module would). */
  failWith: string | undefined;
  calls = 0;

  async get(account: string): Promise<string | null> {
    this.check();
    return this.items.get(account) ?? null;
  }

  async set(account: string, value: string): Promise<void> {
    this.check();
    this.items.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    this.check();
    return this.items.delete(account);
  }

  private check(): void {
    this.calls += 1;
    if (this.failWith) throw new Error(this.failWith);
  }
}

/** What the native module says without a D-Bus session (Linux). */
export const NO_DBUS_ERROR =
  'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead';
/** What it says when the login keyring is locked and the unlock prompt cannot be shown. */
export const LOCKED_ERROR = "Couldn't access platform storage: Secret Service: unlock prompt was dismissed";
