/**
 * The order status machine: every status an order can have and, for each, the statuses it may move to.
 * `OrderBook.apply` refuses any other move, so a final state can never go back and a bug that tries is
 * logged instead of shown. Plain data (no zod, no Node), so main and the renderer read the same sets.
 *
 *   open / partially_filled ──cancel──▶ cancel_requested ──send──▶ cancelling ──confirm──▶ cancelled
 *        ▲                               ▲   │ (queued: venue down)     │ │
 *        └──── reopen (refused, stopped, │   └──── retry / resend ◀─────┘ └──▶ filled (before cancel)
 *              out of time, not taken) ──┘                                     unknown (venue cannot tell)
 */
export const ORDER_STATUSES = [
  'open',
  'partially_filled',
  'cancel_requested',
  'cancelling',
  'cancelled',
  'filled',
  'rejected',
  'expired',
  'unknown',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const ENDS = ['cancelled', 'filled', 'rejected', 'expired'] as const;

/** Where each status may go (staying put — an amounts or reason update — is always allowed). */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // The venue reports cancelling (another client's cancel) or a fill; the trader cancels.
  open: ['partially_filled', 'cancel_requested', 'cancelling', 'unknown', ...ENDS],
  partially_filled: ['open', 'cancel_requested', 'cancelling', 'unknown', ...ENDS],
  // Sent; or back to open (stopped by the trader, refused, out of time); settled by a listing.
  cancel_requested: ['cancelling', 'open', 'partially_filled', 'unknown', ...ENDS],
  // Retried or sent again (back to the queue); reopened (not taken); settled.
  cancelling: ['cancel_requested', 'open', 'partially_filled', 'unknown', ...ENDS],
  // A later listing or lookup may still settle it, or show it open again (then it can be cancelled again).
  unknown: ['open', 'partially_filled', 'cancel_requested', 'cancelling', ...ENDS],
  cancelled: [],
  filled: [],
  rejected: [],
  expired: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || ORDER_TRANSITIONS[from].includes(to);
}

/** States an order never leaves (no way out in the table). `unknown` is not one: a reconcile may settle it. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(
  ORDER_STATUSES.filter((status) => ORDER_TRANSITIONS[status].length === 0),
);

/** States in which a cancel is in flight; a second request joins it. */
export const IN_FLIGHT_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'cancel_requested',
  'cancelling',
]);
