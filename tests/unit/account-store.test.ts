import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNTS_FILE,
  AccountStore,
  AccountStoreReadOnlyError,
  type StoredAccount,
} from '../../main/accounts/account-store.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'blotter-accounts-'));
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
    credentialHint: '…abcd',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...patch,
  };
}

const file = () => join(dir, ACCOUNTS_FILE);
const readJson = () =>
  JSON.parse(readFileSync(file(), 'utf8')) as { version: number; accounts: StoredAccount[] };

describe('AccountStore', () => {
  it('starts empty without a file and writes a versioned file on the first change', async () => {
    const store = await AccountStore.open(dir);
    expect(store.list()).toEqual([]);
    expect(store.problems).toEqual([]);
    await store.add(account('rails-00000001'));
    expect(readJson()).toEqual({ version: 1, accounts: [account('rails-00000001')] });
    if (process.platform !== 'win32') expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('reloads what it wrote; update and remove persist', async () => {
    const store = await AccountStore.open(dir, { now: () => 1_800_000_000_000 });
    await store.add(account('rails-00000001'));
    await store.add(
      account('rails-00000002', { environment: 'custom', urls: { auth: 'http://127.0.0.1:1' } }),
    );
    const updated = await store.update('rails-00000001', { enabled: false, label: 'Main' });
    expect(updated).toMatchObject({ enabled: false, label: 'Main', updatedAt: 1_800_000_000_000 });
    expect(await store.remove('rails-00000002')).toBe(true);
    expect(await store.remove('rails-00000002')).toBe(false);
    const again = await AccountStore.open(dir);
    expect(again.list()).toEqual([
      { ...account('rails-00000001'), enabled: false, label: 'Main', updatedAt: 1_800_000_000_000 },
    ]);
  });

  it('writes through a temp file + rename and leaves no temp file behind', async () => {
    const store = await AccountStore.open(dir);
    await Promise.all([store.add(account('rails-00000001')), store.add(account('rails-00000002'))]);
    expect(readdirSync(dir)).toEqual([ACCOUNTS_FILE]);
    expect(
      readJson()
        .accounts.map((each) => each.accountId)
        .sort(),
    ).toEqual(['rails-00000001', 'rails-00000002']);
  });

  it('removes temp files of a write that crashed before its rename', async () => {
    writeFileSync(join(dir, `${ACCOUNTS_FILE}.tmp-123-abcd`), '{"half":');
    await AccountStore.open(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an entry that does not validate and keeps memory and disk unchanged', async () => {
    const store = await AccountStore.open(dir);
    await store.add(account('rails-00000001'));
    await expect(store.add(account('Bad:Id'))).rejects.toThrow();
    await expect(store.add(account('rails-00000001'))).rejects.toThrow(/already exists/);
    expect(store.list()).toHaveLength(1);
    expect(readJson().accounts).toHaveLength(1);
  });

  it('moves a file that is not JSON aside, reports it and starts empty', async () => {
    writeFileSync(file(), '{"version": 1, "accounts": [ {"accountId": "rails-1", ');
    const store = await AccountStore.open(dir, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(store.list()).toEqual([]);
    const [problem] = store.problems;
    expect(problem?.message).toMatch(/is not valid JSON/);
    expect(problem?.message).toMatch(/keys stay in the OS keychain/);
    expect(problem?.backupPath).toBe(`${file()}.corrupt-2026-01-02T03-04-05-000Z`);
    expect(readFileSync(problem!.backupPath!, 'utf8')).toContain('"accountId": "rails-1"');
    expect(readdirSync(dir)).toEqual([`${ACCOUNTS_FILE}.corrupt-2026-01-02T03-04-05-000Z`]);
    // The store keeps working: the next change writes a fresh file.
    await store.add(account('rails-00000001'));
    expect(readJson().accounts).toHaveLength(1);
  });

  it('moves a JSON file that is not an accounts file aside', async () => {
    writeFileSync(file(), '[1, 2, 3]');
    const store = await AccountStore.open(dir);
    expect(store.problems[0]?.message).toMatch(/is not an accounts file/);
    expect(store.problems[0]?.backupPath).toMatch(/\.corrupt-/);
  });

  it('keeps the valid entries, reports each invalid one and copies the original aside', async () => {
    const original = JSON.stringify({
      version: 1,
      accounts: [
        account('rails-00000001'),
        { ...account('rails-00000002'), venue: 'nasdaq' },
        account('rails-00000001'),
        'garbage',
      ],
    });
    writeFileSync(file(), original);
    const store = await AccountStore.open(dir);
    expect(store.list().map((each) => each.accountId)).toEqual(['rails-00000001']);
    const [problem] = store.problems;
    expect(problem?.message).toMatch(/3 account entries/);
    expect(problem?.message).toMatch(/entry 2 \(rails-00000002\): venue/);
    expect(problem?.message).toMatch(/entry 3 \(rails-00000001\): duplicate account id/);
    expect(problem?.message).toMatch(/entry 4: /);
    expect(readFileSync(problem!.backupPath!, 'utf8')).toBe(original);
    expect(readJson().accounts.map((each) => each.accountId)).toEqual(['rails-00000001']);
  });

  it('reports a settings file it cannot read and never overwrites it', async () => {
    mkdirSync(file()); // reading a directory fails with EISDIR, as a permission problem would
    const store = await AccountStore.open(dir);
    expect(store.writable).toBe(false);
    expect(store.problems[0]?.message).toMatch(/could not be read \(EISDIR/);
    await expect(store.add(account('rails-00000002'))).rejects.toBeInstanceOf(AccountStoreReadOnlyError);
    expect(statSync(file()).isDirectory()).toBe(true);
  });

  it('leaves a file from a newer version untouched and becomes read-only', async () => {
    const newer = JSON.stringify({ version: 2, accounts: [{ something: 'new' }] });
    writeFileSync(file(), newer);
    const store = await AccountStore.open(dir);
    expect(store.writable).toBe(false);
    expect(store.list()).toEqual([]);
    expect(store.problems[0]?.message).toMatch(/version 2, written by a newer Cancel Blotter/);
    await expect(store.add(account('rails-00000001'))).rejects.toBeInstanceOf(AccountStoreReadOnlyError);
    expect(readFileSync(file(), 'utf8')).toBe(newer);
  });
});
