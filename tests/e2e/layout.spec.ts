/**
 * Layout the trader can trust (issue #15): nothing moves during a bulk cancel (Layout Instability API),
 * the bars stay one line each and dialogs fit at 1024×640, an empty scope cancels nothing, the venue
 * chips stop claiming "connected" once the link to main is gone, the light theme's keycaps are
 * readable, and the app icon is served.
 */
import type { Page } from '@playwright/test';
import { expect, startApp, test } from './host-fixture.ts';

async function openBlotter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.locator('[data-order-key][data-status="open"]').first()).toBeVisible();
  // Health has arrived (its strip is reserved from the start, but let the first figures land).
  await expect(page.getByTestId('venue-health')).toHaveCount(5);
}

/** API methods the page sends over the host's WebSocket (register before goto). */
function recordMethods(page: Page): string[] {
  const methods: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { method?: unknown };
      if (typeof message.method === 'string') methods.push(message.method);
    });
  });
  return methods;
}

interface ShiftReport {
  /** Shift of everything outside the grid's rows: bars, strips, dialogs, the progress card. */
  outside: number;
  /** Shift whose sources are all inside the grid (cells of rows changing state). */
  inGrid: number;
  entries: { value: number; sources: string[] }[];
  gridTops: number[];
}

/** Starts counting layout shifts from now (buffered observer, entries before the mark dropped) and samples the grid's top edge every frame. */
async function watchLayout(page: Page): Promise<void> {
  await page.evaluate(() => {
    const from = performance.now();
    const w = window as unknown as { __layout: ShiftReport };
    w.__layout = { outside: 0, inGrid: 0, entries: [], gridTops: [] };
    const inGrid = (node: Node | null | undefined): boolean => {
      const element = node instanceof Element ? node : node?.parentElement;
      return Boolean(element?.closest('[data-testid="order-grid"]'));
    };
    const name = (node: Node | null | undefined): string => {
      if (!node) return '?';
      const element = node instanceof Element ? node : node.parentElement;
      // The grid column a source sits in (cell-price, cell-status …): which cells moved, not only what.
      const column = element?.closest('[role="gridcell"]')?.className.match(/cell-[\w-]+/)?.[0];
      const where = column ? ` in ${column}` : '';
      if (!(node instanceof Element))
        return `${node.nodeName}<${node.parentElement?.className ?? ''}>${where}`;
      return `${node.tagName.toLowerCase()}.${String(node.className).split(' ').join('.')}${where}`;
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        sources: { node?: Node }[];
      })[]) {
        if (entry.startTime < from) continue;
        // Every shift counts, also those right after the trader's own keypress or click.
        if (entry.sources.length > 0 && entry.sources.every((s) => inGrid(s.node)))
          w.__layout.inGrid += entry.value;
        else w.__layout.outside += entry.value;
        w.__layout.entries.push({ value: entry.value, sources: entry.sources.map((s) => name(s.node)) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
    const sample = () => {
      const grid = document.querySelector('[data-testid="order-grid"]');
      if (grid) w.__layout.gridTops.push(Math.round(grid.getBoundingClientRect().top * 100) / 100);
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

async function layoutReport(page: Page): Promise<ShiftReport> {
  return page.evaluate(() => (window as unknown as { __layout: ShiftReport }).__layout);
}

test('a panic cancel of every order moves nothing: layout shift 0, the grid top edge holds still', async ({
  app,
  page,
}) => {
  test.setTimeout(90_000);
  await openBlotter(page, app.url);
  const before = Number(await page.getByTestId('open-count').locator('.num').textContent());
  expect(before).toBeGreaterThan(10);
  await watchLayout(page);

  await page.getByTestId('panic-button').click();
  await expect(page.getByTestId('panic-dialog')).toHaveAttribute('data-armed', 'true');
  await page.keyboard.press('y');
  const progress = page.getByTestId('bulk-progress').first();
  await expect(progress).toHaveAttribute('data-source', 'panic');
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('open-count').locator('.num')).toHaveText('0', { timeout: 10_000 });
  // The progress goes away by itself shortly after the end (and its going moves nothing either).
  await expect(page.getByTestId('bulk-progress')).toHaveCount(0, { timeout: 15_000 });
  // The last bulk cancel stays reachable from the header.
  await page.getByTestId('bulk-history-menu').locator('summary').click();
  await expect(page.getByTestId('intent-summary').first()).toContainText(`${before} orders · done`);

  const report = await layoutReport(page);
  expect(report.gridTops.length).toBeGreaterThan(30);
  expect(new Set(report.gridTops).size, `grid top edges seen: ${[...new Set(report.gridTops)]}`).toBe(1);
  const detail = JSON.stringify(report.entries.slice(0, 10));
  expect(report.outside, detail).toBe(0);
  // Nor do the grid's own cells while rows change state and recycled row slots take other orders: status
  // badges (label and elapsed time), aligned numbers, ages.
  expect(report.inGrid, detail).toBe(0);
});

test.describe('at 1024×640', () => {
  test.use({ viewport: { width: 1024, height: 640 } });

  test('bars stay one line each and leave the grid most of the height', async ({ app, page }) => {
    await openBlotter(page, app.url);
    for (const bar of ['.app-header', '.toolbar', '.filter-bar', '.status-strip']) {
      const box = await page.locator(bar).boundingBox();
      expect(box?.height, bar).toBeLessThanOrEqual(31);
    }
    const grid = await page.getByTestId('order-grid').boundingBox();
    // Header and bars: well under a fifth of the window (was 32 %).
    expect(grid?.y ?? 640).toBeLessThan(640 * 0.2);
    for (const id of ['cancel-selected', 'open-scope', 'panic-button', 'open-help', 'export-audit']) {
      await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
    }
  });

  test('an empty scope cannot confirm (button, Enter, Y say what to choose); All is explicit and its confirm button is reachable', async ({
    app,
    page,
  }) => {
    const methods = recordMethods(page);
    await openBlotter(page, app.url);
    const open = Number(await page.getByTestId('open-count').locator('.num').textContent());
    await page.keyboard.press('c');
    const dialog = page.getByTestId('scope-dialog');
    await expect(dialog).toBeVisible();
    const submit = page.getByTestId('scope-submit');
    await expect(submit).toBeInViewport({ ratio: 1 });
    await expect(submit).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId('scope-summary')).toHaveText('Nothing chosen yet');

    // Enter, Y and the button: nothing is sent, the dialog says what to choose.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('scope-empty')).toHaveAttribute('role', 'alert');
    await expect(page.getByTestId('scope-empty')).toHaveText('Choose venues, accounts or markets, or All.');
    await page.keyboard.press('y');
    // aria-disabled, still clickable by a trader: force past Playwright's actionability wait.
    await submit.click({ force: true });
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('scope-confirm')).toHaveCount(0);
    expect(methods.filter((m) => m === 'cancelScope' || m === 'cancel' || m === 'previewCancel')).toEqual([]);
    await expect(page.locator('[data-order-key][data-status^="cancel"]')).toHaveCount(0);

    // Markets are listed under their venue and narrow to the venues ticked.
    const groups = page.getByTestId('scope-markets').locator('[data-venue]');
    expect(await groups.count()).toBeGreaterThan(1);
    await dialog.getByRole('checkbox', { name: 'BTCTurk', exact: true }).check();
    await expect(groups).toHaveCount(1);
    await expect(groups.first()).toHaveAttribute('data-venue', 'btcturk');
    await expect(page.getByTestId('scope-summary')).toHaveText('All orders at BTCTurk');
    await dialog.getByRole('checkbox', { name: 'BTCTurk', exact: true }).uncheck();

    // All: every open order, and the confirm button in view at the bottom of the dialog's own scroll.
    await page.getByTestId('scope-all').check();
    await expect(page.locator('[data-testid="scope-preview"]:not([data-stale])')).toBeVisible();
    await expect(page.getByTestId('scope-preview-total')).toHaveText(String(open));
    await dialog.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect(submit).toBeInViewport({ ratio: 1 });
    await expect(submit).toBeEnabled();
    await expect(submit).toHaveText(new RegExp(`^Cancel ${open} orders`));
    const box = await dialog.boundingBox();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(640);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });
});

test('with the link to main cut, venue chips and health say unknown, and the grid stays where it was', async ({
  page,
}) => {
  const app = await startApp();
  let stopped = false;
  try {
    await openBlotter(page, app.url);
    await expect(page.getByTestId('connection-demo-rails')).toHaveAttribute('data-state', 'connected');
    const gridTop = (await page.getByTestId('order-grid').boundingBox())?.y;
    await app.stop();
    stopped = true;
    await expect(page.getByTestId('bridge-banner')).toBeVisible();
    const chips = page.locator('[data-testid^="connection-"]');
    await expect(chips).toHaveCount(5);
    for (const chip of await chips.all()) {
      await expect(chip).toHaveAttribute('data-state', 'unknown');
      await expect(chip).toContainText('unknown');
      await expect(chip).toHaveAttribute('title', /unknown — no link to the blotter/);
      await expect(chip).not.toContainText('connected');
    }
    for (const item of await page.getByTestId('venue-health').all()) {
      await expect(item).toHaveAttribute('data-connection', 'unknown');
    }
    expect((await page.getByTestId('order-grid').boundingBox())?.y).toBe(gridTop);
  } finally {
    if (!stopped) await app.stop();
  }
});

/** WCAG contrast ratio of two computed `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

test.describe('light theme', () => {
  test.use({ colorScheme: 'light' });

  test('the Y keycap on "Cancel everything" is readable, and the app icon is served', async ({
    app,
    page,
  }) => {
    await openBlotter(page, app.url);
    await page.getByTestId('panic-button').click();
    const kbd = page.getByTestId('panic-confirm').locator('kbd');
    await expect(kbd).toHaveText('Y');
    const colors = await kbd.evaluate((element) => {
      const style = getComputedStyle(element);
      return { fg: style.color, bg: style.backgroundColor };
    });
    expect(colors.bg).not.toMatch(/rgba\(.*, 0\)$/); // an opaque cap, not the button's red showing through
    expect(contrast(colors.fg, colors.bg), JSON.stringify(colors)).toBeGreaterThanOrEqual(4.5);
    await page.getByTestId('panic-keep').click();

    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBeTruthy();
    const icon = await page.request.get(new URL(href ?? '', page.url()).href);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
  });
});
