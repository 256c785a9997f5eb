/**
 * What the simulator's WebSocket and REST front ends need from its venue
 * core (orders, faults, limits, pushes), so each front end stays a small
 * module that only speaks its half of the wire protocol.
 */
import type { OxfunCredentials } from '../auth.ts';

export type SimOrderStatus = 'OPEN' | 'PARTIAL_FILL' | 'FILLED' | 'CANCELED';

export interface SimOrder {
  orderId: string;
  clientOrderId: string;
  marketCode: string;
  side: 'BUY' | 'SELL';
  price: string;
  quantity: string;
  remaining: string;
  /** Cumulative matched quantity. */
  matched: string;
  orderType: string;
  status: SimOrderStatus;
  /** The close status pushed on the order channel (CANCELED_BY_USER, ...). */
  closeStatus?: string;
  createdAt: number;
  lastModifiedAt: number;
  lastMatchedAt?: number;
  /** A cancel was accepted and waits for the matching engine. */
  cancelPending: boolean;
}

export type SimCancelAnswer =
  | { submitted: true; order: SimOrder }
  | { submitted: false; code: string; message: string; order?: SimOrder };

export interface SimSession {
  /** Logged in: receives account-wide notices such as the cancel-all ack. */
  authenticated(): boolean;
  /** Subscribed to this order channel arg (`order:all` or `order:<market>`). */
  wantsOrders(marketCode: string): boolean;
  send(text: string): void;
}

export interface SimVenue {
  readonly credentials: OxfunCredentials;
  now(): number;
  /** False while the link is silent (`silence(ms)`): frames are lost both ways, nothing is delivered. */
  delivers(): boolean;
  /** Runs `run` after the configured latency (at once when 0). */
  afterLatency(run: () => void): void;
  /** One token of the authenticated-WS request limit; false = over the limit. */
  takeWsRequest(): boolean;
  /** One REST request under the per-IP limits; false = over the limit. */
  takeRestRequest(): boolean;
  /** Greeting nonce for a new connection. */
  nextNonce(): string;
  register(session: SimSession): void;
  unregister(session: SimSession): void;
  noteLogin(ok: boolean): void;
  noteCancelMessage(entries: number): void;
  /** WS cancel: accepted now, closed (or refused by the engine) later on the order channel. */
  cancelViaWs(orderId: string, marketCode: string): SimCancelAnswer;
  /** REST cancel: closed now. */
  cancelViaRest(orderId: string, marketCode: string): SimCancelAnswer;
  cancelAll(marketCode?: string): number;
  working(marketCode?: string): SimOrder[];
  find(orderId: string): SimOrder | undefined;
  findByClientId(clientOrderId: string): SimOrder | undefined;
}
