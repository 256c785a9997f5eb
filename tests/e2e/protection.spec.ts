/**
 * Protection while away, as a trader sees it in the demo: every account starts unprotected on the
 * health strip's protection map; arming Bluefin's dead-man switch from the Protection dialog moves
 * Bluefin to "protected with the app closed" with its countdown; a guard that only works while the app
 * runs (cancel on reconnect) shows as such; a bad value is refused with main's own message; and the
 * policy survives a reload (it is stored in main).
 */
import { expect, test } from './host-fixture.ts';

test('arming a policy from the UI changes the protection map', async ({ app, page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  const bluefinMap = page.locator('[data-testid="protection-map"][data-account="demo-bluefin"]');
  const railsMap = page.locator('[data-testid="protection-map"][data-account="demo-rails"]');
  await expect(bluefinMap).toHaveAttribute('data-protection', 'none');
  await expect(bluefinMap).toContainText('unprotected');
  await expect(railsMap).toHaveAttribute('data-protection', 'none');

  await page.getByTestId('protection-button').click();
  const dialog = page.getByTestId('protection-dialog');
  await expect(dialog).toBeVisible();
  const bluefin = dialog.locator('[data-testid="protection-account"][data-account="demo-bluefin"]');
  const rails = dialog.locator('[data-testid="protection-account"][data-account="demo-rails"]');
  // Only a venue with its own dead-man switch offers it.
  await expect(rails.getByTestId('protection-dms-enabled')).toHaveCount(0);
  await expect(rails).toContainText('has no dead-man switch');

  // A value main refuses comes back in main's words, and nothing changes.
  await bluefin.getByTestId('protection-dms-enabled').check();
  await bluefin.getByTestId('protection-dms-seconds').fill('1');
  await bluefin.getByTestId('protection-save').click();
  await expect(bluefin.getByTestId('protection-message')).toContainText('at least 3 s');
  await expect(bluefinMap).toHaveAttribute('data-protection', 'none');

  await bluefin.getByTestId('protection-dms-seconds').fill('60');
  await bluefin.getByTestId('protection-dms-markets').fill('ETH-PERP');
  await bluefin.getByTestId('protection-save').click();
  await expect(bluefin.getByTestId('protection-message')).toHaveText('Saved.');
  // Armed at the (simulated) venue, and announced at once.
  await expect(
    page.getByTestId('toast').filter({ hasText: 'dead-man switch armed (ETH-PERP)' }),
  ).toBeVisible();

  await rails.getByTestId('protection-reconnect-enabled').check();
  await rails.getByTestId('protection-reconnect-seconds').fill('5');
  await rails.getByTestId('protection-save').click();
  await expect(rails.getByTestId('protection-message')).toHaveText('Saved.');
  await page.getByTestId('protection-close').click();

  // Bluefin: protected with the app closed, armed at the (simulated) venue with its time left.
  await expect(bluefinMap).toHaveAttribute('data-protection', 'closed');
  await expect(bluefinMap).toHaveAttribute('data-dms', 'armed');
  await expect(bluefinMap.getByTestId('protection-closed')).toContainText(/DMS armed \d+ s left/);
  await expect(bluefinMap).toHaveAttribute(
    'title',
    /With the app closed: Bluefin dead-man switch 60 s \(ETH-PERP\)/,
  );
  // Rails: only while the app runs.
  await expect(railsMap).toHaveAttribute('data-protection', 'running');
  await expect(railsMap.getByTestId('protection-running')).toContainText('cancel on reconnect');
  await expect(railsMap).toHaveAttribute('title', /With the app closed: nothing/);

  // Stored in main: a reload shows the same map.
  await page.reload();
  await expect(bluefinMap).toHaveAttribute('data-protection', 'closed');
  await expect(railsMap).toHaveAttribute('data-protection', 'running');
});
