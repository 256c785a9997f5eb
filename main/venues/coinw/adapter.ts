/**
 * The CoinW futures `VenueAdapter`: cancels over signed REST (single
 * `DELETE /v1/perpum/order`, batch `DELETE /v1/perpum/batchOrders` of up to
 * 20 ids), order updates from the private WebSocket, the open-orders listing
 * and the 7-day history for reconcile. Neither cancel call says what became of
 * an order, so both answer `accepted` and the stream (or a reconcile) confirms.
 */
import type {
  CancelOutcome,
  CancelTarget,
  VenueAdapter,
  VenueCapabilities,
  VenueOrder,
} from '../../core/venue.ts';
import { toVenueError } from '../../core/venue.ts';
import { createEventRelay } from '../shared/adapter-events.ts';
import { chunk } from '../shared/chunk.ts';
import { requireUrl } from '../shared/config.ts';
import type { AdapterConfig } from '../types.ts';
import { parseCoinwCredentials } from './auth.ts';
import {
  BATCH_CANCEL_MAX,
  CANCEL_BUCKET,
  CONFIRM_DEADLINE_MS,
  coinwInstrument,
  GLOBAL_BUCKET,
  HISTORY_PAGE_SIZE,
  LOOKUP_MAX_PAGES,
  MAX_IN_FLIGHT,
} from './constants.ts';
import { toVenueOrder } from './parse.ts';
import { createCoinwRest } from './rest.ts';
import { createCoinwStream } from './stream.ts';

export const COINW_CAPABILITIES: VenueCapabilities = {
  cancelFlow: 'two-step',
  maxBatch: BATCH_CANCEL_MAX,
  rateLimits: [CANCEL_BUCKET, GLOBAL_BUCKET],
  maxInFlight: MAX_IN_FLIGHT,
  confirmDeadlineMs: CONFIRM_DEADLINE_MS,
  confirmedBy: 'stream futures/order',
};

export interface CoinwAdapter extends VenueAdapter {
  /** Venue messages dropped because they failed validation. */
  readonly malformedCount: number;
}

/** Knobs for tests; production uses the defaults. */
export interface CoinwAdapterOptions {
  confirmDeadlineMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  authRetryMs?: number;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  random?: () => number;
  now?: () => number;
}

export function createCoinwAdapter(config: AdapterConfig, options: CoinwAdapterOptions = {}): CoinwAdapter {
  const logger = config.logger.child({ venue: 'coinw', accountId: config.accountId });
  const credentials = parseCoinwCredentials(config.credentials);
  const capabilities: VenueCapabilities = {
    ...COINW_CAPABILITIES,
    ...(options.confirmDeadlineMs !== undefined && { confirmDeadlineMs: options.confirmDeadlineMs }),
  };
  const relay = createEventRelay('coinw', logger);
  const reportMalformed = relay.malformed;

  const rest = createCoinwRest({
    restUrl: requireUrl('coinw', config.urls, 'rest'),
    credentials,
    logger,
    onMalformed: reportMalformed,
    ...(options.now && { now: options.now }),
  });

  const stream = createCoinwStream({
    wsUrl: requireUrl('coinw', config.urls, 'ws'),
    credentials,
    logger,
    onOrders(rows) {
      for (const row of rows) relay.events.order(toVenueOrder(row));
    },
    onState: (state, detail) => relay.events.connection(state, detail),
    onHeartbeat: () => relay.events.heartbeat(),
    onMalformed: reportMalformed,
    ...(options.reconnectBaseMs !== undefined && { reconnectBaseMs: options.reconnectBaseMs }),
    ...(options.reconnectCapMs !== undefined && { reconnectCapMs: options.reconnectCapMs }),
    ...(options.authRetryMs !== undefined && { authRetryMs: options.authRetryMs }),
    ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
    ...(options.pongTimeoutMs !== undefined && { pongTimeoutMs: options.pongTimeoutMs }),
    ...(options.random && { random: options.random }),
  });

  /** One wire call; the venue's answer applies to every target alike. */
  async function cancelChunk(part: CancelTarget[]): Promise<CancelOutcome[]> {
    try {
      if (part.length === 1) await rest.cancelOne((part[0] as CancelTarget).venueOrderId);
      else await rest.cancelBatch(part.map((target) => target.venueOrderId));
      return part.map(() => ({ kind: 'accepted' }));
    } catch (err) {
      const error = toVenueError(err);
      return part.map(() => ({ kind: 'failed', error }));
    }
  }

  async function lookupMarket(market: string, wanted: Set<string>): Promise<VenueOrder[]> {
    const found: VenueOrder[] = [];
    for (let page = 1; page <= LOOKUP_MAX_PAGES && wanted.size > 0; page++) {
      const result = await rest.orderHistory(page, market);
      for (const row of result.rows) {
        if (!wanted.delete(row.id)) continue;
        found.push(toVenueOrder(row));
      }
      if (result.rows.length === 0 || page * HISTORY_PAGE_SIZE >= result.total) break;
    }
    return found;
  }

  return {
    venue: 'coinw',
    accountId: config.accountId,
    capabilities,
    instrument: coinwInstrument,
    get malformedCount() {
      return relay.malformedCount;
    },

    async start(handlers) {
      relay.attach(handlers);
      await stream.start();
    },

    async stop() {
      await stream.stop();
      relay.detach();
    },

    async listOpenOrders() {
      const rows = await rest.listOpenOrders();
      return rows.map(toVenueOrder);
    },

    async cancelOrders(targets) {
      const outcomes: CancelOutcome[] = [];
      // The engine never sends more than maxBatch; a larger list is still honoured, one call per chunk.
      for (const part of chunk(targets, BATCH_CANCEL_MAX)) outcomes.push(...(await cancelChunk(part)));
      return outcomes;
    },

    async lookupOrders(targets) {
      const byMarket = new Map<string, Set<string>>();
      for (const target of targets) {
        const ids = byMarket.get(target.market) ?? new Set<string>();
        ids.add(target.venueOrderId);
        byMarket.set(target.market, ids);
      }
      const found: VenueOrder[] = [];
      for (const [market, ids] of byMarket) found.push(...(await lookupMarket(market, ids)));
      return found;
    },
  };
}
