/**
 * Benchmark 5 — peer grids under the render bench's load. AG Grid Community and Glide Data Grid
 * show the same 13 columns of 24 px rows at 1440×900 in the same Chromium (bench/lib/browser.ts),
 * fed the render bench's synthetic stream (same seeds, rate and 5 ms slices; generated in the page,
 * bench/peers/stream.ts) through each grid's documented high-frequency path, scrolled by the same
 * script with j/k every 100 ms, and measured the same way (bench/lib/page-probe.ts). Pages are
 * bundled with vite into a temp dir and served on 127.0.0.1. Our figures come from render.json and
 * memory.json in the same results folder, with the time they were measured.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build, preview } from 'vite';
import { launchBrowser } from './lib/browser.ts';
import { ROOT } from './lib/child.ts';
import { type FrameMetrics, startProbe, stopProbe } from './lib/page-probe.ts';
import { MB, round } from './lib/stats.ts';
import type { PeerPage } from './peers/page.ts';

export const PEERS = {
  'ag-grid': {
    package: 'ag-grid-community',
    title: 'AG Grid Community',
    setup: 'getRowId, applyTransactionAsync (50 ms batches), animateRows off, newest first (its sort)',
    page: 'ag-grid.html',
    query: '',
  },
  'ag-grid-append': {
    package: 'ag-grid-community',
    title: 'AG Grid Community',
    setup: 'the same, new rows appended at the bottom (not newest first)',
    page: 'ag-grid.html',
    query: '&placement=append',
  },
  glide: {
    package: '@glideapps/glide-data-grid',
    title: 'Glide Data Grid',
    setup: 'canvas, updateCells for in-place changes, newest first',
    page: 'glide.html',
    query: '',
  },
} as const;

export type PeerId = keyof typeof PEERS;

export interface PeerParams {
  orders: number;
  rate: number;
  seconds: number;
  peers: PeerId[];
  /** Rows scrolled every frame (back and forth); default 3, as in the render bench. */
  scrollRowsPerFrame?: number;
  /** Where render.json and memory.json of the same run are (our figures). */
  resultsDir: string;
}

export interface PeerResult extends FrameMetrics {
  id: PeerId;
  grid: string;
  version: string;
  setup: string;
  updatesSent: number;
  updatesPerSecond: number;
  rowsShownAtStart: number;
  rowsShownAtEnd: number;
  /** JS heap after a GC with the book shown, before the load, less the in-page generator's share. */
  gridHeapMb: number;
  /** The page's whole JS heap then (grid, its rows, the app's book and the generator). */
  pageHeapMb: number;
  /** Ours ÷ this grid's (above 1: this grid is better); null where either side has none. */
  oursOverPeer: {
    frameP95: number | null;
    longTasks: number | null;
    inputDelayP95: number | null;
    heap: number | null;
  };
}

export interface OurFigures {
  renderMeasuredAt: string;
  /** The render bench ran within the hour before this bench: the same `npm run bench`, the same machine state. */
  sameRun: boolean;
  orders: number;
  rate: number;
  frameP95Ms: number;
  longTasks: number;
  inputDelayP95Ms: number;
  /** Renderer JS heap at the same book size (memory bench), when it measured that size. */
  heapMb: number | null;
  memoryMeasuredAt: string | null;
}

/** A full `npm run bench` takes well under this; older figures of ours are from another run. */
const SAME_RUN_MS = 60 * 60 * 1000;

function readJson(file: string): Record<string, unknown> | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Our grid's figures from the render and memory benches' results, when they ran at this load. */
export function ourFigures(
  resultsDir: string,
  orders: number,
  rate: number,
  now = Date.now(),
): OurFigures | null {
  const render = readJson(join(resultsDir, 'render.json'));
  if (!render) return null;
  const p = render.params as { orders?: number; rate?: number } | undefined;
  const m = render.metrics as
    | { frameP95Ms?: number; longTasks?: number; inputDelayP95Ms?: number }
    | undefined;
  if (p?.orders !== orders || p.rate !== rate || !m) return null;
  const memory = readJson(join(resultsDir, 'memory.json'));
  const points = (
    memory?.metrics as { points?: { orders: number; rendererHeapUsedMb: number }[] } | undefined
  )?.points;
  const point = points?.find((candidate) => candidate.orders === orders);
  return {
    renderMeasuredAt: String(render.measuredAt),
    sameRun: now - Date.parse(String(render.measuredAt)) < SAME_RUN_MS,
    orders,
    rate,
    frameP95Ms: Number(m.frameP95Ms),
    longTasks: Number(m.longTasks),
    inputDelayP95Ms: Number(m.inputDelayP95Ms),
    heapMb: point ? point.rendererHeapUsedMb : null,
    memoryMeasuredAt: point ? String(memory?.measuredAt) : null,
  };
}

const ratio = (ours: number | null | undefined, peer: number): number | null =>
  ours === null || ours === undefined || !(ours > 0) || !(peer > 0) ? null : round(ours / peer, 2);

function packageVersion(name: string): string {
  const json = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return json.version;
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return heap.usedSize / MB;
}

async function newPage(baseUrl: string, path: string) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}${path}`);
  return { browser, page, errors };
}

/** The in-page generator's own heap: the page with the stream and no grid. */
async function generatorHeap(baseUrl: string, orders: number): Promise<number> {
  const { browser, page } = await newPage(baseUrl, `stream-only.html?orders=${orders}`);
  try {
    await page.waitForFunction(() => window.__streamReady !== undefined);
    await page.evaluate(() => window.__streamReady);
    return await heapAfterGc(page);
  } finally {
    await browser.close();
  }
}

type PeerRun = Omit<PeerResult, 'gridHeapMb' | 'oursOverPeer'>;

async function runPeer(baseUrl: string, id: PeerId, params: PeerParams): Promise<PeerRun> {
  const peer = PEERS[id];
  const { browser, page, errors } = await newPage(
    baseUrl,
    `${peer.page}?orders=${params.orders}${peer.query}`,
  );
  try {
    await page.waitForFunction(() => window.__peer !== undefined);
    const rowsShownAtStart = await page.evaluate(() => (window.__peer as PeerPage).mount());
    const pageHeapMb = await heapAfterGc(page);
    const scrollSelector = await page.evaluate(() => (window.__peer as PeerPage).scrollSelector);
    await page.keyboard.press('j');
    await startProbe(page, scrollSelector, params.scrollRowsPerFrame ?? 3);
    let loading = true;
    const load = page
      .evaluate(({ rate, seconds }) => (window.__peer as PeerPage).startLoad(rate, seconds), {
        rate: params.rate,
        seconds: params.seconds,
      })
      .finally(() => {
        loading = false;
      });
    let presses = 0;
    while (loading) {
      await page.keyboard.press(presses % 10 < 5 ? 'j' : 'k');
      presses++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const done = await load;
    // Let the last batched updates land before stopping the clocks.
    await page.waitForTimeout(300);
    const frame = await stopProbe(page);
    const rowsShownAtEnd = await page.evaluate(() => (window.__peer as PeerPage).rowCount());
    if (errors.length > 0) throw new Error(`${id} page errors: ${errors.join('; ')}`);
    return {
      id,
      grid: peer.title,
      version: packageVersion(peer.package),
      setup: peer.setup,
      updatesSent: done.sent,
      updatesPerSecond: round(done.sent / (done.elapsedMs / 1000), 0),
      rowsShownAtStart,
      rowsShownAtEnd,
      pageHeapMb: round(pageHeapMb),
      ...frame,
    };
  } finally {
    await browser.close();
  }
}

/** Bundles bench/peers/*.html into a temp dir (production React, minified, no network). */
async function buildPages(outDir: string): Promise<void> {
  const pages = join(ROOT, 'bench', 'peers');
  await build({
    configFile: false,
    root: pages,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 10_000,
      rollupOptions: {
        input: ['ag-grid.html', 'glide.html', 'stream-only.html'].map((page) => join(pages, page)),
      },
    },
  });
}

export async function benchPeers(params: PeerParams): Promise<{
  params: Omit<PeerParams, 'resultsDir'>;
  metrics: { peers: PeerResult[]; generatorHeapMb: number; ours: OurFigures | null };
}> {
  const outDir = mkdtempSync(join(tmpdir(), 'blotter-peers-'));
  try {
    await buildPages(outDir);
    const server = await preview({
      configFile: false,
      root: join(ROOT, 'bench', 'peers'),
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    try {
      const baseUrl = server.resolvedUrls?.local[0];
      if (!baseUrl) throw new Error('the preview server has no local address');
      const generatorMb = await generatorHeap(baseUrl, params.orders);
      const ours = ourFigures(params.resultsDir, params.orders, params.rate);
      const peers: PeerResult[] = [];
      for (const id of params.peers) {
        const run = await runPeer(baseUrl, id, params);
        const gridHeapMb = round(Math.max(0, run.pageHeapMb - generatorMb));
        peers.push({
          ...run,
          gridHeapMb,
          oursOverPeer: {
            frameP95: ratio(ours?.frameP95Ms, run.frameP95Ms),
            longTasks: ratio(ours?.longTasks, run.longTasks),
            inputDelayP95: ratio(ours?.inputDelayP95Ms, run.inputDelayP95Ms),
            heap: ratio(ours?.heapMb, gridHeapMb),
          },
        });
      }
      const { resultsDir: _resultsDir, ...recorded } = params;
      return { params: recorded, metrics: { peers, generatorHeapMb: round(generatorMb), ours } };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
