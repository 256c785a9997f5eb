/** An `AdapterEvents` that records everything, for adapter ↔ simulator tests. */

import type { AdapterEvents, VenueError, VenueOrder } from '../../main/core/venue.ts';
import type { ConnectionState } from '../../preload/contract.ts';

export interface RecordedEvents {
  events: AdapterEvents;
  orders: VenueOrder[];
  connections: { state: ConnectionState; detail?: string }[];
  cancelFailures: { venueOrderId: string; error: VenueError }[];
  malformed: string[];
  heartbeats: number;
  /** The most recent update of one order, if any arrived. */
  lastOrder(venueOrderId: string): VenueOrder | undefined;
  states(): ConnectionState[];
}

export function recordEvents(): RecordedEvents {
  const recorded: RecordedEvents = {
    orders: [],
    connections: [],
    cancelFailures: [],
    malformed: [],
    heartbeats: 0,
    events: {
      order: (order) => recorded.orders.push(order),
      cancelFailed: (venueOrderId, error) => recorded.cancelFailures.push({ venueOrderId, error }),
      connection: (state, detail) =>
        recorded.connections.push({ state, ...(detail !== undefined && { detail }) }),
      heartbeat: () => {
        recorded.heartbeats += 1;
      },
      malformed: (description) => recorded.malformed.push(description),
    },
    lastOrder: (id) => recorded.orders.findLast((order) => order.venueOrderId === id),
    states: () => recorded.connections.map((entry) => entry.state),
  };
  return recorded;
}
