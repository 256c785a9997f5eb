import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { MemoryAuditLog } from '../../main/core/audit-log.ts';
import { BlotterService } from '../../main/core/blotter-service.ts';
import { silentLogger } from '../../main/core/log.ts';

const service = new BlotterService({ mode: 'demo', audit: new MemoryAuditLog(), logger: silentLogger });
const dispatch = createDispatcher(service, silentLogger);

describe('IPC dispatcher', () => {
  it('answers a valid request with ok', async () => {
    const result = await dispatch('snapshot', undefined);
    expect(result).toMatchObject({ ok: true, value: { mode: 'demo', orders: [] } });
  });
  it.each([
    ['cancel', { keys: [], source: 'click' }],
    ['cancel', { keys: ['a:1'], source: 'telepathy' }],
    ['cancel', { keys: ['a:1'], source: 'click', extra: true }],
    ['cancel', null],
    ['previewCancel', { venues: ['nasdaq'] }],
    ['cancelScope', { scope: { side: 'both' }, source: 'scope' }],
    // Only main's protection guard cancels as `guard`: a window cannot pass its cancel off as the guard's.
    ['cancelScope', { scope: {}, source: 'guard' }],
    ['cancel', { keys: ['a:1'], source: 'guard' }],
  ])('rejects an invalid %s payload with a typed error, never a throw', async (method, payload) => {
    const result = await dispatch(method, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_request');
  });
  it('rejects an unknown method', async () => {
    const result = await dispatch('deleteEverything', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
  it('reports unknown keys instead of failing', async () => {
    const result = await dispatch('cancel', { keys: ['nope:1'], source: 'click' });
    expect(result).toMatchObject({ ok: true, value: { unknownKeys: ['nope:1'] } });
  });
});
