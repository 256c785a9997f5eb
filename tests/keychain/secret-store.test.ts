/**
 * SecretStore against a real Secret Service (gnome-keyring on a private
 * D-Bus session, see with-keyring.sh): round trip, update, delete, the item
 * layout other tools see, and a locked keyring.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { findCredentials } from '@napi-rs/keyring';
import { describe, expect, it } from 'vitest';
import { KeychainError, keyringBackend } from '../../main/secrets/keychain.ts';
import { SecretMissingError, SecretStore } from '../../main/secrets/secret-store.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function store(): SecretStore {
  const service = `xyz.cancel-blotter.test-${randomBytes(4).toString('hex')}`;
  return new SecretStore(service, keyringBackend(service));
}

/** What `secret-tool` (libsecret, as any other client) finds for an item. */
function lookup(service: string, item: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'username', item], {
      encoding: 'utf8',
    });
  } catch {
    return null;
  }
}

describe('SecretStore on the Secret Service', () => {
  it('round-trips a credential object', async () => {
    const secrets = store();
    const credentials = { apiKey: 'rt-key-0001', apiSecret: `rt-secret-${randomBytes(12).toString('hex')}` };
    await secrets.save('rails', 'rails-00000001', credentials);
    expect(await secrets.read('rails', 'rails-00000001')).toEqual(credentials);
    expect(secrets.health).toEqual({ available: true });
  });

  it('stores one item per account: service = app id, account = <venue>/<accountId>, value = the JSON', async () => {
    const secrets = store();
    await secrets.save('rails', 'rails-0000000a', { apiKey: 'a', apiSecret: 'sa' });
    await secrets.save('oxfun', 'oxfun-0000000b', { apiKey: 'b', apiSecret: 'sb' });
    const items = findCredentials(secrets.service)
      .map((credential) => credential.account)
      .sort();
    expect(items).toEqual(['oxfun/oxfun-0000000b', 'rails/rails-0000000a']);
    expect(JSON.parse(lookup(secrets.service, 'rails/rails-0000000a') ?? 'null')).toEqual({
      apiKey: 'a',
      apiSecret: 'sa',
    });
  });

  it('updates in place: saving again replaces the value, still one item', async () => {
    const secrets = store();
    await secrets.save('rails', 'rails-00000002', { apiKey: 'k', apiSecret: 'old-secret' });
    await secrets.save('rails', 'rails-00000002', { apiKey: 'k', apiSecret: 'new-secret' });
    expect(await secrets.read('rails', 'rails-00000002')).toEqual({ apiKey: 'k', apiSecret: 'new-secret' });
    expect(findCredentials(secrets.service)).toHaveLength(1);
  });

  it('deletes: the item is gone for every client, a second delete says so', async () => {
    const secrets = store();
    await secrets.save('rails', 'rails-00000003', { apiKey: 'k', apiSecret: 's' });
    expect(await secrets.delete('rails', 'rails-00000003')).toBe(true);
    expect(await secrets.delete('rails', 'rails-00000003')).toBe(false);
    await expect(secrets.read('rails', 'rails-00000003')).rejects.toBeInstanceOf(SecretMissingError);
    expect(lookup(secrets.service, 'rails/rails-00000003')).toBeNull();
    expect(findCredentials(secrets.service)).toEqual([]);
  });

  it('keeps services apart', async () => {
    const a = store();
    const b = store();
    await a.save('rails', 'rails-00000004', { apiKey: 'k', apiSecret: 'only-in-a' });
    await expect(b.read('rails', 'rails-00000004')).rejects.toBeInstanceOf(SecretMissingError);
  });

  it('a locked keyring gives the "locked" explanation, never a fallback', () => {
    // Its own private keyring (the outer branch of with-keyring.sh), so locking it disturbs no other test.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.BLOTTER_KEYRING_INNER;
    delete env.DISPLAY;
    const child = spawnSync(
      'tests/keychain/with-keyring.sh',
      [process.execPath, 'tests/keychain/locked-child.ts'],
      {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const outcome = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as {
      read: { name: string; problem: string; message: string };
      save: { name: string; problem: string; message: string };
    };
    for (const result of [outcome.read, outcome.save]) {
      expect(result.name).toBe(KeychainError.name);
      expect(result.problem).toBe('locked');
      expect(result.message).toMatch(/The OS keychain is locked\. Unlock the "login" keyring/);
    }
  });
});
