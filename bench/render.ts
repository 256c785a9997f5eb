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
import { percentile, round } from './lib/stats.ts';

export interface RenderParams {
  orders: number;
  rate: number;
  seconds: number;
  /** Rows the page scrolls every frame (back and forth over the book); default 3. */
  scrollRowsPerFrame?: number;
}

export interface RenderMetrics {
  updatesSent: number;
  updatesPerSecond: number;
  longTasks: number;
  longestTaskMs: number;
  frames: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  /** Share of frames longer than 1.5 × 16.7 ms (a dropped frame at 60 Hz). */
  droppedFramePct: number;
  keypresses: number;
  inputDelayP95Ms: number;
  inputDelayMaxMs: number;
  /** Event Timing: the longest keydown → next paint among events over 16 ms (0 when none was). */
  eventDurationMaxMs: number;
  rowsShownAtEnd: number;
}

interface PageSamples {
  longTasks: number[];
  frames: number[];
  inputDelays: number[];
  eventDelays: number[];
  eventDurations: number[];
}

declare global {
  interface Window {
    __bench?: { samples: PageSamples; stop: () => void };
  }
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

    await page.evaluate((scrollRows: number) => {
      const samples: PageSamples = {
        longTasks: [],
        frames: [],
        inputDelays: [],
        eventDelays: [],
        eventDurations: [],
      };
      const longTasks = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) samples.longTasks.push(entry.duration);
      });
      longTasks.observe({ type: 'longtask' });
      const events = new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceEventTiming[]) {
          if (entry.name !== 'keydown') continue;
          samples.eventDelays.push(entry.processingStart - entry.startTime);
          samples.eventDurations.push(entry.duration);
        }
      });
      events.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
      const onKey = (event: KeyboardEvent) => samples.inputDelays.push(performance.now() - event.timeStamp);
      window.addEventListener('keydown', onKey, { capture: true });
      const grid = document.querySelector<HTMLElement>('[data-testid="order-grid"]');
      let last = performance.now();
      let direction = 1;
      let running = true;
      // The scroll position is kept here and only written: reading scroll metrics after the
      // frame's DOM changes would force an extra synchronous layout that a wheel never causes.
      let position = grid?.scrollTop ?? 0;
      let limit = grid ? grid.scrollHeight - grid.clientHeight : 0;
      let frames = 0;
      const frame = (now: number) => {
        if (!running) return;
        samples.frames.push(now - last);
        last = now;
        if (grid && scrollRows > 0) {
          // Re-read the extent once a second (the book grows and shrinks under load).
          if (++frames % 60 === 0) limit = grid.scrollHeight - grid.clientHeight;
          position += direction * 24 * scrollRows;
          if (position >= limit) {
            position = limit;
            direction = -1;
          } else if (position <= 0) {
            position = 0;
            direction = 1;
          }
          grid.scrollTop = position;
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(frame);
      });
      window.__bench = {
        samples,
        stop: () => {
          running = false;
          longTasks.disconnect();
          events.disconnect();
          window.removeEventListener('keydown', onKey, { capture: true });
        },
      };
    }, params.scrollRowsPerFrame ?? 3);

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
    const samples = await page.evaluate(() => {
      const bench = window.__bench;
      if (!bench) throw new Error('instrumentation missing');
      bench.stop();
      return bench.samples;
    });
    const rowsText = (await page.getByTestId('shown-count').textContent()) ?? '';
    const frames = samples.frames.slice(1);
    const sent = Number(done.sent);
    const metrics: RenderMetrics = {
      updatesSent: sent,
      updatesPerSecond: round(sent / (Number(done.elapsedMs) / 1000), 0),
      longTasks: samples.longTasks.filter((d) => d > 50).length,
      longestTaskMs: round(samples.longTasks.length ? Math.max(...samples.longTasks) : 0),
      frames: frames.length,
      frameP50Ms: round(percentile(frames, 50)),
      frameP95Ms: round(percentile(frames, 95)),
      frameMaxMs: round(frames.length ? Math.max(...frames) : 0),
      droppedFramePct: round((100 * frames.filter((f) => f > 25).length) / Math.max(1, frames.length)),
      keypresses: samples.inputDelays.length,
      inputDelayP95Ms: round(percentile(samples.inputDelays, 95)),
      inputDelayMaxMs: round(Math.max(0, ...samples.inputDelays, ...samples.eventDelays)),
      eventDurationMaxMs: round(Math.max(0, ...samples.eventDurations)),
      rowsShownAtEnd: Number(rowsText.match(/\d+/)?.[0] ?? 0),
    };
    return { params, metrics };
  } finally {
    await browser.close();
    await host.stop();
  }
}
