/**
 * Exact numbers in the demo grid: prices to each market's tick (the demo markets tell their ticks and
 * lots), thousands separators as in the previews, every price lined up on its decimal point, and a
 * Notional column (price × remaining, in the quote currency) shown by default beside the order type.
 */
import type { Locator, Page } from '@playwright/test';
import { VENUE_MODULES } from '../../main/venues/registry.ts';
import { expect, test } from './host-fixture.ts';

/** Market → its tick's decimals, from the demo markets the host runs. */
const PRICE_DECIMALS = new Map(
  VENUE_MODULES.flatMap((venue) =>
    venue.demoMarkets.map((market) => [market.market, market.priceDecimals] as const),
  ),
);

/** The digits a cell shows, without the blank alignment slots. */
async function shown(cell: Locator): Promise<string> {
  return (await cell.innerText()).replace(/[\u2007\u2008]/g, '').trim();
}

async function openBlotter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.locator('[data-order-key][data-status="open"]').first()).toBeVisible();
}

test('prices show each market tick, grouped; the points line up; notional and type are shown', async ({
  app,
  page,
}) => {
  await openBlotter(page, app.url);
  const grid = page.getByTestId('order-grid');
  await expect(grid.getByRole('columnheader', { name: /^Notional/ })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: /^Type/ })).toBeVisible();

  const rows = page.locator('[data-order-key]');
  const count = Math.min(await rows.count(), 20);
  expect(count).toBeGreaterThan(5);
  const grouped = /^-?\d{1,3}(,\d{3})*(\.\d+)?$/;
  let sawThousands = false;
  const pointX: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const row = rows.nth(i);
    const market = (await row.locator('.cell-market').innerText()).trim();
    const price = await shown(row.locator('.cell-price'));
    expect(price, `${market} price`).toMatch(grouped);
    if (price.includes(',')) sawThousands = true;
    const decimals = PRICE_DECIMALS.get(market);
    expect(decimals, `${market} is a demo market`).toBeDefined();
    // To the tick: exactly the tick's decimals (the demo sends no more digits than its tick).
    expect(price.split('.')[1]?.length ?? 0, `${market} ${price}`).toBe(decimals);

    const notional = await shown(row.locator('.cell-notional'));
    expect(notional, `${market} notional`).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}\s*[A-Z]{2,5}$/);

    // Where the point sits (the right edge of the whole part), on screen.
    const point = await row.locator('.cell-price .num-aligned').evaluate((span) => {
      const text = span.firstChild;
      if (!text?.textContent) return null;
      const at = text.textContent.indexOf('.');
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, at < 0 ? text.textContent.trimEnd().length : at);
      return range.getBoundingClientRect().right;
    });
    if (point !== null) pointX.push(point);
  }
  expect(sawThousands).toBe(true);
  const spread = Math.max(...pointX) - Math.min(...pointX);
  expect(spread, `decimal points at ${pointX.join(', ')}`).toBeLessThan(1);
});

test('order ids cut at the column edge end with an ellipsis and show in full in the tooltip', async ({
  app,
  page,
}) => {
  await openBlotter(page, app.url);
  const id = page.locator('[data-order-key] .cell-order .cell-clip').first();
  await expect(id).toHaveCSS('text-overflow', 'ellipsis');
  const full = await id.getAttribute('title');
  expect(full).toBe((await id.textContent())?.trim());
});
