/**
 * One venue simulator in a process of its own, as a venue is: the call →
 * wire bench stamps a request's first byte here, so the work the client
 * process does after its write (reading the answer, its own timers) is not
 * counted as wire time. `process.hrtime` is the system's monotonic clock, the
 * same in both processes.
 *
 *   node bench/lib/wire-sim-host.ts --venue btcturk --orders 240 --scale 50
 *
 * stdout: one JSON line per event — first `{"event":"ready",…}` (the
 * simulator's URLs and credentials), then `{"event":"armed","id":…}` for each
 * `{"cmd":"arm","id":…,"needle":"…"}` read on stdin, and
 * `{"event":"arrival","id":…,"at":"<hrtime ns>"}` when that request arrives.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { readFlag, readIntFlag } from '../../main/cli/args.ts';
import { seededRandom } from '../../main/core/random.ts';
import { randomOrder } from '../../main/demo/activity.ts';
import { venueModule } from '../../main/venues/registry.ts';
import { openWireTap } from './wire-tap.ts';

const armCommand = z.object({ cmd: z.literal('arm'), id: z.number().int(), needle: z.string().min(1) });

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const args = process.argv.slice(2);
const venue = venueModule(readFlag(args, 'venue') ?? '');
if (!venue) throw new Error('wire-sim-host: --venue <id> required');
const simulator = venue.createSimulator({
  seed: readIntFlag(args, 'seed', 3),
  faults: { latencyMs: 0, confirmDelayMs: 0, rateLimitScale: readIntFlag(args, 'scale', 1) },
});
const tap = openWireTap();
const ready = await simulator.start();
const ports = new Set(Object.values(ready.urls).map((url) => Number(new URL(url).port)));
const random = seededRandom(17);
for (let i = 0; i < readIntFlag(args, 'orders', 10); i++) {
  simulator.placeOrder(randomOrder(random, random.pick(venue.demoMarkets)));
}
send({ event: 'ready', ready });

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = armCommand.safeParse(JSON.parse(line));
  if (!command.success) return;
  const { id, needle } = command.data;
  void tap.arrival(ports, needle).then((at) => send({ event: 'arrival', id, at: String(at) }));
  send({ event: 'armed', id });
});

const stop = () => {
  tap.close();
  void simulator.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.once('end', stop);
