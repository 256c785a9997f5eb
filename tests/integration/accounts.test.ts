/**
 * Accounts and live mode through the real runtime and dispatcher: a Rails
 * simulator on loopback plays the trader's venue, an in-memory keychain
 * stands in for the OS one (tests/keychain/ covers the real Secret Service).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../main/core/api-dispatch.ts';
import { silentLogger } from '../../main/core/log.ts';
import { type Runtime, startRuntime } from '../../main/runtime.ts';
import { SecretStore } from '../../main/secrets/secret-store.ts';
import { railsVenue } from '../../main/venues/rails/index.ts';
import { createRailsSimulator } from '../../main/venues/rails/sim/index.ts';
import type { SimulatorReady } from '../../main/venues/simulator.ts';
import type {
  AccountsState,
  BlotterUpdate,
  ConfiguredAccount,
  ConnectionTestResult,
  ForgetOrphanResult,
  ModeState,
  RemoveAccountResult,
  Result,
  Snapshot,
} from '../../preload/contract.ts';
import { onCleanup } from '../support/harness.ts';
import { MemoryKeychain, NO_DBUS_ERROR } from '../support/memory-keychain.ts';
import { waitFor } from '../support/wait-for.ts';

interface Rig {
  runtime: Runtime;
  dispatch: Dispatch;
  keychain: MemoryKeychain;
  dataDir: string;
  updates: BlotterUpdate[];
  stop(): Promise<void>;
}

async function venueSim(seed = 4242, orders = 6): Promise<{ ready: SimulatorReady; ids: string[] }> {
  const sim = createRailsSimulator({ seed, faults: { confirmDelayMs: 20 } });
  const ready = await sim.start();
  onCleanup(() => sim.stop());
  const ids: string[] = [];
  for (let i = 0; i < orders; i++) {
    ids.push(
      sim.placeOrder({
        market: 'ETH-USD',
        side: i % 2 ? 'sell' : 'buy',
        price: `${3500 + i}`,
        quantity: '0.5',
      }),
    );
  }
  return { ready, ids };
}

async function rig(options: { dataDir?: string; keychain?: MemoryKeychain } = {}): Promise<Rig> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'blotter-accounts-it-'));
  if (!options.dataDir) onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  const keychain = options.keychain ?? new MemoryKeychain();
  const runtime = await startRuntime({
    dataDir,
    logger: silentLogger,
    venues: [railsVenue],
    activityIntervalMs: 0,
    totalOrders: 4,
    secrets: new SecretStore('xyz.test', keychain),
  });
  const updates: BlotterUpdate[] = [];
  const unsubscribe = runtime.service.subscribe((update) => updates.push(update));
  let stopped: Promise<void> | undefined;
  const stop = () => {
    unsubscribe();
    stopped ??= runtime.stop();
    return stopped;
  };
  onCleanup(stop);
  return {
    runtime,
    dispatch: createDispatcher(runtime.service, silentLogger, runtime.accounts),
    keychain,
    dataDir,
    updates,
    stop,
  };
}

async function call<T>(dispatch: Dispatch, method: string, payload?: unknown): Promise<T> {
  const result = (await dispatch(method, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function simDraft(ready: SimulatorReady, patch: Record<string, unknown> = {}) {
  return {
    venue: 'rails',
    label: 'Sim Rails',
    environment: 'custom',
    urls: ready.urls,
    credentials: { ...ready.credentials },
    ...patch,
  };
}

const snapshot = (r: Rig) => r.runtime.service.snapshot();
const accountOrders = (s: Snapshot, accountId: string) =>
  s.orders.filter((order) => order.accountId === accountId);

describe('accounts and live mode', () => {
  it('starts in demo without accounts and describes what the add form needs', async () => {
    const r = await rig();
    const state = await call<AccountsState>(r.dispatch, 'accountsList');
    expect(state.mode).toBe('demo');
    expect(state.accounts).toEqual([]);
    expect(state.problems).toEqual([]);
    expect(state.writable).toBe(true);
    expect(state.keychain).toMatchObject({ available: true });
    expect(state.keychain.location).toMatch(/service "xyz.test".*<venue>\/<accountId>/);
    expect(state.venues).toEqual([
      {
        venue: 'rails',
        label: 'Rails',
        credentialFields: railsVenue.credentialFields,
        settingFields: railsVenue.settingFields,
        defaultUrls: railsVenue.defaultUrls,
      },
    ]);
    expect(snapshot(r).accounts.map((account) => [account.accountId, account.demo])).toEqual([
      ['demo-rails', true],
    ]);
  });

  it('tests a draft: wrong keys, unreachable venue, then the right keys', async () => {
    const r = await rig();
    const { ready, ids } = await venueSim();
    const wrong = await call<ConnectionTestResult>(r.dispatch, 'accountsTest', {
      draft: simDraft(ready, {
        credentials: { apiKey: ready.credentials.apiKey, apiSecret: 'WRONG-SECRET-123' },
      }),
    });
    expect(wrong).toMatchObject({ ok: false, stage: 'venue' });
    expect(wrong.message).toMatch(/^The venue refused the keys/);
    expect(wrong.message).not.toContain('WRONG-SECRET-123');

    const missing = await call<ConnectionTestResult>(r.dispatch, 'accountsTest', {
      draft: simDraft(ready, { credentials: { apiKey: 'k' } }),
    });
    expect(missing).toMatchObject({ ok: false, stage: 'credentials', message: 'API secret is required' });

    const closed = await call<ConnectionTestResult>(r.dispatch, 'accountsTest', {
      draft: simDraft(ready, {
        urls: {
          auth: 'http://127.0.0.1:9',
          rest: 'http://127.0.0.1:9',
          account: 'http://127.0.0.1:9',
          ws: 'ws://127.0.0.1:9',
        },
      }),
    });
    expect(closed).toMatchObject({ ok: false, stage: 'venue' });
    expect(closed.message).toMatch(/^Could not reach the venue/);

    const right = await call<ConnectionTestResult>(r.dispatch, 'accountsTest', { draft: simDraft(ready) });
    expect(right).toMatchObject({ ok: true, stage: 'venue', openOrders: ids.length });
    expect(right.message).toMatch(/^Connected: the keys were accepted and Rails listed 6 open orders/);
    // A test stores nothing.
    expect(r.keychain.items.size).toBe(0);
    expect((await call<AccountsState>(r.dispatch, 'accountsList')).accounts).toEqual([]);
  });

  it('adding the first account leaves the demo for live, connects it and cancels on it', async () => {
    const r = await rig();
    const { ready, ids } = await venueSim();
    const account = await call<ConfiguredAccount>(r.dispatch, 'accountsAdd', simDraft(ready));
    expect(account).toMatchObject({
      venue: 'rails',
      label: 'Sim Rails',
      environment: 'custom',
      urls: ready.urls,
      enabled: true,
      credentialHint: `…${ready.credentials.apiKey!.slice(-4)}`,
    });
    expect(account.accountId).toMatch(/^rails-[0-9a-f]{8}$/);
    expect(JSON.stringify(account)).not.toContain(ready.credentials.apiSecret);
    expect(JSON.parse(r.keychain.items.get(`rails/${account.accountId}`)!)).toEqual(ready.credentials);

    expect(snapshot(r).mode).toBe('live');
    expect(r.runtime.demo).toBeUndefined();
    await waitFor(
      () => accountOrders(snapshot(r), account.accountId).length === ids.length,
      5000,
      'sim orders listed',
    );
    const live = snapshot(r);
    expect(live.accounts).toEqual([
      expect.objectContaining({
        accountId: account.accountId,
        demo: false,
        connection: 'connected',
        label: 'Sim Rails',
      }),
    ]);
    expect(live.orders.every((order) => order.accountId === account.accountId)).toBe(true);
    await waitFor(() => r.updates.some((update) => update.resync), 2000, 'a resync update');

    const key = `${account.accountId}:${ids[0]}`;
    const ack = r.runtime.service.cancel({ keys: [key], source: 'click' });
    expect(ack.accepted).toEqual([key]);
    await waitFor(() => r.runtime.service.book.get(key)?.status === 'cancelled', 5000, 'cancelled');
  });

  it("an account's venue settings are validated, stored (never in the keychain) and reach its adapter", async () => {
    const r = await rig();
    const { ready } = await venueSim();
    const refused = await r.dispatch('accountsAdd', simDraft(ready, { settings: { accountType: 'whale' } }));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: /Account type must be one of/ },
    });
    const account = await call<ConfiguredAccount>(
      r.dispatch,
      'accountsAdd',
      simDraft(ready, { settings: { accountType: 'market-maker' } }),
    );
    expect(account.settings).toEqual({ accountType: 'market-maker' });
    const file = JSON.parse(readFileSync(join(r.dataDir, 'accounts.json'), 'utf8')) as {
      accounts: { settings?: unknown }[];
    };
    expect(file.accounts[0]?.settings).toEqual({ accountType: 'market-maker' });
    expect(r.keychain.items.get(`rails/${account.accountId}`)).not.toContain('market-maker');
    // The market maker's window (10,000/min less the UI's and the lookups' shares), not the retail default.
    const preview = r.runtime.service.previewCancel({ accountIds: [account.accountId] });
    expect(preview.plan?.[0]?.limits[0]).toMatch(/9660\/min \(market-maker\)/);
  });

  it('switches to the demo on request and back; a chosen demo survives adding accounts', async () => {
    const r = await rig();
    const { ready } = await venueSim();
    const first = await call<ConfiguredAccount>(r.dispatch, 'accountsAdd', simDraft(ready));
    await waitFor(() => accountOrders(snapshot(r), first.accountId).length > 0, 5000, 'live orders');

    expect(await call<ModeState>(r.dispatch, 'setMode', { mode: 'demo' })).toEqual({ mode: 'demo' });
    let s = snapshot(r);
    expect(s.mode).toBe('demo');
    expect(s.accounts.map((account) => account.accountId)).toEqual(['demo-rails']);
    expect(accountOrders(s, first.accountId)).toEqual([]);
    await waitFor(() => snapshot(r).orders.length > 0, 5000, 'demo orders');

    // Chosen demo: a new account is saved but the demo stays.
    const second = await call<ConfiguredAccount>(
      r.dispatch,
      'accountsAdd',
      simDraft(ready, { label: 'Second' }),
    );
    expect(snapshot(r).mode).toBe('demo');
    expect(r.runtime.service.hasAccount(second.accountId)).toBe(false);

    expect(await call<ModeState>(r.dispatch, 'setMode', { mode: 'live' })).toEqual({ mode: 'live' });
    s = snapshot(r);
    expect(s.mode).toBe('live');
    expect(s.accounts.map((account) => account.accountId).sort()).toEqual(
      [first.accountId, second.accountId].sort(),
    );
    expect(s.orders.some((order) => order.accountId.startsWith('demo-'))).toBe(false);
  });

  it('disabling drops the account and its orders; enabling brings them back', async () => {
    const r = await rig();
    const { ready, ids } = await venueSim();
    const account = await call<ConfiguredAccount>(r.dispatch, 'accountsAdd', simDraft(ready));
    await waitFor(() => accountOrders(snapshot(r), account.accountId).length === ids.length, 5000, 'orders');
    r.updates.length = 0;

    const off = await call<ConfiguredAccount>(r.dispatch, 'accountsSetEnabled', {
      accountId: account.accountId,
      enabled: false,
    });
    expect(off.enabled).toBe(false);
    expect(snapshot(r).accounts).toEqual([]);
    expect(snapshot(r).orders).toEqual([]);
    expect(snapshot(r).mode).toBe('live');
    await waitFor(() => r.updates.some((update) => update.resync), 2000, 'a resync update');

    await call<ConfiguredAccount>(r.dispatch, 'accountsSetEnabled', {
      accountId: account.accountId,
      enabled: true,
    });
    await waitFor(
      () => accountOrders(snapshot(r), account.accountId).length === ids.length,
      5000,
      'orders again',
    );
  });

  it('removing deletes the keychain item and the settings; unknown ids are not_found', async () => {
    const r = await rig();
    const { ready } = await venueSim();
    const account = await call<ConfiguredAccount>(r.dispatch, 'accountsAdd', simDraft(ready));
    const removed = await call<RemoveAccountResult>(r.dispatch, 'accountsRemove', {
      accountId: account.accountId,
    });
    expect(removed).toEqual({ accountId: account.accountId, keychainItemDeleted: true });
    expect(r.keychain.items.size).toBe(0);
    expect((await call<AccountsState>(r.dispatch, 'accountsList')).accounts).toEqual([]);
    expect(r.runtime.service.hasAccount(account.accountId)).toBe(false);
    expect(await r.dispatch('accountsRemove', { accountId: account.accountId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await r.dispatch('accountsSetEnabled', { accountId: 'rails-ffffffff', enabled: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('a keychain that fails leaves everything as it was, and says why', async () => {
    const r = await rig();
    const { ready } = await venueSim();
    const account = await call<ConfiguredAccount>(r.dispatch, 'accountsAdd', simDraft(ready));
    r.keychain.failWith = NO_DBUS_ERROR;
    const add = await r.dispatch('accountsAdd', simDraft(ready, { label: 'Another' }));
    expect(add).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!add.ok)
      expect(add.error.message).toMatch(/no Secret Service answered.*The account was not added\.$/);
    const remove = await r.dispatch('accountsRemove', { accountId: account.accountId });
    expect(remove).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!remove.ok) expect(remove.error.message).toMatch(/not removed, so its key is not left behind/);
    const state = await call<AccountsState>(r.dispatch, 'accountsList');
    expect(state.accounts.map((each) => each.accountId)).toEqual([account.accountId]);
    expect(state.keychain.available).toBe(false);
    expect(r.runtime.service.hasAccount(account.accountId)).toBe(true);
  });

  it('a corrupt settings file is set aside and shown to the trader; the app starts in demo', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'blotter-accounts-it-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    writeFileSync(join(dataDir, 'accounts.json'), '{"version": 1, "accounts": [');
    const r = await rig({ dataDir });
    const state = await call<AccountsState>(r.dispatch, 'accountsList');
    expect(state.mode).toBe('demo');
    expect(state.accounts).toEqual([]);
    expect(state.problems).toHaveLength(1);
    expect(state.problems[0]?.message).toMatch(
      /accounts\.json is not valid JSON .* It was moved to .*\.corrupt-/,
    );
    expect(readFileSync(state.problems[0]!.backupPath!, 'utf8')).toBe('{"version": 1, "accounts": [');
    // Still usable: a new account is saved to a fresh file.
    const { ready } = await venueSim();
    await call<ConfiguredAccount>(r.dispatch, 'accountsAdd', simDraft(ready));
    expect((await call<AccountsState>(r.dispatch, 'accountsList')).accounts).toHaveLength(1);
  });

  it('keys of entries set aside are listed as orphaned and can be deleted one by one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'blotter-accounts-it-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    const keychain = new MemoryKeychain();
    const { ready } = await venueSim();
    const first = await rig({ dataDir, keychain });
    const kept = await call<ConfiguredAccount>(first.dispatch, 'accountsAdd', simDraft(ready));
    const lost = await call<ConfiguredAccount>(
      first.dispatch,
      'accountsAdd',
      simDraft(ready, { label: 'Lost' }),
    );
    await first.stop();
    // One entry goes bad (a hand edit): it is dropped at the next start, its key stays behind.
    const file = join(dataDir, 'accounts.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { accounts: Record<string, unknown>[] };
    saved.accounts = saved.accounts.map((each) =>
      each.accountId === lost.accountId ? { ...each, environment: 'staging' } : each,
    );
    writeFileSync(file, JSON.stringify(saved));

    const r = await rig({ dataDir, keychain });
    let state = await call<AccountsState>(r.dispatch, 'accountsList');
    expect(state.accounts.map((each) => each.accountId)).toEqual([kept.accountId]);
    expect(state.orphanedKeys).toEqual([
      {
        venue: 'rails',
        accountId: lost.accountId,
        label: 'Lost',
        source: 'invalid',
        backupPath: state.problems[0]?.backupPath,
      },
    ]);
    expect(JSON.stringify(state)).not.toContain(ready.credentials.apiSecret);

    // Only listed orphans, in the contract's shape: never a way to delete any item by name.
    expect(
      await r.dispatch('accountsForgetOrphan', { venue: 'rails', accountId: kept.accountId }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await r.dispatch('accountsForgetOrphan', { venue: 'rails', accountId: '../x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(
      await r.dispatch('accountsForgetOrphan', { venue: 'rails', accountId: lost.accountId, extra: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(keychain.items.has(`rails/${kept.accountId}`)).toBe(true);

    const forgot = await call<ForgetOrphanResult>(r.dispatch, 'accountsForgetOrphan', {
      venue: 'rails',
      accountId: lost.accountId,
    });
    expect(forgot).toEqual({ venue: 'rails', accountId: lost.accountId, keychainItemDeleted: true });
    expect([...keychain.items.keys()]).toEqual([`rails/${kept.accountId}`]);
    state = await call<AccountsState>(r.dispatch, 'accountsList');
    expect(state.orphanedKeys).toEqual([]);
    expect(state.accounts.map((each) => each.accountId)).toEqual([kept.accountId]);
    expect(
      await r.dispatch('accountsForgetOrphan', { venue: 'rails', accountId: lost.accountId }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('an orphaned key is not forgotten while the keychain is unavailable, and stays listed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'blotter-accounts-it-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    const keychain = new MemoryKeychain();
    keychain.items.set('rails/rails-0000abcd', '{"apiKey":"k","apiSecret":"s"}');
    // Corrupt, but still JSON: the version is a string.
    writeFileSync(
      join(dataDir, 'accounts.json'),
      JSON.stringify({
        version: '1',
        accounts: [{ accountId: 'rails-0000abcd', venue: 'rails', label: 'Old' }],
      }),
    );
    const r = await rig({ dataDir, keychain });
    let state = await call<AccountsState>(r.dispatch, 'accountsList');
    expect(state.orphanedKeys).toMatchObject([
      { venue: 'rails', accountId: 'rails-0000abcd', label: 'Old', source: 'corrupt' },
    ]);

    keychain.failWith = NO_DBUS_ERROR;
    const refused = await r.dispatch('accountsForgetOrphan', { venue: 'rails', accountId: 'rails-0000abcd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!refused.ok)
      expect(refused.error.message).toMatch(
        /no Secret Service answered.*The key was not deleted and stays listed\.$/,
      );
    expect(keychain.items.has('rails/rails-0000abcd')).toBe(true);
    state = await call<AccountsState>(r.dispatch, 'accountsList');
    expect(state.orphanedKeys.map((each) => each.accountId)).toEqual(['rails-0000abcd']);
    expect(state.keychain.available).toBe(false);

    keychain.failWith = undefined;
    expect(
      await call<ForgetOrphanResult>(r.dispatch, 'accountsForgetOrphan', {
        venue: 'rails',
        accountId: 'rails-0000abcd',
      }),
    ).toMatchObject({ keychainItemDeleted: true });
    expect(keychain.items.size).toBe(0);
  });

  it('a restart with an enabled account starts live from the keychain; a missing item shows the account down', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'blotter-accounts-it-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    const keychain = new MemoryKeychain();
    const { ready, ids } = await venueSim();
    const first = await rig({ dataDir, keychain });
    const account = await call<ConfiguredAccount>(first.dispatch, 'accountsAdd', simDraft(ready));
    await first.stop();

    const second = await rig({ dataDir, keychain });
    expect(snapshot(second).mode).toBe('live');
    expect(second.runtime.demo).toBeUndefined();
    await waitFor(
      () => accountOrders(snapshot(second), account.accountId).length === ids.length,
      5000,
      'orders',
    );
    await second.stop();

    keychain.items.clear();
    const third = await rig({ dataDir, keychain });
    await waitFor(() => snapshot(third).accounts[0]?.connection === 'down', 2000, 'down');
    expect(snapshot(third).accounts[0]?.detail).toMatch(
      /missing from the OS keychain; remove the account and add it again/,
    );
  });
});
