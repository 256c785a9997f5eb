/**
 * Audit-first on the real file log: the intent's line is in the audit file
 * before the adapter is asked to cancel (read from the file at that moment,
 * not from memory), and on the disk once the log is flushed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';
import type { CancelOutcome, CancelTarget } from '../../main/core/venue.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';
import { waitFor } from '../support/wait-for.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every line of the day's audit file, parsed, as it is on disk now. */
function linesOnDisk(dir: string): Record<string, unknown>[] {
  const folder = join(dir, 'audit');
  const files = readdirSync(folder);
  if (files.length === 0) return [];
  return readFileSync(join(folder, files[0] as string), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** An adapter that, when asked to cancel, reads the audit file first and keeps what it saw. */
class DiskReadingAdapter extends FakeAdapter {
  seenOnDisk: Record<string, unknown>[][] = [];
  private readonly dir: string;
  constructor(dir: string) {
    super('acct');
    this.dir = dir;
  }
  override cancelOrders(targets: CancelTarget[]): Promise<CancelOutcome[]> {
    this.seenOnDisk.push(linesOnDisk(this.dir));
    return super.cancelOrders(targets);
  }
}

async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'audit-first-'));
  const audit = new FileAuditLog(dir, (err) => {
    throw err;
  });
  const service = new BlotterService({ mode: 'demo', audit, logger: silentLogger, random: () => 0.5 });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => service.stop());
  const adapter = new DiskReadingAdapter(dir);
  for (const id of ['1', '2']) adapter.open.set(id, venueOrder(id));
  await service.addAccount({ adapter, label: 'test', demo: true });
  return { dir, service, adapter };
}

describe('audit-first', () => {
  it('the intent line is in the audit file before the adapter is asked to cancel', async () => {
    const { service, adapter } = await start();
    const ack = service.cancel({ keys: ['acct:1'], source: 'hotkey' });
    await waitFor(() => adapter.calls.length === 1, 2000, 'the cancel reached the adapter');
    const intents = (adapter.seenOnDisk[0] ?? []).filter((line) => line.type === 'intent');
    expect(intents).toEqual([
      expect.objectContaining({ intentId: ack.intentId, keys: ['acct:1'], source: 'hotkey' }),
    ]);
  });

  it('the intent is written in the cancel call itself, with no wait for a later turn', async () => {
    const { dir, service } = await start();
    const ack = service.cancel({ keys: ['acct:2'], source: 'click' });
    expect(linesOnDisk(dir).filter((line) => line.intentId === ack.intentId)).toHaveLength(1);
  });
});
