/**
 * The optional facts of an order and of its market, shared by every venue: an order's time in force,
 * reduce-only and post-only flags and client order id as the venue's message shows them, and a market's
 * tick and lot size where the account was given them. A fact the venue does not show stays absent; an
 * odd value drops that fact, never the order.
 */
import { type InstrumentFacts, instrumentFactsSchema } from '../../../preload/contract.ts';
import type { InstrumentInfo, VenueOrder } from '../../core/venue.ts';

/** Longest client order id or time-in-force text kept (a venue echoing a huge string is cut, not kept). */
const MAX_FACT_LENGTH = 100;

type OrderFacts = Pick<VenueOrder, 'timeInForce' | 'reduceOnly' | 'postOnly' | 'clientOrderId'>;

function factText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_FACT_LENGTH);
}

function factFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  // Some venues write booleans as text ("True", "false").
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/** The facts present in `raw`, each only when readable: `{ ...orderFacts(...) }` adds nothing for absent ones. */
export function orderFacts(raw: {
  timeInForce?: unknown;
  reduceOnly?: unknown;
  postOnly?: unknown;
  clientOrderId?: unknown;
}): OrderFacts {
  const facts: OrderFacts = {};
  const timeInForce = factText(raw.timeInForce);
  if (timeInForce !== undefined) facts.timeInForce = timeInForce;
  const reduceOnly = factFlag(raw.reduceOnly);
  if (reduceOnly !== undefined) facts.reduceOnly = reduceOnly;
  const postOnly = factFlag(raw.postOnly);
  if (postOnly !== undefined) facts.postOnly = postOnly;
  const clientOrderId = factText(raw.clientOrderId);
  if (clientOrderId !== undefined) facts.clientOrderId = clientOrderId;
  return facts;
}

/**
 * A venue's `instrument` lookup with the tick and lot sizes the account was given for its markets. Facts
 * that do not validate (not a positive decimal) are left out, so a bad entry shows amounts as sent.
 */
export function withInstrumentFacts(
  base: (market: string) => InstrumentInfo,
  facts: Readonly<Record<string, InstrumentFacts>> | undefined,
): (market: string) => InstrumentInfo {
  if (!facts) return base;
  const known = new Map<string, InstrumentFacts>();
  for (const [market, value] of Object.entries(facts)) {
    const parsed = instrumentFactsSchema.safeParse(value);
    if (parsed.success) known.set(market, parsed.data);
  }
  return (market) => {
    const info = base(market);
    const extra = known.get(market);
    if (!extra) return info;
    return {
      ...info,
      ...(extra.tickSize !== undefined && { tickSize: extra.tickSize }),
      ...(extra.lotSize !== undefined && { lotSize: extra.lotSize }),
    };
  };
}
