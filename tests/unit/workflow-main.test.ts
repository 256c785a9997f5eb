/**
 * The main-side pieces of the trader workflow: cancel latency medians for the
 * health report, the per-order audit trail, the CSV export, the dispatcher's
 * validation of the new requests and the panic shortcut's configuration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PANIC_ACCELERATOR, resolvePanicConfig } from '../../main/app/panic-config.ts';
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { FileAuditLog, MemoryAuditLog } from '../../main/core/audit-log.ts';
import { csvField, exportAudit, orderTrail, toCsv } from '../../main/core/audit-query.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { median } from '../../main/core/cancel-latency.ts';
import { silentLogger } from '../../main/core/log.ts';
import type { HealthReport, OrderAuditTrail } from '../../preload/contract.ts';
import { FakeAdapter, venueOrder } from '../support/fake-adapter.ts';

describe('cancel latency', () => {
  let service: BlotterService;
  beforeEach(() => {
    vi.useFakeTimers();
    service = new BlotterService({ mode: 'demo', audit: new MemoryAuditLog(), logger: silentLogger });
  });
  afterEach(async () => {
    await service.stop();
    vi.useRealTimers();
  });

  it('takes medians of sent→ack and sent→final per account from the orders cancel timestamps', async () => {
    const adapter = new FakeAdapter('acct', { confirmDeadlineMs: 2500 });
    for (const id of ['1', '2', '3']) adapter.open.set(id, venueOrder(id));
    adapter.respond = async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { kind: 'accepted' };
    };
    await service.addAccount({ adapter, label: 'Test', demo: true });
    let health = service.health();
    expect(health.accounts).toEqual([
      expect.objectContaining({
        accountId: 'acct',
        samples: 0,
        confirmDeadlineMs: 2500,
        connection: 'connected',
      }),
    ]);
    service.cancel({ keys: ['acct:1', 'acct:2', 'acct:3'], source: 'selection' });
    await vi.advanceTimersByTimeAsync(10);
    await vi.advanceTimersByTimeAsync(40);
    adapter.push(venueOrder('1', { status: 'cancelled' }));
    await vi.advanceTimersByTimeAsync(50);
    adapter.push(venueOrder('2', { status: 'cancelled' }));
    await vi.advanceTimersByTimeAsync(100);
    adapter.push(venueOrder('3', { status: 'filled', filled: '2', remaining: '0' }));
    health = service.health();
    const acct = health.accounts[0];
    expect(acct?.samples).toBe(3);
    expect(acct?.ackMedianMs).toBe(10);
    expect(acct?.confirmMedianMs).toBe(100);
  });

  it('median of an even count is the mean of the middle two', () => {
    expect(median([])).toBeUndefined();
    expect(median([5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('audit trail and export', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function sampleLog(audit: { append: MemoryAuditLog['append'] }): void {
    audit.append({ t: 1000, type: 'intent', intentId: 'i1', source: 'hotkey', keys: ['a:1', 'a:2'] });
    audit.append({ t: 1005, type: 'wire_request', accountId: 'a', keys: ['a:1', 'a:2'] });
    audit.append({
      t: 1030,
      type: 'venue_reply',
      accountId: 'a',
      keys: ['a:1', 'a:2'],
      outcomes: [
        { kind: 'accepted' },
        { kind: 'failed', error: { category: 'rejected', code: '=cmd', message: 'closed, "done"' } },
      ],
    });
    audit.append({ t: 1600, type: 'final', accountId: 'a', keys: ['a:1'], status: 'cancelled' });
  }

  it('builds the steps of the latest cancel of one order', () => {
    const audit = new MemoryAuditLog();
    sampleLog(audit);
    const trail: OrderAuditTrail = orderTrail(audit, { key: 'a:1' });
    expect(trail).toMatchObject({
      key: 'a:1',
      intentId: 'i1',
      requestedAt: 1000,
      sentAt: 1005,
      acknowledgedAt: 1030,
      confirmedAt: 1600,
      finalStatus: 'cancelled',
    });
    expect(trail.records.map((r) => r.type)).toEqual(['intent', 'wire_request', 'venue_reply', 'final']);
    expect(trail.records[2]?.detail).toBe('venue accepted the cancel');
    const failed = orderTrail(audit, { key: 'a:2' });
    expect(failed.acknowledgedAt).toBeUndefined();
    expect(failed.confirmedAt).toBeUndefined();
    expect(failed.records[2]?.detail).toContain('failed: rejected =cmd');
    expect(orderTrail(audit, { key: 'zz:9' }).records).toEqual([]);
  });

  it('writes RFC 4180 CSV, one row per entry and order, defusing spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField(undefined)).toBe('');
    const audit = new MemoryAuditLog();
    sampleLog(audit);
    const { csv, rows } = toCsv(audit.recent());
    expect(rows).toBe(7);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'time,time_ms,type,intent_id,source,venue,account_id,account_label,order_key,venue_order_id,market,side,' +
        'order_type,price,quantity,filled,fill_quantity,status,outcome,code,message,placed_at,finished_at',
    );
    expect(lines.filter((line) => line.includes(',a:2,'))).toHaveLength(3);
    expect(csv).toContain(',a:2,2,,,,,,,,,failed,\'=cmd,"closed, ""done""",,');
    expect(toCsv(audit.recent(), 'a:1').rows).toBe(4);
  });

  it('exports from the log files on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    dirs.push(dir);
    const audit = new FileAuditLog(dir, (err) => {
      throw err;
    });
    sampleLog(audit);
    const result = await exportAudit(audit, { key: 'a:1' }, Date.UTC(2025, 0, 2));
    expect(result.filename).toBe('cancel-blotter-audit-2025-01-02-a_1.csv');
    expect(result.rows).toBe(4);
    await audit.close();
  });
});

describe('dispatcher: health and audit requests', () => {
  it('validates payloads and answers Results', async () => {
    const service = new BlotterService({ mode: 'demo', audit: new MemoryAuditLog(), logger: silentLogger });
    const dispatch = createDispatcher(service, silentLogger);
    const health = await dispatch('health', undefined);
    expect(health.ok).toBe(true);
    expect((health as { ok: true; value: HealthReport }).value.accounts).toEqual([]);
    expect((await dispatch('auditQuery', { key: 'a:1' })).ok).toBe(true);
    expect(await dispatch('auditQuery', { key: 'a:1', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await dispatch('auditExport', { days: 400 })).toMatchObject({ ok: false });
    const exported = await dispatch('auditExport', {});
    expect(exported.ok).toBe(true);
    await service.stop();
  });
});

describe('panic shortcut configuration', () => {
  it('defaults to confirm with the default accelerator', () => {
    expect(resolvePanicConfig(undefined, {})).toEqual({
      config: { accelerator: DEFAULT_PANIC_ACCELERATOR, policy: 'confirm' },
      warnings: [],
    });
  });

  it('reads the file, then the environment; off disables; junk is ignored with a warning', () => {
    const file = JSON.stringify({ accelerator: 'CommandOrControl+Shift+F12', policy: 'immediate' });
    expect(resolvePanicConfig(file, {}).config).toEqual({
      accelerator: 'CommandOrControl+Shift+F12',
      policy: 'immediate',
    });
    expect(resolvePanicConfig(file, { BLOTTER_PANIC_SHORTCUT: 'off' }).config.accelerator).toBeNull();
    expect(resolvePanicConfig(file, { BLOTTER_PANIC_POLICY: 'confirm' }).config.policy).toBe('confirm');
    const bad = resolvePanicConfig('{"policy":"sometimes"}', { BLOTTER_PANIC_POLICY: 'yes' });
    expect(bad.config).toEqual({ accelerator: DEFAULT_PANIC_ACCELERATOR, policy: 'confirm' });
    expect(bad.warnings).toHaveLength(2);
    expect(resolvePanicConfig('not json', {}).warnings[0]).toMatch(/not JSON/);
  });
});
