/**
 * The adapter side of `AdapterEvents` every venue repeats: handlers that go
 * nowhere before `start` and after `stop`, and the malformed-message report
 * (counted, logged value-free, passed on) that the adapter, its REST client
 * and its stream all feed.
 */
import type { Logger } from '../../core/log.ts';
import type { AdapterEvents } from '../../core/venue.ts';

export const NO_EVENTS: AdapterEvents = {
  order: () => {},
  cancelFailed: () => {},
  connection: () => {},
  heartbeat: () => {},
  malformed: () => {},
};

export interface EventRelay {
  /** The running adapter's handlers; no-ops before `start` and after `stop`. */
  readonly events: AdapterEvents;
  attach(events: AdapterEvents): void;
  detach(): void;
  /** A venue message failed validation and was dropped (the description is value-free). */
  malformed(description: string): void;
  /** Venue messages dropped so far. */
  readonly malformedCount: number;
}

export function createEventRelay(venue: string, logger: Logger): EventRelay {
  let events = NO_EVENTS;
  let malformedCount = 0;
  return {
    get events() {
      return events;
    },
    attach(handlers) {
      events = handlers;
    },
    detach() {
      events = NO_EVENTS;
    },
    malformed(description) {
      malformedCount++;
      logger.warn(`${venue} message dropped`, { description });
      events.malformed(description);
    },
    get malformedCount() {
      return malformedCount;
    },
  };
}
