/**
 * Smoke render of the blotter to static markup under Node: checks the stable
 * test hooks (data attributes, test ids, accessible names) without a browser.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BlotterApi, Order, Result } from '../../../../preload/contract.ts';
import { App } from '../../../../renderer/app/App.tsx';
import { applySnapshot } from '../../../../renderer/book/book.ts';
import { ServicesContext } from '../../../../renderer/book/context.ts';
import { createBlotterStore } from '../../../../renderer/book/store.ts';
import { createToaster } from '../../../../renderer/book/toasts.ts';

const now = Date.now();

function order(n: number, patch: Partial<Order> = {}): Order {
  return {
    key: `acc-1:${n}`,
    venue: 'oxfun',
    accountId: 'acc-1',
    venueOrderId: String(n),
    market: 'ETH-USD-SWAP-LIN',
    side: n % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    price: '3100.25',
    quantity: '0.500',
    filled: '0',
    remaining: '0.500',
    quote: 'USD',
    contractSize: '1',
    status: 'open',
    createdAt: now - n * 1000,
    updatedAt: now - n * 1000,
    version: 1,
    ...patch,
  };
}

function render(): string {
  const store = createBlotterStore({
    loaded: true,
    bridge: { state: 'connected' },
    book: applySnapshot(
      {
        mode: 'demo',
        version: 1,
        orders: [
          order(1),
          order(2, { status: 'cancelling', cancel: { intentId: 'i', requestedAt: now - 800, attempts: 1 } }),
          order(3, {
            status: 'open',
            cancel: {
              intentId: 'j',
              requestedAt: now - 5000,
              attempts: 3,
              lastError: { code: 'rejected', message: 'maintenance window' },
            },
          }),
          order(4, { status: 'filled', statusReason: 'filled before cancel', updatedAt: now - 100 }),
        ],
        accounts: [
          {
            accountId: 'acc-1',
            venue: 'oxfun',
            label: 'Demo OX',
            demo: true,
            connection: 'reconnecting',
            detail: 'socket closed',
          },
        ],
        intents: [],
      },
      now,
    ),
  });
  const fail = () => Promise.resolve<Result<never>>({ ok: false, error: { code: 'internal', message: 'x' } });
  const api: BlotterApi = {
    snapshot: fail,
    cancel: fail,
    previewCancel: fail,
    cancelScope: fail,
    stopCancel: fail,
    accounts: { list: fail, add: fail, test: fail, remove: fail, setEnabled: fail, forgetOrphan: fail },
    setMode: fail,
    health: fail,
    audit: { query: fail, export: fail },
    onUpdate: () => () => {},
  };
  return renderToStaticMarkup(
    createElement(ServicesContext, { value: { store, api, toaster: createToaster() } }, createElement(App)),
  );
}

describe('blotter markup', () => {
  const html = render();

  it('renders rows with their key and status, newest first', () => {
    const rows = [...html.matchAll(/data-order-key="([^"]+)" data-status="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual([
      ['acc-1:1', 'open'],
      ['acc-1:2', 'cancelling'],
      ['acc-1:3', 'open'],
      ['acc-1:4', 'filled'],
    ]);
    expect(html).toContain('role="grid"');
    expect(html).toContain('aria-rowcount="5"');
  });

  it('labels statuses, in-flight time, reasons and errors', () => {
    expect(html).toMatch(/data-testid="status"[^>]*>cancelling <span class="badge-elapsed">0\.\ds<\/span>/);
    expect(html).toContain('filled before cancel');
    expect(html).toContain('maintenance window');
  });

  it('exposes the header hooks and named controls', () => {
    expect(html).toContain('data-testid="demo-badge"');
    expect(html).toMatch(/data-testid="connection-acc-1" data-state="reconnecting"/);
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*>Open<\/button>/);
    expect(html).toMatch(/<button[^>]*>Recent<\/button>/);
    expect(html).toContain('aria-label="Cancel ETH-USD-SWAP-LIN sell 1"');
    expect(html).toMatch(/aria-disabled="true" aria-label="Cancel ETH-USD-SWAP-LIN buy 2"/);
    expect(html).toMatch(/aria-disabled="false" aria-label="Cancel ETH-USD-SWAP-LIN sell 3"/);
  });
});
