/**
 * The IPC contract between the renderer and main: the single source of the
 * `window.blotter` API types and of the runtime schemas main uses to validate
 * every payload the renderer sends. The renderer imports this file type-only;
 * main imports the schemas. Nothing here may import Node or Electron.
 */
import { z } from 'zod';
import type { API_METHODS, RequestMethod } from './api-methods.ts';
import { FINAL_STATUSES, type OrderStatus } from './order-status.ts';
import {
  type ProtectionAccountState,
  type ProtectionMap,
  type ProtectionNotice,
  type ProtectionQuitResult,
  type ProtectionState,
  protectionQuitRequestSchema,
  setProtectionRequestSchema,
} from './protection.ts';
import { VENUE_IDS, type VenueId } from './venues.ts';

// ---------------------------------------------------------------- venues ---

export { API_METHODS, isRequestMethod, REQUEST_METHODS, type RequestMethod } from './api-methods.ts';
export { VENUE_IDS, VENUE_LABELS, type VenueId } from './venues.ts';
export const venueIdSchema = z.enum(VENUE_IDS);

export * from './protection.ts';

// ----------------------------------------------------------------- order ---

export {
  canMove,
  FINAL_STATUSES,
  IN_FLIGHT_STATUSES,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderStatus,
} from './order-status.ts';

export type Side = 'buy' | 'sell';
export const sideSchema = z.enum(['buy', 'sell']);

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface CancelProgress {
  intentId: string;
  /** ms epoch; every timestamp in the contract is ms since the Unix epoch */
  requestedAt: number;
  sentAt?: number;
  ackAt?: number;
  doneAt?: number;
  attempts: number;
  lastError?: ErrorInfo;
  /**
   * The cancel is queued and cannot go out yet: the venue is unreachable (it sends on reconnect) or its rate
   * window is spent. Shown as `queued — <reason>` with the time since `since`; cleared once it is on the wire.
   */
  waiting?: { reason: string; since: number };
}

/** A normalized order. Ids, prices and amounts are strings exactly as the venue sent them. */
export interface Order {
  /** `<accountId>:<venueOrderId>` */
  key: string;
  venue: VenueId;
  accountId: string;
  venueOrderId: string;
  market: string;
  side: Side;
  type: string;
  price: string;
  quantity: string;
  filled: string;
  remaining: string;
  /** Currency of price and notional. */
  quote: string;
  /** Base units per unit of quantity ("1" unless the venue sizes in contracts). */
  contractSize: string;
  status: OrderStatus;
  /** Why the order is in its state when the status alone does not say ("filled before cancel", ...). */
  statusReason?: string;
  cancel?: CancelProgress;
  createdAt: number;
  updatedAt: number;
  /** When the blotter saw the order reach a final state (Recent counts its age from here). */
  finishedAt?: number;
  /**
   * The market's price increment and quantity increment, where the venue's instrument facts give them:
   * the grid shows prices to the tick's decimals and quantities to the lot's. Absent: shown as sent.
   */
  tickSize?: string;
  lotSize?: string;
  /** Order facts where the venue's listing or stream shows them; absent otherwise, never guessed. */
  timeInForce?: string;
  reduceOnly?: boolean;
  postOnly?: boolean;
  clientOrderId?: string;
  /** Increases by one on every change; a delta older than what the renderer holds is dropped. */
  version: number;
}

/** A positive decimal string of at most 40 characters (a tick or lot size). */
export const incrementSchema = z
  .string()
  .max(40)
  .regex(/^\d+(\.\d+)?$/, 'not a decimal string')
  .refine((value) => /[1-9]/.test(value), 'must be above zero');

/** What the blotter knows of a market's increments; every field optional (most venue listings carry none). */
export const instrumentFactsSchema = z.object({
  tickSize: incrementSchema.optional(),
  lotSize: incrementSchema.optional(),
});
export type InstrumentFacts = z.infer<typeof instrumentFactsSchema>;

// ------------------------------------------------------------ connections ---

export const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'down'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface AccountStatus {
  accountId: string;
  venue: VenueId;
  label: string;
  demo: boolean;
  connection: ConnectionState;
  /** Human-readable cause for reconnecting/down (never contains a secret). */
  detail?: string;
  lastMessageAt?: number;
}

// ------------------------------------------------------------ cancelling ---

/** What a window may ask a cancel as (validated at IPC). */
export const CANCEL_SOURCES = ['click', 'selection', 'hotkey', 'scope', 'panic'] as const;
export type CancelSource = (typeof CANCEL_SOURCES)[number];
/**
 * Who started an intent: a window's request, or main's own protection guard (`guard`, never accepted from a
 * window), so the audit log and the progress line say that the guard, not the trader, cancelled.
 */
export type IntentSource = CancelSource | 'guard';

export const orderKeySchema = z.string().min(3).max(300);

export const cancelRequestSchema = z
  .object({
    keys: z.array(orderKeySchema).min(1).max(100_000),
    source: z.enum(CANCEL_SOURCES),
  })
  .strict();
export type CancelRequest = z.infer<typeof cancelRequestSchema>;

/** Which orders a scoped cancel takes: every given field narrows; an empty scope means all open orders. */
export const cancelScopeSchema = z
  .object({
    venues: z.array(venueIdSchema).max(VENUE_IDS.length).optional(),
    accountIds: z.array(z.string().min(1).max(200)).max(1000).optional(),
    markets: z.array(z.string().min(1).max(100)).max(1000).optional(),
    side: sideSchema.optional(),
  })
  .strict();
export type CancelScope = z.infer<typeof cancelScopeSchema>;

export const cancelScopeRequestSchema = z
  .object({ scope: cancelScopeSchema, source: z.enum(CANCEL_SOURCES) })
  .strict();
export type CancelScopeRequest = z.infer<typeof cancelScopeRequestSchema>;

/**
 * "Stop trying": the cancels of an intent (or of the given orders) that are still queued go no further and
 * the orders are open again; a cancel already on the wire cannot be called back and settles as the venue
 * says, but is not sent again. A running flatness check of the intent ends.
 */
export const stopCancelRequestSchema = z
  .object({
    intentId: z.string().uuid().optional(),
    keys: z.array(z.string().min(1).max(300)).min(1).max(100_000).optional(),
  })
  .strict()
  .refine((request) => (request.intentId === undefined) !== (request.keys === undefined), {
    message: 'give either intentId or keys',
  });
export type StopCancelRequest = z.infer<typeof stopCancelRequestSchema>;

export interface StopCancelResult {
  /** Orders whose queued cancel was stopped (now open again). */
  stopped: string[];
  /** Orders whose cancel was already on the wire: not sent again, settled by the venue's answer. */
  onWire: string[];
}

export interface CancelAck {
  intentId: string;
  /** Orders that got a new cancel attempt. */
  accepted: string[];
  /** Orders already being cancelled: the request joined the existing attempt. */
  joined: string[];
  /** Orders already in a final state: nothing to do. */
  alreadyFinal: string[];
  /** Keys the blotter does not know. */
  unknownKeys: string[];
}

/** An exact amount in one currency; amounts in different currencies are never added together. */
export interface Notional {
  quote: string;
  amount: string;
}

export interface CancelPreview {
  total: number;
  /** Per venue: count and notional (price × remaining × contract size) per quote currency. */
  byVenue: { venue: VenueId; count: number; notional: Notional[] }[];
  /** Totals per quote currency, exact. */
  notional: Notional[];
  keys: string[];
  /** What confirming will do, per account in scope (main's previews only). */
  plan?: AccountPlan[];
}

/** One account's part of a cancel: the calls it takes, the rate budget, an estimate, and what a down venue means. */
export interface AccountPlan {
  accountId: string;
  venue: VenueId;
  label: string;
  orders: number;
  /** Wire calls (batches of up to `maxBatch`, one market per batch where the venue's batch call takes one). */
  calls: number;
  maxBatch: number;
  /** Calls the venue's limits allow at once right now. */
  freeNow: number;
  /** Estimated time to put every call on the wire, from the limits as they stand. */
  etaMs: number;
  /** The account's limits, as the venue counts them ("DELETE order 10/s (fixed 10 per 1000 ms)"). */
  limits: string[];
  /** The venue's own bulk cancel carries (some of) these orders: one call per market or for the account. */
  bulk: boolean;
  connection: ConnectionState;
  /** Set when the venue is not connected: what will happen to its orders. */
  warning?: string;
}

/** Live summary of a bulk cancel. */
export interface IntentProgress {
  intentId: string;
  source: IntentSource;
  total: number;
  cancelled: number;
  filled: number;
  failed: number;
  pending: number;
  /** Orders the intent could not cancel, with the venue's reason (`accountId` to name the account by its label). */
  failures: { key: string; accountId: string; message: string }[];
  startedAt: number;
  doneAt?: number;
  /** The intent keeps trying (venues down, windows spent) until this long after `startedAt`. */
  lifetimeMs: number;
  /** Scope and panic cancels: each account in scope is listed again until the venue shows nothing open in it. */
  flatness?: FlatnessProgress;
}

export type AccountFlatness =
  /** Listing again; `reason` says why it is not settled yet (venue unreachable, orders still cancelling). */
  | 'checking'
  /** The venue's own listing shows no open order in the scope. */
  | 'flat'
  /** Orders remain that the blotter will not retry on its own (the venue refused, or the intent ran out of time). */
  | 'left';

export interface FlatnessProgress {
  /** The scope checked, so "Retry" can cancel it again. */
  scope: CancelScope;
  accounts: {
    accountId: string;
    label: string;
    venue: VenueId;
    state: AccountFlatness;
    /** Orders in scope still open or cancelling at the last look. */
    left: number;
    reason?: string;
  }[];
  /** When the last account in scope was seen flat. */
  flatAt?: number;
}

// -------------------------------------------------------------- snapshot ---

export type BlotterMode = 'demo' | 'live';

export interface Snapshot {
  mode: BlotterMode;
  orders: Order[];
  accounts: AccountStatus[];
  intents: IntentProgress[];
  /** How many updates were sent before this snapshot was taken; later updates carry higher numbers. */
  version: number;
}

/** One coalesced batch of changes (main sends at most one per animation frame, ≤ 60/s). */
export interface BlotterUpdate {
  /** Strictly increasing per update; the renderer drops any update not above its snapshot's. */
  version: number;
  orders: Order[];
  accounts: AccountStatus[];
  intents: IntentProgress[];
  /**
   * The book changed in a way deltas do not express (an account and its
   * orders removed, the mode switched): fetch a fresh snapshot.
   */
  resync?: true;
  /** Protection guards that fired or failed since the last update (shown at once). */
  notices?: ProtectionNotice[];
}

// ---------------------------------------------------------------- result ---

export const ERROR_CODES = ['invalid_request', 'not_found', 'unavailable', 'conflict', 'internal'] as const;
export type ApiErrorCode = (typeof ERROR_CODES)[number];
export interface ApiError {
  code: ApiErrorCode;
  message: string;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ------------------------------------------------------------ accounts ---

/**
 * Where an account connects: the venue's production URLs, its testnet (when
 * the venue has one), or base URLs given per role (a staging host, a local
 * simulator).
 */
export const ACCOUNT_ENVIRONMENTS = ['production', 'testnet', 'custom'] as const;
export type AccountEnvironment = (typeof ACCOUNT_ENVIRONMENTS)[number];

/** Made by main as `<venue>-<8 hex>`; never contains ':' (order keys are `<accountId>:<venueOrderId>`). */
export const accountIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not an account id');

const settingNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'not a setting name');

const urlRoleSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/, 'not a URL role');

/**
 * A new account as the add form sends it. Credentials are write-only: main
 * stores them in the OS keychain and never sends them back.
 */
export const accountDraftSchema = z
  .object({
    venue: venueIdSchema,
    label: z.string().trim().min(1, 'a label is required').max(80),
    environment: z.enum(ACCOUNT_ENVIRONMENTS),
    /** Base URL per role; required (every role) for `custom`, ignored otherwise. */
    urls: z.record(urlRoleSchema, z.string().trim().max(2048)).optional(),
    /** Markets to stream where the venue streams per market; empty = all the venue offers. */
    markets: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
    /** Field name (the venue's `credentialFields`) → value; an optional field may be absent or empty. */
    credentials: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/), z.string().max(8192)),
    /** Setting name (the venue's `settingFields`) → one of its choices; absent = the field's default. */
    settings: z.record(settingNameSchema, z.string().max(100)).optional(),
    /** Default true. */
    enabled: z.boolean().optional(),
  })
  .strict();
export type AccountDraft = z.infer<typeof accountDraftSchema>;

/** Test a saved account (credentials from the keychain) or a draft before saving it. */
export const accountTestRequestSchema = z.union([
  z.object({ accountId: accountIdSchema }).strict(),
  z.object({ draft: accountDraftSchema }).strict(),
]);
export type AccountTestRequest = z.infer<typeof accountTestRequestSchema>;

export const accountRefSchema = z.object({ accountId: accountIdSchema }).strict();
export type AccountRef = z.infer<typeof accountRefSchema>;

export const accountEnabledRequestSchema = z
  .object({ accountId: accountIdSchema, enabled: z.boolean() })
  .strict();
export type AccountEnabledRequest = z.infer<typeof accountEnabledRequestSchema>;

/** An orphaned key to delete: its keychain item is `<venue>/<accountId>`. */
export const orphanRefSchema = z.object({ venue: venueIdSchema, accountId: accountIdSchema }).strict();
export type OrphanRef = z.infer<typeof orphanRefSchema>;

export const setModeRequestSchema = z.object({ mode: z.enum(['demo', 'live']) }).strict();
export type SetModeRequest = z.infer<typeof setModeRequestSchema>;

export interface CredentialFieldInfo {
  name: string;
  label: string;
  /** Secret fields are write-only: shown as password inputs, never sent back. */
  secret: boolean;
  /** May be left empty. */
  optional?: boolean;
  /** One line of help under the field. */
  help?: string;
}

/** A non-secret per-account choice (e.g. Rails' account type, which sets the rate limit). */
export interface SettingFieldInfo {
  name: string;
  label: string;
  choices: { value: string; label: string }[];
  defaultValue: string;
  help?: string;
}

/** What the add form needs to know about a venue. */
export interface VenueSetup {
  venue: VenueId;
  label: string;
  credentialFields: CredentialFieldInfo[];
  /** Per-account settings besides the keys; empty for most venues. */
  settingFields: SettingFieldInfo[];
  /** Production base URLs by role; a custom environment sets every one of these roles. */
  defaultUrls: Record<string, string>;
  /** Present when the venue has a testnet. */
  testnetUrls?: Record<string, string>;
}

/** A configured account as the renderer sees it: settings and a hint, never a secret. */
export interface ConfiguredAccount {
  accountId: string;
  venue: VenueId;
  label: string;
  environment: AccountEnvironment;
  /** The base URLs the account connects to, by role. */
  urls: Record<string, string>;
  markets: string[];
  /** Every setting the venue declares, the default filled in where the account does not say. */
  settings: Record<string, string>;
  enabled: boolean;
  /** The last 4 characters of the non-secret key id (e.g. "…3f9a"); absent when the venue has none. */
  credentialHint?: string;
  createdAt: number;
  updatedAt: number;
}

export interface KeychainStatus {
  /** null until the keychain has been used or probed. */
  available: boolean | null;
  /** Why it is not available and how to fix it. */
  message?: string;
  /** Where the secrets live, for the UI ("OS keychain, service …, items <venue>/<accountId>"). */
  location: string;
}

/** A problem with the stored settings the trader must know about (a corrupt file kept aside, ...). */
export interface AccountsProblem {
  message: string;
  backupPath?: string;
}

/**
 * A keychain item whose account was set aside with a corrupt or invalid
 * settings file: no account uses it any more, so the dialog offers to delete
 * it. Only what could be read of the entry; never a secret.
 */
export interface OrphanedKey {
  venue: VenueId;
  accountId: string;
  label?: string;
  /** Which kind of set-aside file it was read from (`accounts.json.corrupt-…` or `.invalid-…`). */
  source: 'corrupt' | 'invalid';
  backupPath: string;
}

export interface ForgetOrphanResult {
  venue: VenueId;
  accountId: string;
  /** False when there was no keychain item to delete (it was already gone). */
  keychainItemDeleted: boolean;
}

export interface AccountsState {
  mode: BlotterMode;
  accounts: ConfiguredAccount[];
  venues: VenueSetup[];
  keychain: KeychainStatus;
  problems: AccountsProblem[];
  /** Keys left in the keychain by set-aside entries (this session's load), for the trader to delete. */
  orphanedKeys: OrphanedKey[];
  /** The settings file (non-secret). */
  configPath: string;
  /** False when the settings file cannot be written safely (written by a newer version). */
  writable: boolean;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** The step the test reached: credentials accepted locally, then auth + open-orders call. */
  stage: 'credentials' | 'venue';
  /** Open orders the venue listed (when ok). */
  openOrders?: number;
  latencyMs: number;
  message: string;
}

export interface RemoveAccountResult {
  accountId: string;
  /** False when there was no keychain item to delete (it was already gone). */
  keychainItemDeleted: boolean;
}

export interface ModeState {
  mode: BlotterMode;
}

// ------------------------------------------------ health, audit, commands ---

/** One venue account's health as main sees it (the renderer polls it about once a second). */
export interface VenueHealth {
  accountId: string;
  venue: VenueId;
  label: string;
  connection: ConnectionState;
  detail?: string;
  /** Last message of any kind from the venue, and its age when the report was made. */
  lastMessageAt?: number;
  lastMessageAgeMs?: number;
  /** Median sent → acknowledged over the account's recent cancels. */
  ackMedianMs?: number;
  /** Median sent → final (cancelled, or filled while cancelling) over the same cancels. */
  confirmMedianMs?: number;
  /** How many recent cancels the medians cover. */
  samples: number;
  /** A cancel unconfirmed this long is reconciled against the venue's open-orders listing. */
  confirmDeadlineMs: number;
  /** p95 sent → acknowledged over the same cancels (the latency trip wire reads it). */
  ackP95Ms?: number;
  /** What protects the account's orders with the app closed, and what only while it runs. */
  protection?: ProtectionMap & { deadManSwitch?: ProtectionAccountState['deadManSwitch'] };
}

export interface HealthReport {
  at: number;
  accounts: VenueHealth[];
}

export const auditQuerySchema = z
  .object({ key: orderKeySchema, limit: z.number().int().min(1).max(2000).optional() })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditRecord {
  t: number;
  /** seen | fill | intent | wire_request | venue_reply | reconcile | final | error | stop | protection */
  type: string;
  intentId?: string;
  source?: string;
  /** What the entry says about this order, in words. */
  detail: string;
}

/** One order's life in the log: when it was first seen, the steps of its latest cancel, and every record about it. */
export interface OrderAuditTrail {
  key: string;
  /** When the blotter first saw the order (listed or pushed). */
  seenAt?: number;
  intentId?: string;
  requestedAt?: number;
  sentAt?: number;
  acknowledgedAt?: number;
  confirmedAt?: number;
  finalStatus?: string;
  records: AuditRecord[];
}

export const auditExportSchema = z
  .object({ key: orderKeySchema.optional(), days: z.number().int().min(1).max(31).optional() })
  .strict();
export type AuditExportRequest = z.infer<typeof auditExportSchema>;

export interface AuditExport {
  filename: string;
  /**
   * RFC 4180 CSV, one row per (audit entry, order), each naming the order: venue, account label, market,
   * side, type, price, quantity, filled and status as the log knew them at that entry, and its times.
   */
  csv: string;
  rows: number;
}

/**
 * Pushed by main to the Electron window (never over the browser host): the
 * OS-wide panic shortcut fired, or — once, on subscribing — which shortcut it
 * is and what it does.
 */
export type AppCommand =
  | { type: 'panic-shortcut'; accelerator: string; policy: 'confirm' | 'immediate'; registered: boolean }
  | { type: 'panic'; accelerator: string }
  | { type: 'panic-sent'; accelerator: string; intentId: string; orders: number };

// ------------------------------------------------------------ the API ------

/**
 * Each request method's payload schema (the method map itself, with paths and timeout policy, is
 * `preload/api-methods.ts`). Both the Electron IPC handler and the browser host dispatch through it.
 */
export const requestSchemas = {
  snapshot: z.undefined(),
  cancel: cancelRequestSchema,
  previewCancel: cancelScopeSchema,
  cancelScope: cancelScopeRequestSchema,
  stopCancel: stopCancelRequestSchema,
  accountsList: z.undefined(),
  accountsAdd: accountDraftSchema,
  accountsTest: accountTestRequestSchema,
  accountsRemove: accountRefSchema,
  accountsSetEnabled: accountEnabledRequestSchema,
  accountsForgetOrphan: orphanRefSchema,
  setMode: setModeRequestSchema,
  health: z.undefined(),
  auditQuery: auditQuerySchema,
  auditExport: auditExportSchema,
  protectionGet: z.undefined(),
  protectionSet: setProtectionRequestSchema,
  protectionQuit: protectionQuitRequestSchema,
} as const satisfies Record<RequestMethod, z.ZodType>;

export interface ResponseTypes {
  snapshot: Snapshot;
  cancel: CancelAck;
  previewCancel: CancelPreview;
  cancelScope: CancelAck;
  stopCancel: StopCancelResult;
  accountsList: AccountsState;
  accountsAdd: ConfiguredAccount;
  accountsTest: ConnectionTestResult;
  accountsRemove: RemoveAccountResult;
  accountsSetEnabled: ConfiguredAccount;
  accountsForgetOrphan: ForgetOrphanResult;
  setMode: ModeState;
  health: HealthReport;
  auditQuery: OrderAuditTrail;
  auditExport: AuditExport;
  protectionGet: ProtectionState;
  protectionSet: ProtectionAccountState;
  protectionQuit: ProtectionQuitResult;
}
export type RequestPayload<M extends RequestMethod> = z.input<(typeof requestSchemas)[M]>;

/** One method as the renderer calls it: no argument where the payload is empty. */
export type ApiCall<M extends RequestMethod> = [RequestPayload<M>] extends [undefined]
  ? () => Promise<Result<ResponseTypes[M]>>
  : (request: RequestPayload<M>) => Promise<Result<ResponseTypes[M]>>;

type PathOf<M extends RequestMethod> = (typeof API_METHODS)[M]['path'];

/** The methods at the top of `window.blotter` (paths without a dot). */
type TopLevelApi = {
  [M in RequestMethod as PathOf<M> extends `${string}.${string}` ? never : PathOf<M>]: ApiCall<M>;
};

/** The methods under `window.blotter.<group>` (paths `<group>.<name>`). */
type GroupApi<G extends string> = {
  [M in RequestMethod as PathOf<M> extends `${G}.${infer Name}` ? Name : never]: ApiCall<M>;
};

/** Venue accounts: settings in a file, secrets in the OS keychain (write-only from here). */
export type AccountsApi = GroupApi<'accounts'>;
/** The audit log: one order's cancel trail, and the log as CSV. */
export type AuditApi = GroupApi<'audit'>;
/** Protection while away: per-account guards, their state, and the quit choice. */
export type ProtectionApi = GroupApi<'protection'>;

/**
 * The request half of `window.blotter`, derived from the method map. Both bridges always carry
 * `protection`; it is optional in the type so API doubles that predate it need not stub it.
 */
export type RequestApi = TopLevelApi & { accounts: AccountsApi; audit: AuditApi; protection?: ProtectionApi };

/** Push channels: updates from main, and commands (Electron only: the OS-wide panic shortcut). */
export interface PushApi {
  /** Subscribes to coalesced deltas; returns the unsubscribe function. */
  onUpdate(listener: (update: BlotterUpdate) => void): () => void;
  /** Absent in the browser host. */
  onCommand?(listener: (command: AppCommand) => void): () => void;
}

export type BlotterApi = RequestApi & PushApi;

export function isFinal(status: OrderStatus): boolean {
  return FINAL_STATUSES.has(status);
}
