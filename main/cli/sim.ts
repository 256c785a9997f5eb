/**
 * Runs one venue simulator alone on loopback:
 *   npm run sim -- <venue> [--port N] [--seed N] [--orders N]
 * When ready it prints exactly one JSON line on stdout: venue, base URLs and
 * the demo credentials it accepts. Logs go to stderr.
 */
import { seededRandom } from '../core/random.ts';
import { seedOrders } from '../demo/activity.ts';
import { VENUE_MODULES, venueModule } from '../venues/registry.ts';
import { readIntFlag } from './args.ts';

async function main(args: string[]): Promise<void> {
  const name = args[0];
  const venue = name ? venueModule(name) : undefined;
  if (!venue) {
    const known = VENUE_MODULES.map((module) => module.id).join(', ');
    throw new Error(`usage: npm run sim -- <venue> [--port N] [--seed N] [--orders N]; venues: ${known}`);
  }
  const seed = readIntFlag(args, 'seed', 1);
  const simulator = venue.createSimulator({ seed });
  const ready = await simulator.start(readIntFlag(args, 'port', 0));
  seedOrders(seededRandom(seed), { simulator, markets: venue.demoMarkets }, readIntFlag(args, 'orders', 20));
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = () => {
    void simulator.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
