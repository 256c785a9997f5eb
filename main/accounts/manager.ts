/**
 * Account management and the demo/live switch, behind the `accounts.*` and
 * `setMode` requests.
 *
 * Modes are exclusive, so a demo order is never shown next to a real one:
 * - live: every enabled configured account is connected (adapters built with
 *   credentials read from the keychain at that moment and not kept here);
 * - demo: the embedded simulators and their demo accounts, nothing real.
 * Start-up picks live when there is an enabled account, else demo. Enabling
 * or adding an account while the demo runs only because nothing was
 * configured switches to live; a demo the trader chose stays until they
 * switch back.
 *
 * Mutations run one at a time. Nothing here returns or logs a secret: the
 * renderer gets settings and a key hint, errors name fields, never values.
 */
import { randomBytes } from 'node:crypto';
import type {
  AccountDraft,
  AccountEnabledRequest,
  AccountRef,
  AccountsState,
  AccountTestRequest,
  ConfiguredAccount,
  ConnectionTestResult,
  ForgetOrphanResult,
  ModeState,
  OrphanRef,
  RemoveAccountResult,
  SetModeRequest,
  VenueSetup,
} from '../../preload/contract.ts';
import type { AccountsHandler } from '../core/api-dispatch.ts';
import { ApiFailure } from '../core/api-failure.ts';
import type { BlotterService } from '../core/blotter-service.ts';
import type { Logger } from '../core/log.ts';
import { scrubbingLogger } from '../core/scrub.ts';
import { toVenueError, type VenueAdapter, type VenueErrorCategory } from '../core/venue.ts';
import { demoAccountId, type RunningDemo } from '../demo/demo.ts';
import { KeychainError } from '../secrets/keychain.ts';
import { type Credentials, SecretMissingError, type SecretStore } from '../secrets/secret-store.ts';
import type { VenueModule } from '../venues/types.ts';
import { type AccountStore, AccountStoreReadOnlyError, type StoredAccount } from './account-store.ts';
import { unavailableAdapter } from './unavailable-adapter.ts';
import { effectiveSettings, effectiveUrls, scrub, validateDraft } from './validate.ts';

export interface AccountManagerOptions {
  service: BlotterService;
  store: AccountStore;
  secrets: SecretStore;
  venues: VenueModule[];
  logger: Logger;
  /** Starts the embedded demo (simulators, demo accounts, activity) on the service. */
  startDemo: () => Promise<RunningDemo>;
  /** How long a connection test may take (default 10 s, under the renderer's request timeout). */
  testTimeoutMs?: number;
  /** How long listing waits for a first keychain probe (default 3 s; a locked keychain may prompt). */
  probeTimeoutMs?: number;
}

const CATEGORY_TEXT: Record<VenueErrorCategory, string> = {
  auth: 'The venue refused the keys',
  network: 'Could not reach the venue',
  rate_limited: 'The venue is rate-limiting this key',
  maintenance: 'The venue is in maintenance',
  rejected: 'The venue refused the request',
  conflict: 'The venue answered with a conflict',
  not_found: 'The venue did not find the resource',
};

function keychainFailure(err: unknown, suffix = ''): Error {
  if (err instanceof KeychainError) return new ApiFailure('unavailable', `${err.message}${suffix}`);
  if (err instanceof SecretMissingError) return new ApiFailure('not_found', err.message);
  return err instanceof Error ? err : new Error(String(err));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class AccountManager implements AccountsHandler {
  private readonly service: BlotterService;
  private readonly store: AccountStore;
  private readonly secrets: SecretStore;
  private readonly venues: VenueModule[];
  private readonly logger: Logger;
  private readonly startDemo: () => Promise<RunningDemo>;
  private readonly testTimeoutMs: number;
  private readonly probeTimeoutMs: number;
  private demoRun: RunningDemo | undefined;
  /** The trader asked for the demo; accounts appearing do not end it. */
  private demoChosen = false;
  /** Configured accounts registered with the service. */
  private readonly connected = new Set<string>();
  /** Adapters still starting (first connection attempt and listing). */
  private readonly starting = new Set<Promise<void>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: AccountManagerOptions) {
    this.service = options.service;
    this.store = options.store;
    this.secrets = options.secrets;
    this.venues = options.venues;
    this.logger = options.logger.child({ component: 'accounts' });
    this.startDemo = options.startDemo;
    this.testTimeoutMs = options.testTimeoutMs ?? 10_000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 3_000;
  }

  get demo(): RunningDemo | undefined {
    return this.demoRun;
  }

  /** Picks the mode: live with enabled accounts, else the demo. */
  start(): Promise<void> {
    return this.exclusive(async () => {
      for (const problem of this.store.problems)
        this.logger.error('account settings problem', { problem: problem.message });
      if (this.store.list().some((account) => account.enabled)) await this.enterLive();
      else await this.enterDemo();
    });
  }

  /** Resolves once every adapter started so far made its first connection attempt. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.starting]);
  }

  stop(): Promise<void> {
    return this.exclusive(async () => {
      await this.settled();
      const demo = this.demoRun;
      this.demoRun = undefined;
      await demo?.stop();
    });
  }

  // --------------------------------------------------------------- reads --

  async list(): Promise<AccountsState> {
    // Until the keychain answers, ask it again on every listing: a trader may have just unlocked or started it.
    if (this.secrets.health.available !== true) {
      await withTimeout(this.secrets.probe(), this.probeTimeoutMs, 'the keychain').catch(() => {});
    }
    return {
      mode: this.service.mode,
      accounts: this.store.list().map((account) => this.toConfigured(account)),
      venues: this.venues.map((venue) => this.setup(venue)),
      keychain: { ...this.secrets.health, location: this.secrets.describe() },
      problems: this.store.problems,
      orphanedKeys: this.store.orphans,
      configPath: this.store.path,
      writable: this.store.writable,
    };
  }

  // ----------------------------------------------------------- mutations --

  add(draft: AccountDraft): Promise<ConfiguredAccount> {
    const venue = this.venue(draft.venue);
    this.requireWritable();
    const valid = validateDraft(venue, draft);
    return this.exclusive(async () => {
      const accountId = this.newAccountId(venue.id);
      await this.secrets.save(venue.id, accountId, valid.credentials).catch((err: unknown) => {
        throw keychainFailure(err, ' The account was not added.');
      });
      const now = Date.now();
      const stored: StoredAccount = {
        accountId,
        venue: venue.id,
        label: valid.label,
        environment: valid.environment,
        ...(valid.urls && { urls: valid.urls }),
        markets: valid.markets,
        ...(Object.keys(valid.settings).length > 0 && { settings: valid.settings }),
        enabled: draft.enabled ?? true,
        ...(valid.credentialHint && { credentialHint: valid.credentialHint }),
        createdAt: now,
        updatedAt: now,
      };
      try {
        await this.store.add(stored);
      } catch (err) {
        // No settings, no key: take the keychain item back out.
        await this.secrets.delete(venue.id, accountId).catch(() => {});
        throw this.storeFailure(err);
      }
      this.logger.info('account added', { accountId, venue: venue.id, environment: stored.environment });
      if (stored.enabled) await this.accountEnabled(stored);
      return this.toConfigured(stored);
    });
  }

  remove(request: AccountRef): Promise<RemoveAccountResult> {
    this.requireWritable();
    return this.exclusive(async () => {
      const account = this.account(request.accountId);
      // The key goes first: if the keychain cannot delete it, nothing changes and nothing is left behind.
      const keychainItemDeleted = await this.secrets
        .delete(account.venue, account.accountId)
        .catch((err: unknown) => {
          throw keychainFailure(
            err,
            ' The account was not removed, so its key is not left behind in the keychain.',
          );
        });
      if (this.connected.has(account.accountId)) await this.disconnect(account.accountId);
      await this.store.remove(account.accountId).catch((err: unknown) => {
        throw this.storeFailure(err);
      });
      this.logger.info('account removed', {
        accountId: account.accountId,
        venue: account.venue,
        keychainItemDeleted,
      });
      return { accountId: account.accountId, keychainItemDeleted };
    });
  }

  setEnabled(request: AccountEnabledRequest): Promise<ConfiguredAccount> {
    this.requireWritable();
    return this.exclusive(async () => {
      const account = this.account(request.accountId);
      const updated =
        account.enabled === request.enabled
          ? account
          : await this.store.update(account.accountId, { enabled: request.enabled }).catch((err: unknown) => {
              throw this.storeFailure(err);
            });
      if (request.enabled && !this.connected.has(account.accountId)) await this.accountEnabled(updated);
      if (!request.enabled && this.connected.has(account.accountId)) await this.disconnect(account.accountId);
      this.logger.info('account enabled', { accountId: account.accountId, enabled: request.enabled });
      return this.toConfigured(updated);
    });
  }

  /**
   * Deletes the keychain item of an orphaned key (an entry set aside at load)
   * and drops it from the list. Only listed orphans: this is not a way to
   * delete any item by name. The settings file is not touched, so a read-only
   * store does not stop it.
   */
  forgetOrphan(request: OrphanRef): Promise<ForgetOrphanResult> {
    return this.exclusive(async () => {
      const { venue, accountId } = request;
      if (!this.store.orphans.some((each) => each.venue === venue && each.accountId === accountId))
        throw new ApiFailure('not_found', `no orphaned key ${venue}/${accountId}`);
      const keychainItemDeleted = await this.secrets.delete(venue, accountId).catch((err: unknown) => {
        throw keychainFailure(err, ' The key was not deleted and stays listed.');
      });
      this.store.dropOrphan(venue, accountId);
      this.logger.info('orphaned key forgotten', { venue, accountId, keychainItemDeleted });
      return { venue, accountId, keychainItemDeleted };
    });
  }

  setMode(request: SetModeRequest): Promise<ModeState> {
    return this.exclusive(async () => {
      if (request.mode === 'demo') {
        this.demoChosen = true;
        if (!this.demoRun) await this.enterDemo();
      } else {
        this.demoChosen = false;
        if (this.service.mode !== 'live') await this.enterLive();
      }
      this.logger.info('mode', { mode: this.service.mode });
      return { mode: this.service.mode };
    });
  }

  // ---------------------------------------------------------------- test --

  async test(request: AccountTestRequest): Promise<ConnectionTestResult> {
    const startedAt = Date.now();
    let venue: VenueModule;
    let urls: Record<string, string>;
    let credentials: Credentials;
    let accountId = 'connection-test';
    let markets: string[] = [];
    let settings: Record<string, string> = {};
    if ('draft' in request) {
      venue = this.venue(request.draft.venue);
      try {
        const valid = validateDraft(venue, request.draft);
        urls = effectiveUrls(venue, valid.environment, valid.urls);
        credentials = valid.credentials;
        markets = valid.markets;
        settings = valid.settings;
      } catch (err) {
        if (!(err instanceof ApiFailure)) throw err;
        return { ok: false, stage: 'credentials', latencyMs: Date.now() - startedAt, message: err.message };
      }
    } else {
      const account = this.account(request.accountId);
      venue = this.venue(account.venue);
      urls = effectiveUrls(venue, account.environment, account.urls);
      accountId = account.accountId;
      markets = account.markets;
      settings = effectiveSettings(venue, account.settings);
      credentials = await this.secrets.read(account.venue, account.accountId).catch((err: unknown) => {
        throw keychainFailure(err);
      });
    }
    const log = scrubbingLogger(
      this.logger.child({ venue: venue.id, accountId, test: true }),
      Object.values(credentials),
    );
    let adapter: VenueAdapter;
    try {
      adapter = venue.createAdapter({
        accountId,
        urls,
        credentials,
        settings,
        logger: log,
        ...(markets.length > 0 && { markets }),
      });
    } catch (err) {
      const message = scrub(err instanceof Error ? err.message : String(err), credentials);
      return { ok: false, stage: 'credentials', latencyMs: Date.now() - startedAt, message };
    }
    try {
      const orders = await withTimeout(adapter.listOpenOrders(), this.testTimeoutMs, 'the venue');
      const latencyMs = Date.now() - startedAt;
      const count = `${orders.length} open order${orders.length === 1 ? '' : 's'}`;
      return {
        ok: true,
        stage: 'venue',
        openOrders: orders.length,
        latencyMs,
        message: `Connected: the keys were accepted and ${venue.label} listed ${count} (${latencyMs} ms).`,
      };
    } catch (err) {
      const error = toVenueError(err);
      const code = error.code && error.code !== error.category ? ` (${error.code})` : '';
      const message = scrub(`${CATEGORY_TEXT[error.category]}${code}: ${error.message}`, credentials);
      log.info('connection test failed', { code: error.code, category: error.category });
      return { ok: false, stage: 'venue', latencyMs: Date.now() - startedAt, message };
    } finally {
      await adapter.stop().catch(() => {});
    }
  }

  // ------------------------------------------------------------- helpers --

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => {});
    return result;
  }

  private venue(id: string): VenueModule {
    const venue = this.venues.find((each) => each.id === id);
    if (!venue) throw new ApiFailure('invalid_request', `${id} is not available in this build`);
    return venue;
  }

  private account(accountId: string): StoredAccount {
    const account = this.store.get(accountId);
    if (!account) throw new ApiFailure('not_found', `no account ${accountId}`);
    return account;
  }

  private requireWritable(): void {
    if (!this.store.writable)
      throw new ApiFailure('conflict', new AccountStoreReadOnlyError(this.store.path).message);
  }

  private storeFailure(err: unknown): Error {
    if (err instanceof AccountStoreReadOnlyError) return new ApiFailure('conflict', err.message);
    return new Error(
      `could not save ${this.store.path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }

  private newAccountId(venue: string): string {
    for (;;) {
      const id = `${venue}-${randomBytes(4).toString('hex')}`;
      // Nor an orphan's id: forgetting that orphan would delete the new account's key.
      const orphaned = this.store.orphans.some((each) => each.accountId === id);
      if (!this.store.get(id) && !this.service.hasAccount(id) && !orphaned) return id;
    }
  }

  private setup(venue: VenueModule): VenueSetup {
    return {
      venue: venue.id,
      label: venue.label,
      credentialFields: venue.credentialFields.map((field) => ({ ...field })),
      settingFields: (venue.settingFields ?? []).map((field) => ({
        ...field,
        choices: field.choices.map((choice) => ({ ...choice })),
      })),
      defaultUrls: { ...venue.defaultUrls },
      ...(venue.testnetUrls && { testnetUrls: { ...venue.testnetUrls } }),
    };
  }

  private toConfigured(account: StoredAccount): ConfiguredAccount {
    const venue = this.venues.find((each) => each.id === account.venue);
    let urls: Record<string, string> = { ...account.urls };
    if (venue) {
      try {
        urls = effectiveUrls(venue, account.environment, account.urls);
      } catch {
        // a testnet this build does not know: shown without URLs
      }
    }
    return {
      accountId: account.accountId,
      venue: account.venue,
      label: account.label,
      environment: account.environment,
      urls,
      markets: [...account.markets],
      settings: venue ? effectiveSettings(venue, account.settings) : { ...account.settings },
      enabled: account.enabled,
      ...(account.credentialHint && { credentialHint: account.credentialHint }),
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
    };
  }

  /** An account became enabled (added or switched on): connect it, or leave a demo nobody chose. */
  private async accountEnabled(account: StoredAccount): Promise<void> {
    if (this.service.mode === 'live') await this.connect(account);
    else if (!this.demoChosen) await this.enterLive();
  }

  private async enterLive(): Promise<void> {
    const demo = this.demoRun;
    this.demoRun = undefined;
    if (demo) {
      for (const venue of this.venues) await this.service.dropAccount(demoAccountId(venue.id));
      await demo.stop();
    }
    this.service.setMode('live');
    for (const account of this.store.list()) {
      if (account.enabled && !this.connected.has(account.accountId)) await this.connect(account);
    }
  }

  private async enterDemo(): Promise<void> {
    for (const accountId of [...this.connected]) await this.disconnect(accountId);
    this.service.setMode('demo');
    this.demoRun = await this.startDemo();
  }

  /**
   * Registers the account with the service: credentials are read from the
   * keychain now and go straight into the adapter. Anything that stops it
   * before the wire leaves the account `down` with the reason.
   */
  private async connect(account: StoredAccount): Promise<void> {
    const { accountId } = account;
    const log = this.logger.child({ venue: account.venue, accountId });
    let adapter: VenueAdapter;
    let secrets: string[] = [];
    try {
      const venue = this.venue(account.venue);
      const urls = effectiveUrls(venue, account.environment, account.urls);
      const credentials = await this.secrets.read(account.venue, accountId);
      secrets = Object.values(credentials);
      try {
        adapter = venue.createAdapter({
          accountId,
          urls,
          credentials,
          settings: effectiveSettings(venue, account.settings),
          // What the adapter logs passes the same scrubbing as what it reports.
          logger: scrubbingLogger(log, secrets),
          ...(account.markets.length > 0 && { markets: account.markets }),
        });
      } catch (err) {
        throw new Error(scrub(err instanceof Error ? err.message : String(err), credentials));
      }
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      log.error('account cannot connect', { reason });
      adapter = unavailableAdapter(account.venue, accountId, reason);
    }
    this.connected.add(accountId);
    // Registration is synchronous; the first connection attempt is not waited for here.
    const starting = this.service
      .addAccount({ adapter, label: account.label, demo: false, secrets })
      .catch((err: unknown) => {
        log.error('account start failed', { error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => this.starting.delete(starting));
    this.starting.add(starting);
  }

  private async disconnect(accountId: string): Promise<void> {
    this.connected.delete(accountId);
    await this.service.dropAccount(accountId);
  }
}
