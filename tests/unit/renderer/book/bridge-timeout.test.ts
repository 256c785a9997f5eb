import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserBridge } from '../../../../renderer/book/bridge/browser.ts';

/** The smallest WebSocket the bridge needs: opens at once, records what it sends, never answers. */
class SilentSocket {
  static readonly OPEN = 1;
  readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(_url: string) {
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {}
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('browser bridge timeouts', () => {
  it('gives up on a slow query, but never reports a cancel or an account change as failed while main may still do it', async () => {
    const bridge = createBrowserBridge({
      location: { hash: '#token=abc', host: '127.0.0.1:1' },
      WebSocketImpl: SilentSocket as unknown as typeof WebSocket,
      requestTimeoutMs: 100,
    });
    await vi.advanceTimersByTimeAsync(1);
    let cancelSettled = false;
    let addSettled = false;
    void bridge.api.cancel({ keys: ['a:1'], source: 'click' }).then(() => {
      cancelSettled = true;
    });
    void bridge.api.accounts
      .add({ venue: 'rails', label: 'x', environment: 'production', credentials: {} })
      .then(() => {
        addSettled = true;
      });
    const snapshot = bridge.api.snapshot();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await snapshot).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(cancelSettled).toBe(false);
    expect(addSettled).toBe(false);
  });
});
