/**
 * A benchmark host, run as its own process (so its RSS is the blotter's):
 * the real BlotterService, audit log, dispatcher and browser host, fed by
 * synthetic venues instead of simulators so the order count and the update
 * rate are exactly what the benchmark asks for.
 *
 *   node bench/lib/bench-host.ts --orders 10000 [--seed 1] [--renderer-dir out/renderer]
 *
 * Prints {"event":"ready","url":...} and then answers JSON-line commands on stdin:
 *   {"cmd":"load","rate":2000,"seconds":10}  → {"event":"load-done","sent":N,"elapsedMs":T}
 *   {"cmd":"stats"}                          → {"event":"stats","rssBytes":...,"heapUsedBytes":...}
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readFlag, readIntFlag } from '../../main/cli/args.ts';
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { FileAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { createLogger } from '../../main/core/log.ts';
import { seededRandom } from '../../main/core/random.ts';
import { startHost } from '../../main/host/server.ts';
import { VENUE_IDS } from '../../preload/contract.ts';
import { driveLoad, SyntheticAdapter } from './synthetic.ts';

const args = process.argv.slice(2);
const orders = readIntFlag(args, 'orders', 10_000);
const seed = readIntFlag(args, 'seed', 1);
const rendererDir =
  readFlag(args, 'renderer-dir') ?? fileURLToPath(new URL('../../out/renderer', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'blotter-bench-'));
const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
const random = seededRandom(seed);

const audit = new FileAuditLog(dataDir, (err) => logger.error('audit write failed', { error: String(err) }));
const service = new BlotterService({ mode: 'demo', audit, logger });
const perVenue = Math.ceil(orders / VENUE_IDS.length);
const adapters = VENUE_IDS.map(
  (venue, i) =>
    new SyntheticAdapter({
      venue,
      accountId: `bench-${venue}`,
      random: seededRandom(seed * 100 + i),
      orders: Math.max(0, Math.min(perVenue, orders - perVenue * i)),
    }),
);
for (const adapter of adapters) {
  await service.addAccount({ adapter, label: `${adapter.venue} bench`, demo: true });
}
const host = await startHost({
  rendererDir,
  dispatch: createDispatcher(service, logger),
  subscribe: (listener) => service.subscribe(listener),
  logger,
});

const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
const stop = async () => {
  await host.close();
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());

send({ event: 'ready', url: host.url, orders: service.book.all().length });

const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', (line) => {
  let command: { cmd?: string; rate?: number; seconds?: number };
  try {
    command = JSON.parse(line) as typeof command;
  } catch {
    return;
  }
  if (command.cmd === 'load') {
    void driveLoad(adapters, {
      rate: command.rate ?? 2000,
      seconds: command.seconds ?? 10,
      random,
      targetOpen: orders,
    }).then((result) => send({ event: 'load-done', ...result }));
  } else if (command.cmd === 'stats') {
    gc?.();
    const memory = process.memoryUsage();
    send({
      event: 'stats',
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      orders: service.book.all().length,
    });
  } else if (command.cmd === 'stop') {
    void stop();
  }
});
