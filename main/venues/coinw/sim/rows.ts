/**
 * Order rows as the simulator writes them, in the shapes of CoinW.Net's recorded responses (see
 * tests/fixtures/coinw/SOURCES.md): REST listings with numbers and the id as a bare JSON number, the
 * 7-day history with the id and most amounts as strings, stream pushes with string values.
 * `tradePiece` appears once an order has traded (the open-orders sample of an untouched order has none).
 */
import { subtract } from '../../../../preload/decimal.ts';
import { type BareNumber, bare } from './json.ts';

export type CoinwSimStatus = 'unFinish' | 'part' | 'finish' | 'cancel';

/** How a scripted odd row differs from a proper one. */
export type CoinwRowOddity =
  /** The status CoinW.Net knows as "marker change", which no source explains. */
  | 'markerChange'
  /** A row without `totalPiece`. */
  | 'missingTotalPiece';

export interface CoinwSimOrder {
  id: string;
  instrument: string;
  direction: 'long' | 'short';
  price: string;
  totalPiece: string;
  tradePiece: string;
  status: CoinwSimStatus;
  /** `plan` (resting limit) or `planTrigger` (trigger order). */
  posType: string;
  triggerPrice?: string;
  createdDate: number;
  updatedDate: number;
  oddity?: CoinwRowOddity;
}

export const DEMO_USER_ID = '1162061';

function remaining(order: CoinwSimOrder): string {
  return subtract(order.totalPiece, order.tradePiece);
}

function traded(order: CoinwSimOrder): boolean {
  return order.tradePiece !== '0';
}

/** Applies a scripted oddity to a finished row. */
function odd(order: CoinwSimOrder, row: Record<string, unknown>): Record<string, unknown> {
  if (order.oddity === 'markerChange') return { ...row, orderStatus: 'markerChange' };
  if (order.oddity === 'missingTotalPiece') {
    const { totalPiece: _dropped, ...rest } = row;
    return rest;
  }
  return row;
}

function num(text: string): BareNumber {
  return bare(text);
}

/** `GET /v1/perpum/order` and `orders/open` rows (CoinW.Net GetOpenOrders.txt). */
export function restRow(order: CoinwSimOrder): Record<string, unknown> {
  return odd(order, {
    baseSize: num('0.001'),
    contractType: 1,
    createdDate: order.createdDate,
    currentPiece: num(order.totalPiece),
    direction: order.direction,
    fee: 0,
    frozenFee: num('0.00954'),
    id: num(order.id),
    instrument: order.instrument,
    leverage: 1,
    liquidateBy: 'manual',
    makerFee: num('0.0001'),
    orderPrice: num(order.price),
    orderStatus: order.status,
    originalType: order.posType,
    posType: order.posType,
    positionModel: 0,
    processStatus: 1,
    quantity: num(order.totalPiece),
    quantityUnit: 0,
    source: 'api',
    status: 'open',
    takerFee: num('0.0006'),
    totalPiece: num(order.totalPiece),
    ...(traded(order) && { tradePiece: num(order.tradePiece) }),
    ...(order.triggerPrice !== undefined && { triggerPrice: num(order.triggerPrice) }),
    updatedDate: order.updatedDate,
    userId: num(DEMO_USER_ID),
  });
}

/** `orders/history` rows (CoinW.Net GetOrderHistory7D.txt): id and most amounts as strings, tradePiece a number. */
export function historyRow(order: CoinwSimOrder): Record<string, unknown> {
  return odd(order, {
    avgPrice: order.price,
    baseSize: '0',
    cancelPiece: order.status === 'cancel' ? num(remaining(order)) : 0,
    contractType: 1,
    createdDate: order.createdDate,
    // Not "remaining": the venue's own sample shows a finished order with currentPiece = totalPiece.
    currentPiece: order.totalPiece,
    direction: order.direction,
    id: order.id,
    instrument: order.instrument,
    leverage: '1',
    liquidateBy: 'manual',
    orderPrice: order.price,
    orderStatus: order.status,
    originalType: order.posType,
    posType: order.posType,
    positionModel: 0,
    quantity: order.totalPiece,
    quantityUnit: 0,
    source: 'api',
    status: 'open',
    totalPiece: order.totalPiece,
    tradePiece: num(order.tradePiece),
    ...(order.triggerPrice !== undefined && { triggerPrice: order.triggerPrice }),
    updatedDate: order.updatedDate,
    userId: num(DEMO_USER_ID),
  });
}

/** A `futures/order` push row (CoinW.Net Subscriptions/Futures/Order.txt): string values, id included. */
export function pushRow(order: CoinwSimOrder): Record<string, unknown> {
  return odd(order, {
    currentPiece: order.totalPiece,
    leverage: '1',
    originalType: order.posType,
    contractType: 1,
    fee: '0',
    frozenFee: '0.00954',
    orderStatus: order.status,
    instrument: order.instrument,
    quantityUnit: 0,
    source: 'api',
    updatedDate: order.updatedDate,
    positionModel: 0,
    posType: order.posType,
    baseSize: '0.001',
    liquidateBy: 'manual',
    makerFee: '0.0001',
    totalPiece: order.totalPiece,
    ...(traded(order) && { tradePiece: order.tradePiece }),
    ...(order.triggerPrice !== undefined && { triggerPrice: order.triggerPrice }),
    orderPrice: order.price,
    id: order.id,
    direction: order.direction,
    quantity: order.totalPiece,
    takerFee: '0.0006',
    userId: DEMO_USER_ID,
    createdDate: order.createdDate,
    status: 'open',
  });
}
