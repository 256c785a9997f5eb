/**
 * Reading the audit log back: one order's life (first seen, fills, and its
 * cancel: requested → sent → acknowledged → confirmed, with the time of each
 * step) and a CSV export of the log that names each order. The trail comes from the log's in-memory tail (`recent`); the
 * export reads the JSON-lines files themselves when the log is file-backed,
 * so it holds everything written today (or the last `days` days).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AuditExport,
  AuditExportRequest,
  AuditQuery,
  AuditRecord,
  Order,
  OrderAuditTrail,
} from '../../preload/contract.ts';
import type { AuditEntry } from './audit-entries.ts';
import { type AuditSink, FileAuditLog } from './audit-log.ts';

/**
 * An entry as this module reads it: the typed entries of this build, or lines of a file an earlier build
 * wrote (fields it no longer names, or lacks). Every field is read defensively.
 */
type ReadEntry = { t: number; type: string; keys?: string[] } & Record<string, unknown>;

/** This build's typed entries, read like any stored line. */
function readable(entry: AuditEntry | ReadEntry): ReadEntry {
  return entry as unknown as ReadEntry;
}

const DEFAULT_TRAIL_LIMIT = 200;
/** Rows an export holds at most (a day of heavy cancelling stays far below). */
export const MAX_EXPORT_ROWS = 500_000;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** This order's answer inside a batch reply (`outcomes` is parallel to `keys`). */
function outcomeFor(entry: ReadEntry, key: string): Record<string, unknown> | undefined {
  if (isRecord(entry.asyncFailure)) return { kind: 'failed', error: entry.asyncFailure };
  const outcomes = entry.outcomes;
  const index = entry.keys?.indexOf(key) ?? -1;
  if (!Array.isArray(outcomes) || index < 0) return undefined;
  const outcome = outcomes[index];
  return isRecord(outcome) ? outcome : undefined;
}

function describeOutcome(outcome: Record<string, unknown> | undefined): string {
  if (!outcome) return 'venue replied';
  if (outcome.kind === 'accepted') return 'venue accepted the cancel';
  if (outcome.kind === 'done') return `venue answered ${text(outcome.status) ?? 'done'}`;
  const error = isRecord(outcome.error) ? outcome.error : {};
  return `failed: ${text(error.category) ?? 'error'} ${text(error.code) ?? ''}: ${text(error.message) ?? ''}`.trim();
}

/** The item of a parallel array (`orders`, `fills`) that belongs to `key`. */
function itemFor(
  entry: ReadEntry,
  field: 'orders' | 'fills',
  key: string,
): Record<string, unknown> | undefined {
  const items = entry[field];
  const index = entry.keys?.indexOf(key) ?? -1;
  if (!Array.isArray(items) || index < 0) return undefined;
  const item = items[index];
  return isRecord(item) ? item : undefined;
}

function describeSeen(order: Record<string, unknown> | undefined): string {
  if (!order) return 'first seen';
  const side = text(order.side) ?? '?';
  const amounts = `${text(order.quantity) ?? '?'} ${text(order.market) ?? '?'} @ ${text(order.price) ?? '?'}`;
  const filled = text(order.filled);
  const filledText = filled && filled !== '0' ? `, ${filled} filled` : '';
  return `first seen: ${side} ${amounts} ${text(order.type) ?? ''} (${text(order.status) ?? '?'}${filledText})`.replace(
    /\s+/g,
    ' ',
  );
}

function describeFill(fill: Record<string, unknown> | undefined): string {
  if (!fill) return 'filled';
  const status = text(fill.status);
  const whole = status === 'filled' ? 'filled in full' : 'partial fill';
  return `${whole}: ${text(fill.quantity) ?? '?'} (filled ${text(fill.filled) ?? '?'}, ${text(fill.remaining) ?? '?'} left)`;
}

function describe(entry: ReadEntry, key: string): string {
  switch (entry.type) {
    case 'seen':
      return describeSeen(itemFor(entry, 'orders', key));
    case 'fill':
      return describeFill(itemFor(entry, 'fills', key));
    case 'intent':
      return `cancel requested (${text(entry.source) ?? 'unknown source'}, ${entry.keys?.length ?? 0} orders)`;
    case 'wire_request':
      return `sent to the venue (batch of ${entry.keys?.length ?? 1})`;
    case 'venue_reply':
      return describeOutcome(outcomeFor(entry, key));
    case 'reconcile': {
      const decisions = isRecord(entry.decisions) ? entry.decisions : {};
      const decision = text(decisions[key]);
      if (decision) return `reconciled against the venue listing: ${decision}`;
      if (entry.result === 'listing_failed') return `reconcile: listing failed: ${text(entry.error) ?? ''}`;
      return 'reconciled: still waiting';
    }
    case 'final': {
      const reason = text(entry.statusReason);
      return `final: ${text(entry.status) ?? '?'}${reason ? ` (${reason})` : ''}`;
    }
    case 'error':
      return text(entry.message) ?? 'error';
    case 'stop':
      return 'the trader stopped trying to cancel';
    case 'protection':
      return `protection ${(text(entry.trigger) ?? 'guard').replaceAll('_', ' ')}: ${text(entry.cause) ?? ''}`.trim();
    default:
      // A type an earlier or later build wrote.
      return entry.type;
  }
}

/** The life of one order in the log: first seen, fills, the steps of its latest cancel, its final state. */
export function orderTrail(audit: AuditSink, query: AuditQuery): OrderAuditTrail {
  const entries = audit.recent({ key: query.key, limit: query.limit ?? DEFAULT_TRAIL_LIMIT }).map(readable);
  const records: AuditRecord[] = entries.map((entry) => ({
    t: entry.t,
    type: entry.type,
    intentId: text(entry.intentId),
    source: text(entry.source),
    detail: describe(entry, query.key),
  }));
  const trail: OrderAuditTrail = { key: query.key, records };
  let start = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i]?.type === 'intent') {
      start = i;
      break;
    }
  }
  for (const [i, entry] of entries.entries()) {
    if (entry.type === 'seen') trail.seenAt ??= entry.t;
    if (entry.type === 'final') {
      // A fill or a cancel from elsewhere may end an order without any intent of ours.
      trail.finalStatus = text(entry.status);
      if (i > start) trail.confirmedAt = entry.t;
    }
    if (start < 0 || i < start) continue;
    if (entry.type === 'intent' && i === start) {
      trail.requestedAt = entry.t;
      trail.intentId = text(entry.intentId);
    } else if (entry.type === 'wire_request') {
      trail.sentAt ??= entry.t;
    } else if (entry.type === 'venue_reply') {
      const outcome = outcomeFor(entry, query.key);
      if (outcome?.kind === 'accepted' || outcome?.kind === 'done') trail.acknowledgedAt ??= entry.t;
      if (outcome?.kind === 'done') trail.confirmedAt ??= entry.t;
    }
  }
  return trail;
}

// ------------------------------------------------------------------ CSV ---

export const CSV_COLUMNS = [
  'time',
  'time_ms',
  'type',
  'intent_id',
  'source',
  'venue',
  'account_id',
  'account_label',
  'order_key',
  'venue_order_id',
  'market',
  'side',
  'order_type',
  'price',
  'quantity',
  'filled',
  'fill_quantity',
  'status',
  'outcome',
  'code',
  'message',
  'placed_at',
  'finished_at',
] as const;

/**
 * One CSV field: quoted when it holds a separator, quote or line break; text
 * that a spreadsheet would run as a formula (= + - @ tab CR at the start) is
 * prefixed with a quote mark so a venue message can never become a formula.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * What an export knows beyond the log: the live book (for orders whose `seen` entry is in an earlier file
 * or was written by a build without one) and the accounts' labels. Only facts that do not change — market,
 * side, type, price, quantity, placed time — are taken from the book; filled and status come from the log.
 */
export interface ExportContext {
  order?(
    key: string,
  ): Pick<Order, 'venue' | 'market' | 'side' | 'type' | 'price' | 'quantity' | 'createdAt'> | undefined;
  accountLabel?(accountId: string): string | undefined;
}

/** An order as the log knows it at some entry: what it is, and where it stood then. */
interface OrderState {
  venue?: string;
  label?: string;
  market?: string;
  side?: string;
  type?: string;
  price?: string;
  quantity?: string;
  filled?: string;
  status?: string;
  placedAt?: number;
}

function isoTime(ms: number | undefined): string | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

/** `<accountId>:<venueOrderId>`: the account id never holds ':'. */
function splitKey(key: string): { accountId: string; venueOrderId: string } {
  const colon = key.indexOf(':');
  return colon < 0
    ? { accountId: '', venueOrderId: key }
    : { accountId: key.slice(0, colon), venueOrderId: key.slice(colon + 1) };
}

class CsvWriter {
  private readonly states = new Map<string, OrderState>();
  private readonly finishedAt: ReadonlyMap<string, number>;
  private readonly context: ExportContext;

  constructor(finishedAt: ReadonlyMap<string, number>, context: ExportContext) {
    this.finishedAt = finishedAt;
    this.context = context;
  }

  private stateOf(key: string): OrderState {
    let state = this.states.get(key);
    if (!state) {
      const live = this.context.order?.(key);
      state = live
        ? {
            venue: live.venue,
            market: live.market,
            side: live.side,
            type: live.type,
            price: live.price,
            quantity: live.quantity,
            placedAt: live.createdAt,
          }
        : {};
      this.states.set(key, state);
    }
    return state;
  }

  /** Folds what the entry says about the order into its state (before the row is written). */
  private learn(entry: ReadEntry, key: string, state: OrderState): string | undefined {
    if (entry.type === 'seen') {
      const order = itemFor(entry, 'orders', key);
      state.venue = text(entry.venue) ?? state.venue;
      state.label = text(entry.label) ?? state.label;
      if (order) {
        state.market = text(order.market) ?? state.market;
        state.side = text(order.side) ?? state.side;
        state.type = text(order.type) ?? state.type;
        state.price = text(order.price) ?? state.price;
        state.quantity = text(order.quantity) ?? state.quantity;
        state.filled = text(order.filled) ?? state.filled;
        state.status = text(order.status) ?? state.status;
        if (typeof order.createdAt === 'number') state.placedAt = order.createdAt;
      }
      return undefined;
    }
    if (entry.type === 'fill') {
      const fill = itemFor(entry, 'fills', key);
      state.filled = text(fill?.filled) ?? state.filled;
      state.status = text(fill?.status) ?? state.status;
      return text(fill?.quantity);
    }
    if (entry.type === 'final') state.status = text(entry.status) ?? state.status;
    return undefined;
  }

  rows(entry: ReadEntry, onlyKey: string | undefined): (string | number | undefined)[][] {
    const keys = entry.keys && entry.keys.length > 0 ? entry.keys : [undefined];
    const rows: (string | number | undefined)[][] = [];
    for (const key of keys) {
      // Every entry updates what the log knows of its orders, even one left out of a one-order export.
      const state = key === undefined ? {} : this.stateOf(key);
      const fillQuantity = key === undefined ? undefined : this.learn(entry, key, state);
      if (onlyKey !== undefined && key !== onlyKey) continue;
      let outcome: string | undefined;
      let status = text(entry.status) ?? state.status;
      let code: string | undefined;
      let message = text(entry.message) ?? text(entry.statusReason) ?? text(entry.error);
      if (entry.type === 'venue_reply' && key !== undefined) {
        const answer = outcomeFor(entry, key);
        outcome = text(answer?.kind);
        status = text(answer?.status) ?? status;
        const error = isRecord(answer?.error) ? answer.error : undefined;
        code = text(error?.code);
        message = text(error?.message) ?? message;
      } else if (entry.type === 'reconcile' && key !== undefined && isRecord(entry.decisions)) {
        outcome = text(entry.decisions[key]) ?? text(entry.result);
      }
      const split = key === undefined ? undefined : splitKey(key);
      const accountId = text(entry.accountId) ?? split?.accountId;
      const label = state.label ?? (accountId ? this.context.accountLabel?.(accountId) : undefined);
      rows.push([
        new Date(entry.t).toISOString(),
        entry.t,
        entry.type,
        text(entry.intentId),
        text(entry.source),
        state.venue ?? text(entry.venue),
        accountId,
        label,
        key,
        split?.venueOrderId,
        state.market,
        state.side,
        state.type,
        state.price,
        state.quantity,
        state.filled,
        fillQuantity,
        status,
        outcome,
        code,
        message,
        isoTime(state.placedAt),
        key === undefined ? undefined : isoTime(this.finishedAt.get(key)),
      ]);
    }
    return rows;
  }
}

export function toCsv(
  entries: Iterable<AuditEntry | ReadEntry>,
  onlyKey?: string,
  context: ExportContext = {},
): { csv: string; rows: number } {
  const list = [...entries].map(readable);
  // When each order ended, so every row of it can say so (the first final entry: a final state never moves).
  const finishedAt = new Map<string, number>();
  for (const entry of list) {
    if (entry.type !== 'final') continue;
    for (const key of entry.keys ?? []) if (!finishedAt.has(key)) finishedAt.set(key, entry.t);
  }
  const writer = new CsvWriter(finishedAt, context);
  const lines = [CSV_COLUMNS.join(',')];
  let rows = 0;
  for (const entry of list) {
    for (const row of writer.rows(entry, onlyKey)) {
      if (rows >= MAX_EXPORT_ROWS) break;
      lines.push(row.map(csvField).join(','));
      rows++;
    }
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows };
}

function parseLine(line: string): ReadEntry | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (!isRecord(value) || typeof value.t !== 'number' || typeof value.type !== 'string') return undefined;
    return {
      ...value,
      t: value.t,
      type: value.type,
      keys: Array.isArray(value.keys)
        ? value.keys.filter((key): key is string => typeof key === 'string')
        : undefined,
    };
  } catch {
    return undefined; // a torn last line after a crash
  }
}

/** Entries of the last `days` daily files (oldest first), or the in-memory tail for a memory log. */
export async function readAuditEntries(audit: AuditSink, days: number): Promise<ReadEntry[]> {
  if (!(audit instanceof FileAuditLog)) return audit.recent({ limit: Number.MAX_SAFE_INTEGER }).map(readable);
  await audit.flush();
  const files = (await readdir(audit.directory))
    .filter((name) => /^audit-\d{4}-\d{2}-\d{2}\.jsonl$/.test(name))
    .sort()
    .slice(-days);
  const entries: ReadEntry[] = [];
  for (const name of files) {
    const content = await readFile(join(audit.directory, name), 'utf8');
    for (const line of content.split('\n')) {
      if (line.trim() === '') continue;
      const entry = parseLine(line);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

export async function exportAudit(
  audit: AuditSink,
  request: AuditExportRequest,
  now = Date.now(),
  context: ExportContext = {},
): Promise<AuditExport> {
  const entries = await readAuditEntries(audit, request.days ?? 1);
  const { csv, rows } = toCsv(entries, request.key, context);
  const date = new Date(now).toISOString().slice(0, 10);
  const suffix = request.key ? `-${request.key.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80)}` : '';
  return { filename: `cancel-blotter-audit-${date}${suffix}.csv`, csv, rows };
}
