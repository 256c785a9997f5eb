/**
 * The status badge: colour and label per state, with a ticking elapsed time
 * while a cancel is in flight. A cancel still unconfirmed past its venue's
 * confirmation deadline is marked overdue (the engine is reconciling it
 * against the venue's open-orders listing). An in-flight badge is a grid of fixed tracks (styles.css
 * .badge-in-flight): the label changing (cancel requested → cancelling) or the time growing moves
 * neither the time nor what follows the badge.
 */
import type { Order, OrderStatus } from '../../preload/contract.ts';
import { isInFlightStatus, STATUS_LABELS } from '../book/status.ts';
import { useNow } from '../shared/clock.ts';
import { formatElapsed } from '../shared/format.ts';
import { useGrid } from './grid-port.ts';

const ELAPSED_TICK_MS = 100;

function InFlightBadge({
  order,
  status,
  requestedAt,
}: {
  order: Order;
  status: OrderStatus;
  requestedAt: number;
}) {
  const now = useNow(ELAPSED_TICK_MS);
  const deadline = useGrid((s) => s.deadlines.get(order.accountId));
  const since = order.cancel?.sentAt ?? requestedAt;
  const overdue = deadline !== undefined && status === 'cancelling' && now - since > deadline;
  const waiting = status === 'cancel_requested' ? order.cancel?.waiting : undefined;
  if (waiting) {
    // Not on the wire: the venue is unreachable or its window is spent. It sends by itself; say so.
    return (
      <span
        data-testid="status"
        data-queued="true"
        className="badge badge-in-flight badge-queued"
        title={waiting.reason}
      >
        queued <span className="badge-elapsed">{formatElapsed(now - waiting.since)}</span>
        <span className="badge-queued-reason"> — {waiting.reason}</span>
      </span>
    );
  }
  return (
    <span
      data-testid="status"
      data-overdue={overdue ? 'true' : undefined}
      className={`badge badge-in-flight badge-${status}${overdue ? ' badge-overdue' : ''}`}
      title={overdue ? `No confirmation within ${deadline / 1000} s: reconciling with the venue` : undefined}
    >
      {STATUS_LABELS[status]} <span className="badge-elapsed">{formatElapsed(now - requestedAt)}</span>
      {overdue ? <span className="badge-overdue-mark"> · reconciling</span> : null}
    </span>
  );
}

export function StatusBadge({ order }: { order: Order }) {
  if (isInFlightStatus(order.status) && order.cancel) {
    return <InFlightBadge order={order} status={order.status} requestedAt={order.cancel.requestedAt} />;
  }
  return (
    <span data-testid="status" className={`badge badge-${order.status}`}>
      {STATUS_LABELS[order.status]}
    </span>
  );
}
