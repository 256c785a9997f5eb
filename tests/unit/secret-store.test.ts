import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainKeychainError, KeychainError } from '../../main/secrets/keychain.ts';
import { SecretMissingError, SecretStore } from '../../main/secrets/secret-store.ts';
import type { AccountsState, Result } from '../../preload/contract.ts';
import { LOCKED_ERROR, MemoryKeychain, NO_DBUS_ERROR } from '../support/memory-keychain.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('SecretStore', () => {
  it('keeps one item per account, named <venue>/<accountId>, holding the credential JSON', async () => {
    const keychain = new MemoryKeychain();
    const secrets = new SecretStore('xyz.test', keychain);
    await secrets.save('rails', 'rails-0a0b0c0d', { apiKey: 'k1', apiSecret: 's1' });
    expect([...keychain.items.keys()]).toEqual(['rails/rails-0a0b0c0d']);
    expect(JSON.parse(keychain.items.get('rails/rails-0a0b0c0d')!)).toEqual({
      apiKey: 'k1',
      apiSecret: 's1',
    });
    const first = await secrets.read('rails', 'rails-0a0b0c0d');
    const second = await secrets.read('rails', 'rails-0a0b0c0d');
    expect(first).toEqual({ apiKey: 'k1', apiSecret: 's1' });
    expect(first).not.toBe(second); // a fresh copy per read, nothing cached
    expect(await secrets.delete('rails', 'rails-0a0b0c0d')).toBe(true);
    await expect(secrets.read('rails', 'rails-0a0b0c0d')).rejects.toBeInstanceOf(SecretMissingError);
  });

  it('reports a damaged item without quoting it', async () => {
    const keychain = new MemoryKeychain();
    keychain.items.set('rails/rails-1', 'not json SECRET-VALUE');
    const error = await new SecretStore('xyz.test', keychain)
      .read('rails', 'rails-1')
      .catch((err: Error) => err);
    expect(String(error)).toMatch(/does not hold a credential object/);
    expect(String(error)).not.toContain('SECRET-VALUE');
  });

  it('tracks whether the keychain answered', async () => {
    const keychain = new MemoryKeychain();
    const secrets = new SecretStore('xyz.test', keychain);
    expect(secrets.health).toEqual({ available: null });
    expect(await secrets.probe()).toEqual({ available: true });
    keychain.failWith = LOCKED_ERROR;
    const health = await secrets.probe();
    expect(health.available).toBe(false);
    expect(health.message).toMatch(/locked/);
  });
});

describe('keychain errors say how to fix them', () => {
  it.each([
    [
      NO_DBUS_ERROR,
      'unavailable',
      /no Secret Service answered on D-Bus.*gnome-keyring.*never stored in plain text/,
    ],
    [
      'Platform failure: DBus error: Failed to connect to socket /run/user/1000/bus: No such file or directory',
      'unavailable',
      /D-Bus/,
    ],
    [LOCKED_ERROR, 'locked', /locked.*Unlock the "login" keyring/],
    [
      "Couldn't access platform storage: Secret Service: no result found",
      'unavailable',
      /no default keyring/,
    ],
    ['Something else entirely', 'failed', /refused the operation: Something else entirely/],
  ])('%s', (native, problem, message) => {
    const error = explainKeychainError(new Error(native), 'linux');
    expect(error).toBeInstanceOf(KeychainError);
    expect(error.problem).toBe(problem);
    expect(error.message).toMatch(message);
    expect(error.detail).toBe(native);
  });

  it('names the macOS fix for a locked keychain', () => {
    const error = explainKeychainError(new Error('User interaction is not allowed.'), 'darwin');
    expect(error.problem).toBe('locked');
    expect(error.message).toMatch(/Keychain Access/);
  });
});

describe.runIf(process.platform === 'linux')(
  'without a Secret Service (real keyring module, no D-Bus)',
  () => {
    it('refuses to add an account with a clear message and stores nothing anywhere', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'blotter-nokeychain-'));
      const secret = 'NO-KEYCHAIN-CANARY-5f1d9c';
      try {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/blotter-test-bus',
        };
        delete env.DISPLAY;
        const child = spawnSync(process.execPath, ['tests/support/no-keychain-child.ts', dataDir, secret], {
          cwd: root,
          env,
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(child.status, child.stderr).toBe(0);
        expect(child.stdout + child.stderr).not.toContain(secret);
        const out = JSON.parse(child.stdout) as {
          list: Result<AccountsState>;
          add: Result<unknown>;
          after: Result<AccountsState>;
        };
        expect(out.list.ok && out.list.value.keychain.available).toBe(false);
        expect(out.list.ok && out.list.value.keychain.message).toMatch(/no Secret Service answered on D-Bus/);
        expect(out.add).toMatchObject({ ok: false, error: { code: 'unavailable' } });
        if (!out.add.ok) {
          expect(out.add.error.message).toMatch(/gnome-keyring/);
          expect(out.add.error.message).toMatch(/never stored in plain text/);
          expect(out.add.error.message).toMatch(/The account was not added/);
        }
        expect(out.after.ok && out.after.value.accounts).toEqual([]);
        expect(out.after.ok && out.after.value.mode).toBe('demo');
        // Nothing was written in place of the keychain.
        const settings = join(dataDir, 'accounts.json');
        if (existsSync(settings)) expect(readFileSync(settings, 'utf8')).not.toContain(secret);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  },
);
