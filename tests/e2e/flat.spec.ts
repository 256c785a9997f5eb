/**
 * Cancel until flat, as a trader sees it: a venue's gateway goes down (the demo fault script), the panic
 * confirmation names it, its orders wait `queued` (not `cancelling`) while the others are cancelled at once,
 * and the run ends "flat" when the venue answers again. "Stop trying" drops what still waits and offers
 * "Retry (N)"; failures name the account by its label.
 */
import type { Page } from '@playwright/test';
import { expect, startApp, test } from './host-fixture.ts';

const OXFUN_ROWS = '[data-order-key^="demo-oxfun:"]';

async function openBlotter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.locator('[data-order-key][data-status="open"]').first()).toBeVisible();
}

/** Waits for OX.FUN's gateway to be down (the health strip leaves `connected`), then opens the panic dialog. */
async function panicWhileOxfunDown(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="venue-health"][data-account="demo-oxfun"]')).not.toHaveAttribute(
    'data-connection',
    'connected',
    { timeout: 15_000 },
  );
  await page.getByTestId('panic-button').click();
  const dialog = page.getByTestId('panic-dialog');
  await expect(dialog).toHaveAttribute('data-armed', 'true');
  // The plan names the down venue and what will happen to its orders.
  const oxfun = page.getByTestId('panic-plan').locator('tr[data-account-id="demo-oxfun"]');
  await expect(oxfun.getByTestId('plan-warning')).toContainText('OX.FUN is');
  await expect(oxfun.getByTestId('plan-warning')).toContainText(
    'its orders queue and are sent when it answers',
  );
  await expect(page.getByTestId('panic-plan').locator('tr[data-account-id="demo-rails"]')).toHaveAttribute(
    'data-connection',
    'connected',
  );
  await page.getByTestId('panic-confirm').click();
}

test('panic while a venue is down: its orders queue, the others are cancelled, and the run ends flat', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const app = await startApp({ outage: 'oxfun:2000:12000' });
  try {
    await openBlotter(page, app.url);
    const before = await page.locator(OXFUN_ROWS).count();
    expect(before).toBeGreaterThan(3);
    await panicWhileOxfunDown(page);

    // OX.FUN's orders are queued with the reason, never shown as cancelling while nothing is on the wire.
    await expect(page.locator(`${OXFUN_ROWS} [data-queued="true"]`).first()).toBeVisible();
    await expect(page.locator(`${OXFUN_ROWS} [data-queued="true"]`).first()).toContainText(
      'unreachable, sends on reconnect',
    );
    // The other venues' orders are done meanwhile.
    await expect(page.locator('[data-order-key^="demo-rails:"][data-status="open"]')).toHaveCount(0, {
      timeout: 15_000,
    });
    const flatness = page.getByTestId('bulk-flatness').first();
    await expect(flatness).toContainText('OX.FUN demo: checking');
    await expect(page.getByTestId('bulk-stop')).toBeVisible();

    // OX.FUN answers again: its cancels go out, and every account is listed flat.
    await expect(flatness).toHaveAttribute('data-flat', 'true', { timeout: 40_000 });
    await expect(flatness).toContainText(/flat on 5\/5 accounts in \d/);
    await expect(page.getByTestId('open-count').locator('.num')).toHaveText('0');
    await expect(page.getByTestId('bulk-progress').first()).toHaveAttribute('data-done', 'true');
  } finally {
    await app.stop();
  }
});

test('"Stop trying" drops the queued cancels, names the account in the failures, and offers Retry (N)', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const app = await startApp({ outage: 'oxfun:2000:60000' });
  try {
    await openBlotter(page, app.url);
    await panicWhileOxfunDown(page);
    await expect(page.locator(`${OXFUN_ROWS} [data-queued="true"]`).first()).toBeVisible();
    await expect(page.locator('[data-order-key^="demo-rails:"][data-status="open"]')).toHaveCount(0, {
      timeout: 15_000,
    });
    // Still waiting for OX.FUN (a retry may have a few of them on the wire for a moment: not counted as left).
    await expect
      .poll(() => page.locator(`${OXFUN_ROWS}[data-status="cancel_requested"]`).count())
      .toBeGreaterThan(0);

    await page.getByTestId('bulk-stop').click();
    // Back to open, saying why; the run is over and says what is left, by account label.
    await expect(page.locator(`${OXFUN_ROWS}[data-status="cancel_requested"]`)).toHaveCount(0);
    await expect(page.locator(`${OXFUN_ROWS}[data-status="open"]`).first()).toContainText(
      'stopped by the trader',
    );
    const progress = page.getByTestId('bulk-progress').first();
    await expect(progress).toHaveAttribute('data-done', 'true');
    await expect(progress.locator('.bulk-failures')).toContainText('OX.FUN demo (OX.FUN)');
    await expect(page.getByTestId('bulk-flatness').first()).toContainText('OX.FUN demo:');
    const retry = page.getByTestId('bulk-retry');
    await expect(retry).toHaveText(/^Retry \(\d+\)$/);

    // Retry while still down: they queue again (a new run), not fail.
    await retry.click();
    await expect(page.locator(`${OXFUN_ROWS} [data-queued="true"]`).first()).toBeVisible();
  } finally {
    await app.stop();
  }
});
