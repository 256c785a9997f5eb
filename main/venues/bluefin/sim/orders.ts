/**
 * The simulator's order records, kept in the venue's own wire form (1e18-base
 * integer strings, uppercase statuses) so what it serves is exactly what the
 * adapter parses. Amount arithmetic is BigInt on those integers.
 */
import { createHash } from 'node:crypto';
import { toScaledInteger } from '../../../../preload/decimal.ts';
import type { SimOrderSpec } from '../../simulator.ts';
import { BASE_DECIMALS } from '../constants.ts';
import { type BluefinOrderStatus, type BluefinWireOrder, fromBase18 } from '../parse.ts';

/**
 * How the simulated venue writes order hashes: bare lowercase (what the Python client's order
 * signer produces), with `0x`, in upper case, or both (the forms a listing might carry).
 */
export type SimHashStyle = 'bare' | '0x' | 'upper' | '0x-upper';

export function styleHash(bareLowercase: string, style: SimHashStyle): string {
  const cased = style === 'upper' || style === '0x-upper' ? bareLowercase.toUpperCase() : bareLowercase;
  return style === '0x' || style === '0x-upper' ? `0x${cased}` : cased;
}

export interface SimOrder {
  /** The bare lowercase hash the simulator files the order under. */
  key: string;
  order: BluefinWireOrder;
  owner: string;
  /** Faults are drawn once per order, so a retry after the race settles can succeed. */
  conflictDrawn: boolean;
  /** A confirmation timer is running for this order's cancel. */
  confirming: boolean;
}

/** Statuses in which an order still rests on the book (CANCELLING included: it may still fill). */
const RESTING: ReadonlySet<BluefinOrderStatus> = new Set([
  'PENDING',
  'OPEN',
  'PARTIAL_FILLED',
  'STAND_BY_PENDING',
  'STAND_BY',
  'CANCELLING',
]);

export function isResting(order: BluefinWireOrder): boolean {
  return RESTING.has(order.orderStatus);
}

export function toBase18(value: string): string {
  return toScaledInteger(value, BASE_DECIMALS);
}

/** Remaining size in 1e18 units (never negative). */
export function remainingUnits(order: BluefinWireOrder): bigint {
  const left = BigInt(order.quantity) - BigInt(order.filledQty);
  return left > 0n ? left : 0n;
}

export function remainingDecimal(order: BluefinWireOrder): string {
  return fromBase18(remainingUnits(order).toString());
}

/** Deterministic 64-hex order hashes and increasing numeric ids from the seed. */
export function createOrderIdentity(seed: number): () => { id: number; hash: string } {
  let counter = 0;
  return () => {
    counter++;
    const hash = createHash('sha256').update(`bluefin-sim:${seed}:${counter}`).digest('hex');
    return { id: 4_200_000 + counter, hash };
  };
}

export function newOrder(
  identity: { id: number; hash: string },
  spec: SimOrderSpec,
  now: number,
): BluefinWireOrder {
  const quantity = toBase18(spec.quantity);
  return {
    id: identity.id,
    clientId: `sim-${identity.id}`,
    hash: identity.hash,
    symbol: spec.market,
    orderType: (spec.type ?? 'LIMIT').toUpperCase(),
    side: spec.side === 'buy' ? 'BUY' : 'SELL',
    price: toBase18(spec.price),
    quantity,
    filledQty: '0',
    openQty: quantity,
    avgFillPrice: '0',
    leverage: toBase18('3'),
    reduceOnly: false,
    postOnly: false,
    orderStatus: 'OPEN',
    cancelReason: 'NONE',
    timeInForce: 'GOOD_TILL_TIME',
    createdAt: now,
    updatedAt: now,
  };
}

/** Fills up to `units` (clamped to what remains); returns the units filled. */
export function applyFill(order: BluefinWireOrder, units: bigint, now: number): bigint {
  const fill = units > remainingUnits(order) ? remainingUnits(order) : units;
  if (fill <= 0n) return 0n;
  const filled = BigInt(order.filledQty) + fill;
  order.filledQty = filled.toString();
  order.avgFillPrice = order.price;
  order.openQty = remainingUnits(order).toString();
  if (remainingUnits(order) === 0n) order.orderStatus = 'FILLED';
  else if (order.orderStatus !== 'CANCELLING') order.orderStatus = 'PARTIAL_FILLED';
  order.updatedAt = now;
  return fill;
}

/** Wire copy: pushes and listings must not alias the live record. */
export function snapshot(order: BluefinWireOrder): BluefinWireOrder {
  return { ...order };
}
