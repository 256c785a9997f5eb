/**
 * Orphaned keys: what AccountStore recovers of the entries it sets aside
 * (venue, id, label), so the keychain items they leave can be deleted from
 * the Accounts dialog.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS_FILE, AccountStore, type StoredAccount } from '../../main/accounts/account-store.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'blotter-orphans-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function account(id: string, patch: Partial<StoredAccount> = {}): StoredAccount {
  return {
    accountId: id,
    venue: 'rails',
    label: `Rails ${id}`,
    environment: 'production',
    markets: [],
    enabled: true,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...patch,
  };
}

const file = () => join(dir, ACCOUNTS_FILE);

describe('AccountStore orphaned keys', () => {
  it('lists the rejected entries of an invalid file, never a loaded account or a duplicate of one', async () => {
    writeFileSync(
      file(),
      JSON.stringify({
        version: 1,
        accounts: [
          account('rails-00000001'),
          { ...account('rails-00000002'), enabled: 'yes' },
          { ...account('oxfun-00000003', { venue: 'oxfun' }), label: 42, markets: null },
          { ...account('rails-00000001'), label: 'duplicate' },
          { ...account('rails-00000004'), venue: 'nasdaq' },
          { accountId: 'Bad:Id', venue: 'rails', label: 'unusable id' },
          'garbage',
        ],
      }),
    );
    const store = await AccountStore.open(dir);
    expect(store.list().map((each) => each.accountId)).toEqual(['rails-00000001']);
    const backupPath = store.problems[0]?.backupPath;
    expect(backupPath).toMatch(/\.invalid-/);
    expect(store.orphans).toEqual([
      {
        venue: 'rails',
        accountId: 'rails-00000002',
        label: 'Rails rails-00000002',
        source: 'invalid',
        backupPath,
      },
      { venue: 'oxfun', accountId: 'oxfun-00000003', source: 'invalid', backupPath },
    ]);
    // Nothing secret could be there to copy, and nothing but these fields is.
    expect(Object.keys(store.orphans[0] ?? {}).sort()).toEqual([
      'accountId',
      'backupPath',
      'label',
      'source',
      'venue',
    ]);
  });

  it('recovers from a corrupt file that is still JSON (wrong envelope, or a bare array)', async () => {
    writeFileSync(
      file(),
      JSON.stringify({ version: '1', accounts: [account('rails-0000000a'), { venue: 'btcturk' }] }),
    );
    const store = await AccountStore.open(dir, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    const backupPath = `${file()}.corrupt-2026-01-02T03-04-05-000Z`;
    expect(store.problems[0]?.backupPath).toBe(backupPath);
    expect(store.orphans).toEqual([
      {
        venue: 'rails',
        accountId: 'rails-0000000a',
        label: 'Rails rails-0000000a',
        source: 'corrupt',
        backupPath,
      },
    ]);

    rmSync(backupPath);
    writeFileSync(file(), JSON.stringify([account('coinw-0000000b', { venue: 'coinw', label: '  Desk  ' })]));
    const again = await AccountStore.open(dir);
    expect(again.orphans).toMatchObject([{ venue: 'coinw', accountId: 'coinw-0000000b', label: 'Desk' }]);
  });

  it('a file that is not JSON yields nothing; a healthy file yields nothing', async () => {
    writeFileSync(file(), '{"version": 1, "accounts": [ {"accountId": "rails-00000001", "venue": "rails"');
    const store = await AccountStore.open(dir);
    expect(store.problems[0]?.message).toMatch(/is not valid JSON/);
    expect(store.orphans).toEqual([]);

    await store.add(account('rails-00000001'));
    expect(readFileSync(file(), 'utf8')).toContain('rails-00000001');
    expect((await AccountStore.open(dir)).orphans).toEqual([]);
  });

  it('dropOrphan removes one listed orphan and says whether it was there', async () => {
    writeFileSync(
      file(),
      JSON.stringify({ accounts: [account('rails-00000001'), account('rails-00000002')] }),
    );
    const store = await AccountStore.open(dir);
    expect(store.orphans.map((each) => each.accountId)).toEqual(['rails-00000001', 'rails-00000002']);
    expect(store.dropOrphan('oxfun', 'rails-00000001')).toBe(false);
    expect(store.dropOrphan('rails', 'rails-00000001')).toBe(true);
    expect(store.orphans.map((each) => each.accountId)).toEqual(['rails-00000002']);
  });
});
