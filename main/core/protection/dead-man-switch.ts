/**
 * Keeps one account's venue-side dead-man switch armed while the app runs: sets each market's countdown,
 * refreshes it every third of the countdown (so two refreshes may fail before it runs out), and says at
 * once when a refresh fails or the venue answers 503. `release()` stops refreshing and leaves the
 * countdowns running at the venue (quit, keep armed: the orders cancel when they run out); `disarm()`
 * removes them (`countDown: 0`). The markets come from the policy, or — when it names none — from the
 * account's resting orders at each refresh.
 */
import type { DeadManSwitchStatus } from '../../../preload/contract.ts';
import type { DeadManSwitch } from '../venue.ts';
import { toVenueError } from '../venue.ts';

/** No refresh is closer together than this, whatever the countdown. */
export const MIN_REFRESH_MS = 1000;
/** A failed refresh is tried again this soon (or sooner, at a third of what is left). */
export const RETRY_AFTER_FAILURE_MS = 1000;

export type DmsEvent =
  | { kind: 'armed'; markets: string[]; cause: string }
  | { kind: 'disarmed'; markets: string[]; cause: string }
  | { kind: 'refresh_failed'; markets: string[]; cause: string; unavailable: boolean }
  | { kind: 'expired'; markets: string[]; cause: string };

export interface DmsArmOptions {
  port: DeadManSwitch;
  countdownMs: number;
  /** The markets to arm now (called at each refresh). */
  markets(): string[];
  onEvent(event: DmsEvent): void;
  now?: () => number;
}

export class DeadManSwitchArm {
  private readonly port: DeadManSwitch;
  private readonly markets: () => string[];
  private readonly onEvent: (event: DmsEvent) => void;
  private readonly now: () => number;
  private countdownMs: number;
  /** Market → when its countdown runs out at the venue (as of the last accepted reset). */
  private readonly armed = new Map<string, number>();
  private statusValue: DeadManSwitchStatus = { state: 'arming', markets: [] };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = true;
  private failing = false;
  private expiredReported = false;
  private inFlight: Promise<void> | undefined;

  constructor(options: DmsArmOptions) {
    this.port = options.port;
    this.markets = options.markets;
    this.onEvent = options.onEvent;
    this.now = options.now ?? Date.now;
    this.countdownMs = options.countdownMs;
    this.schedule(0);
  }

  get refreshIntervalMs(): number {
    return Math.max(MIN_REFRESH_MS, Math.floor(this.countdownMs / 3));
  }

  /** A new countdown takes effect at once. */
  setCountdown(countdownMs: number): void {
    if (countdownMs === this.countdownMs) return;
    this.countdownMs = countdownMs;
    if (this.running) this.schedule(0);
  }

  status(): DeadManSwitchStatus {
    const now = this.now();
    const markets = [...this.armed].map(([market, expiresAt]) => ({ market, expiresAt }));
    const expiresAt = markets.length > 0 ? Math.min(...markets.map((each) => each.expiresAt)) : undefined;
    let state = this.statusValue.state;
    if (expiresAt !== undefined && now >= expiresAt && state !== 'armed') state = 'expired';
    return {
      ...this.statusValue,
      state,
      markets,
      ...(expiresAt !== undefined && { expiresAt, timeLeftMs: Math.max(0, expiresAt - now) }),
    };
  }

  /** The markets the venue holds a countdown for. */
  armedMarkets(): string[] {
    return [...this.armed.keys()];
  }

  /** Stops refreshing; the venue keeps counting down what is armed. */
  async release(): Promise<DeadManSwitchStatus> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    return this.status();
  }

  /** Stops refreshing and removes every countdown at the venue. Throws when the venue did not take it. */
  async disarm(cause: string): Promise<string[]> {
    await this.release();
    const markets = [...this.armed.keys()];
    if (markets.length === 0) {
      this.statusValue = { state: 'off', markets: [] };
      return [];
    }
    const reply = await this.port.reset(markets.map((market) => ({ market, countdownMs: 0 })));
    for (const market of reply.accepted) this.armed.delete(market);
    this.statusValue = { state: this.armed.size > 0 ? 'failing' : 'off', markets: [] };
    if (reply.failed.length > 0) {
      const reasons = reply.failed.map((item) => `${item.market}: ${item.reason}`).join('; ');
      this.statusValue.lastError = `disarm refused: ${reasons}`;
      throw new Error(`the venue did not remove every countdown (${reasons})`);
    }
    this.onEvent({ kind: 'disarmed', markets, cause });
    return markets;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.refresh().finally(() => {
        this.inFlight = undefined;
      });
    }, ms);
  }

  private async refresh(): Promise<void> {
    if (!this.running) return;
    const wanted = new Set(this.markets());
    // A market armed earlier stays armed until disarmed: its orders may still rest there.
    for (const market of this.armed.keys()) wanted.add(market);
    const markets = [...wanted];
    const countdownMs = this.countdownMs;
    const sentAt = this.now();
    try {
      const reply =
        markets.length > 0
          ? await this.port.reset(markets.map((market) => ({ market, countdownMs })))
          : { accepted: [], failed: [] };
      if (!this.running) return;
      for (const market of reply.accepted) this.armed.set(market, sentAt + countdownMs);
      if (reply.failed.length > 0) {
        const cause = `refresh refused for ${reply.failed.map((item) => `${item.market} (${item.reason})`).join(', ')}`;
        this.fail(
          cause,
          reply.failed.map((item) => item.market),
          false,
        );
      } else {
        const first = this.statusValue.state === 'arming' || this.failing;
        this.failing = false;
        this.expiredReported = false;
        this.statusValue = { state: 'armed', markets: [], lastRefreshAt: sentAt };
        if (first && markets.length > 0)
          this.onEvent({
            kind: 'armed',
            markets,
            cause: `countdown ${Math.round(countdownMs / 1000)} s set at the venue`,
          });
      }
      this.schedule(this.failing ? this.retryMs() : this.refreshIntervalMs);
    } catch (err) {
      if (!this.running) return;
      const error = toVenueError(err);
      const unavailable = error.code === 'dms_unavailable';
      this.fail(
        unavailable
          ? 'the venue says the dead-man switch is unavailable (503)'
          : `refresh failed: ${error.message}`,
        markets,
        unavailable,
      );
      this.schedule(this.retryMs());
    }
  }

  private retryMs(): number {
    const expiresAt = this.status().expiresAt;
    const left = expiresAt === undefined ? RETRY_AFTER_FAILURE_MS : expiresAt - this.now();
    return Math.max(200, Math.min(RETRY_AFTER_FAILURE_MS, Math.floor(left / 3)));
  }

  private fail(cause: string, markets: string[], unavailable: boolean): void {
    const { lastRefreshAt } = this.statusValue;
    const repeated = this.failing && this.statusValue.lastError === cause;
    this.failing = true;
    this.statusValue = {
      state: unavailable ? 'unavailable' : 'failing',
      markets: [],
      lastError: cause,
      ...(lastRefreshAt !== undefined && { lastRefreshAt }),
    };
    // Said once per cause: a refresh retried every second does not notify every second.
    if (!repeated) this.onEvent({ kind: 'refresh_failed', markets, cause, unavailable });
    const status = this.status();
    if (!this.expiredReported && status.expiresAt !== undefined && this.now() >= status.expiresAt) {
      this.expiredReported = true;
      this.onEvent({
        kind: 'expired',
        markets: status.markets.map((each) => each.market),
        cause:
          'no refresh reached the venue before the countdown ran out: the venue cancels those markets’ orders',
      });
    }
  }
}
