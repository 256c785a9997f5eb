/**
 * What the audit log records, one shape per entry type: the writer (the engine and the service) can only
 * append these, and `audit-query` narrows on `type` to read them. Files written by earlier builds may hold
 * fields these shapes no longer name, so reading stays defensive (audit-query.ts); the JSON-lines format
 * itself is unchanged.
 */
import type {
  IntentSource,
  OrderStatus,
  ProtectionLastTrigger,
  ProtectionTrigger,
  Side,
  VenueId,
} from '../../preload/contract.ts';
import type { CancelOutcome, VenueError } from './venue.ts';

interface Base {
  /** ms epoch; filled in by the log when absent. */
  t?: number;
  keys?: string[];
}

/** A cancel request, written (and flushed) before anything goes on the wire. */
export interface IntentEntry extends Base {
  type: 'intent';
  intentId: string;
  source: IntentSource;
  keys: string[];
  /** Keys the blotter did not know: counted, not copied. */
  unknownKeyCount?: number;
  /** More orders for a running intent (its flatness check found them). */
  extends?: true;
}

export interface WireRequestEntry extends Base {
  type: 'wire_request';
  accountId: string;
  keys: string[];
  /** The venue's own bulk cancel: the market it covered, or "account". */
  bulk?: string;
}

export interface VenueReplyEntry extends Base {
  type: 'venue_reply';
  accountId: string;
  keys: string[];
  /** One per key, in order (one for a bulk call). */
  outcomes?: CancelOutcome[];
  bulk?: string;
  /** A cancel the venue failed later, on its stream. */
  asyncFailure?: VenueError;
}

export interface ReconcileEntry extends Base {
  type: 'reconcile';
  accountId: string;
  keys: string[];
  /** Orders the venue listed as open. */
  listed?: number;
  /** Key → the decision taken (keep-waiting, cancelled, resend, …). */
  decisions?: Record<string, string>;
  result?: 'listing_failed';
  error?: string;
}

export interface FinalEntry extends Base {
  type: 'final';
  accountId: string;
  keys: string[];
  status: OrderStatus;
  statusReason?: string;
}

export interface ErrorEntry extends Base {
  type: 'error';
  intentId?: string;
  message: string;
  unknownKeys?: string[];
  unknownKeyCount?: number;
  alreadyFinal?: string[];
}

/** The trader stopped trying. */
export interface StopEntry extends Base {
  type: 'stop';
  intentId?: string;
  keys: string[];
  stopped: string[];
  onWire: string[];
}

/**
 * A protection guard acted (or failed to): a trip wire that cancelled (its intent follows the `intent`
 * entry it names) or alerted, a dead-man switch armed, disarmed, or refused. `cause` says why, in words.
 */
export interface ProtectionEntry extends Base {
  type: 'protection';
  accountId: string;
  trigger: ProtectionTrigger;
  action: ProtectionLastTrigger['action'];
  cause: string;
  intentId?: string;
  /** Dead-man switch: the markets concerned. */
  markets?: string[];
}

/** What an order was when the blotter first saw it: enough to say in the log (and its CSV) what it was. */
export interface SeenOrder {
  market: string;
  side: Side;
  type: string;
  price: string;
  quantity: string;
  filled: string;
  status: OrderStatus;
  /** The venue's creation time. */
  createdAt: number;
  clientOrderId?: string;
}

/**
 * Orders first seen (listed or pushed), one entry per account and batch: `orders` is parallel to `keys`.
 * Appended without a sync of its own (it rides along with the next group); `venue` and `label` name the
 * account in exports after it is gone.
 */
export interface SeenEntry extends Base {
  type: 'seen';
  accountId: string;
  venue: VenueId;
  label?: string;
  keys: string[];
  orders: SeenOrder[];
}

/** One fill of an order: how much this time, and where it stands after. */
export interface OrderFill {
  /** Filled by this change (the venue's cumulative filled minus what the blotter held). */
  quantity: string;
  filled: string;
  remaining: string;
  status: OrderStatus;
}

/** Fills (partial or full), one entry per account and batch: `fills` is parallel to `keys`. */
export interface FillEntry extends Base {
  type: 'fill';
  accountId: string;
  keys: string[];
  fills: OrderFill[];
}

export type AuditInput =
  | SeenEntry
  | FillEntry
  | IntentEntry
  | WireRequestEntry
  | VenueReplyEntry
  | ReconcileEntry
  | FinalEntry
  | ErrorEntry
  | StopEntry
  | ProtectionEntry;

export type AuditEntryType = AuditInput['type'];

/** An entry as stored: with its time. */
export type AuditEntry = AuditInput & { t: number };
