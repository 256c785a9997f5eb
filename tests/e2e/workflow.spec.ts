/**
 * The trader's workflow through the browser host in Chromium: keyboard-only
 * selection and cancel, scoped cancel with preview and confirmation, panic
 * cancel-all, filters and search. Demo venues with a still book (no
 * activity) so every run sees the same orders.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './host-fixture.ts';

async function openBlotter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.locator('[data-order-key][data-status="open"]').first()).toBeVisible();
}

const focusedRow = (page: Page) => page.locator('[data-order-key][data-focused="true"]');

test('keyboard only: navigate, select three, cancel, all three end cancelled', async ({ app, page }) => {
  await openBlotter(page, app.url);
  // Start from the page itself: no click anywhere.
  await page.keyboard.press('j');
  await expect(focusedRow(page)).toHaveCount(1);
  await expect(page.getByTestId('order-grid')).toBeFocused();

  const picked: string[] = [];
  for (let i = 0; i < 3; i++) {
    const key = await focusedRow(page).getAttribute('data-order-key');
    if (!key) throw new Error('no focused row');
    picked.push(key);
    await page.keyboard.press('Space');
    await expect(page.locator(`[data-order-key="${key}"]`)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
  }
  await expect(page.getByTestId('cancel-selected')).toHaveText('Cancel selected (3)');
  // k moves back up without changing the selection.
  await page.keyboard.press('k');
  await expect(page.getByTestId('cancel-selected')).toHaveText('Cancel selected (3)');

  await page.keyboard.press('Delete');
  for (const key of picked) {
    await expect(page.locator(`[data-order-key="${key}"]`)).toHaveAttribute('data-status', 'cancelled', {
      timeout: 15_000,
    });
  }
  await expect(page.getByTestId('cancel-selected')).toHaveText('Cancel selected (0)');

  // Ctrl+A selects every visible row, Esc clears.
  await page.keyboard.press('Control+a');
  const openCount = await page.getByTestId('shown-count').textContent();
  expect(openCount).toMatch(/\d+ shown/);
  await expect(page.getByTestId('cancel-selected')).not.toHaveText('Cancel selected (0)');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('cancel-selected')).toHaveText('Cancel selected (0)');

  // ? lists the shortcuts; Esc closes and gives the rows the focus back.
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  await expect(page.getByTestId('help-dialog')).toContainText('Cancel selected (or focused) orders');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-dialog')).toHaveCount(0);
  await expect(page.getByTestId('order-grid')).toBeFocused();
});
