/**
 * Protection while away, as the renderer and main agree on it: the per-account policy (every guard off by
 * default), what main reports about it, and the quit choice. The policy schemas are what main validates
 * every renderer payload with. Re-exported by contract.ts; nothing here imports Node or Electron.
 */
import { z } from 'zod';
import type { VenueId } from './venues.ts';

/** What a trip wire does when it fires. */
export const TRIP_ACTIONS = ['alert', 'cancel'] as const;
export type TripAction = (typeof TRIP_ACTIONS)[number];

const seconds = (min: number, max: number) =>
  z
    .number({ message: 'a number of seconds is required' })
    .int('whole seconds only')
    .min(min, `at least ${min} s`)
    .max(max, `at most ${max} s`);

const accountIdField = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not an account id');

export const protectionPolicySchema = z
  .object({
    /** The link to the account was lost for more than `afterSeconds`: when it returns, cancel all of it first. */
    cancelOnReconnect: z.object({ enabled: z.boolean(), afterSeconds: seconds(1, 3600) }).strict(),
    /** No venue message for `afterSeconds` while orders rest: alert, or cancel the account. */
    staleFeed: z
      .object({ enabled: z.boolean(), afterSeconds: seconds(1, 3600), action: z.enum(TRIP_ACTIONS) })
      .strict(),
    /** The p95 of recent cancel acknowledgements is over `p95Ms`: alert, or cancel the account. */
    latency: z
      .object({
        enabled: z.boolean(),
        p95Ms: z
          .number()
          .int('whole milliseconds only')
          .min(1, 'at least 1 ms')
          .max(600_000, 'at most 600000 ms'),
        action: z.enum(TRIP_ACTIONS),
      })
      .strict(),
    /** Quitting the app cancels every order of the account first. */
    cancelOnQuit: z.object({ enabled: z.boolean() }).strict(),
    /**
     * The venue's own dead-man switch (Bluefin only): each market's countdown, refreshed while the app
     * runs; the venue cancels a market's orders when its countdown runs out. `markets` empty = every
     * market the account has resting orders in.
     */
    deadManSwitch: z
      .object({
        enabled: z.boolean(),
        countdownSeconds: seconds(3, 3600),
        markets: z.array(z.string().trim().min(1).max(100)).max(200),
      })
      .strict(),
  })
  .strict();
export type ProtectionPolicy = z.infer<typeof protectionPolicySchema>;

/** Every guard off: what an account has until the trader turns one on. */
export const DEFAULT_PROTECTION_POLICY: ProtectionPolicy = {
  cancelOnReconnect: { enabled: false, afterSeconds: 10 },
  staleFeed: { enabled: false, afterSeconds: 30, action: 'alert' },
  latency: { enabled: false, p95Ms: 2000, action: 'alert' },
  cancelOnQuit: { enabled: false },
  deadManSwitch: { enabled: false, countdownSeconds: 60, markets: [] },
};

export const setProtectionRequestSchema = z
  .object({ accountId: accountIdField, policy: protectionPolicySchema })
  .strict();
export type SetProtectionRequest = z.infer<typeof setProtectionRequestSchema>;

/** What quitting does with armed dead-man switches: leave them counting (orders cancel when they run out) or remove them. */
export const DMS_QUIT_CHOICES = ['keep-armed', 'disarm'] as const;
export type DmsQuitChoice = (typeof DMS_QUIT_CHOICES)[number];

export const protectionQuitRequestSchema = z.object({ deadManSwitch: z.enum(DMS_QUIT_CHOICES) }).strict();
export type ProtectionQuitRequest = z.infer<typeof protectionQuitRequestSchema>;

export const PROTECTION_TRIGGERS = [
  'cancel_on_reconnect',
  'stale_feed',
  'latency',
  'cancel_on_quit',
  'dead_man_switch',
] as const;
export type ProtectionTrigger = (typeof PROTECTION_TRIGGERS)[number];

/** The dead-man switch of one account as main last saw it. */
export interface DeadManSwitchStatus {
  /**
   * off: not enabled; arming: first request out; armed: the venue holds the countdowns; failing: the last
   * refresh failed (the countdown still runs at the venue until it expires); unavailable: the venue said
   * 503; expired: no refresh reached the venue in time — the venue cancels those markets' orders.
   */
  state: 'off' | 'arming' | 'armed' | 'failing' | 'unavailable' | 'expired';
  markets: { market: string; expiresAt?: number }[];
  /** The earliest expiry of an armed market (local clock: when the venue accepted the last reset + countdown). */
  expiresAt?: number;
  timeLeftMs?: number;
  lastRefreshAt?: number;
  lastError?: string;
}

/** One guard's line in the protection map. */
export interface ProtectionGuard {
  trigger: ProtectionTrigger;
  /** "Bluefin dead-man switch 60 s (ETH-PERP)", "cancel on reconnect after 10 s" */
  label: string;
}

export interface ProtectionLastTrigger {
  trigger: ProtectionTrigger;
  action: TripAction | 'armed' | 'disarmed' | 'refresh_failed';
  cause: string;
  at: number;
  intentId?: string;
}

/** Per account: which guards protect its orders when the app is closed, and which only while it runs. */
export interface ProtectionMap {
  whileClosed: ProtectionGuard[];
  whileRunning: ProtectionGuard[];
}

export interface ProtectionAccountState {
  accountId: string;
  venue: VenueId;
  label: string;
  policy: ProtectionPolicy;
  /** The venue has its own dead-man switch (works with the app closed). */
  nativeDeadManSwitch: boolean;
  map: ProtectionMap;
  deadManSwitch?: DeadManSwitchStatus;
  lastTrigger?: ProtectionLastTrigger;
}

export interface ProtectionState {
  at: number;
  accounts: ProtectionAccountState[];
}

/** Pushed with the next update when a guard fires or fails: the renderer shows it at once. */
export interface ProtectionNotice {
  id: number;
  at: number;
  accountId: string;
  level: 'info' | 'warning' | 'error';
  trigger: ProtectionTrigger;
  text: string;
}

export interface ProtectionQuitResult {
  /** Accounts whose orders were cancelled on the way out (cancel-all-on-quit), with the intent. */
  cancelled: { accountId: string; intentId: string; orders: number; flat: boolean }[];
  /** Dead-man switches left counting at the venue (orders cancel when they run out). */
  keptArmed: { accountId: string; markets: string[]; expiresAt?: number }[];
  disarmed: { accountId: string; markets: string[] }[];
  /** What did not work, in words (the venue refused a disarm, a cancel did not finish in time). */
  problems: string[];
}
