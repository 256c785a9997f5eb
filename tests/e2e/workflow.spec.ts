/**
 * The trader's workflow through the browser host in Chromium: keyboard-only
 * selection and cancel, scoped cancel with preview and confirmation, panic
 * cancel-all, filters and search. Demo venues with a still book (no
 * activity) so every run sees the same orders — except the test of a scope
 * confirmed after new orders arrived, which needs a live book.
 */
import type { Page } from '@playwright/test';
import { expect, startApp, test } from './host-fixture.ts';

async function openBlotter(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.locator('[data-order-key][data-status="open"]').first()).toBeVisible();
}

const focusedRow = (page: Page) => page.locator('[data-order-key][data-focused="true"]');

interface WireRequest {
  id: number;
  method: string;
  payload?: unknown;
}

/** The API requests the page sends over the host's WebSocket, and main's answers (register before goto). */
function recordApi(page: Page) {
  const requests: WireRequest[] = [];
  const results = new Map<number, { ok: boolean; value?: unknown }>();
  page.on('websocket', (ws) => {
    ws.on('framesent', (frame) => {
      const message = JSON.parse(String(frame.payload)) as WireRequest;
      if (typeof message.method === 'string') requests.push(message);
    });
    ws.on('framereceived', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { type: string; id: number; result: never };
      if (message.type === 'response') results.set(message.id, message.result);
    });
  });
  const of = (method: string) => requests.filter((request) => request.method === method);
  return {
    of,
    /** Keys of the newest answered previewCancel. */
    lastPreviewKeys(): string[] | null {
      const answered = of('previewCancel').filter((request) => results.get(request.id)?.ok);
      const last = answered[answered.length - 1];
      const value = last ? (results.get(last.id)?.value as { keys: string[] } | undefined) : undefined;
      return value ? value.keys : null;
    },
  };
}

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
  expect(openCount).toMatch(/^Shown: \d+$/);
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

test('scoped cancel from the keyboard: preview per venue, confirmation above the threshold, only that scope ends cancelled', async ({
  app,
  page,
}) => {
  await openBlotter(page, app.url);
  // Confirmation from 2 orders (settings live in the shortcuts dialog, keyboard only).
  await page.keyboard.press('?');
  await page.getByLabel('Confirmation threshold (orders)').fill('2');
  await page.keyboard.press('Escape');

  // Scope: all buys at Rails.
  await page.keyboard.press('c');
  const dialog = page.getByTestId('scope-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: 'Rails', exact: true })).toBeFocused();
  await page.keyboard.press('Space');
  await dialog.getByRole('radio', { name: 'Buys' }).check();
  await expect(page.getByTestId('scope-summary')).toHaveText('All buys at Rails');
  // The preview follows the scope (it is marked stale while a newer one is on its way).
  await expect(page.locator('[data-testid="scope-preview"]:not([data-stale])')).toBeVisible();
  await expect(page.getByTestId('scope-preview').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('scope-preview').locator('tbody tr')).toHaveAttribute('data-venue', 'rails');
  const total = Number(await page.getByTestId('scope-preview-total').textContent());
  expect(total).toBeGreaterThan(1);

  // Enter asks for confirmation (at or above the threshold); N goes back, Enter again, then Y.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scope-confirm')).toBeVisible();
  await expect(page.getByTestId('scope-confirm-yes')).toBeFocused();
  await page.keyboard.press('n');
  await expect(page.getByTestId('scope-confirm')).toHaveCount(0);
  await dialog.getByRole('radio', { name: 'Buys' }).press('Enter');
  await expect(page.getByTestId('scope-confirm-yes')).toBeFocused();
  await page.keyboard.press('y');
  await expect(dialog).toHaveCount(0);

  const progress = page.getByTestId('bulk-progress').first();
  await expect(progress).toHaveAttribute('data-source', 'scope');
  await expect(progress).toHaveAttribute('data-total', String(total));
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
  await expect(progress).toContainText('cancelled');
  // Every Rails buy is final; Rails sells and other venues' orders were not touched.
  const rails = page.locator('[data-order-key^="demo-rails:"]');
  const states = await rails.evaluateAll((rows) =>
    rows.map((row) => [
      row.querySelector('.cell-side')?.textContent ?? '',
      row.getAttribute('data-status') ?? '',
    ]),
  );
  for (const [side, status] of states) {
    if (side.includes('BUY')) expect(['cancelled', 'filled']).toContain(status);
    else expect(['open', 'partially_filled']).toContain(status);
  }
  await expect(
    page.locator('[data-order-key]:not([data-order-key^="demo-rails:"])[data-status^="cancel"]'),
  ).toHaveCount(0);
});

test('panic cancel-all: confirmation with a preview, safe focus, held keys ignored, then every open order ends final', async ({
  app,
  page,
}) => {
  await openBlotter(page, app.url);
  const before = Number(await page.getByTestId('open-count').locator('.num').textContent());
  expect(before).toBeGreaterThan(10);
  const panic = page.getByTestId('panic-dialog');
  // The panic chord (Mod+Shift+Backspace) opens the confirmation with the safe choice focused; N keeps the orders.
  await page.keyboard.press('Control+Shift+Backspace');
  await expect(panic).toBeVisible();
  await expect(page.getByTestId('panic-keep')).toBeFocused();
  await expect(page.getByTestId('panic-preview-total')).toHaveText(String(before));
  // Keys are ignored for a moment after opening (stray typing); the dialog says when it listens.
  await expect(panic).toHaveAttribute('data-armed', 'true');
  await page.keyboard.press('n');
  await expect(panic).toHaveCount(0);
  await expect(page.locator('[data-order-key][data-status^="cancel"]')).toHaveCount(0);

  // A held Y (auto-repeat) never confirms: Y goes down before the dialog opens and repeats into it.
  await page.getByTestId('order-grid').focus();
  await page.keyboard.down('y');
  await page.getByTestId('panic-button').click();
  await expect(page.getByTestId('panic-keep')).toBeFocused();
  await expect(panic).toHaveAttribute('data-armed', 'true');
  await page.keyboard.down('y'); // repeat: true
  await page.keyboard.down('y');
  await page.keyboard.up('y');
  await expect(panic).toBeVisible();
  await expect(page.getByTestId('bulk-progress')).toHaveCount(0);
  await expect(page.locator('[data-order-key][data-status^="cancel"]')).toHaveCount(0);

  // A deliberate choice: Shift+Tab to "Cancel everything", Enter.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('panic-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  const progress = page.getByTestId('bulk-progress').first();
  await expect(progress).toHaveAttribute('data-source', 'panic');
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('open-count').locator('.num')).toHaveText('0', { timeout: 10_000 });
});

test('filters and search narrow the grid; sort, group and the audit trail work from the rows', async ({
  app,
  page,
}) => {
  await openBlotter(page, app.url);
  const rows = page.locator('[data-order-key]');
  const total = Number((await page.getByTestId('shown-count').textContent())?.match(/^Shown: (\d+)/)?.[1]);
  expect(total).toBeGreaterThan(10);

  // Venue filter.
  await page.getByTestId('filter-venue').locator('summary').click();
  await page.getByTestId('filter-venue').getByRole('checkbox', { name: 'Rails' }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shown-count')).toContainText(` of ${total}`);
  const venues = await rows.locator('.cell-venue').allTextContents();
  expect(venues.length).toBeGreaterThan(0);
  expect(new Set(venues)).toEqual(new Set(['Rails']));

  // Side filter on top.
  await page.getByTestId('filter-side').selectOption('sell');
  const sides = await rows.locator('.cell-side').allTextContents();
  expect(sides.every((side) => side.includes('SELL'))).toBe(true);
  await page.getByTestId('clear-filters').click();
  await expect(page.getByTestId('shown-count')).toHaveText(`Shown: ${total}`);

  // `/` focuses the search; terms narrow to matching rows.
  const market = (await rows.first().locator('.cell-market').textContent())?.trim() ?? '';
  await page.getByTestId('order-grid').focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(market);
  await expect(page.getByTestId('shown-count')).toContainText(` of ${total}`);
  const markets = await rows.locator('.cell-market').allTextContents();
  expect(markets.every((m) => m.includes(market))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('order-grid')).toBeFocused();
  // Focus moved to the grid by code picks no row: Delete and Backspace cancel nothing.
  await expect(focusedRow(page)).toHaveCount(0);
  await page.keyboard.press('Delete');
  await page.keyboard.press('Backspace');
  await expect(page.locator('[data-order-key][data-status^="cancel"]')).toHaveCount(0);
  // Enter in the search box goes to the results without picking one either; j then takes the first.
  await page.keyboard.press('/');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('order-grid')).toBeFocused();
  await expect(focusedRow(page)).toHaveCount(0);
  await page.keyboard.press('j');
  await expect(focusedRow(page)).toHaveAttribute(
    'data-order-key',
    (await rows.first().getAttribute('data-order-key')) ?? '',
  );
  await page.getByTestId('clear-filters').click();

  // A focused row that leaves the view hands focus to no other row.
  await page.getByTestId('order-grid').focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const focused = await focusedRow(page).getAttribute('data-order-key');
  const focusedSide = (await focusedRow(page).locator('.cell-side').textContent()) ?? '';
  await page.getByTestId('filter-side').selectOption(focusedSide.includes('BUY') ? 'sell' : 'buy');
  await expect(page.locator(`[data-order-key="${focused}"]`)).toHaveCount(0);
  await expect(focusedRow(page)).toHaveCount(0);
  await page.getByTestId('order-grid').focus();
  await expect(focusedRow(page)).toHaveCount(0);
  await page.keyboard.press('Delete');
  await expect(page.locator('[data-order-key][data-status^="cancel"]')).toHaveCount(0);
  await page.getByTestId('clear-filters').click();

  // Sort by price, ascending then descending.
  await page.locator('.sort-button[data-column="price"]').click();
  await expect(page.locator('[role="columnheader"][aria-sort="ascending"]')).toHaveCount(1);
  await page.locator('.sort-button[data-column="price"]').click();
  await expect(page.locator('[role="columnheader"][aria-sort="descending"]')).toHaveCount(1);

  // Group by venue: a header row per venue.
  await page.getByTestId('group-by').selectOption('venue');
  await expect(page.locator('[data-group="venue:rails"]')).toBeVisible();
  await page.getByTestId('group-by').selectOption('none');

  // Cancel one order, then its audit trail shows every step with a time.
  const row = page.locator('[data-order-key][data-status="open"]').first();
  const key = await row.getAttribute('data-order-key');
  await row.getByRole('button', { name: /^Cancel / }).click();
  const sameRow = page.locator(`[data-order-key="${key}"]`);
  await expect(sameRow).toHaveAttribute('data-status', 'cancelled', { timeout: 15_000 });
  await sameRow.locator('.cell-market').click();
  await page.keyboard.press('Enter');
  const audit = page.getByTestId('audit-dialog');
  await expect(audit).toBeVisible();
  for (const step of ['requestedAt', 'sentAt', 'acknowledgedAt', 'confirmedAt']) {
    await expect(audit.locator(`[data-step="${step}"]`)).toHaveAttribute('data-time', /^\d+$/);
  }
  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export-all').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^cancel-blotter-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  await page.keyboard.press('Escape');
  await expect(audit).toHaveCount(0);
});

test('scoped cancel until flat: an order in the scope placed after the preview is cancelled too', async ({
  page,
}) => {
  // A live demo book: orders fill and new ones are placed while the dialog is open.
  const app = await startApp({ activityMs: 60 });
  try {
    const api = recordApi(page);
    await openBlotter(page, app.url);
    // Youngest first, so a new order shows at the top.
    await page.locator('.sort-button[data-column="age"]').click();
    await page.getByTestId('order-grid').focus();
    await page.keyboard.press('c');
    await expect(page.getByTestId('scope-dialog')).toBeVisible();
    // Nothing chosen cancels nothing: everything is the explicit All.
    await page.getByTestId('scope-all').check();
    await expect(page.locator('[data-testid="scope-preview"]:not([data-stale])')).toBeVisible();
    await expect.poll(() => api.lastPreviewKeys()).not.toBeNull();
    const previewed = api.lastPreviewKeys() ?? [];
    const total = Number(await page.getByTestId('scope-preview-total').textContent());
    expect(previewed.length).toBe(total);
    expect(total).toBeGreaterThanOrEqual(10); // above the default threshold: a confirmation step

    // Wait for an order placed after the preview.
    const previewedSet = new Set(previewed);
    let late: string | null = null;
    await expect
      .poll(
        async () => {
          const shown = await page
            .locator('[data-order-key][data-status="open"]')
            .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-order-key') ?? ''));
          late = shown.find((key) => !previewedSet.has(key)) ?? null;
          return late;
        },
        { timeout: 20_000 },
      )
      .not.toBeNull();
    const lateKey = late as unknown as string;

    await page.keyboard.press('Enter');
    await expect(page.getByTestId('scope-confirm')).toBeVisible();
    await expect(page.getByTestId('scope-confirm-yes')).toHaveText(new RegExp(`Yes, cancel ${total}`));
    await page.keyboard.press('y');
    await expect(page.getByTestId('scope-dialog')).toHaveCount(0);

    // The scope goes to main, which cancels what it covers and lists every account again until nothing in it
    // is open: the order placed after the preview is part of the same intent.
    await expect.poll(() => api.of('cancelScope').length).toBe(1);
    const sent = api.of('cancelScope')[0]?.payload as { scope: Record<string, unknown>; source: string };
    expect(sent.source).toBe('scope');
    expect(api.of('cancel')).toHaveLength(0);

    const progress = page.getByTestId('bulk-progress').first();
    await expect(progress).toHaveAttribute('data-source', 'scope');
    await expect(page.getByTestId('bulk-flatness').first()).toBeVisible();
    // The late order is cancelled (or filled first), never left open.
    await page.getByTestId('search').fill(lateKey.slice(lateKey.indexOf(':') + 1));
    const lateRow = page.locator(`[data-order-key="${lateKey}"]`);
    await expect(lateRow).toHaveCount(1);
    await expect
      .poll(async () => lateRow.getAttribute('data-status'), { timeout: 20_000 })
      .toMatch(/^(cancelled|filled)$/);
  } finally {
    await app.stop();
  }
});

test('with a search active, a group header cancels only the shown orders of its group and says so', async ({
  app,
  page,
}) => {
  const api = recordApi(page);
  await openBlotter(page, app.url);
  const rows = page.locator('[data-order-key]');
  const market = (await rows.first().locator('.cell-market').textContent())?.trim() ?? '';
  await page.getByTestId('group-by').selectOption('venue');
  const total = Number((await page.getByTestId('shown-count').textContent())?.match(/^Shown: (\d+)/)?.[1]);
  await page.getByTestId('search').fill(market);
  await expect(page.getByTestId('shown-count')).toContainText(` of ${total}`);
  await page.keyboard.press('Escape');
  const group = page.locator('[data-group^="venue:"]').first();
  await expect(group).toBeVisible();
  const venueId = (await group.getAttribute('data-group'))?.slice('venue:'.length) ?? '';
  const groupKeys = await page
    .locator(`[data-order-key^="demo-${venueId}:"]`)
    .evaluateAll((list) => list.map((row) => row.getAttribute('data-order-key') ?? ''));
  expect(groupKeys.length).toBeGreaterThan(0);
  await expect(group.locator('.group-count')).toHaveText(
    `${groupKeys.length} ${groupKeys.length === 1 ? 'order' : 'orders'}`,
  );

  await group.getByRole('button', { name: /^Cancel / }).click();
  const dialog = page.getByTestId('scope-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('scope-summary')).toContainText('shown in the grid');
  await expect(page.getByTestId('scope-visible-only')).toContainText(`search “${market}”`);
  await expect(page.locator('[data-testid="scope-preview"]:not([data-stale])')).toBeVisible();
  await expect(page.getByTestId('scope-preview-total')).toHaveText(String(groupKeys.length));
  await expect(page.getByTestId('scope-preview').locator('tbody tr')).toHaveAttribute('data-venue', venueId);

  await page.getByTestId('scope-submit').click();
  if (groupKeys.length >= 10) await page.keyboard.press('y');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => api.of('cancel').length).toBe(1);
  const sent = api.of('cancel')[0]?.payload as { keys: string[]; source: string };
  expect(sent.source).toBe('scope');
  expect([...sent.keys].sort()).toEqual([...groupKeys].sort());
  expect(api.of('cancelScope')).toHaveLength(0);
  for (const key of groupKeys) {
    await expect(page.locator(`[data-order-key="${key}"]`)).toHaveAttribute(
      'data-status',
      /cancelled|filled/,
      {
        timeout: 15_000,
      },
    );
  }
  // Nothing outside the search was touched, on that venue or any other.
  await page.getByTestId('search').fill('');
  await page.getByTestId('group-by').selectOption('none');
  const touched = await page
    .locator('[data-order-key][data-status^="cancel"]')
    .evaluateAll((list) => list.map((row) => row.getAttribute('data-order-key') ?? ''));
  for (const key of touched) expect(groupKeys).toContain(key);
});
