/**
 * The leak test: accounts with recognisable secrets go in through the API,
 * the app is driven through every path that carries account data (list,
 * add, test, enable/disable, snapshot, updates, cancels, mode switches,
 * refusals, removal), and the secrets must appear in none of what comes out:
 * API answers, pushed updates, log lines, the audit log and every file in the
 * data dir. They must be in exactly one place: the OS keychain.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../main/core/api-dispatch.ts';
import { createLogger } from '../../main/core/log.ts';
import { APP_ID, startRuntime } from '../../main/runtime.ts';
import { railsVenue } from '../../main/venues/rails/index.ts';
import { createRailsSimulator } from '../../main/venues/rails/sim/index.ts';
import type { ConfiguredAccount, Result } from '../../preload/contract.ts';
import { waitFor } from '../support/wait-for.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'blotter-leak-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function keychainItem(item: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', APP_ID, 'username', item], { encoding: 'utf8' });
  } catch {
    return null;
  }
}

describe('secrets never leave the keychain', () => {
  it('appear in no answer, update, log line, audit entry or file', async () => {
    const sim = createRailsSimulator({ seed: 9001, faults: { confirmDelayMs: 20 } });
    const ready = await sim.start();
    const ids = ['0', '1', '2', '3'].map((i) =>
      sim.placeOrder({ market: 'ETH-USD', side: 'buy', price: `350${i}`, quantity: '1' }),
    );
    // The simulator's keys are random per seed; the canary is unmistakable.
    const simSecret = ready.credentials.apiSecret!;
    const simKey = ready.credentials.apiKey!;
    const canary = `LEAK-CANARY-${randomBytes(10).toString('hex')}`;
    const canaryKey = `canary-key-${randomBytes(6).toString('hex')}`;
    const forbidden = [simSecret, simKey, canary, canaryKey];

    const logs: string[] = [];
    const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
    const runtime = await startRuntime({
      dataDir,
      logger,
      venues: [railsVenue],
      activityIntervalMs: 0,
      totalOrders: 4,
    });
    const dispatch = createDispatcher(runtime.service, logger, runtime.accounts);
    const outputs: string[] = [];
    const unsubscribe = runtime.service.subscribe((update) => outputs.push(JSON.stringify(update)));
    const api = async <T>(method: string, payload?: unknown): Promise<Result<T>> => {
      const result = (await dispatch(method, payload)) as Result<T>;
      outputs.push(JSON.stringify(result));
      return result;
    };
    const value = <T>(result: Result<T>): T => {
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value;
    };

    try {
      await api('accountsList');
      const simDraft = {
        venue: 'rails',
        label: 'Sim',
        environment: 'custom',
        urls: ready.urls,
        credentials: ready.credentials,
      };
      const canaryDraft = {
        venue: 'rails',
        label: 'Canary',
        environment: 'custom',
        urls: {
          auth: 'http://127.0.0.1:9',
          rest: 'http://127.0.0.1:9',
          account: 'http://127.0.0.1:9',
          ws: 'ws://127.0.0.1:9',
        },
        credentials: { apiKey: canaryKey, apiSecret: canary },
      };
      value(await api('accountsTest', { draft: simDraft }));
      value(
        await api('accountsTest', {
          draft: { ...simDraft, credentials: { apiKey: simKey, apiSecret: canary } },
        }),
      );
      value(await api('accountsTest', { draft: canaryDraft }));
      const sim1 = value(await api<ConfiguredAccount>('accountsAdd', simDraft));
      const canary1 = value(await api<ConfiguredAccount>('accountsAdd', canaryDraft));
      expect(sim1.credentialHint).toBe(`…${simKey.slice(-4)}`);

      // The keychain is where they are.
      expect(JSON.parse(keychainItem(`rails/${sim1.accountId}`) ?? 'null')).toEqual(ready.credentials);
      expect(JSON.parse(keychainItem(`rails/${canary1.accountId}`) ?? 'null')).toEqual(
        canaryDraft.credentials,
      );

      await waitFor(
        () =>
          runtime.service.snapshot().orders.filter((order) => order.accountId === sim1.accountId).length ===
          ids.length,
        5000,
        'sim orders',
      );
      await waitFor(
        () => {
          const state = runtime.service
            .snapshot()
            .accounts.find((a) => a.accountId === canary1.accountId)?.connection;
          return state === 'down' || state === 'reconnecting';
        },
        5000,
        'canary account failing to connect',
      );
      value(await api('accountsTest', { accountId: sim1.accountId }));
      value(await api('accountsTest', { accountId: canary1.accountId }));
      value(await api('snapshot'));
      const key = `${sim1.accountId}:${ids[0]}`;
      value(await api('cancel', { keys: [key], source: 'click' }));
      await waitFor(() => runtime.service.book.get(key)?.status === 'cancelled', 5000, 'cancelled');
      value(await api('previewCancel', { accountIds: [sim1.accountId] }));
      value(await api('cancelScope', { scope: { accountIds: [canary1.accountId] }, source: 'scope' }));
      value(await api('accountsSetEnabled', { accountId: canary1.accountId, enabled: false }));
      value(await api('accountsSetEnabled', { accountId: canary1.accountId, enabled: true }));
      value(await api('setMode', { mode: 'demo' }));
      value(await api('snapshot'));
      value(await api('setMode', { mode: 'live' }));
      value(await api('accountsList'));

      // Refusals must not echo what was sent.
      for (const bad of [
        { ...canaryDraft, venue: canary },
        {
          ...canaryDraft,
          credentials: {
            apiKey: canaryKey,
            apiSecret: canary,
            [`x${canary.slice(0, 20).replace(/-/g, '')}`]: canary,
          },
        },
        { ...canaryDraft, urls: { ...canaryDraft.urls, rest: `${canary} is not a URL` } },
        { ...canaryDraft, urls: { ...canaryDraft.urls, rest: `http://${canary}.example/` } },
        { ...canaryDraft, urls: { ...canaryDraft.urls, rest: `http://user:${canary}@127.0.0.1:9` } },
        { ...canaryDraft, label: canary.repeat(10) },
      ]) {
        expect((await api('accountsAdd', bad)).ok).toBe(false);
      }
      expect(
        (await api('accountsTest', { draft: { ...canaryDraft, credentials: { apiKey: canaryKey } } })).ok,
      ).toBe(true);

      value(await api('accountsRemove', { accountId: canary1.accountId }));
      expect(keychainItem(`rails/${canary1.accountId}`)).toBeNull();
      value(await api('snapshot'));
    } finally {
      unsubscribe();
      await runtime.stop();
      await sim.stop();
    }

    const files = filesUnder(dataDir);
    expect(files.some((file) => file.endsWith('accounts.json'))).toBe(true);
    expect(files.some((file) => file.includes(`${join('audit', 'audit-')}`))).toBe(true);
    const corpus: [string, string][] = [
      ...outputs.map((text, i): [string, string] => [`api/update #${i}`, text]),
      ...logs.map((text, i): [string, string] => [`log line #${i}`, text]),
      ...files.map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
    ];
    // The corpus does carry the accounts (so the search below looks in the right places).
    const everything = corpus.map(([, text]) => text).join('\n');
    expect(everything).toContain(`…${simKey.slice(-4)}`);
    expect(logs.some((line) => line.includes('account added'))).toBe(true);
    expect(outputs.length).toBeGreaterThan(20);
    for (const [where, text] of corpus) {
      for (const secret of forbidden) {
        if (text.includes(secret)) throw new Error(`a secret leaked into ${where}: ${text.slice(0, 300)}`);
      }
      // Rails access tokens are JWTs; they are secrets too.
      expect(text, where).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    }
  });
});
