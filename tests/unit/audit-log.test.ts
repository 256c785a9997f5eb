import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileAuditLog } from '../../main/core/audit-log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('file audit log', () => {
  it('appends one JSON line per entry, in order, and keeps earlier lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    dirs.push(dir);
    const first = new FileAuditLog(dir, (err) => {
      throw err;
    });
    first.append({ type: 'intent', intentId: 'i1', keys: ['a:1'], source: 'click' });
    first.append({ type: 'wire_request', accountId: 'a', keys: ['a:1'] });
    await first.close();
    const second = new FileAuditLog(dir, (err) => {
      throw err;
    });
    second.append({ type: 'final', accountId: 'a', keys: ['a:1'], status: 'cancelled' });
    await second.close();
    const files = readdirSync(join(dir, 'audit'));
    expect(files).toHaveLength(1);
    const lines = readFileSync(join(dir, 'audit', files[0] as string), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['intent', 'wire_request', 'final']);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ intentId: 'i1', t: expect.any(Number) });
  });
  it('a torn last line from a crash never swallows the next entry after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    dirs.push(dir);
    const first = new FileAuditLog(dir, (err) => {
      throw err;
    });
    first.append({ type: 'intent', intentId: 'i1', keys: ['a:1'], source: 'click' });
    await first.close();
    const file = join(dir, 'audit', readdirSync(join(dir, 'audit'))[0] as string);
    appendFileSync(file, '{"type":"wire_req'); // the process died mid-write
    const second = new FileAuditLog(dir, (err) => {
      throw err;
    });
    second.append({ type: 'final', accountId: 'a', keys: ['a:1'], status: 'cancelled' });
    await second.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('{"type":"wire_req');
    expect(JSON.parse(lines[2] as string)).toMatchObject({ type: 'final', status: 'cancelled' });
    expect(lines[3]).toBe('');
  });

  it('answers queries by order key from memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    dirs.push(dir);
    const log = new FileAuditLog(dir, () => {});
    log.append({ type: 'intent', intentId: 'i', source: 'click', keys: ['a:1', 'a:2'] });
    log.append({ type: 'final', accountId: 'a', keys: ['a:2'], status: 'cancelled' });
    expect(log.recent({ key: 'a:1' }).map((entry) => entry.type)).toEqual(['intent']);
    expect(log.recent({ key: 'a:2' })).toHaveLength(2);
    return log.close();
  });
});
