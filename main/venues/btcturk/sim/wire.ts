/**
 * How the BTCTurk simulator writes its orders on the wire: the REST order
 * object, the 451/452/453 order model, the 441/423 fill events, and JSON
 * text that keeps order ids past 2^53 as bare numbers, as BTCTurk sends them.
 */
import { multiply } from '../../../../preload/decimal.ts';
import { WS_ORDER_METHODS, WS_ORDER_TYPE_SIDES } from '../constants.ts';
import type { BtcturkOrderStatus } from '../parse.ts';

export interface SimOrder {
  id: bigint;
  market: string;
  side: 'buy' | 'sell';
  method: string;
  price: string;
  quantity: string;
  left: string;
  status: BtcturkOrderStatus;
  clientId: string;
  time: number;
  updateTime: number;
  /** A cancel was received (200 sent); 452 follows after the confirm delay. */
  cancelPending: boolean;
}

const BIGINT_MARK = '\u0000bigint:';

/** JSON.stringify that writes bigints as bare JSON numbers (ids past 2^53 included). */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${BIGINT_MARK}${item.toString()}` : item,
  );
  return text.replace(/"\\u0000bigint:(\d+)"/g, '$1');
}

/** Quote currencies BTCTurk lists, longest first, to split `BTCTRY` into BTC / TRY. */
const QUOTES = ['USDT', 'TRY', 'BTC', 'EUR', 'USD'];

export function splitPair(market: string): { numerator: string; denominator: string } {
  const quote = QUOTES.find((candidate) => market.endsWith(candidate) && market.length > candidate.length);
  return quote
    ? { numerator: market.slice(0, -quote.length), denominator: quote }
    : { numerator: market, denominator: '' };
}

export function normalizedPair(market: string): string {
  const { numerator, denominator } = splitPair(market);
  return denominator ? `${numerator}_${denominator}` : market;
}

export function restOrder(order: SimOrder): Record<string, unknown> {
  return {
    id: order.id,
    price: order.price,
    amount: order.quantity,
    quantity: order.quantity,
    stopPrice: '0',
    pairSymbol: order.market,
    pairSymbolNormalized: normalizedPair(order.market),
    type: order.side,
    method: order.method,
    orderClientId: order.clientId,
    time: order.time,
    updateTime: order.updateTime,
    status: order.status,
    leftAmount: order.left,
  };
}

/**
 * The model 451/452/453 share: BTCTrader's feed manual lists exactly
 * {type, pairId, symbol, id, method, userId, price, amount}; `extended` adds
 * what the client models (BtcTurkApiCore) carry besides.
 */
export function wsOrderPayload(
  type: number,
  order: SimOrder,
  pairId: number,
  userId: number,
  fields: 'documented' | 'extended' = 'documented',
): Record<string, unknown> {
  const method = Math.max(0, WS_ORDER_METHODS.indexOf(order.method as (typeof WS_ORDER_METHODS)[number]));
  const documented = {
    type,
    pairId,
    symbol: order.market,
    id: order.id,
    method,
    userId,
    price: order.price,
    amount: order.quantity,
  };
  if (fields === 'documented') return documented;
  return {
    ...documented,
    orderType: WS_ORDER_TYPE_SIDES.indexOf(order.side),
    numLeft: order.left,
    denomLeft: multiply(order.price, order.left),
    newOrderClientId: order.clientId,
  };
}

export function wsMatchPayload(type: number, order: SimOrder, pairId: number, amount: string, at: number) {
  return {
    type,
    id: order.id,
    method: 0,
    pair: pairId,
    timestamp: at,
    symbol: order.market,
    isBid: order.side === 'buy',
    price: order.price,
    amount,
    clientId: order.clientId,
  };
}

export function wsTradePayload(type: number, order: SimOrder, tradeId: bigint, amount: string, at: number) {
  const { numerator, denominator } = splitPair(order.market);
  return {
    type,
    id: tradeId,
    orderId: order.id,
    timestamp: at,
    numeratorSymbol: numerator,
    denominatorSymbol: denominator,
    amount,
    fee: '0',
    tax: '0',
    price: order.price,
    orderType: order.side,
    orderClientId: order.clientId,
  };
}

/** `GET /api/v2/server/exchangeinfo` symbols, enough for ccxt's `loadMarkets`. */
export function exchangeInfoSymbol(market: string, pairId: number): Record<string, unknown> {
  const { numerator, denominator } = splitPair(market);
  return {
    id: pairId,
    name: market,
    nameNormalized: normalizedPair(market),
    status: 'TRADING',
    numerator,
    denominator,
    numeratorScale: 8,
    denominatorScale: denominator === 'TRY' ? 2 : 4,
    hasFraction: false,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: '0.0000000000001',
        maxPrice: '10000000',
        tickSize: '1',
        minExchangeValue: '99.91',
        minAmount: null,
        maxAmount: null,
      },
    ],
    orderMethods: ['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT'],
    displayFormat: '#,###',
    commissionFromNumerator: false,
    order: 1000,
    priceRounding: false,
  };
}
