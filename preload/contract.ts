/**
 * The IPC contract between the renderer and main: the single source of the
 * `window.blotter` API types and of the runtime schemas main uses to validate
 * every payload the renderer sends. The renderer imports this file type-only;
 * main imports the schemas. Nothing here may import Node or Electron.
 */
import { z } from 'zod';

// ---------------------------------------------------------------- venues ---

export const VENUE_IDS = ['rails', 'oxfun', 'coinw', 'btcturk', 'bluefin'] as const;
export type VenueId = (typeof VENUE_IDS)[number];
export const venueIdSchema = z.enum(VENUE_IDS);

export const VENUE_LABELS: Record<VenueId, string> = {
  rails: 'Rails',
  oxfun: 'OX.FUN',
  coinw: 'CoinW',
  btcturk: 'BTCTurk',
  bluefin: 'Bluefin',
};

// ----------------------------------------------------------------- order ---

export const ORDER_STATUSES = [
  'open',
  'partially_filled',
  'cancel_requested',
  'cancelling',
  'cancelled',
  'filled',
  'rejected',
  'expired',
  'unknown',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** States an order never leaves. `unknown` is not one: a later reconcile may still settle it. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'cancelled',
  'filled',
  'rejected',
  'expired',
]);
/** States in which a cancel is in flight; a second request joins it. */
export const IN_FLIGHT_STATUSES: ReadonlySet<OrderStatus> = new Set(['cancel_requested', 'cancelling']);

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
  status: OrderStatus;
  /** Why the order is in its state when the status alone does not say ("filled before cancel", ...). */
  statusReason?: string;
  cancel?: CancelProgress;
  createdAt: number;
  updatedAt: number;
  /** Increases by one on every change; a delta older than what the renderer holds is dropped. */
  version: number;
}

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

export const CANCEL_SOURCES = ['click', 'selection', 'hotkey', 'scope', 'panic'] as const;
export type CancelSource = (typeof CANCEL_SOURCES)[number];

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

export interface CancelPreview {
  total: number;
  byVenue: { venue: VenueId; count: number; notional: string }[];
  /** Sum of price × remaining over the orders, in quote units, exact. */
  notional: string;
  keys: string[];
}

/** Live summary of a bulk cancel. */
export interface IntentProgress {
  intentId: string;
  source: CancelSource;
  total: number;
  cancelled: number;
  filled: number;
  failed: number;
  pending: number;
  failures: { key: string; message: string }[];
  startedAt: number;
  doneAt?: number;
}

// -------------------------------------------------------------- snapshot ---

export type BlotterMode = 'demo' | 'live';

export interface Snapshot {
  mode: BlotterMode;
  orders: Order[];
  accounts: AccountStatus[];
  intents: IntentProgress[];
  /** The version of the whole book; deltas carry the next ones. */
  version: number;
}

/** One coalesced batch of changes (main sends at most one per animation frame, ≤ 60/s). */
export interface BlotterUpdate {
  version: number;
  orders: Order[];
  accounts: AccountStatus[];
  intents: IntentProgress[];
}

// ---------------------------------------------------------------- result ---

export const ERROR_CODES = ['invalid_request', 'not_found', 'unavailable', 'conflict', 'internal'] as const;
export type ApiErrorCode = (typeof ERROR_CODES)[number];
export interface ApiError {
  code: ApiErrorCode;
  message: string;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ------------------------------------------------------------ the API ------

/**
 * Request/response methods: name → [payload schema, response type]. Both the
 * Electron IPC handler and the browser host dispatch through this one map.
 */
export const requestSchemas = {
  snapshot: z.undefined(),
  cancel: cancelRequestSchema,
  previewCancel: cancelScopeSchema,
  cancelScope: cancelScopeRequestSchema,
} as const;
export type RequestMethod = keyof typeof requestSchemas;
export const REQUEST_METHODS = Object.keys(requestSchemas) as RequestMethod[];

export interface ResponseTypes {
  snapshot: Snapshot;
  cancel: CancelAck;
  previewCancel: CancelPreview;
  cancelScope: CancelAck;
}
export type RequestPayload<M extends RequestMethod> = z.input<(typeof requestSchemas)[M]>;

export interface BlotterApi {
  snapshot(): Promise<Result<Snapshot>>;
  cancel(request: CancelRequest): Promise<Result<CancelAck>>;
  previewCancel(scope: CancelScope): Promise<Result<CancelPreview>>;
  cancelScope(request: CancelScopeRequest): Promise<Result<CancelAck>>;
  /** Subscribes to coalesced deltas; returns the unsubscribe function. */
  onUpdate(listener: (update: BlotterUpdate) => void): () => void;
}

export function isFinal(status: OrderStatus): boolean {
  return FINAL_STATUSES.has(status);
}
