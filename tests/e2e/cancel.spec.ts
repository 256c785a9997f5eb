import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './host-fixture.ts';

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));

test('a trader sees the demo orders, clicks Cancel and watches the row go cancelling → cancelled', async ({
  app,
  page,
}) => {
  mkdirSync(resultsDir, { recursive: true });
  await page.goto(app.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.getByTestId('connection-demo-rails')).toHaveAttribute('data-state', 'connected');

  const openRows = page.locator('[data-order-key][data-status="open"]');
  await expect(openRows.first()).toBeVisible();
  expect(await openRows.count()).toBeGreaterThan(10);

  const row = openRows.first();
  const key = await row.getAttribute('data-order-key');
  if (!key) throw new Error('row without an order key');
  const sameRow = page.locator(`[data-order-key="${key}"]`);

  // Measure click → row painted in flight, inside the page: the observer sees the attribute change,
  // the next animation frame is when it is on screen.
  const latencyMs = await page.evaluate(async (orderKey) => {
    const element = document.querySelector(`[data-order-key="${CSS.escape(orderKey)}"]`);
    const button = element?.querySelector('button');
    if (!element || !button) throw new Error('row or button missing');
    return await new Promise<number>((resolve) => {
      let started = 0;
      const observer = new MutationObserver(() => {
        const current = document.querySelector(`[data-order-key="${CSS.escape(orderKey)}"]`);
        const status = current?.getAttribute('data-status');
        if (status === 'cancel_requested' || status === 'cancelling') {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - started));
        }
      });
      observer.observe(document.body, {
        subtree: true,
        attributes: true,
        attributeFilter: ['data-status'],
        childList: true,
      });
      started = performance.now();
      button.click();
    });
  }, key);

  await expect(sameRow.getByTestId('status')).toHaveText(/^cancel/);
  await expect(sameRow).toHaveAttribute('data-status', 'cancelled', { timeout: 10_000 });
  await expect(sameRow.getByTestId('status')).toHaveText(/^cancelled/);
  await page.screenshot({ path: `${resultsDir}blotter-after-cancel.png` });

  // The finished order stays findable in the Recent view.
  await page.getByRole('button', { name: 'Recent' }).click();
  await expect(page.locator(`[data-order-key="${key}"][data-status="cancelled"]`)).toBeVisible();

  writeFileSync(
    `${resultsDir}click-to-cancelling.json`,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), clickToCancellingPaintedMs: latencyMs }, null, 2)}\n`,
  );
  console.log(`click → row painted cancelling: ${latencyMs.toFixed(1)} ms`);
  expect(latencyMs).toBeLessThan(1000);
});
