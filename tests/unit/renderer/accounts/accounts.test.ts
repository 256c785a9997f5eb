/**
 * The accounts UI without a browser: the form model, the connection column,
 * static markup of the form and the list (secret inputs are password fields
 * and start empty; a listed account shows its hint, never a key), and the
 * store's re-fetch on a `resync` update.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type {
  AccountStatus,
  BlotterApi,
  BlotterUpdate,
  ConfiguredAccount,
  Result,
  Snapshot,
  VenueSetup,
} from '../../../../preload/contract.ts';
import { AccountList, connectionText } from '../../../../renderer/accounts/AccountList.tsx';
import { AccountsControl } from '../../../../renderer/accounts/AccountsControl.tsx';
import { AddAccountForm } from '../../../../renderer/accounts/AddAccountForm.tsx';
import {
  emptyForm,
  environments,
  toDraft,
  validateForm,
  withoutCredentials,
} from '../../../../renderer/accounts/form.ts';
import { OrphanedKeys } from '../../../../renderer/accounts/OrphanedKeys.tsx';
import { applySnapshot } from '../../../../renderer/book/book.ts';
import type { Bridge, BridgeStatus } from '../../../../renderer/book/bridge/types.ts';
import { ServicesContext } from '../../../../renderer/book/context.ts';
import { createBlotterStore } from '../../../../renderer/book/store.ts';
import { startSync } from '../../../../renderer/book/sync.ts';
import { createToaster } from '../../../../renderer/book/toasts.ts';

const RAILS: VenueSetup = {
  venue: 'rails',
  label: 'Rails',
  credentialFields: [
    { name: 'apiKey', label: 'API key', secret: false },
    { name: 'apiSecret', label: 'API secret', secret: true },
  ],
  settingFields: [
    {
      name: 'accountType',
      label: 'Account type',
      choices: [
        { value: 'retail', label: 'Retail' },
        { value: 'marketMaker', label: 'Market maker' },
      ],
      defaultValue: 'retail',
    },
  ],
  defaultUrls: { auth: 'https://auth.example', ws: 'wss://ws.example' },
};

const ACCOUNT: ConfiguredAccount = {
  accountId: 'rails-0a1b2c3d',
  venue: 'rails',
  label: 'Main desk',
  environment: 'custom',
  urls: { auth: 'http://127.0.0.1:4000', ws: 'ws://127.0.0.1:4000' },
  markets: [],
  settings: { accountType: 'marketMaker' },
  enabled: true,
  credentialHint: '…9f3a',
  createdAt: 1,
  updatedAt: 1,
};

const fail = () => Promise.resolve<Result<never>>({ ok: false, error: { code: 'internal', message: 'n/a' } });

function api(overrides: Partial<BlotterApi> = {}): BlotterApi {
  return {
    snapshot: fail,
    cancel: fail,
    previewCancel: fail,
    cancelScope: fail,
    accounts: { list: fail, add: fail, test: fail, remove: fail, setEnabled: fail, forgetOrphan: fail },
    setMode: fail,
    onUpdate: () => () => {},
    ...overrides,
  } as BlotterApi;
}

function snapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return { mode: 'live', orders: [], accounts: [], intents: [], version: 1, ...patch };
}

function render(element: ReturnType<typeof createElement>, snap: Snapshot = snapshot()): string {
  const store = createBlotterStore({
    loaded: true,
    bridge: { state: 'connected' },
    book: applySnapshot(snap, Date.now()),
  });
  return renderToStaticMarkup(
    createElement(ServicesContext, { value: { store, api: api(), toaster: createToaster() } }, element),
  );
}

describe('add-account form model', () => {
  it('builds a draft: trimmed values, URLs only for custom, markets split and deduplicated', () => {
    const form = {
      ...emptyForm(RAILS),
      label: '  Main ',
      markets: 'ETH-USD, BTC-USD  ETH-USD',
      credentials: { apiKey: ' k1 ', apiSecret: 's1\n' },
      urls: { auth: ' http://127.0.0.1:1 ', ws: 'ws://127.0.0.1:1' },
    };
    expect(toDraft(form)).toEqual({
      venue: 'rails',
      label: 'Main',
      environment: 'production',
      markets: ['ETH-USD', 'BTC-USD'],
      credentials: { apiKey: 'k1', apiSecret: 's1' },
      settings: { accountType: 'retail' },
    });
    expect(toDraft({ ...form, environment: 'custom' }).urls).toEqual({
      auth: 'http://127.0.0.1:1',
      ws: 'ws://127.0.0.1:1',
    });
  });

  it('names every missing field before asking main', () => {
    expect(validateForm({ ...emptyForm(RAILS), environment: 'custom' }, RAILS)).toEqual({
      label: 'A label is required',
      'credential.apiKey': 'API key is required',
      'credential.apiSecret': 'API secret is required',
      'url.auth': 'The auth URL is required',
      'url.ws': 'The ws URL is required',
    });
    const filled = {
      ...emptyForm(RAILS),
      label: 'x',
      environment: 'custom' as const,
      credentials: { apiKey: 'k', apiSecret: 's' },
      urls: { auth: 'not a url', ws: 'ws://127.0.0.1:1' },
    };
    expect(validateForm(filled, RAILS)).toEqual({ 'url.auth': 'Not a URL' });
  });

  it('lets an optional credential field stay empty and leaves it out of the draft', () => {
    const venue: VenueSetup = {
      ...RAILS,
      credentialFields: [
        ...RAILS.credentialFields,
        { name: 'wsKey', label: 'WebSocket key', secret: false, optional: true },
      ],
    };
    const form = {
      ...emptyForm(venue),
      label: 'x',
      credentials: { apiKey: 'k', apiSecret: 's', wsKey: ' ' },
    };
    expect(validateForm(form, venue)).toEqual({});
    expect(toDraft(form).credentials).toEqual({ apiKey: 'k', apiSecret: 's' });
  });

  it('starts every setting on its default and renders it as a choice', () => {
    expect(emptyForm(RAILS).settings).toEqual({ accountType: 'retail' });
    const html = render(
      createElement(AddAccountForm, { venues: [RAILS], disabled: false, onAdded: () => {} }),
    );
    expect(html).toMatch(/<select[^>]*data-testid="account-setting-accountType"/);
    expect(html).toContain('Market maker');
  });

  it('wipes credentials and offers a testnet only where the venue has one', () => {
    const form = { ...emptyForm(RAILS), label: 'x', credentials: { apiKey: 'k', apiSecret: 's' } };
    expect(withoutCredentials(form)).toEqual({ ...form, credentials: { apiKey: '', apiSecret: '' } });
    expect(environments(RAILS)).toEqual(['production', 'custom']);
    expect(environments({ ...RAILS, testnetUrls: { auth: 'https://t', ws: 'wss://t' } })).toEqual([
      'production',
      'testnet',
      'custom',
    ]);
  });
});

describe('accounts markup', () => {
  it('renders credential fields from the venue: secrets as empty password inputs', () => {
    const html = render(
      createElement(AddAccountForm, { venues: [RAILS], disabled: false, onAdded: () => {} }),
    );
    const secret = html.match(/<input[^>]*data-testid="account-credential-apiSecret"[^>]*>/)?.[0] ?? '';
    expect(secret).toContain('type="password"');
    expect(secret).toContain('autoComplete="new-password"');
    expect(secret).toContain('value=""');
    const key = html.match(/<input[^>]*data-testid="account-credential-apiKey"[^>]*>/)?.[0] ?? '';
    expect(key).toContain('type="text"');
    expect(html).toMatch(/<label[^>]*>API secret<span class="secret-mark"> \(secret\)<\/span><\/label>/);
    expect(html).toContain('data-testid="account-test"');
    expect(html).toContain('data-testid="account-add"');
  });

  it('lists an account with its hint and live connection state, keyboard-operable controls', () => {
    const status: AccountStatus = {
      accountId: ACCOUNT.accountId,
      venue: 'rails',
      label: ACCOUNT.label,
      demo: false,
      connection: 'reconnecting',
      detail: 'socket closed',
    };
    const html = render(
      createElement(AccountList, {
        accounts: [ACCOUNT],
        venues: [RAILS],
        mode: 'live',
        writable: true,
        onChanged: () => {},
        onFailed: () => {},
      }),
      snapshot({ accounts: [status] }),
    );
    expect(html).toContain('…9f3a');
    expect(html).toMatch(/data-testid="account-settings"[^>]*>Account type: Market maker</);
    expect(html).toMatch(/data-testid="account-connection" data-state="reconnecting"[^>]*>reconnecting/);
    expect(html).toContain('socket closed');
    expect(html).toContain('aria-label="Remove Main desk (Rails)"');
    expect(html).toContain('role="switch"');
  });

  it('says why an account is not connected', () => {
    expect(connectionText({ ...ACCOUNT, enabled: false }, 'live', undefined)).toEqual({
      state: 'disabled',
      text: 'disabled',
    });
    expect(connectionText(ACCOUNT, 'demo', undefined).text).toBe('not connected (demo mode)');
    expect(connectionText(ACCOUNT, 'live', undefined).state).toBe('connecting');
  });

  it('puts the Accounts button and a LIVE badge in the header when live', () => {
    const live = render(createElement(AccountsControl), snapshot({ mode: 'live' }));
    expect(live).toContain('data-testid="live-badge"');
    expect(live).toMatch(
      /<button[^>]*data-testid="accounts-button"[^>]*aria-haspopup="dialog"[^>]*>Accounts<\/button>/,
    );
    expect(live).toMatch(/<dialog[^>]*aria-labelledby="accounts-dialog-title"/);
    const demo = render(createElement(AccountsControl), snapshot({ mode: 'demo' }));
    expect(demo).not.toContain('live-badge');
  });
});

describe('store sync', () => {
  it('fetches a fresh snapshot when main says the book was reset', async () => {
    let pushed: ((update: BlotterUpdate) => void) | undefined;
    let snapshots = 0;
    const bridge: Bridge = {
      kind: 'browser',
      api: api({
        snapshot: () => {
          snapshots++;
          return Promise.resolve({ ok: true, value: snapshot({ version: snapshots }) });
        },
        onUpdate: (listener) => {
          pushed = listener;
          return () => {};
        },
      }),
      onStatus: (listener: (status: BridgeStatus) => void) => {
        listener({ state: 'connected' });
        return () => {};
      },
    };
    const store = createBlotterStore();
    const stop = startSync(store, bridge, {
      now: () => 0,
      requestFrame: (callback) => callback(),
      after: () => () => {},
      every: () => () => {},
    });
    expect(snapshots).toBe(1);
    pushed?.({ version: 2, orders: [], accounts: [], intents: [] });
    expect(snapshots).toBe(1);
    pushed?.({ version: 3, orders: [], accounts: [], intents: [], resync: true });
    expect(snapshots).toBe(2);
    stop();
  });
});

describe('orphaned keys section', () => {
  it('is absent without orphans and lists each with a label (or none), venue and a delete button', () => {
    const none = render(
      createElement(OrphanedKeys, { orphans: [], onChanged: () => {}, onFailed: () => {} }),
    );
    expect(none).toBe('');
    const html = render(
      createElement(OrphanedKeys, {
        orphans: [
          {
            venue: 'rails',
            accountId: 'rails-0a1b2c3d',
            label: 'Old desk',
            source: 'invalid',
            backupPath: '/data/accounts.json.invalid-x',
          },
          {
            venue: 'oxfun',
            accountId: 'oxfun-00000001',
            source: 'corrupt',
            backupPath: '/data/accounts.json.corrupt-y',
          },
        ],
        onChanged: () => {},
        onFailed: () => {},
      }),
    );
    expect(html).toContain('data-testid="orphan-row-rails-rails-0a1b2c3d"');
    expect(html).toContain('aria-label="Delete the key of Old desk (rails/rails-0a1b2c3d)"');
    expect(html).toContain('aria-label="Delete the key of oxfun/oxfun-00000001"');
    expect(html).toContain('title="/data/accounts.json.corrupt-y"');
    expect(html).toContain('no label');
  });
});
