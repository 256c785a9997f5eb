/**
 * Benchmark 1 — render under load. A book of N orders in Chromium through the
 * browser host while synthetic venues push `rate` order updates per second
 * for `seconds` through the real service, coalescer and WebSocket. Meanwhile
 * the page scrolls the grid every frame and the "trader" presses j/k every
 * 100 ms. Measured in the page: long tasks (> 50 ms), frame time (rAF
 * deltas), input delay (keydown dispatch − hardware timestamp, and Event
 * Timing's processingStart − startTime).
 */
import { launchBrowser, openApp } from './lib/browser.ts';
import { startBenchHost } from './lib/child.ts';
import { type FrameMetrics, startProbe, stopProbe } from './lib/page-probe.ts';
import { round } from './lib/stats.ts';

export interface RenderParams {
  orders: number;
  rate: number;
  seconds: number;
  /** Rows the page scrolls every frame (back and forth over the book); default 3. */
  scrollRowsPerFrame?: number;
}

export interface RenderMetrics extends FrameMetrics {
  updatesSent: number;
  updatesPerSecond: number;
  rowsShownAtEnd: number;
}

export async function benchRender(
  params: RenderParams,
): Promise<{ params: RenderParams; metrics: RenderMetrics }> {
  const host = await startBenchHost(params.orders);
  const browser = await launchBrowser();
  try {
    const page = await openApp(browser, String(host.first.url));
    await page
      .locator(`[data-testid="shown-count"][data-shown="${params.orders}"]`)
      .waitFor({ timeout: 60_000 });
    await page.keyboard.press('j');

    await startProbe(page, '[data-testid="order-grid"]', params.scrollRowsPerFrame ?? 3);

    const load = host.request(
      { cmd: 'load', rate: params.rate, seconds: params.seconds },
      'load-done',
      (params.seconds + 60) * 1000,
    );
    let loading = true;
    void load.finally(() => {
      loading = false;
    });
    let presses = 0;
    while (loading) {
      await page.keyboard.press(presses % 10 < 5 ? 'j' : 'k');
      presses++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const done = await load;
    // Let the last coalesced updates land before stopping the clocks.
    await page.waitForTimeout(300);
    const frames = await stopProbe(page);
    const shown = await page.getByTestId('shown-count').getAttribute('data-shown');
    const sent = Number(done.sent);
    const metrics: RenderMetrics = {
      ...frames,
      updatesSent: sent,
      updatesPerSecond: round(sent / (Number(done.elapsedMs) / 1000), 0),
      rowsShownAtEnd: Number(shown ?? 0),
    };
    return { params, metrics };
  } finally {
    await browser.close();
    await host.stop();
  }
}
