/**
 * The one scrubbing boundary between an account's venue and the rest of the app. A venue that echoes what it
 * was sent (a key in an error, a signature in a connection detail) must not put it in the renderer, the logs
 * or the audit log: every error, connection detail, malformed-message description and log line that comes
 * from an account's adapter passes through here with that account's credentials, and venue text is capped.
 */
import type { LogFields, Logger } from './log.ts';
import {
  type AdapterEvents,
  type CancelOutcome,
  type VenueAdapter,
  VenueCallError,
  type VenueError,
  type VenueOrder,
} from './venue.ts';

/** Longest venue text passed on (errors, details, descriptions). */
export const MAX_VENUE_TEXT = 500;
const REDACTED = '[redacted]';

/**
 * The forms in which a credential can come back: as sent, JSON-escaped (a quoted body), URL-encoded (a query
 * echoed back). Values shorter than 4 characters are not credentials anyone could use and would shred text.
 */
export function secretForms(values: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < 4) continue;
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
    forms.add(encodeURIComponent(value));
  }
  // Longest first, so a value that contains another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

export function scrubText(text: string, forms: readonly string[], max = MAX_VENUE_TEXT): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

function scrubError(error: VenueError, forms: readonly string[]): VenueError {
  return { ...error, code: scrubText(error.code, forms, 100), message: scrubText(error.message, forms) };
}

/**
 * An order's free-text facts (client order id, time in force) reach the grid and the audit log: a venue
 * that echoed a credential there must not carry it on. Ids and amounts are validated digits or symbols.
 */
function scrubOrderFacts(order: VenueOrder, forms: readonly string[]): VenueOrder {
  if (order.clientOrderId === undefined && order.timeInForce === undefined) return order;
  return {
    ...order,
    ...(order.clientOrderId !== undefined && { clientOrderId: scrubText(order.clientOrderId, forms, 100) }),
    ...(order.timeInForce !== undefined && { timeInForce: scrubText(order.timeInForce, forms, 100) }),
  };
}

function scrubThrown(err: unknown, forms: readonly string[]): Error {
  if (err instanceof VenueCallError) return new VenueCallError(scrubError(err.venueError, forms));
  return new Error(scrubText(err instanceof Error ? err.message : String(err), forms));
}

function scrubFields(fields: LogFields | undefined, forms: readonly string[]): LogFields | undefined {
  if (!fields) return fields;
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') out[key] = scrubText(value, forms, 2000);
    else if (value instanceof Error) out[key] = scrubText(value.message, forms, 2000);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      out[key] = scrubFields(value as LogFields, forms);
    else out[key] = value;
  }
  return out;
}

/** A logger for an account's adapter: its messages and string fields scrubbed of that account's credentials. */
export function scrubbingLogger(logger: Logger, secrets: Iterable<string>): Logger {
  const forms = secretForms(secrets);
  if (forms.length === 0) return logger;
  const wrap = (inner: Logger): Logger => ({
    debug: (message, fields) => inner.debug(scrubText(message, forms, 2000), scrubFields(fields, forms)),
    info: (message, fields) => inner.info(scrubText(message, forms, 2000), scrubFields(fields, forms)),
    warn: (message, fields) => inner.warn(scrubText(message, forms, 2000), scrubFields(fields, forms)),
    error: (message, fields) => inner.error(scrubText(message, forms, 2000), scrubFields(fields, forms)),
    child: (context) => wrap(inner.child(scrubFields(context, forms) ?? {})),
  });
  return wrap(logger);
}

/** The adapter as the core sees it: everything it reports or throws scrubbed of the account's credentials. */
export function scrubbingAdapter(adapter: VenueAdapter, secrets: Iterable<string>): VenueAdapter {
  const forms = secretForms(secrets);
  if (forms.length === 0) return adapter;
  const rethrow = (err: unknown): never => {
    throw scrubThrown(err, forms);
  };
  const scrubOutcome = (outcome: CancelOutcome): CancelOutcome =>
    outcome.kind === 'failed' ? { kind: 'failed', error: scrubError(outcome.error, forms) } : outcome;
  const lookupOrders = adapter.lookupOrders?.bind(adapter);
  const scrubOrders = (orders: VenueOrder[]): VenueOrder[] =>
    orders.map((order) => scrubOrderFacts(order, forms));
  const cancelAllOrders = adapter.cancelAllOrders?.bind(adapter);
  const dms = adapter.deadManSwitch;
  return {
    venue: adapter.venue,
    accountId: adapter.accountId,
    capabilities: adapter.capabilities,
    instrument: (market) => adapter.instrument(market),
    start: (events: AdapterEvents) =>
      adapter.start({
        order: (order) => events.order(scrubOrderFacts(order, forms)),
        cancelFailed: (venueOrderId, error) => events.cancelFailed(venueOrderId, scrubError(error, forms)),
        connection: (state, detail) =>
          events.connection(state, detail === undefined ? undefined : scrubText(detail, forms)),
        heartbeat: () => events.heartbeat(),
        malformed: (description) => events.malformed(scrubText(description, forms)),
      }),
    stop: () => adapter.stop(),
    listOpenOrders: () => adapter.listOpenOrders().then(scrubOrders, rethrow),
    cancelOrders: (targets) =>
      adapter.cancelOrders(targets).then((outcomes) => outcomes.map(scrubOutcome), rethrow),
    ...(lookupOrders && { lookupOrders: (targets) => lookupOrders(targets).then(scrubOrders, rethrow) }),
    ...(cancelAllOrders && { cancelAllOrders: (scope) => cancelAllOrders(scope).catch(rethrow) }),
    ...(dms && {
      deadManSwitch: {
        reset: (countdowns) =>
          dms.reset(countdowns).then(
            (reply) => ({
              accepted: reply.accepted,
              failed: reply.failed.map((item) => ({ ...item, reason: scrubText(item.reason, forms, 2000) })),
            }),
            rethrow,
          ),
        read: (market) => dms.read(market).catch(rethrow),
      },
    }),
  };
}
