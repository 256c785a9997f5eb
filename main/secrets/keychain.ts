/**
 * The OS keychain through `@napi-rs/keyring`: macOS Keychain, Windows
 * Credential Manager, the Secret Service (GNOME Keyring, KWallet, KeePassXC)
 * on Linux. `@napi-rs/keyring` is the maintained successor of the archived
 * `keytar`: same operations, prebuilt binaries, no install script.
 *
 * On Linux the entry is pinned to the Secret Service. The library's default
 * would fall back to the kernel keyring, which forgets everything at logout
 * or reboot; a keychain that is not there is reported instead (with how to
 * fix it), and nothing ever falls back to a plain-text file.
 *
 * The async entry runs every call on a worker thread, so an unlock prompt
 * never blocks the main process's event loop.
 */
import { AsyncEntry } from '@napi-rs/keyring';

/** The three operations the blotter needs, on items of one service. */
export interface KeychainBackend {
  /** The stored value, or null when there is no such item. */
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when an item was deleted, false when there was none. */
  delete(account: string): Promise<boolean>;
}

export type KeychainProblem = 'unavailable' | 'locked' | 'failed';

/** A keychain failure with an explanation a trader can act on. Never contains a secret. */
export class KeychainError extends Error {
  readonly problem: KeychainProblem;
  /** The platform's own words, for the log. */
  readonly detail: string;
  constructor(problem: KeychainProblem, message: string, detail: string) {
    super(message);
    this.name = 'KeychainError';
    this.problem = problem;
    this.detail = detail;
  }
}

const LINUX_HELP =
  'On Linux the keychain is the Secret Service: run GNOME Keyring (`apt install gnome-keyring`), KWallet or KeePassXC with its Secret Service integration inside your desktop session, so that DBUS_SESSION_BUS_ADDRESS is set.';
const NEVER_PLAINTEXT =
  'Keys are never stored in plain text, so accounts cannot be added or connected until then.';

/** Turns what the platform said into a KeychainError that says how to fix it. */
export function explainKeychainError(
  err: unknown,
  platform: NodeJS.Platform = process.platform,
): KeychainError {
  if (err instanceof KeychainError) return err;
  const detail = (err instanceof Error ? err.message : String(err)).slice(0, 500);
  const text = detail.toLowerCase();
  if (
    text.includes('dbus') ||
    text.includes('d-bus') ||
    text.includes('autolaunch') ||
    text.includes('serviceunknown') ||
    text.includes('failed to connect to socket') ||
    text.includes('no such secret service')
  ) {
    return new KeychainError(
      'unavailable',
      `The OS keychain is not available: no Secret Service answered on D-Bus. ${LINUX_HELP} ${NEVER_PLAINTEXT}`,
      detail,
    );
  }
  if (
    text.includes('locked') ||
    text.includes('prompt') ||
    text.includes('dismissed') ||
    text.includes('interaction is not allowed') ||
    text.includes('user canceled') ||
    text.includes('user cancelled')
  ) {
    const how =
      platform === 'darwin'
        ? 'Unlock it in Keychain Access (or log in again) and allow Cancel Blotter to use it'
        : platform === 'win32'
          ? 'Sign in to Windows again so Credential Manager is available'
          : 'Unlock the "login" keyring (log in to your desktop session, or open Passwords and Keys / Seahorse and unlock it)';
    return new KeychainError('locked', `The OS keychain is locked. ${how}, then try again.`, detail);
  }
  if (text.includes('no result found') || text.includes('no such object') || text.includes('collection')) {
    return new KeychainError(
      'unavailable',
      `The Secret Service has no default keyring. Create one (Passwords and Keys / Seahorse: New → Password keyring, then "Set as default") and try again. ${NEVER_PLAINTEXT}`,
      detail,
    );
  }
  if (text.includes('platform') || text.includes('storage') || text.includes('no storage access')) {
    const where =
      platform === 'darwin'
        ? 'the macOS Keychain'
        : platform === 'win32'
          ? 'Windows Credential Manager'
          : 'the Secret Service';
    return new KeychainError(
      'unavailable',
      `The OS keychain (${where}) could not be reached: ${detail}. ${platform === 'linux' ? `${LINUX_HELP} ` : ''}${NEVER_PLAINTEXT}`,
      detail,
    );
  }
  return new KeychainError('failed', `The OS keychain refused the operation: ${detail}`, detail);
}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw explainKeychainError(err);
  }
}

/** The real keychain: items of `service`, one per account name. */
export function keyringBackend(service: string): KeychainBackend {
  // The constructor itself throws when the pinned store is unreachable, hence inside `guarded`.
  const entry = (account: string) => new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  return {
    get: (account) => guarded(() => entry(account).getPassword()),
    set: (account, value) => guarded(() => entry(account).setPassword(value)),
    delete: (account) => guarded(() => entry(account).deletePassword()),
  };
}
