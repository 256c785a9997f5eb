/**
 * Runs every account's protection policy: cancel-on-reconnect, the stale-feed and latency trip wires, the
 * venue's dead-man switch, and what quitting does. Each trigger is written to the audit log with its
 * cause (a `protection` entry naming the cancel's intent) and pushed to the renderer as a notice. The
 * BlotterService is the host: it says what the accounts look like and carries out the cancels.
 *
 * A graceful stop (`stop()`) fires nothing: the watches end, and armed dead-man switches stop being
 * refreshed without being removed (they run out at the venue unless `quit` was told to disarm them).
 */
import type {
  CancelAck,
  ConnectionState,
  DeadManSwitchStatus,
  DmsQuitChoice,
  Order,
  ProtectionAccountState,
  ProtectionLastTrigger,
  ProtectionNotice,
  ProtectionPolicy,
  ProtectionQuitResult,
  ProtectionState,
  ProtectionTrigger,
  VenueId,
} from '../../../preload/contract.ts';
import { ApiFailure } from '../api-failure.ts';
import type { ProtectionEntry } from '../audit-entries.ts';
import type { Logger } from '../log.ts';
import type { DeadManSwitch } from '../venue.ts';
import { DeadManSwitchArm, type DmsEvent } from './dead-man-switch.ts';
import { StaleFeedWatch } from './feed-watch.ts';
import { LatencyWatch } from './latency-watch.ts';
import { LinkLossWatch } from './link-watch.ts';
import { checkPolicyFits, protectionMap } from './policy.ts';
import type { PolicyStore } from './policy-store.ts';

/** How often the trip wires look. */
export const TICK_MS = 250;
/** How long quitting waits for a cancel-all-on-quit to be flat. */
export const QUIT_CANCEL_TIMEOUT_MS = 10_000;

export interface GuardedAccount {
  accountId: string;
  venue: VenueId;
  label: string;
  /** "Bluefin demo": for notices. */
  name: string;
  connection: ConnectionState;
  lastMessageAt?: number;
  deadManSwitch?: DeadManSwitch;
}

export interface ProtectionHost {
  accounts(): GuardedAccount[];
  account(accountId: string): GuardedAccount | undefined;
  /** Orders of the account that are not final. */
  restingOrders(accountId: string): Order[];
  ackLatency(accountId: string): { p95Ms?: number; samples: number };
  /** Cancels every order of the account until the venue lists it flat (a scope cancel). */
  cancelAccount(accountId: string): CancelAck;
  /** Resolves true once the intent is done (flat), false when `timeoutMs` passed first. */
  waitForIntent(intentId: string, timeoutMs: number): Promise<boolean>;
  audit(entry: ProtectionEntry): void;
  notify(notice: ProtectionNotice): void;
  logger: Logger;
}

export class ProtectionGuards {
  private readonly host: ProtectionHost;
  private readonly store: PolicyStore;
  private readonly links = new LinkLossWatch();
  private readonly feeds = new StaleFeedWatch();
  private readonly latency = new LatencyWatch();
  private readonly arms = new Map<string, DeadManSwitchArm>();
  private readonly lastTriggers = new Map<string, ProtectionLastTrigger>();
  /** When each account was last connected: the stale-feed clock starts there when no message came yet. */
  private readonly connectedAt = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval>;
  private stopped = false;
  private quitting: Promise<ProtectionQuitResult> | undefined;
  private noticeSeq = 0;

  constructor(host: ProtectionHost, store: PolicyStore) {
    this.host = host;
    this.store = store;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref?.();
  }

  // --------------------------------------------------------------- policy --

  policy(accountId: string): ProtectionPolicy {
    return this.store.get(accountId);
  }

  async setPolicy(accountId: string, policy: ProtectionPolicy): Promise<ProtectionAccountState> {
    const account = this.host.account(accountId);
    if (!account) throw new ApiFailure('not_found', `no connected account ${accountId}`);
    checkPolicyFits(policy, account.venue, account.deadManSwitch !== undefined);
    const before = this.store.get(accountId);
    await this.store.set(accountId, policy);
    this.host.logger.info('protection policy set', { accountId, policy });
    if (before.latency.p95Ms !== policy.latency.p95Ms) this.latency.forget(accountId);
    await this.applyDeadManSwitch(account, policy);
    return this.accountState(account);
  }

  // ------------------------------------------------------------- accounts --

  accountAdded(accountId: string): void {
    const account = this.host.account(accountId);
    if (account && !this.stopped) void this.applyDeadManSwitch(account, this.store.get(accountId));
  }

  /** The trader removed or disabled the account: its dead-man switch is removed, its watches end. */
  async accountRemoved(accountId: string): Promise<void> {
    this.links.forget(accountId);
    this.feeds.forget(accountId);
    this.latency.forget(accountId);
    this.connectedAt.delete(accountId);
    const arm = this.arms.get(accountId);
    this.arms.delete(accountId);
    if (!arm || this.stopped) {
      await arm?.release();
      return;
    }
    await arm.disarm('account disconnected by the trader').catch((err: unknown) => {
      this.host.logger.warn('dead-man switch not removed with its account', {
        accountId,
        error: String(err),
      });
    });
  }

  /**
   * A connection change, before the service lets queued cancels out and reconciles: a link that comes
   * back after being lost longer than the policy allows cancels everything of the account first.
   */
  connectionChanged(accountId: string, state: ConnectionState, now = Date.now()): void {
    if (state === 'connected') this.connectedAt.set(accountId, now);
    const lostMs = this.links.connection(accountId, state, now);
    if (lostMs === undefined || this.stopped) return;
    const policy = this.store.get(accountId).cancelOnReconnect;
    if (!policy.enabled || lostMs <= policy.afterSeconds * 1000) return;
    this.cancel(
      accountId,
      'cancel_on_reconnect',
      `link lost for ${(lostMs / 1000).toFixed(1)} s (over ${policy.afterSeconds} s): cancelling everything of the account on reconnect`,
    );
  }

  // ---------------------------------------------------------------- wires --

  /** One look at every account's trip wires (every TICK_MS; tests may call it). */
  tick(now = Date.now()): void {
    if (this.stopped) return;
    for (const account of this.host.accounts()) {
      const policy = this.store.get(account.accountId);
      if (policy.staleFeed.enabled) this.checkFeed(account, policy, now);
      if (policy.latency.enabled) this.checkLatency(account, policy);
    }
  }

  private checkFeed(account: GuardedAccount, policy: ProtectionPolicy, now: number): void {
    const resting = this.host.restingOrders(account.accountId).length;
    const connectedAt = this.connectedAt.get(account.accountId);
    const heard = [account.lastMessageAt, connectedAt].filter((t): t is number => t !== undefined);
    const silentMs = this.feeds.check(
      account.accountId,
      {
        lastHeardAt: heard.length > 0 ? Math.max(...heard) : undefined,
        restingOrders: resting,
        afterMs: policy.staleFeed.afterSeconds * 1000,
      },
      now,
    );
    if (silentMs === undefined) return;
    const cause = `no venue message for ${(silentMs / 1000).toFixed(1)} s (over ${policy.staleFeed.afterSeconds} s) while ${resting} order${resting === 1 ? '' : 's'} rest`;
    if (policy.staleFeed.action === 'cancel') this.cancel(account.accountId, 'stale_feed', cause);
    else this.alert(account.accountId, 'stale_feed', cause);
  }

  private checkLatency(account: GuardedAccount, policy: ProtectionPolicy): void {
    const { p95Ms, samples } = this.host.ackLatency(account.accountId);
    const over = this.latency.check(account.accountId, p95Ms, samples, policy.latency.p95Ms);
    if (over === undefined) return;
    const cause = `cancel acknowledgement p95 ${Math.round(over)} ms over ${policy.latency.p95Ms} ms (${samples} recent cancels)`;
    if (policy.latency.action === 'cancel') this.cancel(account.accountId, 'latency', cause);
    else this.alert(account.accountId, 'latency', cause);
  }

  // -------------------------------------------------------------- actions --

  private cancel(accountId: string, trigger: ProtectionTrigger, cause: string): CancelAck {
    const ack = this.host.cancelAccount(accountId);
    const keys = [...ack.accepted, ...ack.joined];
    this.record(accountId, { trigger, action: 'cancel', cause, intentId: ack.intentId }, keys);
    this.notice(
      accountId,
      'warning',
      trigger,
      `${cause} — cancelling ${keys.length} order${keys.length === 1 ? '' : 's'}`,
    );
    return ack;
  }

  private alert(accountId: string, trigger: ProtectionTrigger, cause: string): void {
    this.record(accountId, { trigger, action: 'alert', cause }, []);
    this.notice(accountId, 'warning', trigger, cause);
  }

  private record(
    accountId: string,
    what: Omit<ProtectionLastTrigger, 'at'>,
    keys: string[],
    markets?: string[],
  ): void {
    const at = Date.now();
    this.lastTriggers.set(accountId, { ...what, at });
    this.host.audit({
      type: 'protection',
      accountId,
      trigger: what.trigger,
      action: what.action,
      cause: what.cause,
      ...(what.intentId !== undefined && { intentId: what.intentId }),
      ...(keys.length > 0 && { keys }),
      ...(markets && { markets }),
    });
    const routine = what.action === 'armed' || what.action === 'disarmed';
    this.host.logger[routine ? 'info' : 'warn']('protection', {
      accountId,
      trigger: what.trigger,
      action: what.action,
      cause: what.cause,
    });
  }

  private notice(
    accountId: string,
    level: ProtectionNotice['level'],
    trigger: ProtectionTrigger,
    text: string,
  ): void {
    const name = this.host.account(accountId)?.name ?? accountId;
    this.host.notify({
      id: ++this.noticeSeq,
      at: Date.now(),
      accountId,
      level,
      trigger,
      text: `${name}: ${text}`,
    });
  }

  // ------------------------------------------------------ dead-man switch --

  private async applyDeadManSwitch(account: GuardedAccount, policy: ProtectionPolicy): Promise<void> {
    const { accountId } = account;
    const dms = policy.deadManSwitch;
    const arm = this.arms.get(accountId);
    if (!dms.enabled || !account.deadManSwitch) {
      if (!arm) return;
      this.arms.delete(accountId);
      await arm.disarm('turned off by the trader').catch((err: unknown) => {
        this.record(
          accountId,
          { trigger: 'dead_man_switch', action: 'refresh_failed', cause: `disarm failed: ${String(err)}` },
          [],
        );
        this.notice(
          accountId,
          'error',
          'dead_man_switch',
          `dead-man switch could not be removed: ${String(err)}`,
        );
      });
      return;
    }
    if (arm) {
      arm.setCountdown(dms.countdownSeconds * 1000);
      return;
    }
    const port = account.deadManSwitch;
    this.arms.set(
      accountId,
      new DeadManSwitchArm({
        port,
        countdownMs: dms.countdownSeconds * 1000,
        markets: () => this.dmsMarkets(accountId),
        onEvent: (event) => this.dmsEvent(accountId, event),
      }),
    );
  }

  /** The policy's markets, or the markets of the account's resting orders when it names none. */
  private dmsMarkets(accountId: string): string[] {
    const named = this.store.get(accountId).deadManSwitch.markets;
    if (named.length > 0) return named;
    return [...new Set(this.host.restingOrders(accountId).map((order) => order.market))];
  }

  private dmsEvent(accountId: string, event: DmsEvent): void {
    const action = event.kind === 'expired' ? 'refresh_failed' : event.kind;
    this.record(accountId, { trigger: 'dead_man_switch', action, cause: event.cause }, [], event.markets);
    const markets = event.markets.join(', ');
    if (event.kind === 'armed')
      this.notice(accountId, 'info', 'dead_man_switch', `dead-man switch armed (${markets}): ${event.cause}`);
    else if (event.kind === 'disarmed')
      this.notice(accountId, 'info', 'dead_man_switch', `dead-man switch removed (${markets})`);
    else this.notice(accountId, 'error', 'dead_man_switch', `dead-man switch: ${event.cause}`);
  }

  // ---------------------------------------------------------------- reads --

  private accountState(account: GuardedAccount): ProtectionAccountState {
    const policy = this.store.get(account.accountId);
    const deadManSwitch = this.dmsStatus(account.accountId, policy);
    const lastTrigger = this.lastTriggers.get(account.accountId);
    return {
      accountId: account.accountId,
      venue: account.venue,
      label: account.label,
      policy,
      nativeDeadManSwitch: account.deadManSwitch !== undefined,
      map: protectionMap(policy, account.venue, deadManSwitch),
      ...(deadManSwitch && { deadManSwitch }),
      ...(lastTrigger && { lastTrigger }),
    };
  }

  private dmsStatus(accountId: string, policy: ProtectionPolicy): DeadManSwitchStatus | undefined {
    const arm = this.arms.get(accountId);
    if (arm) return arm.status();
    return policy.deadManSwitch.enabled ? { state: 'off', markets: [] } : undefined;
  }

  state(now = Date.now()): ProtectionState {
    return { at: now, accounts: this.host.accounts().map((account) => this.accountState(account)) };
  }

  /** The account's protection map and dead-man switch, for the health report. */
  summary(accountId: string): ProtectionAccountState | undefined {
    const account = this.host.account(accountId);
    return account ? this.accountState(account) : undefined;
  }

  // ----------------------------------------------------------------- quit --

  /**
   * The way out: every account with cancel-all-on-quit is cancelled (and waited for, up to
   * QUIT_CANCEL_TIMEOUT_MS, until flat); armed dead-man switches are left counting or removed, as chosen.
   * Nothing fires after this.
   */
  quit(choice: DmsQuitChoice, timeoutMs = QUIT_CANCEL_TIMEOUT_MS): Promise<ProtectionQuitResult> {
    // Once: the renderer (browser host) and the shell's quit path may both ask.
    this.quitting ??= this.runQuit(choice, timeoutMs);
    return this.quitting;
  }

  /** Whether any account's dead-man switch is armed (the quit path then asks keep or disarm). */
  armedDeadManSwitches(): { accountId: string; name: string; markets: string[]; countdownSeconds: number }[] {
    return [...this.arms].flatMap(([accountId, arm]) => {
      const markets = arm.armedMarkets();
      if (markets.length === 0) return [];
      return [
        {
          accountId,
          name: this.host.account(accountId)?.name ?? accountId,
          markets,
          countdownSeconds: this.store.get(accountId).deadManSwitch.countdownSeconds,
        },
      ];
    });
  }

  private async runQuit(choice: DmsQuitChoice, timeoutMs: number): Promise<ProtectionQuitResult> {
    this.stopped = true;
    clearInterval(this.timer);
    const result: ProtectionQuitResult = { cancelled: [], keptArmed: [], disarmed: [], problems: [] };
    const waits: Promise<void>[] = [];
    for (const account of this.host.accounts()) {
      if (!this.store.get(account.accountId).cancelOnQuit.enabled) continue;
      const ack = this.cancel(account.accountId, 'cancel_on_quit', 'the app is quitting: cancel all on quit');
      const orders = ack.accepted.length + ack.joined.length;
      waits.push(
        this.host.waitForIntent(ack.intentId, timeoutMs).then((flat) => {
          result.cancelled.push({ accountId: account.accountId, intentId: ack.intentId, orders, flat });
          if (!flat)
            result.problems.push(
              `${account.name}: not confirmed flat within ${Math.round(timeoutMs / 1000)} s of quitting`,
            );
        }),
      );
    }
    for (const [accountId, arm] of [...this.arms]) {
      this.arms.delete(accountId);
      const name = this.host.account(accountId)?.name ?? accountId;
      if (choice === 'keep-armed') {
        waits.push(
          arm.release().then((status) => {
            const markets = status.markets.map((each) => each.market);
            result.keptArmed.push({
              accountId,
              markets,
              ...(status.expiresAt !== undefined && { expiresAt: status.expiresAt }),
            });
            this.record(
              accountId,
              {
                trigger: 'dead_man_switch',
                action: 'armed',
                cause:
                  'kept armed at quit: the venue cancels these markets’ orders when the countdown runs out',
              },
              [],
              markets,
            );
          }),
        );
      } else {
        waits.push(
          arm.disarm('removed at quit').then(
            (markets) => {
              result.disarmed.push({ accountId, markets });
            },
            (err: unknown) => {
              result.problems.push(
                `${name}: dead-man switch not removed (${err instanceof Error ? err.message : String(err)})`,
              );
            },
          ),
        );
      }
    }
    await Promise.all(waits);
    return result;
  }

  /** Graceful stop: nothing fires; dead-man switches stop being refreshed (see the file comment). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const arms = [...this.arms.values()];
    this.arms.clear();
    await Promise.all(arms.map((arm) => arm.release()));
  }
}
