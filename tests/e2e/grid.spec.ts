/**
 * The grid a trader can trust with the mouse: with live demo activity, the
 * order under a resting pointer never changes and a click cancels exactly
 * that order; at 1024×640 the columns a cancel needs stay on screen.
 */
import type { Page } from '@playwright/test';
import { expect, type HostArgs, startApp, test } from './host-fixture.ts';

/** A host of its own with `args`, its grid open at 1440×900 for `body`; stopped after it, pass or fail. */
async function withOwnApp(page: Page, args: HostArgs, body: () => Promise<void>): Promise<void> {
  const app = await startApp(args);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(app.url);
    await body();
  } finally {
    await app.stop();
  }
}

test('rows hold still under a resting pointer; the click cancels exactly the order under it', async ({
  page,
}) => {
  // New orders and fills every 150 ms: without the hold the order under the pointer changes within a second.
  await withOwnApp(page, { activityMs: 150, orders: 300 }, async () => {
    const openRows = page.locator('[role="row"][data-order-key][data-status="open"]');
    await expect(openRows.nth(8)).toBeVisible();

    const button = openRows.nth(5).getByRole('button', { name: /^Cancel / });
    const box = await button.boundingBox();
    if (!box) throw new Error('Cancel button has no box');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);

    // Sample the order under the pointer every 100 ms for 5 s.
    const seen = await page.evaluate(
      async ({ px, py }) => {
        const keys: string[] = [];
        for (let i = 0; i < 50; i++) {
          const row = document.elementFromPoint(px, py)?.closest<HTMLElement>('[data-order-key]');
          keys.push(row?.dataset.orderKey ?? 'none');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return keys;
      },
      { px: x, py: y },
    );
    expect(new Set(seen).size, `orders under the pointer: ${[...new Set(seen)].join(', ')}`).toBe(1);
    const target = seen[0];
    expect(target).not.toBe('none');
    // The activity went on meanwhile: new orders wait in the strip instead of pushing rows down.
    await expect(page.getByTestId('new-rows')).toBeVisible();
    await expect(page.getByTestId('new-rows')).toHaveText(/^\d+ new — show$/);

    const row = page.locator(`[role="row"][data-order-key="${target}"]`);
    const before = await row.getAttribute('data-status');
    await page.mouse.down();
    await page.mouse.up();
    if (before === 'filled') {
      // The venue filled it while the pointer rested (the demo fills orders): its Cancel is disabled
      // and the click must cancel nothing else.
      await page.waitForTimeout(500);
      await expect(page.locator('[role="row"][data-status^="cancel"]')).toHaveCount(0);
    } else {
      await expect(row).toHaveAttribute('data-status', /^(cancel_requested|cancelling|cancelled|filled)$/);
      await expect(row).toHaveAttribute('data-status', /^(cancelled|filled)$/, { timeout: 10_000 });
      // Exactly that one: no other row is on its way out.
      await expect(page.locator('[role="row"][data-status^="cancel"]')).toHaveCount(
        (await row.getAttribute('data-status')) === 'cancelled' ? 1 : 0,
      );
    }

    // "show" lets the waiting orders in at the top (newest first), and holds again.
    const firstRow = page.locator('[role="row"][data-order-key][aria-rowindex="2"]');
    const firstBefore = await firstRow.getAttribute('data-order-key');
    await page.getByTestId('new-rows').click();
    await expect(firstRow).not.toHaveAttribute('data-order-key', firstBefore ?? '');
    // Leaving the grid lets it go live: nothing waits any more.
    await page.mouse.move(5, 5);
    await expect(page.getByTestId('new-rows')).toBeHidden();
  });
});

test('at 1024×640 Market, Side, Status and Cancel stay on screen while the grid scrolls sideways', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.goto(app.url);
  const row = page.locator('[role="row"][data-order-key][data-status="open"]').first();
  await expect(row).toBeVisible();
  const inView = async (selector: string) => {
    const box = await row.locator(selector).boundingBox();
    return box !== null && box.x >= 0 && box.x + box.width <= 1024 && box.y + box.height <= 640;
  };
  const grid = page.getByTestId('order-grid');
  for (const scrollLeft of [0, 10_000]) {
    await grid.evaluate((element, left) => {
      element.scrollLeft = left;
    }, scrollLeft);
    await page.waitForTimeout(100);
    for (const column of ['.cell-market', '.cell-side', '.cell-status', '.cell-action']) {
      expect(await inView(column), `${column} at scrollLeft ${scrollLeft}`).toBe(true);
    }
  }
  await expect(row.getByRole('button', { name: /^Cancel / })).toBeVisible();
});

test('the wheel scrolls the grid: rows further down fill the view at once, and j/k brings the focused row back', async ({
  page,
}) => {
  await withOwnApp(page, { activityMs: 0, orders: 400 }, async () => {
    const grid = page.getByTestId('order-grid');
    const rows = page.locator('[role="row"][data-order-key]');
    await expect(rows.nth(8)).toBeVisible();
    const gridBox = await grid.boundingBox();
    if (!gridBox) throw new Error('the grid has no box');
    /** aria-rowindex of the rows whose middle is inside the grid's box, top to bottom. */
    const shownIndexes = () =>
      grid.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return [...element.querySelectorAll<HTMLElement>('[role="row"][data-order-key]')]
          .filter((row) => {
            const r = row.getBoundingClientRect();
            const middle = r.top + r.height / 2;
            return middle > box.top + 24 && middle < box.bottom;
          })
          .map((row) => Number(row.getAttribute('aria-rowindex')))
          .sort((a, b) => a - b);
      });
    await grid.click({ position: { x: 400, y: 60 } });
    const focusedAtStart = await page
      .locator('[role="row"][data-focused="true"]')
      .getAttribute('data-order-key');
    expect(focusedAtStart).not.toBeNull();

    // 100 rows down with the wheel (24 px rows): the rows in view are those ≈ 100 further, no gap.
    await page.mouse.move(gridBox.x + 400, gridBox.y + 200);
    await page.mouse.wheel(0, 2400);
    await expect
      .poll(async () => (await shownIndexes())[0] ?? 0, { message: 'the first row in view after the wheel' })
      .toBeGreaterThan(90);
    const shown = await shownIndexes();
    expect(shown.length).toBeGreaterThan(20);
    // Consecutive: every position in view has its row (no blank band left by rows not rendered yet).
    expect(shown.at(-1)! - shown[0]!).toBe(shown.length - 1);

    // A jump of 150 rows is filled two frames later, not once scrolling has settled.
    const afterJump = await grid.evaluate(async (element) => {
      const top = element.scrollTop + 150 * 24;
      element.scrollTop = top;
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      await frame();
      await frame();
      const box = element.getBoundingClientRect();
      const inView = [...element.querySelectorAll<HTMLElement>('[role="row"][data-order-key]')].filter(
        (row) => {
          const r = row.getBoundingClientRect();
          return r.top + r.height / 2 > box.top + 24 && r.top + r.height / 2 < box.bottom;
        },
      );
      return {
        top,
        rows: inView.length,
        first: Math.min(...inView.map((row) => Number(row.getAttribute('aria-rowindex')))),
      };
    });
    expect(afterJump.rows).toBeGreaterThan(20);
    // aria-rowindex 2 is the first order (row 1 is the header): the row at the top is the one the offset says.
    expect(Math.abs(afterJump.first - (afterJump.top / 24 + 2))).toBeLessThanOrEqual(1);

    // The focused row is far above: j moves focus one row down and scrolls it back into view.
    await page.keyboard.press('j');
    const focused = page.locator('[role="row"][data-focused="true"]');
    await expect(focused).toBeInViewport();
    expect(await focused.getAttribute('data-order-key')).not.toBe(focusedAtStart);
  });
});
