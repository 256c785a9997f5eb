/**
 * Child process for the "no keychain" test: the real runtime and the real
 * keyring backend, started by the test with a D-Bus address that leads
 * nowhere. Prints one JSON line with what the API answered.
 *   node tests/support/no-keychain-child.ts <dataDir> <secret>
 */
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { silentLogger } from '../../main/core/log.ts';
import { startRuntime } from '../../main/runtime.ts';

const [dataDir, secret] = process.argv.slice(2);
if (!dataDir || !secret) throw new Error('usage: no-keychain-child.ts <dataDir> <secret>');

const runtime = await startRuntime({ dataDir, logger: silentLogger, activityIntervalMs: 0, totalOrders: 5 });
const dispatch = createDispatcher(runtime.service, silentLogger, runtime.accounts);
const list = await dispatch('accountsList', undefined);
const add = await dispatch('accountsAdd', {
  venue: 'rails',
  label: 'No keychain',
  environment: 'production',
  credentials: { apiKey: 'key-0123456789', apiSecret: secret },
});
const after = await dispatch('accountsList', undefined);
await runtime.stop();
process.stdout.write(`${JSON.stringify({ list, add, after })}\n`);
