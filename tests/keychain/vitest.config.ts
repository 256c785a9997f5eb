/**
 * The keychain suite: runs against a real Secret Service, so it is started
 * through tests/keychain/run.sh (a private D-Bus session + gnome-keyring),
 * never by the normal unit run.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['tests/keychain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One keychain, one bus: files run one after another.
    fileParallelism: false,
    maxWorkers: 1,
    globalSetup: ['tests/keychain/require-private-keyring.ts'],
  },
});
