/**
 * Child of the "locked keyring" test, run in its own private keyring: stores
 * an item, locks the login collection over D-Bus, then reads and writes.
 * Prints one JSON line with the errors.
 */
import { execFileSync } from 'node:child_process';
import { keyringBackend } from '../../main/secrets/keychain.ts';
import { SecretStore } from '../../main/secrets/secret-store.ts';

const secrets = new SecretStore(
  'xyz.cancel-blotter.test-locked',
  keyringBackend('xyz.cancel-blotter.test-locked'),
);
await secrets.save('rails', 'rails-00000001', { apiKey: 'k', apiSecret: 's' });
execFileSync('dbus-send', [
  '--session',
  '--dest=org.freedesktop.secrets',
  '--print-reply',
  '/org/freedesktop/secrets',
  'org.freedesktop.Secret.Service.Lock',
  'array:objpath:/org/freedesktop/secrets/collection/login',
]);

function describe(err: unknown): Record<string, unknown> {
  const error = err as { name?: string; problem?: string; message?: string };
  return { name: error.name, problem: error.problem, message: error.message };
}

const read = await secrets.read('rails', 'rails-00000001').then(() => ({ name: 'no error' }), describe);
const save = await secrets
  .save('rails', 'rails-00000001', { apiKey: 'k', apiSecret: 't' })
  .then(() => ({ name: 'no error' }), describe);
process.stdout.write(`${JSON.stringify({ read, save })}\n`);
