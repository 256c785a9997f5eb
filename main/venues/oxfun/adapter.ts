/**
 * The OX.FUN `VenueAdapter`: one authenticated WebSocket per account carries
 * cancels (`cancelorder` / `cancelorders`, one tagged reply per order:
 * submitted = accepted) and the `order:all` channel whose `OrderClosed`
 * confirms them. Signed REST lists open orders, looks up closed ones for
 * reconcile, and cancels when the socket is down. The engine paces cancels
 * with the capabilities declared here; this file only speaks the protocol.
 */
import { randomBytes } from 'node:crypto';
import {
  type CancelOutcome,
  type CancelTarget,
  toVenueError,
  type VenueAdapter,
  type VenueCapabilities,
  type VenueError,
  type VenueOrder,
} from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { chunk } from '../shared/chunk.ts';
import { requireUrl } from '../shared/config.ts';
import { withInstrumentFacts } from '../shared/order-facts.ts';
import type { AdapterConfig } from '../types.ts';
import { parseOxfunCredentials } from './auth.ts';
import { CancelTracker } from './cancels.ts';
import {
  CANCEL_ACK_TIMEOUT_MS,
  CANCEL_RATE_LIMIT,
  CLOSED_BY_USER,
  LOOKUP_CONCURRENCY,
  oxfunInstrument,
  REST_CANCEL_BATCH_MAX,
  WS_CANCEL_BATCH_MAX,
} from './constants.ts';
import { oxfunError } from './errors.ts';
import {
  type OxfunRestCancelItem,
  type OxfunWsMessage,
  statusToVenueOrder,
  updateToVenueOrder,
  workingToVenueOrder,
} from './parse.ts';
import { createOxfunRest } from './rest.ts';
import { createOxfunStream } from './stream.ts';
import { cancelCommandText, isIntegerId } from './wire.ts';

export const OXFUN_CAPABILITIES: VenueCapabilities = {
  cancelFlow: 'two-step',
  maxBatch: WS_CANCEL_BATCH_MAX,
  rateLimits: [CANCEL_RATE_LIMIT],
  // Replies come back within milliseconds; a handful of messages in flight keeps the pipe full.
  maxInFlight: 8,
  confirmDeadlineMs: 5000,
  confirmedBy: 'WS OrderClosed',
  // DELETE /v3/orders/cancel-all takes one market or the whole account ("Orders queued for cancelation").
  bulkCancel: { market: true, account: true },
};

export interface OxfunAdapter extends VenueAdapter {
  /** `DELETE /v3/orders/cancel-all` (optionally one market); closes arrive on the order channel. */
  cancelAll(market?: string): Promise<string>;
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
}

/** Knobs for tests; production uses the defaults. */
export interface OxfunAdapterOptions {
  ackTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  pingIntervalMs?: number;
  random?: () => number;
  now?: () => number;
  /** Tests shorten the confirmation deadline so a reconcile happens within a test's patience. */
  capabilities?: Partial<VenueCapabilities>;
}

/**
 * The REST item for each target: by orderId, else the item at the target's position when its market
 * agrees (items come back in request order; the docs' own failure example echoes an id that is not the
 * one asked for).
 */
export function matchRestItems(
  targets: readonly CancelTarget[],
  items: readonly OxfunRestCancelItem[],
): (OxfunRestCancelItem | undefined)[] {
  const used = new Set<number>();
  const byId = targets.map((target) => {
    const index = items.findIndex((item, i) => !used.has(i) && item.orderId === target.venueOrderId);
    if (index >= 0) used.add(index);
    return index;
  });
  return targets.map((target, position) => {
    const index = byId[position] ?? -1;
    if (index >= 0) return items[index];
    const item = items[position];
    if (!item || used.has(position)) return undefined;
    if (item.marketCode && item.marketCode !== target.market) return undefined;
    used.add(position);
    return item;
  });
}

function restItemOutcome(item: OxfunRestCancelItem | undefined): CancelOutcome {
  if (!item)
    return {
      kind: 'failed',
      error: { category: 'network', code: 'no_result', message: 'no result for the order' },
    };
  if (!item.submitted) return { kind: 'failed', error: oxfunError(item.code, item.message) };
  // REST answers with the close itself when it has it: that is final.
  return item.status === CLOSED_BY_USER ? { kind: 'done', status: 'cancelled' } : { kind: 'accepted' };
}

export function createOxfunAdapter(config: AdapterConfig, options: OxfunAdapterOptions = {}): OxfunAdapter {
  const logger = config.logger.child({ venue: 'oxfun', accountId: config.accountId });
  const credentials = parseOxfunCredentials(config.credentials);
  const now = options.now ?? Date.now;
  const relay = createEventRelay('oxfun', logger);
  const reportMalformed = relay.malformed;

  const rest = createOxfunRest({
    restUrl: requireUrl('oxfun', config.urls, 'rest'),
    credentials,
    logger,
    onMalformed: reportMalformed,
    now,
  });
  const tracker = new CancelTracker({
    ackTimeoutMs: options.ackTimeoutMs ?? CANCEL_ACK_TIMEOUT_MS,
    tagPrefix: `bl${randomBytes(3).toString('hex')}`,
  });

  function onMessage(message: OxfunWsMessage): void {
    switch (message.kind) {
      case 'orders':
        for (const rejected of message.rejected) reportMalformed(rejected);
        for (const update of message.updates) relay.events.order(updateToVenueOrder(update, now()));
        return;
      case 'cancelReply': {
        const outcome: CancelOutcome = message.submitted
          ? { kind: 'accepted' }
          : { kind: 'failed', error: oxfunError(message.code, message.message) };
        const echoed = { orderId: message.orderId, marketCode: message.marketCode };
        if (!tracker.reply(message.tag, echoed, outcome)) {
          // Late (after the deadline) or someone else's: the retry or the reconcile settles the order.
          logger.debug('unmatched cancel reply', { submitted: message.submitted, code: message.code });
        }
        return;
      }
      case 'engineCancel':
        // The matching engine refused a cancel it had accepted (the order filled first, or a duplicate).
        if (!message.submitted && message.orderId) {
          relay.events.cancelFailed(message.orderId, oxfunError(message.code, message.message));
        }
        return;
      case 'failure': {
        const error = oxfunError(message.code, message.message);
        if (!(message.tag !== undefined && tracker.failTag(message.tag, error))) {
          logger.warn('oxfun command refused', {
            event: message.event,
            code: message.code,
            message: message.message,
          });
        }
        return;
      }
      default:
        return;
    }
  }

  const stream = createOxfunStream({
    wsUrl: requireUrl('oxfun', config.urls, 'ws'),
    credentials,
    logger,
    onMessage,
    onFrame: () => relay.events.heartbeat(),
    onMalformed: reportMalformed,
    onState(state, detail) {
      if (state !== 'connected') {
        // An unanswered cancel on a lost socket may or may not have reached the venue: a network
        // failure is retried, and a retry of an order already cancelled comes back "not found" → reconcile.
        tracker.failAll({ category: 'network', code: 'disconnected', message: detail ?? state });
      }
      relay.events.connection(state, detail);
    },
    now,
    ...(options.random && { random: options.random }),
    ...(options.reconnectBaseMs !== undefined && { reconnectBaseMs: options.reconnectBaseMs }),
    ...(options.reconnectCapMs !== undefined && { reconnectCapMs: options.reconnectCapMs }),
    ...(options.authRetryMs !== undefined && { authRetryMs: options.authRetryMs }),
    ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
  });

  /** One WebSocket message for ≤ 20 orders with integer ids. */
  function cancelOverWs(targets: CancelTarget[]): Promise<CancelOutcome[]> {
    const { tag, outcomes } = tracker.open(targets);
    if (!stream.send(cancelCommandText(tag, targets))) {
      tracker.failTag(tag, { category: 'network', code: 'disconnected', message: 'stream not connected' });
    }
    return outcomes;
  }

  /**
   * The socket is down: REST, 8 orders a call; its reply is final per order. When the gateway does not
   * answer REST either (refused, reset, timed out), the rest of the call fails with the same network
   * error without asking: the engine keeps those orders queued and sends them when the venue answers,
   * and refused calls would only spend the REST budget that listings and lookups need afterwards.
   */
  async function cancelOverRest(targets: CancelTarget[]): Promise<CancelOutcome[]> {
    const results: CancelOutcome[] = [];
    let unreachable: VenueError | undefined;
    for (const part of chunk(targets, REST_CANCEL_BATCH_MAX)) {
      if (unreachable) {
        for (const _ of part) results.push({ kind: 'failed', error: unreachable });
        continue;
      }
      try {
        const items = await rest.cancel(part);
        for (const item of matchRestItems(part, items)) results.push(restItemOutcome(item));
      } catch (err) {
        const error = toVenueError(err);
        if (error.category === 'network') unreachable = error;
        for (const _ of part) results.push({ kind: 'failed', error });
      }
    }
    return results;
  }

  async function cancelValid(targets: CancelTarget[]): Promise<CancelOutcome[]> {
    if (!stream.isReady()) return cancelOverRest(targets);
    const results: CancelOutcome[] = [];
    for (const part of chunk(targets, WS_CANCEL_BATCH_MAX)) results.push(...(await cancelOverWs(part)));
    return results;
  }

  return {
    venue: 'oxfun',
    accountId: config.accountId,
    capabilities: { ...OXFUN_CAPABILITIES, ...options.capabilities },
    instrument: withInstrumentFacts(oxfunInstrument, config.instruments),
    get malformedCount() {
      return relay.malformedCount;
    },

    async start(handlers) {
      relay.attach(handlers);
      await stream.start();
    },

    async stop() {
      await stream.stop();
      tracker.failAll({ category: 'network', code: 'stopped', message: 'adapter stopped' });
      relay.detach();
    },

    async listOpenOrders() {
      const orders = await rest.listWorking();
      return orders.map(workingToVenueOrder);
    },

    async cancelOrders(targets) {
      // Ids must be integers to go on the wire as JSON numbers; anything else never reaches the venue.
      const invalid: VenueError = {
        category: 'rejected',
        code: 'invalid_order_id',
        message: 'not an OX.FUN order id',
      };
      const valid = targets.filter((target) => isIntegerId(target.venueOrderId));
      const sent = valid.length > 0 ? await cancelValid(valid) : [];
      let next = 0;
      return targets.map((target) =>
        isIntegerId(target.venueOrderId)
          ? (sent[next++] as CancelOutcome)
          : { kind: 'failed', error: invalid },
      );
    },

    async lookupOrders(targets) {
      // One REST call per order, a few at a time (the engine sends at most 20 a pass). Each settles on
      // its own: an id the venue no longer knows (-100005) is "not found" for that order only. Any
      // other failure (network, auth) still fails the pass after the rest settled, since the engine
      // would otherwise read the missing answer as "not found".
      const found: VenueOrder[] = [];
      let failure: unknown;
      for (const part of chunk(targets, LOOKUP_CONCURRENCY)) {
        const settled = await Promise.allSettled(part.map((target) => rest.orderStatus(target.venueOrderId)));
        for (const result of settled) {
          if (result.status === 'rejected') failure ??= result.reason;
          else if (result.value) found.push(statusToVenueOrder(result.value));
        }
      }
      if (failure !== undefined) throw failure;
      return found;
    },

    cancelAll(market) {
      return rest.cancelAll(market);
    },

    async cancelAllOrders(scope) {
      await rest.cancelAll(scope.market);
    },
  };
}
