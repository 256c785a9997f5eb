import { describe, expect, it } from 'vitest';
import { API_METHODS, buildRequestApi, REQUEST_METHODS } from '../../preload/api-methods.ts';
import { type RequestApi, requestSchemas } from '../../preload/contract.ts';

describe('the IPC surface, declared once', () => {
  it('every method has a schema, and a built API routes each path to its method with the payload', async () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...REQUEST_METHODS].sort());
    const calls: [string, unknown][] = [];
    const api = buildRequestApi<RequestApi>(async (method, payload) => {
      calls.push([method, payload]);
      return { ok: true, value: method };
    });
    await api.accounts.add({ venue: 'rails', label: 'x', environment: 'production', credentials: {} });
    await api.audit.export({ format: 'csv' } as never);
    await api.snapshot();
    expect(calls.map(([method]) => method)).toEqual(['accountsAdd', 'auditExport', 'snapshot']);
    expect(calls[0]?.[1]).toMatchObject({ label: 'x' });
    // Every method is reachable at its path.
    for (const method of REQUEST_METHODS) {
      let target: unknown = api;
      for (const part of API_METHODS[method].path.split('.'))
        target = (target as Record<string, unknown>)[part];
      expect(typeof target, method).toBe('function');
    }
  });

  it('only requests that change nothing in main may time out', () => {
    const timed = REQUEST_METHODS.filter((method) => !API_METHODS[method].mutates).sort();
    expect(timed).toEqual([
      'accountsList',
      'auditExport',
      'auditQuery',
      'health',
      'previewCancel',
      'protectionGet',
      'snapshot',
    ]);
  });
});
