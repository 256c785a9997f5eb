import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryAuditLog } from '../../../../main/core/audit-log.ts';
import { BlotterService } from '../../../../main/core/blotter-service.ts';
import { silentLogger } from '../../../../main/core/log.ts';
import type { BlotterUpdate } from '../../../../preload/contract.ts';
import { applySnapshot, applyUpdates } from '../../../../renderer/book/book.ts';
import { FakeAdapter, venueOrder } from '../../../support/fake-adapter.ts';

let service: BlotterService;

beforeEach(() => {
  vi.useFakeTimers();
  service = new BlotterService({ mode: 'demo', audit: new MemoryAuditLog(), logger: silentLogger });
});
afterEach(async () => {
  await service.stop();
  vi.useRealTimers();
});

describe('updates from main to the renderer', () => {
  it('a connection change that touches no order still reaches the renderer after a snapshot', async () => {
    const adapter = new FakeAdapter('acct');
    adapter.open.set('1', venueOrder('1'));
    await service.addAccount({ adapter, label: 'test', demo: true });
    await vi.advanceTimersByTimeAsync(50);
    const updates: BlotterUpdate[] = [];
    service.subscribe((update) => updates.push(update));
    const snapshot = service.snapshot();

    adapter.events?.connection('reconnecting', 'socket closed');
    await vi.advanceTimersByTimeAsync(50);
    adapter.events?.connection('connected');
    await vi.advanceTimersByTimeAsync(50);

    const versions = updates.map((update) => update.version);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions.every((version, i) => version > (versions[i - 1] ?? snapshot.version))).toBe(true);
    const book = applyUpdates(applySnapshot(snapshot, 0), updates, 0);
    expect(book.accounts.find((account) => account.accountId === 'acct')?.connection).toBe('connected');
  });
});
