/**
 * Benchmark 4 — memory at N open orders: the main process's resident set
 * (the bench host: service, book, audit log, browser host — plus its
 * synthetic venues' own copy of the orders, so an upper bound) after a GC,
 * and the renderer's JS heap in Chromium after a GC, with the book loaded
 * and the grid showing it.
 */
import { launchBrowser, openApp } from './lib/browser.ts';
import { startBenchHost } from './lib/child.ts';
import { MB, round } from './lib/stats.ts';

export interface MemoryParams {
  orderCounts: number[];
}

export interface MemoryPoint {
  orders: number;
  mainRssMb: number;
  mainHeapUsedMb: number;
  rendererHeapUsedMb: number;
  rendererHeapTotalMb: number;
  loadMs: number;
}

export async function measureAt(orders: number): Promise<MemoryPoint> {
  const host = await startBenchHost(orders);
  const browser = await launchBrowser();
  try {
    const started = performance.now();
    const page = await openApp(browser, String(host.first.url));
    await page.locator(`[data-testid="shown-count"][data-shown="${orders}"]`).waitFor({ timeout: 120_000 });
    const loadMs = performance.now() - started;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const stats = await host.request({ cmd: 'stats' }, 'stats');
    return {
      orders,
      mainRssMb: round(Number(stats.rssBytes) / MB),
      mainHeapUsedMb: round(Number(stats.heapUsedBytes) / MB),
      rendererHeapUsedMb: round(heap.usedSize / MB),
      rendererHeapTotalMb: round(heap.totalSize / MB),
      loadMs: round(loadMs, 0),
    };
  } finally {
    await browser.close();
    await host.stop();
  }
}

export async function benchMemory(
  params: MemoryParams,
): Promise<{ params: MemoryParams; metrics: { points: MemoryPoint[] } }> {
  const points: MemoryPoint[] = [];
  for (const orders of params.orderCounts) points.push(await measureAt(orders));
  return { params, metrics: { points } };
}
