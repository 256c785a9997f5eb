/**
 * Every request the blotter sends Rails, built in one place: the WebSocket
 * `cancelOrder` and `ping` messages and the REST URLs, so the fixture tests
 * check exactly what goes on the wire.
 */
import {
  CANCEL_BY_ORDER_ID,
  CANCEL_MESSAGE,
  ORDER_LOOKUP_PARAMS,
  RAILS_PATHS,
  WS_AUTH_PROTOCOL_PREFIX,
  WS_ORDER_SUBSCRIPTION,
  WS_PING_MESSAGE,
} from './constants.ts';

export interface RailsCancelOrderMessage {
  message: typeof CANCEL_MESSAGE;
  content: { clientRequestId: string; market: string; orderId: string; cancelBy: typeof CANCEL_BY_ORDER_ID };
}

/** `content.market` is required on a `market=ALL` socket (v2) and harmless on a per-market one: always sent. */
export function cancelOrderMessage(
  clientRequestId: string,
  target: { venueOrderId: string; market: string },
): RailsCancelOrderMessage {
  return {
    message: CANCEL_MESSAGE,
    content: {
      clientRequestId,
      market: target.market,
      orderId: target.venueOrderId,
      cancelBy: CANCEL_BY_ORDER_ID,
    },
  };
}

/** The application-level keep-alive (answered `resultType: "pong"`). */
export function pingMessage(clientRequestId: string): {
  message: string;
  content: { clientRequestId: string };
} {
  return { message: WS_PING_MESSAGE, content: { clientRequestId } };
}

/** `wss://…?market=ALL&subscriptions=orders`. */
export function streamUrl(wsUrl: string, market: string): string {
  const url = new URL(wsUrl);
  url.searchParams.set('market', market);
  url.searchParams.set('subscriptions', WS_ORDER_SUBSCRIPTION);
  return url.toString();
}

/** The subprotocol that carries the token in the handshake. */
export function authProtocol(token: string): string {
  return `${WS_AUTH_PROTOCOL_PREFIX}${token}`;
}

/** `GET /api/v1/open-orders` on the User Account host. */
export function openOrdersUrl(accountUrl: string, query: { market?: string; start?: string } = {}): string {
  const url = new URL(RAILS_PATHS.openOrders, accountUrl);
  if (query.market !== undefined) url.searchParams.set('market', query.market);
  if (query.start !== undefined) url.searchParams.set('start', query.start);
  return url.toString();
}

/** `DELETE /api/v1/orders?market=M|all&clientRequestId=<uuid>` on the Order host. */
export function bulkCancelUrl(orderUrl: string, market: string, clientRequestId?: string): string {
  const url = new URL(RAILS_PATHS.orders, orderUrl);
  url.searchParams.set('market', market);
  if (clientRequestId !== undefined) url.searchParams.set('clientRequestId', clientRequestId);
  return url.toString();
}

/** Get Order By ID: `GET /api/v1/order?market=M&order-id=<id>` on the Order host (same Bearer token as the listing). */
export function orderLookupUrl(orderUrl: string, target: { market: string; venueOrderId: string }): string {
  const url = new URL(RAILS_PATHS.order, orderUrl);
  url.searchParams.set(ORDER_LOOKUP_PARAMS.market, target.market);
  url.searchParams.set(ORDER_LOOKUP_PARAMS.orderId, target.venueOrderId);
  return url.toString();
}
