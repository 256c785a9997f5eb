/**
 * Benchmark 2 — keypress → row painted `cancelling`. The product's own host
 * (main/cli/host.ts) with its demo venues — real simulators, real adapters,
 * real wire protocols — in Chromium. For each of N orders: focus it (j),
 * press Delete, and time from the keydown's hardware timestamp to
 * - committed: the row's status attribute turning `cancel_requested` in the
 *   DOM (the keydown handler's own render, before the next frame paints);
 * - painted: the start of the next animation frame after that commit, an
 *   upper bound of when the pixels change;
 * - confirmed: main's own `cancel_requested` replacing the pending mark
 *   (one WebSocket round trip through the engine), for comparison.
 */
import type { Page } from '@playwright/test';
import { launchBrowser, openApp } from './lib/browser.ts';
import { startDemoHost } from './lib/child.ts';
import { summarize } from './lib/stats.ts';

export interface KeypressParams {
  cancels: number;
  /** Demo orders seeded over all venues (more than `cancels`). */
  orders: number;
  /** Demo market activity between steps, ms (0 = still book). */
  activityMs: number;
}

export interface KeypressMetrics {
  cancels: number;
  committedP50Ms: number;
  committedP95Ms: number;
  committedMaxMs: number;
  paintedP50Ms: number;
  paintedP95Ms: number;
  paintedMaxMs: number;
  confirmedP50Ms: number;
  confirmedP95Ms: number;
  /** Cancels whose row did not change within 2 s (counted, not timed). */
  missed: number;
}

interface Timing {
  committed: number;
  painted: number;
  confirmed: number;
}

declare global {
  interface Window {
    __armCancel?: () => string | null;
    __cancelResult?: Promise<Timing | null>;
  }
}

/** Installs the in-page probe: arm → press Delete → read the result. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__armCancel = () => {
      const row = document.querySelector<HTMLElement>('[data-order-key][data-focused="true"]');
      const key = row?.dataset.orderKey;
      if (!key) return null;
      let keyAt = 0;
      const onKey = (event: KeyboardEvent) => {
        if (event.key === 'Delete') keyAt = event.timeStamp;
      };
      window.addEventListener('keydown', onKey, { capture: true });
      window.__cancelResult = new Promise((resolve) => {
        let committed = 0;
        let painted = 0;
        let confirmed = 0;
        const finish = (value: Timing | null) => {
          observer.disconnect();
          clearTimeout(timer);
          window.removeEventListener('keydown', onKey, { capture: true });
          resolve(value);
        };
        const settle = () => {
          if (painted > 0 && confirmed > 0) finish({ committed, painted, confirmed });
        };
        const check = () => {
          const current = document.querySelector(`[data-order-key="${CSS.escape(key)}"]`);
          const status = current?.getAttribute('data-status');
          const inFlight = status === 'cancel_requested' || status === 'cancelling' || status === 'cancelled';
          if (keyAt === 0 || !inFlight) return;
          const now = performance.now();
          if (committed === 0) {
            committed = now - keyAt;
            requestAnimationFrame((frameStart) => {
              painted = Math.max(frameStart - keyAt, committed);
              settle();
            });
          }
          if (confirmed === 0 && !current?.hasAttribute('data-pending')) {
            confirmed = now - keyAt;
            settle();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-status', 'data-pending'],
        });
        const timer = setTimeout(() => finish(null), 2000);
      });
      return key;
    };
  });
}

/** Moves focus down until the focused row is an order that can be cancelled. */
async function focusNextOpen(page: Page): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    await page.keyboard.press('j');
    const status = await page.locator('[data-order-key][data-focused="true"]').getAttribute('data-status');
    if (status === 'open' || status === 'partially_filled') return true;
  }
  return false;
}

export async function benchKeypress(
  params: KeypressParams,
): Promise<{ params: KeypressParams; metrics: KeypressMetrics }> {
  const host = await startDemoHost({ orders: params.orders, activityMs: params.activityMs });
  const browser = await launchBrowser();
  try {
    const page = await openApp(browser, String(host.first.url));
    await installProbe(page);
    await page.keyboard.press('j');
    const committed: number[] = [];
    const painted: number[] = [];
    const confirmed: number[] = [];
    let missed = 0;
    for (let i = 0; i < params.cancels; i++) {
      const status = await page.locator('[data-order-key][data-focused="true"]').getAttribute('data-status');
      if (status !== 'open' && status !== 'partially_filled' && !(await focusNextOpen(page))) break;
      const key = await page.evaluate(() => window.__armCancel?.() ?? null);
      if (!key) break;
      await page.keyboard.press('Delete');
      const result = await page.evaluate(() => window.__cancelResult ?? null);
      if (result) {
        committed.push(result.committed);
        painted.push(result.painted);
        confirmed.push(result.confirmed);
      } else missed++;
      await page.keyboard.press('j');
    }
    const c = summarize(committed);
    const p = summarize(painted);
    const r = summarize(confirmed);
    return {
      params,
      metrics: {
        cancels: committed.length,
        committedP50Ms: c.p50,
        committedP95Ms: c.p95,
        committedMaxMs: c.max,
        paintedP50Ms: p.p50,
        paintedP95Ms: p.p95,
        paintedMaxMs: p.max,
        confirmedP50Ms: r.p50,
        confirmedP95Ms: r.p95,
        missed,
      },
    };
  } finally {
    await browser.close();
    await host.stop();
  }
}
